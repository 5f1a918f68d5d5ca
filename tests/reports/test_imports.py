"""Importing innovations, agencies and users: mapping, preview, batches, idempotence."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from inovda.organizations.models import Agency, Membership, Role
from inovda.reports import selectors, services
from inovda.reports.importers import normalize, parse_date, suggest_columns
from inovda.reports.models import ImportJob, ImportKind, ImportMapping
from tests.organizations.factories import UserFactory
from tests.reports.conftest import HEADERS, csv_upload, innovation_rows, xlsx_upload

pytestmark = pytest.mark.django_db


def _import(actor, pemda, upload, kind=ImportKind.INNOVATIONS, mode=None):
    job = services.import_job_create(actor=actor, pemda=pemda, kind=kind, upload=upload)
    job = services.import_job_start(actor=actor, job=job, mode=mode)
    services.import_job_run(job_id=job.pk)
    return ImportJob.objects.get(pk=job.pk)


@pytest.fixture
def malang_file(agency_a, agency_b, affairs, poverty):
    return xlsx_upload(HEADERS, innovation_rows(118, [agency_a, agency_b]))


def test_118_valid_rows_import_fully(adam, pemda, malang_file):
    job = _import(adam, pemda, malang_file)
    assert job.status == ImportJob.Status.DONE
    assert (job.created_count, job.rejected_count, job.processed_rows) == (118, 0, 118)
    innovations = Innovation.objects.filter(pemda=pemda)
    assert innovations.count() == 118
    first = innovations.get(name="Inovasi Impor 00001")
    assert first.agency.name == "Dinas Kesehatan"  # 1 % 2 → agency_b
    assert first.main_affair.code == "1.02"
    assert first.form == Innovation.Form.GOVERNANCE
    assert first.kind == Innovation.Kind.DIGITAL
    assert first.stage == Innovation.Stage.TRIAL
    assert first.status == Innovation.Status.TRIAL  # the default status for the stage
    assert first.trial_start.isoformat() == "2021-03-02"
    assert innovations.get(name="Inovasi Impor 00005").themes.get().code == (
        "penanggulangan-kemiskinan"
    )
    assert AuditEvent.objects.filter(verb="imported").count() == 118
    assert AuditEvent.objects.filter(verb="import_finished", subject_id=job.pk).exists()


def test_columns_are_suggested_from_indonesian_and_english_headers():
    indonesian = suggest_columns(ImportKind.INNOVATIONS, HEADERS)
    assert indonesian["name"] == "Nama Inovasi"
    assert indonesian["agency"] == "Perangkat Daerah"
    assert indonesian["main_affair"] == "Urusan"
    assert indonesian["form"] == "Bentuk Inovasi"
    assert indonesian["stage"] == "Tahapan"
    assert indonesian["trial_start"] == "Waktu Uji Coba"
    assert "No" not in indonesian.values()
    english = suggest_columns(
        ImportKind.INNOVATIONS, ["Innovation name", "Agency", "Stage", "Year initiated", "Goals"]
    )
    assert english == {
        "name": "Innovation name",
        "agency": "Agency",
        "stage": "Stage",
        "year": "Year initiated",
        "goals": "Goals",
    }


def test_a_saved_mapping_is_reused_for_the_next_file(adam, pemda, agency_a, affairs):
    headers = ["Kegiatan", "Pelaksana", "Tahun"]
    rows = [["Program A", agency_a.name, 2021]]
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=xlsx_upload(headers, rows)
    )
    assert "name" not in job.columns  # "Kegiatan" is not a known heading
    services.import_job_set_columns(
        actor=adam,
        job=job,
        columns={"name": "Kegiatan", "agency": "Pelaksana", "year": "Tahun"},
        save_as="Format Bappeda 2024",
    )
    assert ImportMapping.objects.get(name="Format Bappeda 2024").columns["name"] == "Kegiatan"
    again = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=xlsx_upload(headers, rows)
    )
    assert again.columns == {"name": "Kegiatan", "agency": "Pelaksana", "year": "Tahun"}


def test_mapping_must_name_the_required_columns(adam, pemda, malang_file):
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=malang_file
    )
    with pytest.raises(ValidationError) as exc:
        services.import_job_set_columns(actor=adam, job=job, columns={"name": "Nama Inovasi"})
    assert "Perangkat Daerah" not in str(exc.value)
    assert len(exc.value.messages) == 1


def _bad_file(agency_a, agency_b):
    rows = innovation_rows(15, [agency_a, agency_b])
    rows[6][2] = "Dinas Yang Tidak Ada"  # row 8 of the file: unknown agency
    rows[7][8] = "31/02/2021"  # row 9: not a date
    rows[8][1] = ""  # row 10: no name
    rows[9][3] = "9.99"  # row 11: unknown affair
    return xlsx_upload(HEADERS, rows)


def test_bad_rows_are_rejected_alone_with_their_reasons(
    settings, adam, pemda, agency_a, agency_b, affairs, poverty
):
    settings.INOVDA_REPORTS = {"IMPORT_BATCH_SIZE": 5}
    job = _import(adam, pemda, _bad_file(agency_a, agency_b))
    # Rows 8–11 have problems; every other row of their batch (rows 7–11) is written.
    assert job.status == ImportJob.Status.DONE
    assert job.mode == ImportJob.Mode.SKIP
    assert (job.created_count, job.rejected_count) == (11, 4)
    names = set(Innovation.objects.values_list("name", flat=True))
    assert "Inovasi Impor 00006" in names  # row 7: valid, in the same batch as bad rows
    reasons = {r.row_number: " ".join(r.reasons) for r in job.rejections.all()}
    assert set(reasons) == {8, 9, 10, 11}
    assert "Dinas Yang Tidak Ada" in reasons[8]
    assert "31/02/2021" in reasons[9]
    assert "Nama inovasi" in reasons[10] or "Innovation name" in reasons[10]
    assert "9.99" in reasons[11]


def test_all_or_nothing_writes_nothing_when_a_row_has_a_problem(
    settings, adam, pemda, agency_a, agency_b, affairs, poverty
):
    settings.INOVDA_REPORTS = {"IMPORT_BATCH_SIZE": 5}
    job = _import(adam, pemda, _bad_file(agency_a, agency_b), mode=ImportJob.Mode.ALL)
    assert (job.created_count, job.rejected_count) == (0, 15)
    assert not Innovation.objects.exists()
    reasons = {r.row_number: " ".join(r.reasons) for r in job.rejections.all()}
    assert "Dinas Yang Tidak Ada" in reasons[8]
    assert "8, 9, 10, 11" in reasons[2]  # a good row says which rows stopped it


def test_rejected_rows_can_be_downloaded(
    settings, login, adam, pemda, agency_a, agency_b, affairs, poverty
):
    settings.INOVDA_REPORTS = {"IMPORT_BATCH_SIZE": 5}
    job = _import(adam, pemda, _bad_file(agency_a, agency_b))
    response = login(adam).get(reverse("reports:import_rejected", args=[job.pk, "csv"]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 4  # the four rows with a problem, alone
    assert "Dinas Yang Tidak Ada" in text
    xlsx = login(adam).get(reverse("reports:import_rejected", args=[job.pk, "xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_reimporting_the_same_file_changes_nothing(
    adam, pemda, agency_a, agency_b, affairs, poverty
):
    rows = innovation_rows(118, [agency_a, agency_b])
    _import(adam, pemda, xlsx_upload(HEADERS, rows))
    before = {i.pk: i.updated_at for i in Innovation.objects.all()}
    events = AuditEvent.objects.count()
    job = _import(adam, pemda, xlsx_upload(HEADERS, rows))
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 118)
    assert {i.pk: i.updated_at for i in Innovation.objects.all()} == before
    # Only the job's own events (created, started, finished) are new.
    assert AuditEvent.objects.count() == events + 3


def test_reimporting_a_changed_row_updates_it_with_its_diff(
    adam, pemda, agency_a, agency_b, affairs, poverty
):
    rows = innovation_rows(3, [agency_a, agency_b])
    _import(adam, pemda, xlsx_upload(HEADERS, rows))
    rows[0][10] = "Tujuan yang diperbarui."
    job = _import(adam, pemda, xlsx_upload(HEADERS, rows))
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 2)
    innovation = Innovation.objects.get(name="Inovasi Impor 00001")
    assert innovation.goals == "Tujuan yang diperbarui."
    event = AuditEvent.objects.filter(verb="updated", subject_id=innovation.pk).get()
    assert event.changes["goals"]["after"] == "Tujuan yang diperbarui."


def test_fix_and_skip_rows_in_the_preview(adam, pemda, agency_a, agency_b, affairs, poverty):
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=_bad_file(agency_a, agency_b)
    )
    problems = {r.number for r in selectors.import_rows(job) if r.errors}
    assert problems == {8, 9, 10, 11}
    services.import_row_fix(actor=adam, job=job, row_number=8, values={"agency": agency_a.name})
    services.import_row_fix(actor=adam, job=job, row_number=9, values={"trial_start": "2021-02-28"})
    services.import_row_skip(actor=adam, job=job, row_number=10)
    services.import_row_skip(actor=adam, job=job, row_number=11)
    job.refresh_from_db()
    rows = selectors.import_rows(job)
    assert [r.number for r in rows if r.errors and not r.skipped] == []
    services.import_job_start(actor=adam, job=job)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.created_count, job.rejected_count, job.skipped_count) == (13, 0, 2)
    assert Innovation.objects.get(name="Inovasi Impor 00007").agency == agency_a
    with pytest.raises(ValidationError):  # a started import cannot be changed
        services.import_row_skip(actor=adam, job=job, row_number=2)


def test_the_same_innovation_twice_in_one_file_is_a_problem(adam, pemda, agency_a, affairs):
    rows = innovation_rows(2, [agency_a])
    rows[1][1] = rows[0][1].upper()  # the same name, another case
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=xlsx_upload(HEADERS, rows)
    )
    second = selectors.import_rows(job)[1]
    assert second.errors and "2" in second.errors[0]


def test_csv_with_semicolons_and_windows_encoding(adam, pemda, agency_a, affairs):
    upload = csv_upload(
        ["Nama Inovasi", "OPD", "Tahun", "Tujuan"],
        [["Layanan Café Warga", agency_a.name, "2021", "Menjangkau warga"]],
        delimiter=";",
        encoding="cp1252",
    )
    job = _import(adam, pemda, upload)
    assert job.created_count == 1
    assert Innovation.objects.get().name == "Layanan Café Warga"


def test_title_rows_above_the_header_are_skipped(adam, pemda, agency_a, affairs):
    upload = xlsx_upload(
        ["Nama Inovasi", "Perangkat Daerah"],
        [["Inovasi Satu", agency_a.name]],
        title_rows=[["DAFTAR INOVASI KOTA MALANG 2022"], []],
    )
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=upload
    )
    assert job.header_row == 3
    assert selectors.import_rows(job)[0].number == 4


@pytest.mark.parametrize(
    "content", [b"%PDF-1.4 not a table", b"", b"PK\x03\x04broken zip"], ids=["pdf", "empty", "zip"]
)
def test_files_that_are_not_tables_are_refused(adam, pemda, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        services.import_job_create(
            actor=adam,
            pemda=pemda,
            kind=ImportKind.INNOVATIONS,
            upload=SimpleUploadedFile("x.xlsx", content),
        )


def test_only_the_pemda_admin_imports(cast, pemda, malang_file):
    for who in ["alice", "bob", "ivan", "vera", "carl", "una", "lina", "oscar"]:
        with pytest.raises(PermissionDenied):
            services.import_job_create(
                actor=cast[who], pemda=pemda, kind=ImportKind.INNOVATIONS, upload=malang_file
            )


def test_ten_thousand_rows_import_in_the_background_with_progress(
    settings,
    login,
    adam,
    pemda,
    agency_a,
    agency_b,
    affairs,
    poverty,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    upload = xlsx_upload(HEADERS, innovation_rows(10_000, [agency_a, agency_b]), name="besar.xlsx")
    client = login(adam)
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=upload
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_start(actor=adam, job=job)
    # Queued, not run: the request returns at once and the page polls the progress.
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    page = client.get(reverse("reports:import_preview", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in page.content.decode()

    seen = []
    original = services._run_batch

    def watching(job_, *args, **kwargs):
        progress = client.get(reverse("reports:import_progress", args=[job_.pk])).content.decode()
        seen.append(job_.processed_rows)
        assert f"{job_.processed_rows} / 10000" in progress
        return original(job_, *args, **kwargs)

    monkeypatch.setattr(services, "_run_batch", watching)
    # The worker closes "old" connections between tasks; inside this test's transaction
    # that would close the test's own connection (PostgreSQL), so keep it open.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1, verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert seen == list(range(0, 10_000, 500))  # progress saved after every batch
    assert job.created_count == 10_000
    assert Innovation.objects.filter(pemda=pemda).count() == 10_000
    done = client.get(reverse("reports:import_progress", args=[job.pk])).content.decode()
    assert "10000 / 10000" in done and "every 1s" not in done


# ---------------------------------------------------------------- agencies and users


def test_agencies_import_with_parents_and_again_without_changes(adam, pemda):
    headers = ["Nama Perangkat Daerah", "Singkatan", "Jenis", "Induk"]
    rows = [
        ["Kecamatan Klojen", "Klojen", "Kecamatan", ""],
        ["Kelurahan Kauman", "", "Kelurahan", "Kecamatan Klojen"],
        ["Dinas Sosial", "Dinsos", "Dinas", ""],
    ]
    job = _import(adam, pemda, xlsx_upload(headers, rows), kind=ImportKind.AGENCIES)
    assert job.created_count == 3
    kauman = Agency.objects.get(pemda=pemda, name="Kelurahan Kauman")
    assert kauman.parent.name == "Kecamatan Klojen"
    assert kauman.kind == Agency.Kind.KELURAHAN
    again = _import(adam, pemda, xlsx_upload(headers, rows), kind=ImportKind.AGENCIES)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)


def test_agency_parent_must_exist_or_come_first(adam, pemda):
    headers = ["Nama Perangkat Daerah", "Induk"]
    rows = [["Kelurahan Kauman", "Kecamatan Klojen"], ["Kecamatan Klojen", ""]]
    job = services.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.AGENCIES, upload=xlsx_upload(headers, rows)
    )
    rows = selectors.import_rows(job)
    assert rows[0].errors and not rows[1].errors


def test_users_import_with_roles(adam, pemda, agency_a, oscar):
    headers = ["Nama Pengguna", "Nama Lengkap", "Email", "Peran", "Perangkat Daerah"]
    rows = [
        ["siti.op", "Siti Aminah", "siti@malangkota.go.id", "Operator", agency_a.name],
        ["siti.op", "Siti Aminah", "siti@malangkota.go.id", "Inovator", agency_a.name],
        ["joko", "Joko Widodo", "", "Pimpinan", ""],
        ["tanpa.opd", "Tanpa OPD", "", "Operator", ""],
        ["oscar", "Oscar Batu", "", "Verifikator", ""],
    ]
    job = _import(
        adam, pemda, xlsx_upload(headers, rows), kind=ImportKind.USERS, mode=ImportJob.Mode.ALL
    )
    # Row 5 lacks an agency: all or nothing was chosen, so nothing is written.
    assert job.created_count == 0 and job.rejected_count == 5
    rows = rows[:3]
    job = _import(adam, pemda, xlsx_upload(headers, rows), kind=ImportKind.USERS)
    assert (job.created_count, job.updated_count) == (2, 1)
    siti = Membership.objects.filter(user__username="siti.op")
    assert {m.role for m in siti} == {Role.OPERATOR, Role.INNOVATOR}
    assert siti.first().user.first_name == "Siti"
    assert not siti.first().user.has_usable_password()
    assert Membership.objects.get(user__username="joko").role == Role.LEADERSHIP
    again = _import(adam, pemda, xlsx_upload(headers, rows), kind=ImportKind.USERS)
    assert again.unchanged_count == 3


def test_a_user_of_another_pemda_is_not_changed(adam, pemda, oscar):
    headers = ["Nama Pengguna", "Nama Lengkap", "Peran"]
    job = _import(
        adam, pemda, xlsx_upload(headers, [["oscar", "Diganti", "Pimpinan"]]), kind=ImportKind.USERS
    )
    assert job.rejected_count == 1
    assert "oscar" in job.rejections.get().reasons[0]
    oscar.refresh_from_db()
    assert oscar.first_name != "Diganti"
    assert not Membership.objects.filter(user=oscar, pemda=pemda).exists()


def test_new_user_without_memberships_elsewhere_can_be_added(adam, pemda):
    UserFactory(username="baru")
    headers = ["Nama Pengguna", "Peran"]
    job = _import(
        adam, pemda, xlsx_upload(headers, [["baru", "Verifikator"]]), kind=ImportKind.USERS
    )
    assert job.updated_count == 1


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "text,iso",
    [
        ("2021-03-31", "2021-03-31"),
        ("31/03/2021", "2021-03-31"),
        ("31-03-2021", "2021-03-31"),
        ("31.03.2021", "2021-03-31"),
        ("12 Januari 2021", "2021-01-12"),
        ("2021-03-31 00:00:00", "2021-03-31"),
    ],
)
def test_dates_in_the_forms_cities_write_them(text, iso):
    assert parse_date(text).isoformat() == iso


@pytest.mark.parametrize("text", ["31/02/2021", "kemarin", "1800", "32 Januari 2021"])
def test_not_dates(text):
    assert parse_date(text) is None


def test_normalize_ignores_case_accents_and_punctuation():
    assert normalize("Perangkat Daerah (OPD)") == "perangkatdaerahopd"
    assert normalize("Café") == "cafe"


def test_too_long_values_are_reported_not_crashing(adam, pemda, agency_a):
    headers = ["Nama Inovasi", "Perangkat Daerah", "Nama Inisiator"]
    job = services.import_job_create(
        actor=adam,
        pemda=pemda,
        kind=ImportKind.INNOVATIONS,
        upload=xlsx_upload(headers, [["Inovasi Panjang", agency_a.name, "x" * 300]]),
    )
    (row,) = selectors.import_rows(job)
    assert row.errors and "200" in row.errors[0]


def test_a_misspelt_agency_gets_a_suggestion(adam, pemda, agency_b):
    headers = ["Nama Inovasi", "Perangkat Daerah"]
    job = services.import_job_create(
        actor=adam,
        pemda=pemda,
        kind=ImportKind.INNOVATIONS,
        upload=xlsx_upload(headers, [["Inovasi Typo", "Dinas Kesehatn"]]),
    )
    (row,) = selectors.import_rows(job)
    assert "Dinas Kesehatan" in row.errors[0]
