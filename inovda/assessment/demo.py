"""Demo: Kota Malang's IID 2026 — implemented innovations put forward with claimed levels,
evidence links, verification in every state, and an SPD sheet, so the pages show real
figures. Fixed seed; runs once (skipped when the city already has 2026 sheets)."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify

from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from inovda.organizations.demo import DEMO_PEMDA_CODE
from inovda.organizations.models import GovernmentAffair, LocalGovernment

from . import scoring
from .models import (
    Aspect,
    AssessmentPeriod,
    Entry,
    Evidence,
    InnovationAssessment,
    PemdaAssessment,
    SheetStatus,
)
from .services import sheet_rescore

SEED = 2026
PUT_FORWARD = 26
# How the sheets stand a few weeks before the national window.
STATUSES = [SheetStatus.VERIFIED] * 9 + [SheetStatus.SUBMITTED] * 6
STATUSES += [SheetStatus.NEEDS_REVISION] * 3
OWN_AGENCIES = ("Dinas Kominfo", "Dinas Kesehatan")  # the demo operators' agencies

DOCUMENTS = {
    16: "SK Wali Kota Malang tentang penetapan inovasi daerah",
    17: "SK Kepala Perangkat Daerah tentang tim pengelola inovasi",
    18: "DPA kegiatan pendukung inovasi 2024–2026",
    19: "Tangkapan layar sistem informasi layanan",
    20: "Undangan, daftar hadir dan foto bimtek inovasi",
    21: "Halaman RKPD yang memuat program inovasi",
    22: "Undangan rapat dengan akademisi, dunia usaha, komunitas dan media",
    23: "Surat tugas pelaksana inovasi",
    24: "SK tim lintas perangkat daerah",
    25: "Tautan pemberitaan media daring",
    26: "Buku panduan yang dapat diakses daring",
    27: "Tangkapan layar kanal informasi layanan",
    28: "SOP layanan dengan durasi waktu",
    29: "Rekapitulasi penyelesaian pengaduan",
    30: "Tangkapan layar integrasi antarunit",
    31: "Surat pernyataan daerah yang mereplikasi",
    32: "Laporan tahapan dan durasi penciptaan inovasi",
    33: "Rekap penerima manfaat dua tahun terakhir",
    34: "Laporan survei kepuasan masyarakat",
    35: "Video penerapan inovasi (maks. 5 menit)",
}
REJECTIONS = [
    "Dokumen tidak memuat nama inovasi; unggah halaman yang menyebut inovasi ini.",
    "Tanggal dokumen di luar periode penilaian.",
    "Bukti tidak mendukung level yang dipilih; turunkan level atau lengkapi bukti.",
    "Tautan tidak dapat dibuka; unggah berkas PDF.",
]
DEVELOPMENTS = [
    "Integrasi layanan dengan aplikasi Sambat Online dan dasbor wali kota",
    "Perluasan layanan ke seluruh kecamatan dan penambahan kanal WhatsApp",
    "Penambahan modul pelaporan daring dan pembayaran nontunai",
    "Pengembangan versi seluler dan pelatihan petugas kelurahan",
]


def _level(rng: random.Random, top: int) -> int:
    return rng.choices(range(top + 1), weights=[1, 2, 4, 5][: top + 1])[0]


def _fill(rng, rows, slug: str, author, *, evidence_share: float, skip: int = 0) -> None:
    """Random levels; mandatory rows are filled (except indicator `skip`, to show a
    sheet that misses one), other claimed rows mostly have evidence."""
    for row in rows:
        indicator = row.indicator
        row.level = _level(rng, indicator.top_level)
        if indicator.mandatory:
            row.level = 0 if indicator.number == skip else max(row.level, 1)
        bases = list(indicator.bases.all())
        row.basis = rng.choice(bases[:2]) if bases and row.level else None
        if row.level and (indicator.mandatory or rng.random() < evidence_share):
            document = DOCUMENTS.get(indicator.number, f"Dokumen pendukung SPD {indicator.code}")
            Evidence.objects.create(
                entry=row,
                url=f"https://arsip-inovasi.example/malang/2026/{slug}/{indicator.code}.pdf",
                description=document,
                uploaded_by=author,
            )
            row.evidence_count = 1
        if row.level and rng.random() < 0.25:
            row.note = "Bukti diperbarui untuk penilaian 2026."


def _review(rng, rows, status: str, verifier, now) -> None:
    """Verified sheets: every claimed row reviewed; submitted: about half so far;
    returned: the rejected rows carry the verifier's reason."""
    share = {SheetStatus.VERIFIED: 1.0, SheetStatus.NEEDS_REVISION: 1.0}.get(status, 0.5)
    for row in rows:
        if not row.needs_review or rng.random() > share:
            continue
        if row.evidence_count and rng.random() < (0.96 if row.indicator.mandatory else 0.85):
            row.review = Entry.Review.ACCEPTED
        else:
            row.review = Entry.Review.REJECTED
            row.review_note = rng.choice(REJECTIONS)
        row.reviewed_by, row.reviewed_at = verifier, now


