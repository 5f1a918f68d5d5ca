"""Demo report settings for Kota Malang: the letterhead of its PDF reports."""

from inovda.organizations.demo import DEMO_PEMDA_CODE
from inovda.organizations.models import LocalGovernment

from .models import ReportSettings


def load(stdout) -> None:
    pemda = LocalGovernment.objects.get(code=DEMO_PEMDA_CODE)
    _settings, created = ReportSettings.objects.get_or_create(
        pemda=pemda,
        defaults={
            "header": "Badan Perencanaan, Penelitian dan Pengembangan Daerah (Bapperida)",
            "address": "Jl. Tugu No. 1, Kota Malang, Jawa Timur",
            "footer": "Bapperida Kota Malang · Laporan Inovasi Daerah",
        },
    )
    stdout.write(f"Report letterhead for {pemda}: {'created' if created else 'kept'}.")
