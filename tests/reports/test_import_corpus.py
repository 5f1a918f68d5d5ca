"""The import corpus: files shaped like the ones cities send, imported end to end; what is
right is written, the rest rejected with reasons, nothing silently changed."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inovda.innovations.models import Innovation
from inovda.organizations.models import Agency
from inovda.reports import selectors, services
from inovda.reports.models import ImportJob, ImportKind
from tests.reports import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies(pemda):
    return [Agency.objects.create(pemda=pemda, name=name) for name in corpus.AGENCIES]


def _import(adam, pemda, content: bytes, name="daftar.csv", kind=ImportKind.INNOVATIONS):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    job = services.import_job_create(actor=adam, pemda=pemda, kind=kind, upload=upload)
    services.import_job_start(actor=adam, job=job)
    services.import_job_run(job_id=job.pk)
    return ImportJob.objects.get(pk=job.pk)


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [(";", "cp1252", False), (",", "utf-8", True), ("\t", "utf-16", False), (";", "utf-8", False)],
    ids=["semicolon-cp1252", "comma-utf8-bom", "tab-utf16", "semicolon-utf8"],
)
def test_quotes_semicolons_and_encodings_import_intact(
    adam, pemda, agencies, affairs, delimiter, encoding, bom
):
    job = _import(
        adam, pemda, corpus.csv_bytes(40, delimiter=delimiter, encoding=encoding, bom=bom)
    )
    assert (job.created_count, job.rejected_count) == (40, 0)
    expected = corpus.row(7)
    innovation = Innovation.objects.get(name=expected[1])
    assert innovation.name == 'Aplikasi "Sehat 7" – layanan; terpadu, cepat'
    assert innovation.goals == expected[7]
    assert innovation.agency.name == expected[2]
    assert job.source.startswith("CSV")


def test_one_column_of_agency_names_imports(adam, pemda):
    content = "Nama Perangkat Daerah\nDinas Kesehatan\nDinas Sosial, Pemberdayaan\nBappeda\n"
    job = _import(adam, pemda, content.encode(), kind=ImportKind.AGENCIES)
    assert (job.created_count, job.rejected_count) == (3, 0)
    assert Agency.objects.filter(pemda=pemda, name="Dinas Sosial, Pemberdayaan").exists()


def test_duplicate_agencies_in_an_agency_file_reject_only_the_repeats(adam, pemda):
    names = [f"Dinas {i}" for i in range(20)] + ["Dinas 3", "DINAS 3", "Dinas 7"]
    content = "Nama Perangkat Daerah;Singkatan\n" + "".join(f"{n};\n" for n in names)
    job = _import(adam, pemda, content.encode(), kind=ImportKind.AGENCIES)
    assert (job.created_count, job.rejected_count) == (20, 3)
    assert all("row" in r.reasons[0] or "baris" in r.reasons[0] for r in job.rejections.all())


def test_5000_rows_are_read_and_checked_quickly(adam, pemda, agencies, affairs):
    """Reading and checking (what the preview does on every page) for 5,000 rows; the
    50,000-row case and the writing time are measured by bench/import_rows.py (README)."""
    content = corpus.csv_bytes(5000)
    started = time.perf_counter()
    upload = SimpleUploadedFile("besar.csv", content, content_type="text/csv")
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=upload
    )
    rows = selectors.import_rows(job)
    seconds = time.perf_counter() - started
    assert len(rows) == 5000
    assert not any(row.errors for row in rows)
    assert sum(1 for row in rows if row.notes) == 5000 // 3 + 1  # "2017", "Des 2021"
    assert seconds < 15, seconds


def test_bad_rows_among_good_ones(adam, pemda, agencies, affairs):
    rows = corpus.csv_bytes(30).decode("cp1252").split("\r\n")
    rows[5] = rows[5].replace("Dinas Sosial", "Dinas Tak Dikenal")
    rows[9] = rows[9].replace(";2024;", ";dua ribu;")  # row 9 was made in 2015 + 9
    job = _import(adam, pemda, "\r\n".join(rows).encode("cp1252"))
    assert job.created_count + job.rejected_count == 30
    assert job.rejected_count == 2
    reasons = " ".join(" ".join(r.reasons) for r in job.rejections.all())
    assert "Dinas Tak Dikenal" in reasons and "dua ribu" in reasons
