"""Each fact entered once: the SK/Perkada signed at adoption is offered as evidence of the
regulation indicator (16) and attached with one click, without another upload."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from inovda.assessment import services
from inovda.assessment.models import Entry
from inovda.core import files
from inovda.innovations.models import Attachment, LegalInstrument
from tests.innovations.factories import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(assessable, adam):
    innovation = assessable(name="Sambang Warga")
    with transaction.atomic():
        attachment = Attachment(innovation=innovation, purpose="instrument", uploaded_by=adam)
        files.store(attachment, upload=pdf_upload("sk-penetapan.pdf"), prefix="attachments")
        attachment.save()
    instrument = LegalInstrument.objects.create(
        innovation=innovation,
        purpose=LegalInstrument.Purpose.ADOPTION,
        kind=LegalInstrument.Kind.PERKADA,
        number="12/2025",
        issued_on=datetime.date(2025, 2, 1),
        document=attachment,
    )
    return innovation, instrument


def _row(sheet, number) -> Entry:
    return sheet.rows.select_related("indicator").get(indicator__number=number)


KEY = "innovations.instrument"


def test_one_click_attaches_the_stored_perkada(login, period, alice, signed):
    innovation, instrument = signed
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=innovation)
    row = _row(sheet, 16)
    assert [s.key for s in services.offered_sources(row)] == [KEY]
    assert KEY not in [s.key for s in services.offered_sources(_row(sheet, 17))]
    page = login(alice).get(reverse("assessment:sheet", args=[2026, innovation.pk]))
    html = page.content.decode()
    url = reverse("assessment:evidence_offer", args=[row.pk, KEY])
    assert url in html and "12/2025" in html and "level 2" in html
    assert login(alice).post(url).status_code == 302
    evidence = row.evidence.get()
    assert evidence.original_name == "sk-penetapan.pdf" and evidence.file.name
    assert evidence.file.name != instrument.document.file.name  # its own copy
    assert "12/2025" in evidence.description
    services.evidence_remove(actor=alice, evidence=evidence)
    instrument.document.refresh_from_db()
    assert instrument.document.file.storage.exists(instrument.document.file.name)


def test_only_the_regulation_row_and_only_who_fills(period, alice, bob, signed):
    innovation, _instrument = signed
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=innovation)
    with pytest.raises(ValidationError):
        services.evidence_from_source(actor=alice, entry=_row(sheet, 17), key=KEY)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.evidence_from_source(actor=bob, entry=_row(sheet, 16), key=KEY)
