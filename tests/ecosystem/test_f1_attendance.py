"""Each fact entered once: attending a bimtek or workshop event (knowledge) counts as
training for F1, like a training record of the F1 register."""

import datetime

import pytest

from inovda.ecosystem import factors
from inovda.knowledge.models import Event, Participant
from tests.ecosystem.factories import InnovatorFactory, TrainingFactory
from tests.knowledge.factories import EventFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


def test_attendance_at_training_events_counts_for_f1(agency_a, alice, ivan):
    with_record = InnovatorFactory(agency=agency_a)
    TrainingFactory(innovator=with_record, held_on=datetime.date(YEAR, 3, 1))
    attended = InnovatorFactory(agency=agency_a, user=alice)
    InnovatorFactory(agency=agency_a, user=ivan)  # invited, did not come
    bimtek = EventFactory(
        organiser=agency_a, kind=Event.Kind.BIMTEK, date=datetime.date(YEAR, 5, 2)
    )
    Participant.objects.create(event=bimtek, user=alice, attended=True)
    Participant.objects.create(event=bimtek, user=ivan, attended=False)
    fgd = EventFactory(organiser=agency_a, kind=Event.Kind.FGD, date=datetime.date(YEAR, 6, 2))
    Participant.objects.create(event=fgd, user=ivan, attended=True)  # an FGD is not training

    assert factors.innovators_trained(agency_a.pemda_id, YEAR) == {agency_a.pk: 2}
    trained = factors.Innovator.objects.filter(factors.trained_q(agency_a.pemda_id, YEAR))
    assert set(trained) == {with_record, attended}
    assert factors.innovators_trained(agency_a.pemda_id, YEAR + 1) == {}
