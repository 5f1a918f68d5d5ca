"""Hand-overs reach the innovation's hand-over people, defined once
(`selectors.handover_people`): its agency's operators, its person in charge and the
innovators of its agency on its team; an innovator of the same agency who is not on the team
hears nothing, and the people told are those whose desk lists the innovation."""

import datetime

import pytest
from django.utils import timezone

from inovda.core.models import Notification
from inovda.innovations import selectors, services
from inovda.innovations.models import AgentAssignment, Innovation
from tests.ecosystem.factories import on_team
from tests.innovations.factories import InnovationFactory, implemented
from tests.organizations.factories import member

pytestmark = pytest.mark.django_db
S = Innovation.Status


@pytest.fixture
def nina(agency_a):
    """An innovator of agency A on no team."""
    return member("nina", "innovator", pemda=agency_a.pemda, agency=agency_a)


def _told(verb):
    return sorted(
        Notification.objects.filter(verb=verb).values_list("recipient__username", flat=True)
    )


def test_handover_people_are_operators_owner_and_team_innovators(
    alice, bob, ivan, nina, adam, agency_a
):
    ours = implemented(agency_a)
    owned = implemented(agency_a, owner=nina)
    on_team(ivan, ours)
    people = selectors.handover_people_for([ours, owned])
    assert sorted(u.username for u in people[ours.pk]) == ["alice", "ivan"]
    assert sorted(u.username for u in people[owned.pk]) == ["alice", "nina"]
    # The desk says the same from the other side.
    for user in (alice, ivan, nina):
        desk = set(selectors.desk_innovations(user).values_list("pk", flat=True))
        told = {pk for pk, users in people.items() if user in users}
        assert desk == told, user.username
    assert selectors.desk_innovations(adam) is None  # no agency role: no agency desk


def test_decision_reaches_the_team_not_the_agency(alice, ivan, nina, adam, agency_a):
    innovation = InnovationFactory(agency=agency_a, complete=True, status=S.SUBMITTED)
    on_team(ivan, innovation)
    services.innovation_transition(
        actor=adam, innovation=innovation, name="return", data={"reason": "Perjelas indikator"}
    )
    assert _told("decision_made") == ["alice", "ivan"]


def test_agent_review_reaches_the_team_not_the_agency(alice, ivan, nina, carl, adam, agency_a):
    innovation = implemented(agency_a)
    on_team(ivan, innovation)
    AgentAssignment.objects.create(innovation=innovation, agent=carl, assigned_by=adam)
    services.agent_review_write(
        actor=carl, innovation=innovation, findings="Sepi", recommendations="Promosi"
    )
    assert _told("agent_review") == ["alice", "ivan"]


def test_report_reminders_and_health_reach_the_team_not_the_agency(alice, ivan, nina, agency_a):
    today = timezone.localdate()
    late = implemented(agency_a, start=today - datetime.timedelta(days=200))
    on_team(ivan, late)
    services.report_reminders_send(today=today)
    assert _told("report_overdue") == ["alice", "ivan"]
    services.health_refresh()
    assert _told("health_stagnant") == ["alice", "ivan"]