def _hand_over(sheet, rows, submitter, verifier) -> None:
    """A sheet waiting for the verifiers, taken there through the services: every claimed
    row gets its evidence (the submission rule), the operator submits (the verifiers are
    told) and the verifier's reviews so far are recorded (a rejected row tells the
    innovation's hand-over people), as the people would."""
    from . import services

    waiting = Entry.Review.WAITING
    reviews = [(row, row.review, row.review_note) for row in rows if row.review != waiting]
    for row in rows:
        row.review, row.review_note, row.reviewed_by, row.reviewed_at = waiting, "", None, None
        if row.level and not row.evidence_count:
            Evidence.objects.create(
                entry=row,
                url=f"https://arsip-inovasi.example/malang/2026/{row.pk}.pdf",
                description=DOCUMENTS.get(row.indicator.number, "Dokumen pendukung"),
                uploaded_by=submitter,
            )
            row.evidence_count = 1
    Entry.objects.bulk_update(rows, ["level", "basis", "note", "evidence_count"])
    sheet_rescore(sheet)
    services.sheet_submit(actor=submitter, sheet=sheet)
    for row, review, note in reviews:
        services.entry_review(
            actor=verifier, entry=row, accept=review == Entry.Review.ACCEPTED, note=note
        )


def _sheet(
    rng,
    sheet,
    aspect,
    author,
    verifier,
    status,
    now,
    evidence_share=0.8,
    skip=0,
    submitter=None,
):
    """One demo sheet in `status`. With a `submitter` (the period open), a submitted sheet
    goes to the verifiers through the services (`_hand_over`); the others are history,
    written directly."""
    rows = [
        Entry(indicator=indicator, **{aspect: sheet})
        for indicator in sheet.period.indicators.filter(
            aspect=Aspect.SID if aspect == "innovation_assessment" else Aspect.SPD
        ).prefetch_related("bases")
    ]
    Entry.objects.bulk_create(rows)
    slug = slugify(str(sheet.subject))[:40]
    _fill(rng, rows, slug, author, evidence_share=evidence_share, skip=skip)
    if status != SheetStatus.DRAFT:
        _review(rng, rows, status, verifier, now)
    if status == SheetStatus.SUBMITTED and submitter is not None:
        _hand_over(sheet, rows, submitter, verifier)
        return
    Entry.objects.bulk_update(
        rows,
        [
            "level",
            "basis",
            "note",
            "evidence_count",
            "review",
            "review_note",
            "reviewed_by",
            "reviewed_at",
        ],
    )
    if status == SheetStatus.VERIFIED:
        # As the verify service: a mandatory row missing or rejected sends the sheet back,
        # so every sheet shown as verified counts in the verified index.
        score = scoring.sheet_score(r.scoring_row() for r in rows)
        if score.claimed_mandatory_missing or score.verified_mandatory_missing:
            status = SheetStatus.NEEDS_REVISION
    sheet.status = status
    if status != SheetStatus.DRAFT:
        sheet.submitted_at = now
    if status == SheetStatus.VERIFIED:
        sheet.verified_at = now
    sheet.save()
    sheet_rescore(sheet)


