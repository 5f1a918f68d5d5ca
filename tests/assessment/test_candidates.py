"""The "put an innovation forward" list is cut in the database with the same rule as the
per-innovation check (`can_put_forward`), for every role."""

import datetime

import pytest
from django.utils import timezone

from inovda.assessment import selectors, services
from inovda.assessment.access import can_put_forward
from inovda.innovations.models import Innovation


@pytest.fixture
def mix(assessable, agency_a, agency_b, other_agency, alice):
    a1, a2 = assessable(agency_a, name="Antrean A"), assessable(agency_a, name="Berkas A")
    b1 = assessable(agency_b, name="Cepat B")
    draft = assessable(agency_a, name="Draf A", status=Innovation.Status.DRAFT)
    elsewhere = assessable(other_agency, name="Lain Pemda")
    return a1, a2, b1, draft, elsewhere


@pytest.mark.parametrize("who", ["alice", "bob", "ivan", "adam", "vera", "lina", "oscar"])
def test_candidates_are_exactly_those_that_can_be_put_forward(request, who, period, mix, pemda):
    user = request.getfixturevalue(who)
    a1, *_ = mix
    services.innovation_put_forward(
        actor=request.getfixturevalue("alice"), period=period, innovation=a1
    )
    found = selectors.assessable_innovations(user=user, period=period, pemda_id=pemda.pk)
    expected = [
        inn
        for inn in Innovation.objects.filter(pemda=pemda).select_related("agency")
        if inn.pk != a1.pk and can_put_forward(user, period, inn)
    ]
    key = lambda inn: (inn.agency.name, inn.name)  # noqa: E731
    assert [i.pk for i in found] == [i.pk for i in sorted(expected, key=key)]


def test_a_closed_period_offers_nothing(period, mix, adam, pemda):
    assert selectors.assessable_innovations(user=adam, period=period, pemda_id=pemda.pk)
    period.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    period.save()
    assert selectors.assessable_innovations(user=adam, period=period, pemda_id=pemda.pk) == []


def test_the_limit_is_applied_in_the_query(period, mix, adam, pemda, django_assert_num_queries):
    with django_assert_num_queries(2):  # the user's memberships, then the candidates
        found = selectors.assessable_innovations(
            user=adam, period=period, pemda_id=pemda.pk, limit=1
        )
    assert len(found) == 1
