"""Follow-up actions: the owner hears when an action becomes theirs and, once, when it is
overdue; the import's starter hears when it finished."""

import datetime

import pytest

from inovda.core.models import Notification
from inovda.knowledge import services

pytestmark = pytest.mark.django_db


def _told(verb):
    return sorted(
        Notification.objects.filter(verb=verb).values_list("recipient__username", flat=True)
    )


def test_action_assigned_and_overdue(adam, alice, bob, agency_a):
    event = services.event_create(
        actor=adam,
        organiser=agency_a,
        data={"kind": "fgd", "title": "FGD Ekosistem", "date": datetime.date(2026, 10, 12)},
    )
    action = services.action_add(
        actor=adam,
        event=event,
        data={"title": "Kirim data", "owner": bob, "due_date": datetime.date(2026, 12, 4)},
    )
    assert _told("action_assigned") == ["bob"]
    assert "4 Desember 2026" in Notification.objects.get(verb="action_assigned").message
    services.action_update(actor=adam, action=action, data={"owner": alice})
    assert _told("action_assigned") == ["alice", "bob"]
    services.action_update(actor=adam, action=action, data={"title": "Kirim data lengkap"})
    assert _told("action_assigned") == ["alice", "bob"]  # same owner: not told again

    assert services.action_overdue_reminders_send(datetime.date(2026, 12, 4)) == 0
    assert services.action_overdue_reminders_send(datetime.date(2026, 12, 5)) == 1
    assert services.action_overdue_reminders_send(datetime.date(2026, 12, 6)) == 0  # once
    assert _told("action_overdue") == ["alice"]
