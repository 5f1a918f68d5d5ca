"""Dates as people write them, HTML pasted into cells: read, and said what was assumed."""

import datetime

import pytest

from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from inovda.reports import cells, selectors, services
from inovda.reports.importers import read_date
from inovda.reports.models import ImportJob, ImportKind
from tests.reports.conftest import csv_upload

D = datetime.date


@pytest.mark.parametrize(
    ("text", "date", "noted"),
    [
        ("2017", D(2017, 1, 1), True),
        ("Tahun 2019", D(2019, 1, 1), True),
        ("4 Desember 2026", D(2026, 12, 4), False),
        ("4 Des 2026", D(2026, 12, 4), False),
        ("04-Des-2026", D(2026, 12, 4), False),
        ("17 Agustus 1945", D(1945, 8, 17), False),
        ("1 Agt. 2020", D(2020, 8, 1), False),
        ("12 Nopember 2021", D(2021, 11, 12), False),
        ("Des 2026", D(2026, 12, 1), True),
        ("Maret 2021", D(2021, 3, 1), True),
        ("31/03/2021", D(2021, 3, 31), False),
        ("2021-03-31", D(2021, 3, 31), False),
        ("2021-03-31 00:00:00", D(2021, 3, 31), False),
        ("31 Februari 2021", None, False),
        ("31/02/2021", None, False),
        ("Kuartal 3", None, False),
        ("1800", None, False),
    ],
)
def test_dates_people_write(text, date, noted):
    parsed, note = read_date(text)
    assert parsed == date
    assert bool(note) is noted
    if noted:
        assert date.strftime("%d/%m/%Y") in note


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Satu</p><p>Dua&nbsp;tiga</p>", "Satu\nDua tiga"),
        ("Baris<br>kedua<BR/>ketiga", "Baris\nkedua\nketiga"),
        ("<ul><li>Cepat</li><li>Murah</li></ul>", "- Cepat\n- Murah"),
        ("<b>Riset</b> &amp; <i>Inovasi</i>", "Riset & Inovasi"),
        ('<div style="x">Teks<script>alert(1)</script></div>', "Teks"),
        ("Riset &amp; Inovasi", "Riset & Inovasi"),
        ("a < b dan c > d", "a < b dan c > d"),  # not HTML: unchanged
        ("Aplikasi <SiCantik>", "Aplikasi <SiCantik>"),
    ],
)
def test_html_in_a_cell_becomes_text(html, text):
    assert cells.html_to_text(html) == text


@pytest.mark.django_db
def test_year_only_dates_and_html_cells_are_imported_with_notes(adam, pemda, agency_a, affairs):
    headers = ["Nama Inovasi", "Perangkat Daerah", "Waktu Uji Coba", "Tujuan"]
    rows = [
        ["Satu", agency_a.name, "2017", "<p>Tujuan <b>satu</b></p>"],
        ["Dua", agency_a.name, "4 Desember 2026", "Biasa"],
        ["Tiga", agency_a.name, "Des 2026", "Biasa &amp; sederhana"],
    ]
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=csv_upload(headers, rows)
    )
    assert any("2, 4" in note for note in job.notes)  # rows 2 and 4 held HTML
    preview = {row.number: row for row in selectors.import_rows(job)}
    assert not any(row.errors for row in preview.values())
    assert "01/01/2017" in preview[2].notes[0]
    assert preview[3].notes == []
    assert "01/12/2026" in preview[4].notes[0]
    services.import_job_start(actor=adam, job=job)
    services.import_job_run(job_id=job.pk)
    assert ImportJob.objects.get(pk=job.pk).created_count == 3
    one = Innovation.objects.get(name="Satu")
    assert one.trial_start == D(2017, 1, 1)
    assert one.goals == "Tujuan satu"
    assert Innovation.objects.get(name="Dua").trial_start == D(2026, 12, 4)
    assert Innovation.objects.get(name="Tiga").goals == "Biasa & sederhana"
    event = AuditEvent.objects.get(verb="imported", subject_id=one.pk)
    assert "01/01/2017" in event.message  # the assumption stays in the history


