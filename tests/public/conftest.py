import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inovda.innovations.models import Innovation
from inovda.public import services
from inovda.public.models import Region
from tests.innovations.factories import InnovationFactory


@pytest.fixture(autouse=True)
def _public_settings(settings):
    """Tasks run at once; the time-trap is off unless a test turns it on; a fresh cache."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.INOVDA_PUBLIC = {"FORM_MIN_SECONDS": 0}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"public-{id(settings)}",
        }
    }
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def regions(pemda):
    city = Region.objects.create(code="35.73", name="Kota Malang", level="kota", pemda=pemda)
    district = Region.objects.create(
        code="35.73.01", name="Blimbing", level="kecamatan", parent=city, pemda=pemda
    )
    village = Region.objects.create(
        code="35.73.01.1001", name="Balearjosari", level="kelurahan", parent=district, pemda=pemda
    )
    other = Region.objects.create(
        code="35.73.02", name="Klojen", level="kecamatan", parent=city, pemda=pemda
    )
    return {"district": district, "village": village, "other": other}


@pytest.fixture
def running(agency_a):
    """An implemented innovation of agency A with internal notes everywhere."""
    return InnovationFactory(
        agency=agency_a,
        complete=True,
        name="Layanan Antrean Puskesmas",
        status=Innovation.Status.IMPLEMENTED,
        stage=Innovation.Stage.IMPLEMENTATION,
        design_problem="Antrean panjang di puskesmas.",
        budget_note="RAHASIA-ANGGARAN",
        status_reason="RAHASIA-ALASAN",
        trial_report="RAHASIA-UJICOBA",
        design_strategic_issues="RAHASIA-ISU",
        initiator_name="RAHASIA-NAMA Budi 0812-3456-7890",
    )


def public_data(**extra):
    data = {
        "name": "Antrean Puskesmas Daring",
        "problem": "Warga menunggu lama di puskesmas.",
        "what_it_does": "Nomor antrean diambil dari rumah lewat aplikasi.",
        "beneficiaries": "Pasien puskesmas.",
        "results": "Waktu tunggu turun.",
        "lessons": "",
        "contact_unit": "Dinas Kesehatan, loket informasi",
        "include_instruments": True,
        "include_kpis": True,
        "include_replications": True,
    }
    data.update(extra)
    return data


@pytest.fixture
def publish(adam, alice):
    def _publish(innovation, **extra):
        version = services.publication_propose(
            actor=alice if innovation.agency.name.startswith("Dinas Komunikasi") else adam,
            innovation=innovation,
            data=public_data(**extra),
        )
        return services.publication_approve(actor=adam, version=version)

    return _publish


def photo(name="foto.png"):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    return SimpleUploadedFile(name, png, content_type="image/png")
