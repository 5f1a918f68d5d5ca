"""Property: an exported innovation list, imported back, changes nothing.

Hypothesis generates innovations (texts with quotes, separators, newlines, non-Latin
letters, formula-like starts; every choice; dates; themes), they are exported as CSV by
the list's own export and imported into the same Pemda: every row is "unchanged".
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inovda.innovations.exports import INNOVATIONS
from inovda.innovations.models import Innovation
from inovda.innovations.services import BulkRow, innovations_bulk_save
from inovda.reports import services
from inovda.reports.exports import export_response
from inovda.reports.models import ImportJob, ImportKind

pytestmark = pytest.mark.django_db

# Text as people type it; "<" and "&" would be read as HTML (said in a note), control and
# format characters are refused by the model, and the importer trims the ends of a cell.
ALPHABET = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cf", "Cs", "Co", "Zl", "Zp"),
    exclude_characters="<&'\r",
) | st.sampled_from(["\n", '"', ";", ",", "\t", "=", "-", "+", "@"])
TEXT = (
    st.text(ALPHABET, max_size=60)
    .map(str.strip)
    .filter(lambda t: "\n\n" not in t and t == t.strip())
)
# Only dates that can be true (the registry refuses the others): a trial start in the past
# and an implementation that starts on or after it, never in the future.
PAST = st.dates(datetime.date(1990, 1, 1), datetime.date(2024, 12, 31))
TRIAL_AND_IMPLEMENTATION = st.one_of(
    st.just((None, None)),
    st.tuples(PAST, st.none()),
    st.tuples(PAST, st.integers(0, 365)).map(
        lambda t: (t[0], t[0] + datetime.timedelta(days=t[1]))
    ),
)


def choice(enum):
    return st.one_of(st.just(""), st.sampled_from(enum.values))


INNOVATION = st.fixed_dictionaries(
    {
        "name": TEXT,
        "goals": TEXT,
        "benefits": TEXT,
        "results": TEXT,
        "initiator_name": TEXT,
        "form": choice(Innovation.Form),
        "kind": choice(Innovation.Kind),
        "classification": st.sampled_from(Innovation.Classification.values),
        "stage": st.sampled_from(Innovation.Stage.values),
        "initiator_kind": st.sampled_from(Innovation.InitiatorKind.values),
        "year": st.one_of(st.none(), st.integers(1990, 2030)),
        "dates": TRIAL_AND_IMPLEMENTATION,
        "with_theme": st.booleans(),
        "with_affair": st.booleans(),
    }
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(items=st.lists(INNOVATION, min_size=1, max_size=5))
def test_an_exported_list_imports_back_unchanged(
    items, adam, pemda, agency_a, agency_b, affairs, poverty
):
    request = RequestFactory().get("/reports/export/innovations.csv")
    request.user = adam
    with transaction.atomic():
        rows = []
        for i, item in enumerate(items):
            data = {k: v for k, v in item.items() if not k.startswith("with_") and k != "dates"}
            data["trial_start"], data["implementation_start"] = item["dates"]
            data["name"] = f"Inovasi {i} {data['name']}".strip()
            data["agency"] = (agency_a, agency_b)[i % 2]
            data["themes"] = [poverty] if item["with_theme"] else []
            data["main_affair"] = affairs["1.02"] if item["with_affair"] else None
            rows.append(BulkRow(data=data, status=Innovation.Status.IMPLEMENTED))
        innovations_bulk_save(actor=adam, pemda=pemda, rows=rows, verb="created")
        before = {
            i.pk: (i.name, i.goals, i.results, i.trial_start, i.year, i.form, i.stage)
            for i in Innovation.objects.filter(pemda=pemda)
        }
        response = export_response(INNOVATIONS, request, "csv")
        content = b"".join(response.streaming_content)
        job = services.import_job_create(
            actor=adam,
            pemda=pemda,
            kind=ImportKind.INNOVATIONS,
            upload=SimpleUploadedFile("ekspor.csv", content, content_type="text/csv"),
        )
        services.import_job_start(actor=adam, job=job)
        services.import_job_run(job_id=job.pk)
        job = ImportJob.objects.get(pk=job.pk)
        reasons = [r.reasons for r in job.rejections.all()]
        assert (job.created_count, job.updated_count, job.rejected_count) == (0, 0, 0), reasons
        assert job.unchanged_count == len(items)
        after = {
            i.pk: (i.name, i.goals, i.results, i.trial_start, i.year, i.form, i.stage)
            for i in Innovation.objects.filter(pemda=pemda)
        }
        assert after == before
        transaction.set_rollback(True)