def _submitter(users, innovation, admin):
    """Who sends the sheet to the verifiers: the agency's demo operator, else the admin."""
    operator = {"Dinas Kominfo": "operator.kominfo", "Dinas Kesehatan": "operator.dinkes"}
    return users.get(operator.get(innovation.agency.name, ""), admin)


def load(stdout) -> None:
    period = AssessmentPeriod.objects.filter(year=2026).first()
    pemda = LocalGovernment.objects.filter(code=DEMO_PEMDA_CODE).first()
    if period is None or pemda is None:
        return
    if InnovationAssessment.objects.filter(period=period, pemda=pemda).exists():
        stdout.write("Kota Malang IID 2026: already there; left as it is.")
        return
    rng = random.Random(SEED)
    users = get_user_model().objects.in_bulk(
        ["admin", "verifikator", "operator.kominfo", "operator.dinkes"], field_name="username"
    )
    admin, verifier = users.get("admin"), users.get("verifikator")
    implemented = list(
        Innovation.objects.filter(pemda=pemda, status=Innovation.Status.IMPLEMENTED)
        .select_related("agency")
        .prefetch_related("other_affairs")
        .order_by("id")
    )
    own = [i for i in implemented if i.agency.name in OWN_AGENCIES][:6]
    chosen = list(own)
    # One innovation for five of the six basic-service affairs (the sixth stays missing,
    # as the score page should show), then others that do not touch the sixth.
    basic = list(GovernmentAffair.objects.filter(is_basic_service=True).order_by("code"))
    missing = basic[4]
    for affair in basic:
        if affair != missing and not any(i.main_affair_id == affair.pk for i in chosen):
            chosen += [i for i in implemented if i.main_affair_id == affair.pk][:1]
    others = [
        i
        for i in implemented
        if i not in chosen
        and i.main_affair_id != missing.pk
        and missing not in i.other_affairs.all()
    ]
    chosen += rng.sample(others, min(PUT_FORWARD - len(chosen), len(others)))
    statuses = STATUSES + [SheetStatus.DRAFT] * (len(chosen) - len(STATUSES))
    rng.shuffle(statuses)
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(Innovation)
    for number, (innovation, status) in enumerate(zip(chosen, statuses, strict=False)):
        developed = number % 11 != 5  # two innovations lack a development in the window
        sheet = InnovationAssessment.objects.create(
            period=period,
            innovation=innovation,
            pemda=pemda,
            development_date=(
                datetime.date(2024, 1, 15) + datetime.timedelta(days=rng.randint(0, 640))
                if developed
                else None
            ),
            development_note=rng.choice(DEVELOPMENTS) if developed else "",
        )
        author = users.get("operator.kominfo") if innovation in own else admin
        skip = 35 if number % 11 == 8 else 0  # two sheets lack the video
        _sheet(
            rng,
            sheet,
            "innovation_assessment",
            author,
            verifier,
            status,
            now,
            skip=skip,
            submitter=_submitter(users, innovation, admin) if period.is_open() else None,
        )
        AuditEvent.objects.create(
            actor=author,
            verb="iid_put_forward",
            subject_type=content_type,
            subject_id=innovation.pk,
            subject_repr=innovation.name,
            target_repr=period.name,
            pemda=pemda,
            message="demo data",
        )
    spd = PemdaAssessment.objects.create(period=period, pemda=pemda)
    _sheet(
        rng,
        spd,
        "pemda_assessment",
        admin,
        verifier,
        SheetStatus.SUBMITTED,
        now,
        1.0,
        submitter=admin if period.is_open() else None,
    )
    stdout.write(
        f"Kota Malang IID 2026: {len(chosen)} innovations put forward, SPD sheet submitted."
    )
