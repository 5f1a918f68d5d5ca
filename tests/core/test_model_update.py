"""The one audited update (inovda.core.audit.model_update)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inovda.core import audit
from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_only_changed_fields_are_saved_and_reported(agency_a, alice):
    innovation = InnovationFactory(agency=agency_a, name="Lama", goals="Tujuan")
    stale = Innovation.objects.get(pk=innovation.pk)
    Innovation.objects.filter(pk=innovation.pk).update(goals="Diubah orang lain")
    changes = audit.model_update(
        instance=stale,
        fields=["name", "goals"],
        data={"name": "Baru"},
        actor=alice,
        verb="updated",
    )
    assert changes == {"name": {"before": "Lama", "after": "Baru"}}
    row = Innovation.objects.get(pk=innovation.pk)
    assert (row.name, row.goals) == ("Baru", "Diubah orang lain")  # update_fields only
    event = AuditEvent.objects.get(verb="updated")
    assert event.changes == changes and event.subject_id == innovation.pk


def test_nothing_changed_writes_nothing(agency_a, alice):
    innovation = InnovationFactory(agency=agency_a, name="Sama")
    with CaptureQueriesContext(connection) as queries:
        changes = audit.model_update(
            instance=innovation, fields=["name"], data={"name": "Sama"}, actor=alice, verb="x"
        )
    assert changes == {}
    assert not [q for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]


def test_a_field_outside_the_allowed_ones_is_a_programming_error(agency_a):
    innovation = InnovationFactory(agency=agency_a)
    with pytest.raises(ValueError, match="status"):
        audit.model_update(instance=innovation, fields=["name"], data={"status": "implemented"})


def test_many_to_many_changes_are_set_and_reported(agency_a, alice):
    innovation = InnovationFactory(agency=agency_a)
    theme = TagFactory(name="Kesehatan")
    changes = audit.model_update(
        instance=innovation, fields=["themes"], data={"themes": [theme]}, actor=alice, verb="u"
    )
    assert list(innovation.themes.all()) == [theme]
    assert changes == {"themes": {"before": [], "after": ["Kesehatan"]}}
    assert (
        audit.model_update(instance=innovation, fields=["themes"], data={"themes": [theme]}) == {}
    )


def test_a_new_row_is_validated_inserted_and_recorded_with_its_filled_fields(agency_a, alice):
    innovation = Innovation(pemda_id=agency_a.pemda_id, agency=agency_a, created_by=alice)
    with pytest.raises(ValidationError):  # full_clean: the name is required
        audit.model_update(instance=innovation, fields=["name"], data={"name": ""})
    changes = audit.model_update(
        instance=innovation,
        fields=["name", "agency", "goals"],
        data={"name": "Baru"},
        actor=alice,
        verb="created",
    )
    assert innovation.pk
    assert set(changes) == {"name", "agency"}  # goals is empty: not listed
    assert AuditEvent.objects.get(verb="created").changes == changes


def test_the_design_word_count_follows_a_partial_update(agency_a):
    innovation = InnovationFactory(agency=agency_a)
    audit.model_update(
        instance=innovation,
        fields=["design_problem"],
        data={"design_problem": "satu dua tiga empat lima"},
    )
    innovation.refresh_from_db()
    assert innovation.design_word_count == innovation.compute_design_word_count() >= 5
