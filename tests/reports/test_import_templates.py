"""Templates carry an example row and the allowed values; mappings are remembered."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from inovda.reports import services
from inovda.reports.models import ImportKind, ImportMapping
from tests.reports.conftest import csv_upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [k for k, _label in ImportKind.choices])
def test_template_has_an_example_row_and_allowed_values(login, adam, kind, affairs, poverty):
    response = login(adam).get(reverse("reports:import_template", args=[kind]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, allowed = workbook.worksheets
    headers = [c.value for c in data[1]]
    example = [c.value for c in data[2]]
    assert headers[0] and example[0] and "CONTOH" in (example[0] + (example[1] or "")).upper()
    assert [c.value for c in allowed["A"]][1 : 1 + len(headers)] == headers
    if kind == ImportKind.INNOVATIONS:
        rules = {row[0].value: row[2].value for row in allowed.iter_rows(min_row=2) if row[0].value}
        stage = next(text for header, text in rules.items() if header in ("Tahapan", "Stage"))
        assert "Uji coba" in stage or "Uji Coba" in stage
        assert any("2017" in (text or "") for text in rules.values())  # year-only dates
        barrier_type = next(
            text
            for header, text in rules.items()
            if "hambatan" in header.lower() and "TI dan data" in (text or "")
        )
        assert "Lainnya" in barrier_type  # the register's types, Indonesian


def test_the_filled_template_imports_and_its_example_row_is_skipped(
    login, adam, pemda, agency_b, affairs, poverty
):
    response = login(adam).get(reverse("reports:import_template", args=["innovations"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    sheet.append(["Layanan Baru", agency_b.name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("template.xlsx", buffer.getvalue())
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=upload
    )
    assert job.skipped == [2]
    assert any("2" in note for note in job.notes)
    assert {"name", "agency", "barriers", "outputs"} <= set(job.columns)


def test_the_columns_are_remembered_per_pemda_without_a_name(adam, pemda, agency_a, affairs):
    headers = ["Kegiatan", "Pelaksana", "Keterangan Lain"]
    rows = [["Program A", agency_a.name, "x"]]
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=csv_upload(headers, rows)
    )
    assert "name" not in job.columns
    services.import_job_set_columns(
        actor=adam, job=job, columns={"name": "Kegiatan", "agency": "Pelaksana"}
    )
    memory = ImportMapping.objects.get(pemda=pemda, kind=ImportKind.INNOVATIONS)
    assert memory.name == ""
    # Next year's file has one more column and another order: still recognised.
    headers = ["Tahun", "Pelaksana", "Kegiatan"]
    again = services.import_job_create(
        actor=adam,
        pemda=pemda,
        kind=ImportKind.INNOVATIONS,
        upload=csv_upload(headers, [["2022", agency_a.name, "Program B"]]),
    )
    assert again.columns == {"name": "Kegiatan", "agency": "Pelaksana", "year": "Tahun"}
