"""Rows with a problem: rejected alone, skipped at once, fixed in bulk; all or nothing."""

import pytest

from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from inovda.reports import selectors, services
from inovda.reports.models import ImportJob, ImportKind
from tests.reports.conftest import csv_upload

pytestmark = pytest.mark.django_db

HEADERS = ["Nama Inovasi", "Perangkat Daerah", "Urusan", "Tahun"]


def _job(adam, pemda, rows):
    return services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=csv_upload(HEADERS, rows)
    )


def _run(adam, job, mode=None):
    services.import_job_start(actor=adam, job=job, mode=mode)
    services.import_job_run(job_id=job.pk)
    return ImportJob.objects.get(pk=job.pk)


def test_a_row_the_writer_refuses_is_rejected_alone(adam, pemda, agency_a, affairs):
    # The name passes the importer's checks but not the model's (a direction control).
    rows = [[f"Inovasi {i}", agency_a.name, "1.02", "2021"] for i in range(6)]
    rows[3][0] = "Inovasi \u202etersembunyi"
    job = _run(adam, _job(adam, pemda, rows))
    assert (job.created_count, job.rejected_count) == (5, 1)
    rejection = job.rejections.get()
    assert rejection.row_number == 5
    assert rejection.reasons
    assert Innovation.objects.filter(pemda=pemda).count() == 5


def test_skip_every_row_with_a_problem_then_include_one_again(adam, pemda, agency_a, affairs):
    rows = [[f"Inovasi {i}", agency_a.name, "1.02", "2021"] for i in range(5)]
    rows[1][1] = "Dinas Antah Berantah"
    rows[2][3] = "dua ribu"
    job = _job(adam, pemda, rows)
    assert services.import_skip_problems(actor=adam, job=job) == 2
    job.refresh_from_db()
    assert job.skipped == [3, 4]
    services.import_row_skip(actor=adam, job=job, row_number=4, skip=False)
    job = _run(adam, job)
    assert (job.created_count, job.skipped_count, job.rejected_count) == (3, 1, 1)
    assert "dua ribu" in " ".join(job.rejections.get().reasons)


def test_fix_in_bulk_sets_one_value_in_the_rows_with_a_problem(adam, pemda, agency_a, affairs):
    rows = [[f"Inovasi {i}", "Dinkes Kota", "1.02", "2021"] for i in range(4)]
    rows[0][1] = agency_a.name
    rows[3][1] = "Lain Lagi"
    job = _job(adam, pemda, rows)
    changed = services.import_bulk_fix(
        actor=adam, job=job, field="agency", value=agency_a.name, where="Dinkes Kota"
    )
    assert changed == 2
    job.refresh_from_db()
    problems = [r.number for r in selectors.import_rows(job) if r.errors]
    assert problems == [5]  # "Lain Lagi" was not the text to replace
    assert AuditEvent.objects.filter(subject_id=job.pk, verb="updated").exists()
    assert services.import_bulk_fix(actor=adam, job=job, field="agency", value=agency_a.name) == 1
    job = _run(adam, job)
    assert job.created_count == 4


def test_all_or_nothing_with_a_row_the_writer_refuses(adam, pemda, agency_a, affairs):
    rows = [[f"Inovasi {i}", agency_a.name, "1.02", "2021"] for i in range(4)]
    rows[2][0] = "Inovasi \u202etersembunyi"
    job = _run(adam, _job(adam, pemda, rows), mode=ImportJob.Mode.ALL)
    assert (job.created_count, job.rejected_count) == (0, 4)
    assert not Innovation.objects.filter(pemda=pemda).exists()
    reasons = {r.row_number: " ".join(r.reasons) for r in job.rejections.all()}
    assert "4" in reasons[2]


def test_preview_offers_the_choice_and_the_bulk_tools(client, adam, pemda, agency_a, affairs):
    from django.urls import reverse

    rows = [["Inovasi", "Dinas Antah", "1.02", "2021"], ["Dua", agency_a.name, "", ""]]
    job = _job(adam, pemda, rows)
    client.force_login(adam)
    page = client.get(reverse("reports:import_preview", args=[job.pk])).content.decode()
    assert 'name="mode"' in page and 'value="all"' in page
    assert reverse("reports:import_skip_problems", args=[job.pk]) in page
    assert reverse("reports:import_bulk_fix", args=[job.pk]) in page
    response = client.post(
        reverse("reports:import_bulk_fix", args=[job.pk]),
        {"field": "agency", "value": agency_a.name},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.fixes == {"2": {"agency": agency_a.name}}
