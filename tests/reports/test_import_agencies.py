"""Agencies named in an innovations file: created when the admin ticks it, and spellings
of one name ("Dinas Kesehatan" / "DINAS KESEHATAN" / "Dinkes") merged after a confirm."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from inovda.organizations import services as org_services
from inovda.organizations.models import Agency
from inovda.organizations.names import agency_key
from inovda.reports import selectors, services
from inovda.reports.importers import importer_for_job
from inovda.reports.models import ImportJob, ImportKind
from tests.reports.conftest import csv_upload

pytestmark = pytest.mark.django_db

HEADERS = ["Nama Inovasi", "Perangkat Daerah"]


def _job(adam, pemda, rows):
    return services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=csv_upload(HEADERS, rows)
    )


def _run(adam, job):
    services.import_job_start(actor=adam, job=job)
    services.import_job_run(job_id=job.pk)
    return ImportJob.objects.get(pk=job.pk)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dinas Kesehatan", "DINAS  KESEHATAN"),
        ("Dinas Kesehatan", "Dinkes"),
        ("Dinas Pendidikan dan Kebudayaan", "Disdikbud"),
        ("Dinas Pendidikan & Kebudayaan", "Dinas Pendidikan dan Kebudayaan"),
        ("Badan Perencanaan Pembangunan Daerah", "BAPPEDA"),
        ("Dinas Komunikasi dan Informatika", "Diskominfo"),
    ],
)
def test_spellings_of_one_agency_share_a_key(a, b):
    assert agency_key(a) == agency_key(b)


def test_different_agencies_keep_different_keys():
    assert agency_key("Dinas Kesehatan") != agency_key("Dinas Sosial")


def test_unknown_agencies_are_refused_unless_the_admin_ticks_create(adam, pemda, affairs):
    job = _job(adam, pemda, [["Satu", "Dinas Baru Sekali"], ["Dua", "DINAS BARU  SEKALI"]])
    rows = selectors.import_rows(job)
    assert all(row.errors for row in rows)
    assert "create the agencies" in rows[0].errors[0] or "buat perangkat" in rows[0].errors[0]
    services.import_job_set_options(actor=adam, job=job, create_agencies=True)
    job.refresh_from_db()
    rows = selectors.import_rows(job)
    assert not any(row.errors for row in rows)
    assert "will be created" in rows[0].notes[0] or "akan dibuat" in rows[0].notes[0]
    job = _run(adam, job)
    assert job.created_count == 2
    agency = Agency.objects.get(pemda=pemda, name="Dinas Baru Sekali")  # not the capitals
    assert Innovation.objects.filter(agency=agency).count() == 2
    assert AuditEvent.objects.filter(verb="imported", subject_id=agency.pk).exists()


def test_near_duplicates_are_merged_after_a_confirm(adam, pemda, agency_b, affairs):
    assert agency_b.name == "Dinas Kesehatan"
    rows = [
        ["Satu", "Dinas Kesehatan"],
        ["Dua", "DINAS KESEHATAN"],  # the same name: no question
        ["Tiga", "Dinkes"],  # an abbreviation: asked
        ["Empat", "Dinas Perhubungan"],
        ["Lima", "Dishub"],
        ["Enam", "Disdukcapil"],  # alone and unknown
    ]
    job = _job(adam, pemda, rows)
    services.import_job_set_options(actor=adam, job=job, create_agencies=True)
    job.refresh_from_db()
    importer = importer_for_job(job)
    preview = {row.number: row for row in selectors.import_rows(job, importer)}
    assert not preview[2].errors and not preview[3].errors
    assert "Dinas Kesehatan" in preview[4].errors[0]
    assert "Dinas Perhubungan" in preview[6].errors[0]
    assert not preview[7].errors  # created as written
    assert sorted(
        (p["target"], p["existing"], tuple(p["variants"])) for p in importer.proposals
    ) == [
        ("Dinas Kesehatan", True, ("Dinkes",)),
        ("Dinas Perhubungan", False, ("Dishub",)),
    ]
    services.import_agency_merge(
        actor=adam, job=job, variants=["Dinkes"], target="Dinas Kesehatan", accept=True
    )
    services.import_agency_merge(
        actor=adam, job=job, variants=["Dishub"], target="Dinas Perhubungan", accept=False
    )
    job.refresh_from_db()
    importer = importer_for_job(job)
    preview = {row.number: row for row in selectors.import_rows(job, importer)}
    assert not any(row.errors for row in preview.values())
    assert importer.proposals == []
    assert "merge confirmed" in preview[4].notes[0] or "penggabungan" in preview[4].notes[0]
    job = _run(adam, job)
    assert job.created_count == 6
    assert Innovation.objects.get(name="Tiga").agency == agency_b
    names = set(Agency.objects.filter(pemda=pemda).values_list("name", flat=True))
    assert {"Dinas Perhubungan", "Dishub", "Disdukcapil"} <= names  # refused: kept apart
    assert Innovation.objects.filter(pemda=pemda, agency=agency_b).count() == 3


def test_the_preview_shows_the_proposals_and_the_option(client, adam, pemda, agency_b, affairs):
    job = _job(adam, pemda, [["Satu", "Dinkes"]])
    client.force_login(adam)
    page = client.get(reverse("reports:import_preview", args=[job.pk])).content.decode()
    assert 'id="agency-proposals"' in page and "Dinkes" in page
    assert reverse("reports:import_options", args=[job.pk]) in page
    client.post(
        reverse("reports:import_agency_merge", args=[job.pk]),
        {"variant": "Dinkes", "target": "Dinas Kesehatan", "accept": "1"},
    )
    job.refresh_from_db()
    assert job.agency_merges == {"dinkes": "Dinas Kesehatan"}


def test_only_the_pemda_admin_saves_agencies(pemda, alice):
    with pytest.raises(PermissionDenied):
        org_services.agency_save(actor=alice, pemda=pemda, data={"name": "Dinas X"})
