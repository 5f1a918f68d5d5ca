"""The demo city's histories (fixed seed): reviews, instruments, trials, KPIs, progress
reports since implementation (2019 onwards, up to the last period due), sponsor
confirmations, change-agent reviews, revival plans and closures — so that among
implemented innovations about 60 % grow, 25 % stagnate and 15 % have stopped.

Idempotent: does nothing once the demo Pemda has progress reports.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from inovda.organizations.demo import DEMO_PEMDA_CODE
from inovda.organizations.models import LocalGovernment

from . import conf
from .health import kpi_attainment
from .models import (
    AgentAssignment,
    AgentReview,
    FeasibilityReview,
    Innovation,
    Kpi,
    KpiValue,
    LegalInstrument,
    Lesson,
    PanelMember,
    ProgressReport,
    RevivalAction,
    RevivalPlan,
    SponsorConfirmation,
)
from .periods import due_date, periods_between

SEED = 3874
S = Innovation.Status

PANEL = [
    ("Prof. Dr. Ir. Sri Wahyuni, M.Si.", "Universitas Brawijaya", "academic"),
    ("Dr. Andi Kurniawan, S.AP., M.AP.", "Universitas Negeri Malang", "academic"),
    ("Ir. Bambang Setiawan", "Ikatan Praktisi Layanan Publik Jawa Timur", "practitioner"),
    ("Dr. Rahmat Hidayat", "Pusat Kajian Kebijakan Publik", "expert"),
    ("Endang Lestari, S.Sos.", "Bapperida Kota Malang", "internal"),
]
# (name, unit, direction, baseline range, target factor)
KPI_PAIRS = [
    (("Warga terlayani", "orang", "increase"), ("Waktu layanan rata-rata", "hari", "decrease")),
    (
        ("Pengguna aktif aplikasi", "akun", "increase"),
        ("Aduan belum tertangani", "aduan", "decrease"),
    ),
    (
        ("Kelurahan yang menerapkan", "kelurahan", "increase"),
        ("Biaya yang ditanggung warga", "ribu Rp", "decrease"),
    ),
    (
        ("Kepuasan masyarakat (IKM)", "indeks", "increase"),
        ("Antrean rata-rata", "menit", "decrease"),
    ),
]
ACTIVITIES = [
    "Sosialisasi kepada warga di {n} kelurahan dan pendampingan petugas layanan.",
    "Pemantauan layanan mingguan, rapat evaluasi bersama camat dan lurah.",
    "Pelatihan {n} petugas baru dan pembaruan prosedur operasional standar.",
    "Pemutakhiran data sasaran dan publikasi capaian di media sosial perangkat daerah.",
]
OBSTACLES = [
    "",
    "Jaringan internet di beberapa kelurahan belum stabil.",
    "Sebagian petugas dimutasi sehingga perlu pelatihan ulang.",
    "Anggaran perubahan baru cair pada akhir triwulan.",
]
# Profiles of implemented innovations: the evidence each one leaves behind.
STAGNANT_PROFILES = (
    ["overdue"] * 9 + ["declining"] * 3 + ["flat"] * 3 + ["budget"] * 2 + ["sponsor"] * 3
)


def _day(rng, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _attainments(rng, n: int, profile: str) -> list[float]:
    values, level = [], rng.uniform(0.05, 0.2)
    for _ in range(n):
        level += rng.uniform(0.01, 0.07)
        values.append(round(level, 3))
    if n >= 4 and profile == "declining":
        peak = values[-3]
        values[-2], values[-1] = round(peak - 0.06, 3), round(peak - 0.14, 3)
    elif n >= 5 and profile == "flat":
        values[-4:] = [min(values[-4], 0.7)] * 4
    elif n >= 3 and profile == "budget":
        values[-1] = values[-2]
    elif n >= 2 and profile in ("growing", "sponsor", "overdue", "silent"):
        values[-1] = max(values[-1], values[-2] + 0.03)
    return values


def _value(kpi: Kpi, attainment: float) -> Decimal:
    span = kpi.target - kpi.baseline
    return (kpi.baseline + span * Decimal(str(attainment))).quantize(Decimal("0.01"))


def _kpis(rng, innovation) -> list[Kpi]:
    pair = rng.choice(KPI_PAIRS)
    kpis = []
    for position, (name, unit, direction) in enumerate(pair):
        if direction == "increase":
            baseline = Decimal(rng.choice([50, 120, 300, 800, 1500]))
            target = baseline * Decimal("2.5")
        else:
            baseline = Decimal(rng.choice([7, 10, 14, 30, 45]))
            target = (baseline / 4).quantize(Decimal("1"))
        kpis.append(
            Kpi.objects.create(
                innovation=innovation,
                name=name,
                unit=unit,
                baseline=baseline,
                target=target,
                direction=direction,
                position=position,
            )
        )
    return kpis


def _review(rng, innovation, decided: bool, author) -> None:
    review = FeasibilityReview.objects.create(innovation=innovation, opened_by=author)
    members = rng.sample(PANEL, 3)
    for i, (name, affiliation, kind) in enumerate(members):
        recommend = decided or i < rng.randint(0, 2)
        PanelMember.objects.create(
            review=review,
            name=name,
            affiliation=affiliation,
            kind=kind,
            recommendation="feasible" if recommend else "",
            recommendation_note="Layak diterapkan dengan penguatan indikator kinerja."
            if recommend
            else "",
            recommended_at=timezone.now() if recommend else None,
        )
    if decided:
        review.decision = "feasible"
        review.decision_note = "Memenuhi lima kriteria inovasi daerah (PP 38/2017)."
        review.decided_by = author
        review.decided_at = timezone.now()
        review.save()


def _instrument(innovation, purpose, kind, day, seq) -> None:
    number = (
        f"188.45/{seq}/35.73.112/{day.year}" if kind == "sk" else f"{seq % 60 + 1} Tahun {day.year}"
    )
    LegalInstrument.objects.create(
        innovation=innovation, purpose=purpose, kind=kind, number=number, issued_on=day
    )


def _reports(rng, innovation, kpis, profile, today, grace, stop_at=None) -> None:
    cadence = innovation.report_cadence
    periods = [
        p for p in periods_between(innovation.implementation_start, today, cadence) if p.end < today
    ]
    if stop_at is not None:
        periods = [p for p in periods if p.end < stop_at]
    elif profile == "overdue":
        due = [p for p in periods if due_date(p, grace) < today]
        periods = due[: len(due) - rng.randint(1, 2)] if len(due) > 2 else due[:1]
    elif profile == "silent":
        cutoff = today - datetime.timedelta(days=rng.randint(420, 800))
        periods = [p for p in periods if p.end < cutoff]
    else:  # the last period, still within its grace, may not be reported yet
        periods = [p for p in periods if due_date(p, grace) < today or rng.random() < 0.5]
    attainments = _attainments(rng, len(periods), profile)
    budget = Decimal(rng.choice([25, 40, 60, 90, 150])) * 1_000_000
    reports, values = [], []
    for i, (period, attainment) in enumerate(zip(periods, attainments, strict=True)):
        due = due_date(period, grace)
        late = rng.random() < 0.12
        submitted = (
            due + datetime.timedelta(days=rng.randint(1, 20))
            if late
            else _day(rng, period.end + datetime.timedelta(days=1), due)
        )
        share = (
            rng.uniform(0.2, 0.4)
            if profile == "budget" and i >= len(periods) - 4
            else (rng.uniform(0.7, 1.0))
        )
        report = ProgressReport(
            innovation=innovation,
            period_start=period.start,
            period_end=period.end,
            activities=rng.choice(ACTIVITIES).format(n=rng.randint(3, 12)),
            beneficiaries=int(300 + attainment * rng.randint(800, 3000)),
            budget_allocated=budget,
            budget_realised=(budget * Decimal(str(round(share, 2)))).quantize(Decimal("1")),
            obstacles=rng.choice(OBSTACLES),
            due_on=due,
            is_late=late,
            submitted_by=innovation.owner,
            submitted_at=timezone.make_aware(
                datetime.datetime.combine(min(submitted, today), datetime.time(10))
            ),
        )
        reports.append(report)
        values.append([(kpi, _value(kpi, attainment)) for kpi in kpis])
    ProgressReport.objects.bulk_create(reports)
    rows = []
    for report, pairs in zip(reports, values, strict=True):
        scores = [kpi_attainment(v, k.baseline, k.target, k.direction) for k, v in pairs]
        report.kpi_attainment = round(sum(scores) / len(scores), 6)
        rows += [KpiValue(report=report, kpi=k, value=v) for k, v in pairs]
    KpiValue.objects.bulk_create(rows)
    ProgressReport.objects.bulk_update(reports, ["kpi_attainment"])


def _sponsor(rng, innovation, profile, today) -> None:
    if profile in ("sponsor", "silent"):
        last = today - datetime.timedelta(days=rng.randint(420, 700))
    else:
        last = today - datetime.timedelta(days=rng.randint(20, 330))
    day = last
    while day > innovation.implementation_start:
        SponsorConfirmation.objects.create(
            innovation=innovation,
            sponsor_name=f"Kepala {innovation.agency.name}",
            sponsor_position="Kepala Perangkat Daerah",
            confirmed_on=day,
            note="Rapat evaluasi tahunan: inovasi dilanjutkan dan dianggarkan kembali.",
        )
        day -= datetime.timedelta(days=365)


def load(stdout) -> None:
    pemda = LocalGovernment.objects.get(code=DEMO_PEMDA_CODE)
    if ProgressReport.objects.filter(innovation__pemda=pemda).exists():
        stdout.write("Kota Malang histories: already loaded.")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    grace = conf.get("REPORT_GRACE_DAYS")
    users = {u.username: u for u in get_user_model().objects.all()}
    for user in users.values():
        if not user.email and user.username != "root":
            user.email = f"{user.username}@demo.malangkota.go.id"
            user.save(update_fields=["email"])
    admin, innovator, agent = users.get("admin"), users.get("inovator"), users.get("agen")
    innovations = list(
        Innovation.objects.filter(pemda=pemda).select_related("agency").order_by("pk")
    )
    seq = 100
    for innovation in innovations:
        kominfo = "Kominfo" in innovation.agency.name or "Komunikasi" in innovation.agency.name
        innovation.owner = innovator if kominfo else admin
        innovation.report_cadence = "semester" if rng.random() < 0.15 else "quarterly"
        status = innovation.status
        if status == S.NEEDS_REVISION:
            innovation.status_reason = "Lengkapi data dukung dan perjelas indikator keberhasilan."
        elif status == S.REJECTED:
            innovation.status_reason = "Bukan kewenangan pemerintah daerah kota (PP 38/2017)."
        if status in (
            S.UNDER_REVIEW,
            S.NEEDS_REVISION,
            S.REJECTED,
            S.ADOPTED,
            S.TRIAL,
            S.IMPLEMENTED,
            S.DISCONTINUED,
        ):
            _review(rng, innovation, status != S.UNDER_REVIEW, admin)
        if status in (S.ADOPTED, S.TRIAL, S.IMPLEMENTED, S.DISCONTINUED):
            seq += 1
            start = innovation.trial_start or datetime.date(innovation.year or 2021, 3, 1)
            _instrument(innovation, "adoption", "sk", start - datetime.timedelta(days=30), seq)
        if status in (S.TRIAL, S.IMPLEMENTED, S.DISCONTINUED):
            innovation.trial_actual_start = innovation.trial_start
            if status == S.TRIAL:
                innovation.trial_start = today - datetime.timedelta(days=rng.randint(20, 80))
                innovation.trial_end = innovation.trial_start + datetime.timedelta(days=90)
                innovation.trial_actual_start = innovation.trial_start
            else:
                innovation.trial_actual_end = innovation.trial_end
                innovation.trial_report = (
                    "Uji coba di tiga kelurahan: waktu layanan turun dan warga menilai layanan "
                    "lebih mudah. Prosedur disempurnakan sebelum penerapan penuh."
                )
        if status in (S.IMPLEMENTED, S.DISCONTINUED):
            _instrument(
                innovation,
                "implementation",
                rng.choice(["sk", "perkada"]),
                innovation.implementation_start,
                seq,
            )
        innovation.save()

    running = [i for i in innovations if i.status == S.IMPLEMENTED]
    rng.shuffle(running)
    n_grow = round(len(running) * 0.66)
    n_stag = min(len(STAGNANT_PROFILES), len(running) - n_grow - 4)
    # one Kominfo innovation is overdue, so that the demo innovator has a reminder
    kominfo = [k for k, i in enumerate(running) if i.owner == innovator]
    if kominfo:
        k = kominfo[-1]
        running[k], running[n_grow] = running[n_grow], running[k]
    profiles = (
        ["growing"] * n_grow
        + STAGNANT_PROFILES[:n_stag]
        + ["silent"] * (len(running) - n_grow - n_stag)
    )
    for innovation, profile in zip(running, profiles, strict=True):
        kpis = _kpis(rng, innovation)
        _reports(rng, innovation, kpis, profile, today, grace)
        _sponsor(rng, innovation, profile, today)

    stopped = [i for i in innovations if i.status == S.DISCONTINUED]
    for n, innovation in enumerate(stopped):
        stop_at = today - datetime.timedelta(days=rng.randint(300, 900))
        kpis = _kpis(rng, innovation)
        _reports(rng, innovation, kpis, "growing", today, grace, stop_at=stop_at)
        innovation.discontinued_from = S.IMPLEMENTED
        innovation.status_reason = rng.choice(
            [
                "Aplikasi digantikan oleh layanan terpadu tingkat provinsi.",
                "Tidak ada anggaran pemeliharaan setelah refocusing anggaran.",
                "Petugas kunci dimutasi dan tidak ada pengganti terlatih.",
            ]
        )
        innovation.status_changed_at = timezone.make_aware(
            datetime.datetime.combine(stop_at, datetime.time(9))
        )
        innovation.save()
        if n < 6:
            Lesson.objects.create(
                innovation=innovation,
                occasion=Lesson.Occasion.DISCONTINUATION,
                title=f"Pelajaran penutupan: {innovation.name}",
                results_impact="Ribuan warga sempat terlayani lebih cepat selama inovasi berjalan.",
                challenges="Pemeliharaan sistem dan pelatihan petugas tidak "
                "dianggarkan; ketergantungan pada satu orang penggerak.",
                success_conditions="Anggaran pemeliharaan tahunan, kader pengganti, dan "
                "dukungan pimpinan yang dinyatakan setiap tahun.",
                lessons="Rencanakan keberlanjutan sejak usulan: siapa yang memelihara, dengan "
                "anggaran apa, dan bagaimana pengetahuan dialihkan.",
                created_by=admin,
            )

    from .services import health_refresh, report_reminders_send

    counts = health_refresh(today=today)
    _agents_and_revivals(rng, running, admin, agent, today)
    report_reminders_send(today=today)
    stdout.write(
        "Kota Malang histories: "
        + ", ".join(f"{key} {value}" for key, value in sorted(counts.items()))
    )


def _agents_and_revivals(rng, running, admin, agent, today) -> None:
    if agent is None:
        return
    for innovation in running[:12]:
        AgentAssignment.objects.create(innovation=innovation, agent=agent, assigned_by=admin)
        review = AgentReview.objects.create(
            innovation=innovation,
            agent=agent,
            findings="Layanan berjalan, tetapi umpan balik warga belum direkap setiap bulan.",
            recommendations="Rekap umpan balik warga tiap bulan dan bahas dalam rapat evaluasi.",
        )
        if rng.random() < 0.6:
            review.response = "Rekap bulanan mulai dilakukan oleh operator sejak bulan ini."
            review.responded_by = innovation.owner
            review.responded_at = timezone.now()
            review.save()
    for innovation in running[12:15]:  # assigned lately: the agent's desk has reviews to write
        AgentAssignment.objects.create(innovation=innovation, agent=agent, assigned_by=admin)
    stagnant = list(Innovation.objects.filter(pk__in=[r.pk for r in running], health="stagnant"))
    for innovation in stagnant[: max(1, len(stagnant) // 2)]:
        plan = RevivalPlan.objects.create(
            innovation=innovation,
            diagnosis="Operator utama dimutasi dan laporan perkembangan berhenti; anggaran "
            "pemeliharaan belum masuk DPA.",
            created_by=admin,
        )
        for k, text in enumerate(
            [
                "Tunjuk dan latih operator pengganti",
                "Masukkan anggaran pemeliharaan ke DPA perubahan",
                "Kirim laporan perkembangan yang tertunda",
            ]
        ):
            due = today + datetime.timedelta(days=rng.randint(-20, 60))
            RevivalAction.objects.create(
                plan=plan,
                description=text,
                owner=innovation.owner or admin,
                due_on=due,
                done_on=today - datetime.timedelta(days=3) if k == 0 else None,
            )