@pytest.mark.django_db
def test_profile_columns_of_real_lists(adam, pemda, agency_a, affairs):
    from inovda.ecosystem.models import Barrier

    headers = [
        "Nama Inovasi",
        "Perangkat Daerah",
        "Manfaat",
        "Hasil",
        "Output",
        "Outcome",
        "Faktor Pendorong",
        "Prasyarat Replikasi",
        "Hambatan",
    ]
    rows = [
        [
            "Posyandu Digital",
            agency_a.name,
            "Ibu hamil terpantau",
            "Cakupan naik",
            "120 kader terlatih",
            "Stunting turun 4 %",
            "Dukungan bupati",
            "Jaringan internet di desa",
            "Sinyal lemah; Kader berganti-ganti",
        ]
    ]
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=csv_upload(headers, rows)
    )
    assert {"outputs", "outcomes", "drivers", "replication_prerequisites", "barriers"} <= set(
        job.columns
    )
    services.import_job_start(actor=adam, job=job)
    services.import_job_run(job_id=job.pk)
    innovation = Innovation.objects.get(name="Posyandu Digital")
    assert innovation.benefits == "Ibu hamil terpantau"
    assert innovation.results == (
        "Cakupan naik\n\nOutput: 120 kader terlatih\n\nOutcome: Stunting turun 4 %"
    )
    assert innovation.design_strategic_issues == "Faktor pendorong: Dukungan bupati"
    assert innovation.design_how_it_works == "Prasyarat replikasi: Jaringan internet di desa"
    barriers = Barrier.objects.filter(innovation=innovation).order_by("title")
    assert [b.title for b in barriers] == ["Kader berganti-ganti", "Sinyal lemah"]
    assert AuditEvent.objects.filter(verb="barrier_raised").count() == 2
    again = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=csv_upload(headers, rows)
    )
    services.import_job_start(actor=adam, job=again)
    services.import_job_run(job_id=again.pk)
    again.refresh_from_db()
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    assert Barrier.objects.filter(innovation=innovation).count() == 2  # not raised twice


@pytest.mark.django_db
def test_barrier_type_column_sets_the_type_of_the_rows_barriers(adam, pemda, agency_a, affairs):
    """The register has no keyword rules for a barrier's type, so a list says it in its own
    column (the allowed values are the register's types); a row without one keeps Other."""
    from inovda.ecosystem.models import Barrier

    headers = ["Nama Inovasi", "Perangkat Daerah", "Hambatan", "Jenis Hambatan"]
    rows = [
        ["Posyandu Digital", agency_a.name, "Sinyal lemah; Server sering mati", "TI dan data"],
        ["Bank Sampah", agency_a.name, "Dana operasional kurang", "anggaran"],
        ["Mal Pelayanan", agency_a.name, "Belum ada perda", ""],
        ["Antrean Daring", agency_a.name, "Hujan deras", "Cuaca"],
    ]
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=csv_upload(headers, rows)
    )
    assert job.columns["barrier_kind"] == "Jenis Hambatan"
    assert job.columns["barriers"] == "Hambatan"
    services.import_job_start(actor=adam, job=job)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.created_count, job.rejected_count) == (3, 1)
    (rejection,) = job.rejections.all()
    assert "Cuaca" in " ".join(rejection.reasons) and "TI dan data" in " ".join(rejection.reasons)
    kinds = dict(Barrier.objects.values_list("title", "kind"))
    assert kinds == {
        "Sinyal lemah": Barrier.Kind.IT_DATA,
        "Server sering mati": Barrier.Kind.IT_DATA,
        "Dana operasional kurang": Barrier.Kind.BUDGET,
        "Belum ada perda": Barrier.Kind.OTHER,
    }
    assert not Innovation.objects.filter(name="Antrean Daring").exists()
