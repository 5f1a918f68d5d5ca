"""Cached per-Pemda figures: shared by viewers who see alike, recomputed after any audited
change in the Pemda (once the change commits), never shared across Pemda or roles."""

from inovda.core import audit, cache
from inovda.core.sections import sections_for
from inovda.innovations.models import Innovation
from inovda.organizations import access as org_access
from inovda.reports.selectors import Scope
from tests.innovations.factories import implemented


def overview(user, pemda) -> dict:
    built = {s.key: d for s, d in sections_for("leadership", Scope(user, [pemda]))}
    return {stat.label: stat.value for stat in built["overview"].stats}


def test_a_figure_is_computed_once_per_version(real_cache, pemda, other_pemda):
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert cache.cached(pemda.pk, ("x",), build) == 1
    assert cache.cached(pemda.pk, ("x",), build) == 1  # from the cache
    assert cache.cached(other_pemda.pk, ("x",), build) == 2  # another Pemda: its own


def test_an_audited_change_refreshes_the_dashboard(
    real_cache, lina, adam, pemda, agency_a, django_capture_on_commit_callbacks
):
    innovation = implemented(agency_a)
    assert overview(lina, pemda)["Inovasi"] == 1
    implemented(agency_a)  # written without an event: the cached figure stays
    assert overview(lina, pemda)["Inovasi"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        from django.db import transaction

        with transaction.atomic():
            Innovation.objects.filter(pk=innovation.pk).update(name="Renamed")
            audit.record(actor=adam, verb="updated", subject=innovation)
    assert overview(lina, pemda)["Inovasi"] == 2


def test_viewers_with_other_memberships_do_not_share(real_cache, lina, alice, pemda, agency_a):
    assert org_access.viewer_key(lina) != org_access.viewer_key(alice)
