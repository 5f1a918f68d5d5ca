"""Refusals of the reports services that no other test pins down, each with a test that
fails when its guard is removed (see `scripts/service_guards.py`)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inovda.innovations.models import Innovation
from inovda.organizations.models import Membership
from inovda.reports import services
from inovda.reports.models import ImportJob, ImportKind, ReportSettings
from tests.reports.conftest import HEADERS, innovation_rows, xlsx_upload

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_an_unknown_kind_of_import_is_refused(adam, pemda, agency_a, affairs, poverty):
    upload = xlsx_upload(HEADERS, innovation_rows(2, [agency_a]))
    with pytest.raises(ValidationError):
        services.import_job_create(actor=adam, pemda=pemda, kind="budgets", upload=upload)
    assert not ImportJob.objects.exists()


def test_an_import_whose_starter_lost_the_role_imports_nothing(
    adam, pemda, agency_a, affairs, poverty
):
    upload = xlsx_upload(HEADERS, innovation_rows(3, [agency_a]))
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=upload
    )
    job = services.import_job_start(actor=adam, job=job)
    Membership.objects.filter(user=adam).delete()
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not Innovation.objects.exists()


def test_the_logo_is_a_png_or_jpeg(adam, pemda):
    upload = SimpleUploadedFile("logo.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.report_settings_update(
            actor=adam, pemda=pemda, data={"header": "Pemkot"}, logo=upload
        )
    pemda.refresh_from_db()
    assert not pemda.logo
    assert not ReportSettings.objects.filter(header="Pemkot").exists()
