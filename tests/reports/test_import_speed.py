"""The import's write path stays batched (one audit INSERT and one search-index INSERT
per batch, whatever its size) and the preview keeps its check per job."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from inovda.innovations.services import BulkRow, innovations_bulk_save
from inovda.knowledge.models import SearchDocument
from inovda.knowledge.selectors import SearchFilters, search_documents
from inovda.reports import selectors, services
from inovda.reports.models import ImportKind
from tests.reports.conftest import HEADERS, innovation_rows, xlsx_upload

pytestmark = pytest.mark.django_db


def _rows(n, agency, affair, theme, start=0):
    return [
        BulkRow(
            data={
                "name": f"Bank Sampah Kelurahan {i}",
                "agency": agency,
                "main_affair": affair,
                "themes": [theme],
                "goals": "Pengelolaan sampah rumah tangga.",
            },
            note=f"f.csv, {i}",
        )
        for i in range(start, start + n)
    ]


def _queries(adam, pemda, rows):
    with CaptureQueriesContext(connection) as captured:
        innovations_bulk_save(actor=adam, pemda=pemda, rows=rows, verb="imported")
    return len(captured)


def test_a_batch_costs_the_same_queries_whatever_its_size(adam, pemda, agency_a, affairs, poverty):
    affair = affairs["1.02"]
    _queries(adam, pemda, _rows(1, agency_a, affair, poverty, start=500))  # caches warmed
    small = _queries(adam, pemda, _rows(3, agency_a, affair, poverty))
    large = _queries(adam, pemda, _rows(30, agency_a, affair, poverty, start=100))
    assert large == small, (small, large)
    assert AuditEvent.objects.filter(verb="imported").count() == 34
    assert SearchDocument.objects.filter(doc_type="innovation").count() == 34


def test_a_batch_of_new_rows_reads_none_of_them_back(adam, pemda, agency_a, affairs, poverty):
    """bulk_create returns the rows with their pks (both engines); the audit events and the
    search index are made from them and their links in hand, not from a read of the batch."""
    affair = affairs["1.02"]
    _queries(adam, pemda, _rows(1, agency_a, affair, poverty, start=500))  # caches warmed
    rows = _rows(4, agency_a, affair, poverty)
    with CaptureQueriesContext(connection) as captured:
        innovations_bulk_save(actor=adam, pemda=pemda, rows=rows, verb="imported")
    reads = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    assert reads == []
    assert all(row.created and row.innovation.pk for row in rows)
    assert {row.innovation.pk for row in rows} == set(
        Innovation.objects.filter(name__startswith="Bank Sampah Kelurahan ")
        .exclude(name__endswith="500")
        .values_list("pk", flat=True)
    )
    event = AuditEvent.objects.get(verb="imported", subject_id=rows[0].innovation.pk)
    assert event.changes["themes"]["after"] == [str(poverty)]
    assert event.changes["agency"]["after"] == str(agency_a)


def _write_queries(monkeypatch, importer_class) -> list[int]:
    """The statements of each batch the importer writes (recorded per call)."""
    per_batch: list[int] = []
    real = importer_class.write

    def counted(self, **kwargs):
        with CaptureQueriesContext(connection) as captured:
            result = real(self, **kwargs)
        per_batch.append(len(captured))
        return result

    monkeypatch.setattr(importer_class, "write", counted)
    return per_batch


def _import(adam, pemda, rows):
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=xlsx_upload(HEADERS, rows)
    )
    services.import_job_start(actor=adam, job=job)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_count, job.rejected_count) == ("done", len(rows), 0)


def test_an_import_indexes_every_row_once_and_a_batch_costs_the_same_whatever_its_size(
    adam, pemda, agency_a, agency_b, affairs, poverty, settings, monkeypatch
):
    from inovda.reports.importers import InnovationImporter

    per_batch = _write_queries(monkeypatch, InnovationImporter)
    # Every batch holds a row with a theme (every fifth row), so each writes every relation.
    settings.INOVDA_REPORTS = {"IMPORT_BATCH_SIZE": 5}
    _import(adam, pemda, innovation_rows(15, [agency_a, agency_b], start=1))
    settings.INOVDA_REPORTS = {"IMPORT_BATCH_SIZE": 15}
    _import(adam, pemda, innovation_rows(15, [agency_a, agency_b], start=101))
    small, large = per_batch[:3], per_batch[3:]
    assert len(small) == 3 and len(large) == 1
    assert set(small) == set(large), per_batch  # 5 rows or 15: the same statements

    imported = Innovation.objects.filter(name__startswith="Inovasi Impor ")
    assert imported.count() == 30
    docs = SearchDocument.objects.filter(doc_type="innovation")
    assert sorted(docs.values_list("object_id", flat=True)) == sorted(
        imported.values_list("pk", flat=True)
    )  # one search row each
    found = search_documents(user=adam, filters=SearchFilters(q="inovasi impor"))
    assert found.total == 30


def test_bulk_rows_are_indexed_like_single_ones(adam, pemda, agency_a, affairs, poverty):
    affair = affairs["1.02"]
    innovations_bulk_save(
        actor=adam, pemda=pemda, rows=_rows(2, agency_a, affair, poverty), verb="imported"
    )
    innovation = Innovation.objects.get(name="Bank Sampah Kelurahan 1")
    doc = SearchDocument.objects.get(doc_type="innovation", object_id=innovation.pk)
    assert list(doc.affairs.values_list("pk", flat=True)) == [affair.pk]
    assert list(doc.themes.values_list("pk", flat=True)) == [poverty.pk]
    found = search_documents(user=adam, filters=SearchFilters(q="kelola sampah", theme=poverty.pk))
    assert found.total == 2
    event = AuditEvent.objects.get(verb="imported", subject_id=innovation.pk)
    assert event.pemda_id == pemda.pk and event.message == "f.csv, 1"
    assert event.changes["name"]["after"] == "Bank Sampah Kelurahan 1"
    # An update of an indexed row refreshes it in place.
    innovations_bulk_save(
        actor=adam,
        pemda=pemda,
        rows=[BulkRow(data={"goals": "Daur ulang plastik."}, innovation=innovation)],
    )
    doc.refresh_from_db()
    assert "plastik" in doc.body
    assert SearchDocument.objects.filter(object_id=innovation.pk).count() == 1


def test_preview_pages_do_not_check_the_file_again(
    adam, pemda, agency_a, agency_b, affairs, poverty, monkeypatch, real_cache
):
    upload = xlsx_upload(HEADERS, innovation_rows(30, [agency_a, agency_b]))
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=upload
    )
    first = selectors.checked_rows(job)
    checks = []
    real = selectors.import_rows
    monkeypatch.setattr(selectors, "import_rows", lambda *a, **k: checks.append(1) or real(*a, **k))
    again = selectors.checked_rows(job)
    assert checks == []  # kept
    assert [(r.number, r.errors, r.notes, r.existing, r.skipped) for r in again.rows] == [
        (r.number, r.errors, r.notes, r.existing, r.skipped) for r in first.rows
    ]
    assert [r.values for r in again.rows] == [r.values for r in first.rows]
    number = first.rows[0].number
    services.import_row_fix(actor=adam, job=job, row_number=number, values={"name": ""})
    job.refresh_from_db()
    fixed = selectors.checked_rows(job)  # a fix: checked again
    assert checks == [1] and fixed.rows[0].errors
