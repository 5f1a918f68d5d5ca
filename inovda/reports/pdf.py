"""The reports app's part of every PDF letterhead (`inovda.core.pdf`): the Pemda's report
settings (heading, signatory, footer)."""

from .models import ReportSettings


def report_settings(pemda) -> dict:
    row = ReportSettings.objects.filter(pemda=pemda).first()
    return {"report_settings": row or ReportSettings(pemda=pemda)}
