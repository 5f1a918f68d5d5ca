"""Dates that cannot be true are refused, with one Indonesian message, by the profile form,
the API, the bulk service the importer calls, the importer's preview, the lifecycle steps
and the progress report (the rules are in inovda/innovations/dates.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from inovda.innovations import services
from inovda.innovations.dates import innovation_date_problems
from inovda.innovations.models import Innovation
from inovda.innovations.services import BulkRow, innovations_bulk_save
from tests.innovations.factories import InnovationFactory, KpiFactory, instrument_data

pytestmark = pytest.mark.django_db
S = Innovation.Status
D = datetime.date
TODAY = D(2026, 12, 5)
ENDS_BEFORE = "Uji coba tidak dapat berakhir sebelum dimulai."


def _problems(**dates):
    return innovation_date_problems(today=TODAY, **dates)


def test_the_rules():
    assert _problems(trial_start=D(2024, 5, 1), trial_end=D(2024, 1, 1)) == {
        "trial_end": ENDS_BEFORE
    }
    assert set(_problems(trial_actual_start=D(2027, 1, 1))) == {"trial_actual_start"}
    assert set(_problems(trial_actual_end=D(2026, 12, 6))) == {"trial_actual_end"}
    assert set(_problems(trial_actual_start=D(2024, 3, 1), trial_actual_end=D(2024, 2, 1))) == {
        "trial_actual_end"
    }
    too_early = _problems(trial_start=D(2024, 3, 1), implementation_start=D(2024, 2, 1))
    assert "1 Maret 2024" in too_early["implementation_start"]
    before_end = _problems(
        trial_actual_start=D(2024, 3, 1),
        trial_actual_end=D(2024, 6, 30),
        implementation_start=D(2024, 5, 1),
    )
    assert "30 Juni 2024" in before_end["implementation_start"]
    assert set(_problems(implementation_start=D(2027, 1, 1))) == {"implementation_start"}
    assert not _problems(year=2027)  # a year initiated is the registry's own (planned)
    # what is possible passes
    assert not _problems(
        year=2024,
        trial_start=D(2024, 1, 1),
        trial_end=D(2024, 3, 31),
        trial_actual_start=D(2024, 1, 8),
        trial_actual_end=D(2024, 3, 31),
        implementation_start=D(2024, 4, 1),
    )
    assert not _problems(trial_start=D(2024, 1, 1), trial_end=D(2024, 1, 1))


def test_form_refuses_and_keeps_what_was_typed(login, alice, agency_a):
    data = {
        "name": "Sistem Antrean Puskesmas",
        "agency": agency_a.pk,
        "classification": "perangkat_daerah",
        "stage": "inisiatif",
        "goals": "Mengurangi antrean",
        "trial_start": "2024-05-01",
        "trial_end": "2024-01-01",
    }
    response = login(alice).post(reverse("innovations:create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert ENDS_BEFORE in page
    assert "Sistem Antrean Puskesmas" in page and "2024-05-01" in page
    assert response.context["form"].errors["trial_end"] == [ENDS_BEFORE]
    assert not Innovation.objects.exists()


def test_form_names_a_date_it_does_not_show(login, alice, agency_a):
    """Moving the planned trial after the implementation start: the form names the
    implementation date (not one of its fields) at the top."""
    innovation = InnovationFactory(
        agency=agency_a,
        created_by=alice,
        owner=alice,
        trial_start=D(2024, 1, 1),
        trial_end=D(2024, 1, 31),
        implementation_start=D(2024, 2, 1),
    )
    data = {
        "name": innovation.name,
        "agency": agency_a.pk,
        "classification": "perangkat_daerah",
        "stage": "inisiatif",
        "trial_start": "2024-03-01",
        "trial_end": "2024-03-31",
        "version": innovation.version,
    }
    url = reverse("innovations:edit", args=[innovation.pk])
    response = login(alice).post(url, data)
    assert response.status_code == 400
    assert "Penerapan tidak dapat dimulai sebelum uji coba (1 Maret 2024)." in (
        response.content.decode()
    )


def test_an_old_flaw_does_not_block_an_edit(login, alice, agency_a):
    """A stored actual trial end in the future (old or imported data) is not the
    editor's doing: the profile can still be saved."""
    future = timezone.localdate() + datetime.timedelta(days=30)
    innovation = InnovationFactory(agency=agency_a, created_by=alice, owner=alice)
    Innovation.objects.filter(pk=innovation.pk).update(trial_actual_end=future)
    data = {
        "name": "Nama Baru",
        "agency": agency_a.pk,
        "classification": "perangkat_daerah",
        "stage": "inisiatif",
        "version": innovation.version,
    }
    response = login(alice).post(reverse("innovations:edit", args=[innovation.pk]), data)
    assert response.status_code == 302
    assert Innovation.objects.get(pk=innovation.pk).name == "Nama Baru"


