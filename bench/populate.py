"""One Pemda with N innovations and every dashboard section's records, for bench/pages.py.

    from populate import populate_pemda
    pemda = populate_pemda(n=2_000, code="99.02")   # idempotent: reuses a Pemda already built

What a working Pemda holds: 45 agencies; N innovations with the design text of the demo city
(≈330 words); for each running one an IID sheet of the current period with 20 SID rows
(levels, evidence links, reviews) and the Pemda's SPD sheet; two progress reports with a
KPI value each; a barrier for every second innovation, a risk with two reviews for every
second, a budget line of this year for every second; innovators with trainings; an event
per 50 innovations; a lesson per 10; a stagnant 5 % with revival plans; and every
innovation and lesson in the search index. Rows are written with bulk inserts (the
services would take hours); the figures the pages show are those the services keep
(sheet scores through `scoring.sheet_score`, word counts, health fields).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

AGENCIES = 45
RUNNING = ("adopted", "trial", "implemented")


def _today():
    from django.utils import timezone

    return timezone.localdate()


def populate_pemda(*, n: int, code: str, seed: int = 16, stdout=print):
    from django.db import transaction

    from inovda.innovations.models import Innovation
    from inovda.organizations.models import LocalGovernment

    existing = LocalGovernment.objects.filter(code=code).first()
    if existing and Innovation.objects.filter(pemda=existing).count() >= n:
        return existing
    if existing:
        raise SystemExit(f"Pemda {code} is half built: rebuild the bench database")
    rng = random.Random(seed + n)
    province = LocalGovernment.objects.filter(kind="provinsi").order_by("code").first()
    with transaction.atomic():
        pemda = LocalGovernment.objects.create(
            code=code, name=f"Kota Uji {n:,}".replace(",", "."), kind="kota", province=province
        )
        agencies = _agencies(pemda)
        innovations = _innovations(pemda, agencies, n, rng)
    running = [i for i in innovations if i.status in RUNNING]
    for step in (_iid, _reports, _ecosystem, _knowledge, _stagnant, _index):
        with transaction.atomic():
            step(pemda, agencies, innovations, running, rng)
    stdout(f"  {pemda.name}: {n} innovations and their records")
    return pemda


def _agencies(pemda):
    from national import AGENCY_NAMES

    from inovda.organizations.models import Agency

    names = [name for name, _kind, _code in AGENCY_NAMES]
    names += [f"Kecamatan {i}" for i in range(1, AGENCIES - len(names) + 1)]
    return Agency.objects.bulk_create(
        [Agency(pemda=pemda, name=name, kind="dinas") for name in names[:AGENCIES]]
    )


def _innovations(pemda, agencies, n, rng):
    from national import STATUS_MIX, _ideas

    from inovda.innovations.demo import design_texts
    from inovda.innovations.models import Innovation, Tag
    from inovda.organizations.models import GovernmentAffair

    affairs = list(GovernmentAffair.objects.all())
    themes = list(Tag.objects.filter(kind=Tag.Kind.THEME).values_list("pk", flat=True))
    statuses = [(s, st) for s, st, w in STATUS_MIX for _ in range(w)]
    ideas = _ideas()
    today = _today()
    rows = []
    for i in range(n):
        agency = rng.choice(agencies)
        affair = rng.choice(affairs)
        # Every status at least once (a small Pemda fills every section too), then the mix.
        status, stage = STATUS_MIX[i][:2] if i < len(STATUS_MIX) else rng.choice(statuses)
        name = f"{rng.choice(ideas)} {i + 1}"
        texts = design_texts(name, agency.name, affair.name, "layanan lambat", "layanan cepat")
        health = "not_applicable"
        if status == "implemented":
            health = "stagnant" if i == 0 or rng.random() < 0.1 else "growing"
        elif status == "discontinued":
            health = "discontinued"
        rows.append(
            Innovation(
                pemda=pemda,
                agency=agency,
                name=name,
                initiator_kind="perangkat_daerah",
                form=rng.choice(["pelayanan_publik", "tata_kelola", "lainnya"]),
                kind=rng.choice(["digital", "non_digital"]),
                main_affair=affair,
                stage=stage,
                status=status,
                year=rng.choice(range(today.year - 5, today.year + 1)),
                goals="Mempercepat dan mempermudah layanan kepada warga.",
                benefits="Waktu layanan lebih singkat dan biaya warga berkurang.",
                implementation_start=today - datetime.timedelta(days=rng.randint(60, 700)),
                design_word_count=330,
                health=health,
                health_computed=health,
                **texts,
            )
        )
    created = Innovation.objects.bulk_create(rows, batch_size=1000)
    Through = Innovation.themes.through
    Through.objects.bulk_create(
        [
            Through(innovation_id=inn.pk, tag_id=rng.choice(themes))
            for inn in created
            if themes and rng.random() < 0.4
        ],
        batch_size=5000,
    )
    return created


def _iid(pemda, agencies, innovations, running, rng):
    from inovda.assessment import scoring, selectors
    from inovda.assessment.models import (
        Aspect,
        Entry,
        Evidence,
        InnovationAssessment,
        PemdaAssessment,
        SheetStatus,
    )
    from inovda.assessment.services import score_update

    period = selectors.current_period()
    if period is None:
        return
    sid = list(period.indicators.filter(aspect=Aspect.SID).order_by("position"))
    spd = list(period.indicators.filter(aspect=Aspect.SPD).order_by("position"))
    sheets = InnovationAssessment.objects.bulk_create(
        [
            InnovationAssessment(
                period=period,
                innovation=inn,
                pemda=pemda,
                status=rng.choice(list(SheetStatus.values)),
            )
            for inn in running
        ],
        batch_size=1000,
    )
    entries = []
    for sheet in sheets:
        rows = []
        for indicator in sid:
            level = rng.choices((0, 1, 2, 3), weights=(1, 2, 4, 5))[0]
            evidence = int(level > 0 and rng.random() < 0.9)
            entry = Entry(
                indicator=indicator,
                innovation_assessment=sheet,
                level=level,
                evidence_count=evidence,
                review=Entry.Review.ACCEPTED
                if evidence and rng.random() < 0.7
                else rng.choice([Entry.Review.WAITING, Entry.Review.REJECTED]),
            )
            entries.append(entry)
            rows.append(entry.scoring_row())
        score_update(sheet, scoring.sheet_score(rows))
    Entry.objects.bulk_create(entries, batch_size=5000)
    InnovationAssessment.objects.bulk_update(
        sheets, InnovationAssessment.SCORE_FIELDS, batch_size=1000
    )
    Evidence.objects.bulk_create(
        [
            Evidence(entry=e, url=f"https://bukti.example/{e.pk}.pdf", kind="url")
            for e in entries
            if e.evidence_count
        ],
        batch_size=5000,
    )
    spd_sheet = PemdaAssessment.objects.create(
        period=period, pemda=pemda, status=SheetStatus.SUBMITTED
    )
    rows, spd_entries = [], []
    for indicator in spd:
        level = rng.randint(1, 3)
        entry = Entry(
            indicator=indicator,
            pemda_assessment=spd_sheet,
            level=level,
            evidence_count=1,
            review=Entry.Review.ACCEPTED,
        )
        spd_entries.append(entry)
        rows.append(entry.scoring_row())
    Entry.objects.bulk_create(spd_entries)
    score_update(spd_sheet, scoring.sheet_score(rows))
    spd_sheet.save()


def _reports(pemda, agencies, innovations, running, rng):
    from django.utils import timezone

    from inovda.innovations.models import Kpi, KpiValue, ProgressReport

    today = _today()
    now = timezone.now()
    implemented = [i for i in running if i.status == "implemented"]
    kpis = Kpi.objects.bulk_create(
        [
            Kpi(
                innovation=inn,
                name="Waktu layanan",
                unit="menit",
                baseline=Decimal(60),
                target=Decimal(15),
            )
            for inn in implemented
        ],
        batch_size=2000,
    )
    reports = []
    for inn in implemented:
        for back in (1, 2):
            end = today.replace(day=1) - datetime.timedelta(days=90 * (back - 1) + 1)
            reports.append(
                ProgressReport(
                    innovation=inn,
                    period_start=end - datetime.timedelta(days=89),
                    period_end=end,
                    activities="Layanan berjalan; sosialisasi ke kelurahan.",
                    beneficiaries=rng.randint(50, 5000),
                    due_on=end + datetime.timedelta(days=15),
                    submitted_at=now,
                )
            )
    reports = ProgressReport.objects.bulk_create(reports, batch_size=2000)
    kpi_of = {k.innovation_id: k for k in kpis}
    KpiValue.objects.bulk_create(
        [
            KpiValue(report=r, kpi=kpi_of[r.innovation_id], value=Decimal(rng.randint(10, 60)))
            for r in reports
        ],
        batch_size=5000,
    )


def _ecosystem(pemda, agencies, innovations, running, rng):
    from inovda.ecosystem import rules
    from inovda.ecosystem.demo import BARRIERS, RISKS
    from inovda.ecosystem.models import (
        Barrier,
        BudgetLine,
        Innovator,
        Risk,
        RiskReview,
        Training,
    )

    today = _today()

    def day(years_back=2):
        return today - datetime.timedelta(days=rng.randint(0, 365 * years_back))

    half = running[::2]
    barriers = []
    for j, inn in enumerate(half):
        kind = rng.choice(list(BARRIERS))
        title, description, impact, resolution = rng.choice(BARRIERS[kind])
        raised, sla = day(), rules.sla_days(kind)
        resolved = raised + datetime.timedelta(days=rng.randint(1, 2 * sla))
        done = resolved <= today and rng.random() < 0.7
        if j < 2:  # one open and one resolved, however small the Pemda
            raised, resolved, done = today - datetime.timedelta(days=2 * sla), today, j == 1
        barriers.append(
            Barrier(
                pemda=pemda,
                agency_id=inn.agency_id,
                innovation=inn,
                kind=kind,
                title=title,
                description=description,
                impact=impact,
                raised_on=raised,
                sla_days=sla,
                due_on=raised + datetime.timedelta(days=sla),
                status="resolved" if done else rng.choice(["open", "in_progress", "escalated"]),
                resolution=resolution if done else "",
                resolved_on=resolved if done else None,
            )
        )
    Barrier.objects.bulk_create(barriers, batch_size=1000)
    risks = []
    for inn in half:
        kind, title, cause, consequence, treatment, plan, _digital = rng.choice(RISKS)
        identified = day()
        risks.append(
            Risk(
                pemda=pemda,
                agency_id=inn.agency_id,
                innovation=inn,
                kind=kind,
                title=title,
                cause=cause,
                consequence=consequence,
                likelihood=rng.randint(1, 5),
                impact=rng.randint(1, 5),
                treatment=treatment,
                treatment_plan=plan,
                identified_on=identified,
                review_on=identified + datetime.timedelta(days=rng.randint(30, 400)),
            )
        )
    risks = Risk.objects.bulk_create(risks, batch_size=1000)
    RiskReview.objects.bulk_create(
        [
            RiskReview(
                risk=risk,
                due_on=(due := day()),
                reviewed_on=due + datetime.timedelta(days=rng.randint(-10, 20)),
                likelihood=risk.likelihood,
                impact=risk.impact,
            )
            for risk in risks
            for _ in range(2)
        ],
        batch_size=2000,
    )
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                pemda=pemda,
                agency_id=inn.agency_id,
                innovation=inn,
                fiscal_year=year,
                source=rng.choice(["apbd", "apbd", "dak", "csr"]),
                description="Kegiatan",
                allocated=Decimal(rng.randint(25, 500) * 1_000_000),
                realised=Decimal(rng.randint(0, 25) * 1_000_000),
            )
            for inn in half
            for year in (today.year - 1, today.year)
        ],
        batch_size=2000,
    )
    people = Innovator.objects.bulk_create(
        [
            Innovator(pemda=pemda, agency=rng.choice(agencies), name=f"Inovator {i}")
            for i in range(max(20, len(innovations) // 4))
        ],
        batch_size=2000,
    )
    Training.objects.bulk_create(
        [
            Training(innovator=p, kind="bimtek", title="Bimtek", held_on=day(1), hours=8)
            for p in people[::2]
        ],
        batch_size=2000,
    )


def _knowledge(pemda, agencies, innovations, running, rng):
    from django.contrib.auth import get_user_model

    from inovda.innovations.models import Lesson
    from inovda.knowledge.models import Event

    author, _ = get_user_model().objects.get_or_create(username="bench.author")
    today = _today()
    Event.objects.bulk_create(
        [
            Event(
                pemda=pemda,
                organiser=rng.choice(agencies),
                kind=rng.choice(["fgd", "bimtek", "sharing"]),
                title=f"FGD layanan {i}",
                date=today - datetime.timedelta(days=rng.randint(0, 700)),
                minutes="Peserta membahas kendala layanan dan tindak lanjutnya.",
            )
            for i in range(max(4, len(innovations) // 50))
        ]
    )
    Lesson.objects.bulk_create(
        [
            Lesson(
                innovation=inn,
                title=f"Pelajaran dari {inn.name}",
                lessons="Libatkan kelurahan sejak awal; siapkan server cadangan.",
                challenges="Jaringan di kecamatan terluar sering putus.",
                created_by=author,
            )
            for inn in running[::10]
        ],
        batch_size=2000,
    )


def _stagnant(pemda, agencies, innovations, running, rng):
    from inovda.innovations.models import RevivalPlan

    stagnant = [i for i in innovations if i.health == "stagnant"]
    RevivalPlan.objects.bulk_create(
        [
            RevivalPlan(innovation=inn, diagnosis="Pengguna turun karena aplikasi lambat.")
            for inn in stagnant[::2]
        ],
        batch_size=1000,
    )


def _index(pemda, agencies, innovations, running, rng):
    """Every innovation and lesson of the Pemda in the search index (bulk, as bench/search)."""
    from inovda.core import indexing
    from inovda.innovations.models import Lesson
    from inovda.knowledge.indexing import analysed
    from inovda.knowledge.models import SearchDocument

    docs, affairs = [], []
    lessons = Lesson.objects.filter(innovation__pemda=pemda).select_related("innovation")
    for obj in [*innovations, *lessons]:
        indexer = indexing.indexer_for(obj)
        entry = indexer.entry(obj)
        if entry is None:
            continue
        docs.append(
            SearchDocument(
                doc_type=indexer.doc_type,
                object_id=obj.pk,
                **analysed(entry.title, entry.body),
                pemda_id=entry.pemda_id,
                agency_id=entry.agency_id,
                innovation_id=entry.innovation_id,
                year=entry.year,
            )
        )
        affairs.append(sorted(set(entry.affair_ids)))
    created = SearchDocument.objects.bulk_create(docs, batch_size=2000)
    Through = SearchDocument.affairs.through
    Through.objects.bulk_create(
        [
            Through(searchdocument_id=doc.pk, governmentaffair_id=affair)
            for doc, ids in zip(created, affairs, strict=True)
            for affair in ids
        ],
        batch_size=5000,
    )
