"""A Pemda's IID index is computed once per change: a filled row or an edit of the
period's rules shows at once, an unchanged Pemda is not recomputed."""

import pytest

from inovda.assessment import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(period, assessable, alice, fill, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sheet = services.innovation_put_forward(actor=alice, period=period, innovation=assessable())
        return fill(alice, sheet, {"16": 1, "17": 1, "32": 1, "33": 1, "35": 1})


def test_the_index_is_read_from_the_cache_until_the_pemda_changes(
    real_cache,
    period,
    pemda,
    sheet,
    alice,
    fill,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    before = selectors.pemda_index(period, pemda.pk).claimed.given.score_sum
    with django_assert_num_queries(0):
        assert selectors.pemda_index(period, pemda.pk).claimed.given.score_sum == before
    with django_capture_on_commit_callbacks(execute=True):
        fill(alice, sheet, {"18": 3})
    after = selectors.pemda_index(period, pemda.pk).claimed.given.score_sum
    assert after > before
    assert after == selectors.pemda_indexes(period, [pemda.pk])[pemda.pk].claimed.given.score_sum


def test_an_edit_of_the_rules_shows_on_the_cached_index(
    real_cache, period, pemda, sheet, alice, fill, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fill(alice, sheet, {"18": 3})
    before = selectors.pemda_index(period, pemda.pk).claimed.given.score_sum
    indicator = period.indicators.get(number=18)
    indicator.weight *= 2
    indicator.save()
    root = type(alice).objects.create(username="root-rules", is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.period_edited(actor=root, period=period, changes={"weight": "edited"})
    after = selectors.pemda_index(period, pemda.pk).claimed.given.score_sum
    assert after > before
    assert after == selectors.pemda_indexes(period, [pemda.pk])[pemda.pk].claimed.given.score_sum
