"""Three doors, one writer: an innovation registered on the form, through the API and by an
import file comes out the same (fields, audit event, search row), and is found by search."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from inovda.knowledge.models import SearchDocument
from inovda.reports import services
from inovda.reports.models import ImportKind
from tests.reports.conftest import xlsx_upload

pytestmark = pytest.mark.django_db

GOALS = "Layanan Zzqtest lebih cepat untuk warga."
COMPARED = ["pemda_id", "agency_id", "stage", "status", "form", "kind", "main_affair_id", "year"]


def _profile(name, agency, affair) -> dict:
    return {
        "name": name,
        "agency": agency.pk,
        "stage": "inisiatif",
        "form": "pelayanan_publik",
        "kind": "digital",
        "main_affair": affair.pk,
        "year": 2024,
        "goals": GOALS,
    }


def _by_form(client, agency, affair):
    data = _profile("Zzqtest Formulir", agency, affair)
    data["classification"] = "perangkat_daerah"  # the form's select sends its default
    client.post(reverse("innovations:create"), data)
    return Innovation.objects.get(name="Zzqtest Formulir")


def _by_api(user, agency, affair):
    api = APIClient()
    api.force_authenticate(user)
    response = api.post(
        "/api/v1/innovations/", _profile("Zzqtest API", agency, affair), format="json"
    )
    assert response.status_code == 201, response.content
    return Innovation.objects.get(name="Zzqtest API")


def _by_import(user, pemda, agency, affair):
    headers = ["Nama Inovasi", "Perangkat Daerah", "Urusan", "Bentuk Inovasi", "Jenis"]
    headers += ["Tahapan", "Status", "Tahun", "Tujuan"]
    row = ["Zzqtest Impor", agency.name, affair.code, "Pelayanan Publik", "Digital"]
    row += ["Inisiatif", "draft", 2024, GOALS]
    job = services.import_job_create(
        actor=user, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=xlsx_upload(headers, [row])
    )
    job = services.import_job_start(actor=user, job=job)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_count, job.rejected_count) == ("done", 1, 0), job.error
    return Innovation.objects.get(name="Zzqtest Impor")


def _created_event(innovation) -> AuditEvent:
    return AuditEvent.objects.get(
        subject_id=innovation.pk, verb__in=["created", "imported"], subject_type__model="innovation"
    )


def test_form_api_and_import_create_the_same_innovation(
    client,
    adam,
    pemda,
    agency_a,
    affairs,
):
    affair = affairs["1.02"]
    client.force_login(adam)
    made = [
        _by_form(client, agency_a, affair),
        _by_api(adam, agency_a, affair),
        _by_import(adam, pemda, agency_a, affair),
    ]
    fields = [{name: getattr(inn, name) for name in COMPARED} for inn in made]
    assert fields[0] == fields[1] == fields[2]
    assert {(inn.created_by, inn.owner) for inn in made} == {(adam, adam)}
    assert len({inn.design_word_count for inn in made}) == 1

    # the same audit event (the import says where the row came from)
    events = [_created_event(inn) for inn in made]
    assert [e.verb for e in events] == ["created", "created", "imported"]
    changes = [{k: v for k, v in e.changes.items() if k != "name"} for e in events]
    assert changes[0] == changes[1] == changes[2]
    assert "goals" in changes[0] and "main_affair" in changes[0]

    # the same search row, written in the same transaction through the hook
    docs = [SearchDocument.objects.get(doc_type="innovation", object_id=inn.pk) for inn in made]
    shape = [
        (d.pemda_id, d.agency_id, d.innovation_id - inn.pk, d.year, d.body.replace(inn.name, ""))
        for d, inn in zip(docs, made, strict=True)
    ]
    assert shape[0] == shape[1] == shape[2]
    assert [sorted(d.affairs.values_list("pk", flat=True)) for d in docs] == [[affair.pk]] * 3

    # and search finds all three, the imported one included
    page = client.get(reverse("knowledge:search"), {"q": "Zzqtest"}).content.decode()
    for innovation in made:
        assert f'href="{innovation.get_absolute_url()}"' in page


def test_import_validates_like_the_form(adam, pemda, agency_a, affairs):
    """A value the model refuses (here a year past the field's bounds is caught by the
    importer; a video link longer than the field by the model's own validation) rejects
    the row with the reason, as the form would."""
    headers = ["Nama Inovasi", "Perangkat Daerah", "Tahapan", "Tautan Video"]
    row = ["Zzqtest Panjang", agency_a.name, "Inisiatif", "https://example.org/" + "v" * 300]
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=xlsx_upload(headers, [row])
    )
    job = services.import_job_start(actor=adam, job=job)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.created_count == 0 and job.rejected_count == 1
    assert not Innovation.objects.filter(name="Zzqtest Panjang").exists()