def test_api_refuses_with_the_same_message(alice, agency_a):
    client = APIClient()
    client.force_authenticate(alice)
    response = client.post(
        "/api/v1/innovations/",
        {
            "name": "Y",
            "agency": agency_a.pk,
            "stage": "inisiatif",
            "trial_start": "2024-05-01",
            "trial_end": "2024-01-01",
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400
    assert ENDS_BEFORE in str(response.json())
    assert not Innovation.objects.exists()


def test_bulk_service_refuses_what_the_importer_would_write(adam, pemda, agency_a):
    future = timezone.localdate() + datetime.timedelta(days=10)
    rows = [
        BulkRow(
            data={
                "name": "A",
                "agency": agency_a,
                "trial_start": D(2024, 5, 1),
                "trial_end": D(2024, 1, 1),
            },
            note="f.xlsx, baris 2",
        ),
    ]
    with pytest.raises(ValidationError) as refused:
        innovations_bulk_save(actor=adam, pemda=pemda, rows=rows)
    assert refused.value.messages == [f"f.xlsx, baris 2: {ENDS_BEFORE}"]
    rows = [BulkRow(data={"name": "B", "agency": agency_a, "implementation_start": future})]
    with pytest.raises(ValidationError, match="tidak boleh di masa depan"):
        innovations_bulk_save(actor=adam, pemda=pemda, rows=rows)
    assert not Innovation.objects.exists()


def test_import_preview_and_run_refuse_the_row(adam, pemda, agency_a):
    from inovda.reports import services as imports
    from inovda.reports.models import ImportJob, ImportKind
    from tests.reports.conftest import make_affairs, xlsx_upload

    make_affairs()
    headers = [
        "Nama Inovasi",
        "Perangkat Daerah",
        "Tahapan",
        "Waktu Uji Coba",
        "Selesai Uji Coba",
        "Tanggal Penerapan",
    ]
    rows = [
        ["Baik", agency_a.name, "Penerapan", "01/03/2024", "31/05/2024", "01/06/2024"],
        ["Terbalik", agency_a.name, "Uji Coba", "01/05/2024", "01/01/2024", ""],
        ["Terlalu dini", agency_a.name, "Penerapan", "01/05/2024", "", "01/02/2024"],
    ]
    job = imports.import_job_create(
        actor=adam, pemda=pemda, kind=ImportKind.INNOVATIONS, upload=xlsx_upload(headers, rows)
    )
    assert job.columns.get("implementation_start") == "Tanggal Penerapan"
    job = imports.import_job_start(actor=adam, job=job)
    imports.import_job_run(job_id=job.pk)
    job = ImportJob.objects.get(pk=job.pk)
    text = str(list(job.rejections.values_list("reasons", flat=True)))
    # the preview finds them; the good row is imported on its own
    assert (job.created_count, job.rejected_count) == (1, 2), text
    assert ENDS_BEFORE in text
    assert "Penerapan tidak dapat dimulai sebelum uji coba (1 Mei 2024)." in text
    assert Innovation.objects.get().name == "Baik"


def test_step_refuses_a_future_instrument_and_a_future_trial_start(adam, alice, agency_a):
    adopted = InnovationFactory(agency=agency_a, complete=True, status=S.FEASIBLE)
    future = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        services.innovation_transition(
            actor=adam,
            innovation=adopted,
            name="adopt",
            data=instrument_data(instrument_date=future),
        )
    assert "tidak boleh di masa depan" in " ".join(refused.value.messages)
    adopted.refresh_from_db()
    assert adopted.status == S.FEASIBLE and not adopted.instruments.exists()

    ready = InnovationFactory(agency=agency_a, complete=True, status=S.ADOPTED)
    with pytest.raises(ValidationError) as refused:
        services.innovation_transition(
            actor=alice,
            innovation=ready,
            name="start_trial",
            data={"planned_start": future, "planned_end": future, "actual_start": future},
        )
    assert refused.value.messages == ["Awal aktual uji coba tidak boleh di masa depan."]
    ready.refresh_from_db()
    assert ready.status == S.ADOPTED and ready.trial_actual_start is None


def test_trial_report_refuses_an_actual_end_in_the_future(alice, agency_a):
    innovation = InnovationFactory(
        agency=agency_a, complete=True, status=S.TRIAL, trial_actual_start=D(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        services.trial_report_save(
            actor=alice,
            innovation=innovation,
            actual_end=timezone.localdate() + datetime.timedelta(days=1),
            report="Berhasil.",
        )
    assert refused.value.messages == ["Akhir aktual uji coba tidak boleh di masa depan."]


def test_implementation_before_the_trial_ended_is_refused(alice, agency_a):
    innovation = InnovationFactory(
        agency=agency_a,
        complete=True,
        status=S.TRIAL,
        trial_actual_start=D(2024, 1, 1),
        trial_actual_end=D(2024, 3, 31),
        trial_report="Berhasil.",
    )
    with pytest.raises(ValidationError) as refused:
        services.innovation_transition(
            actor=alice,
            innovation=innovation,
            name="implement",
            data={"implementation_start": D(2024, 2, 1), **instrument_data()},
        )
    assert "31 Maret 2024" in refused.value.messages[0]
    innovation.refresh_from_db()
    assert innovation.status == S.TRIAL


def test_report_period_in_the_future_or_before_the_trial(alice, agency_a):
    innovation = InnovationFactory(
        agency=agency_a,
        complete=True,
        status=S.IMPLEMENTED,
        trial_actual_start=D(2024, 4, 1),
        trial_actual_end=D(2024, 6, 30),
        implementation_start=D(2024, 7, 1),
    )
    kpi = KpiFactory(innovation=innovation)
    for start, message in (
        (D(2025, 1, 1), "Periode yang belum dimulai belum dapat dilaporkan."),
        (D(2024, 1, 1), "Periode ini berakhir sebelum uji coba dimulai (1 April 2024)."),
    ):
        with pytest.raises(ValidationError) as refused:
            services.progress_report_submit(
                actor=alice,
                innovation=innovation,
                period_start=start,
                activities="Sosialisasi.",
                kpi_values={kpi.pk: 150},
                today=D(2024, 12, 1),
            )
        assert message in refused.value.messages
