"""National-scale data for benchmarks: 546 Pemda, their agencies, 40,000 innovations.

Used by bench/pages.py; other benchmarks (the IID one) import `build()` and add their own
records (periods, evidence…) on top, so every benchmark measures the same nation:

    from national import build
    summary = build(innovations=40_000, seed=2026)     # idempotent: reuses what exists
    for pemda_id, innovation_ids in summary.by_pemda.items(): ...

Believable rather than random: agency names of a real Pemda's structure, innovation names
from the demo idea list, forms/stages/statuses in the proportions a registry shows, the
design text of the demo city (≈330 words), years 2019–2025, themes and overlapping affairs.
Nothing here is product code; it needs Django set up and the reference data loaded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

AGENCY_NAMES = [
    ("Dinas Pendidikan", "dinas", "1.01"),
    ("Dinas Kesehatan", "dinas", "1.02"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", "1.03"),
    ("Dinas Perumahan dan Kawasan Permukiman", "dinas", "1.04"),
    ("Satuan Polisi Pamong Praja", "other", "1.05"),
    ("Dinas Sosial", "dinas", "1.06"),
    ("Dinas Tenaga Kerja", "dinas", "2.07"),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dinas", "2.08"),
    ("Dinas Ketahanan Pangan", "dinas", "2.09"),
    ("Dinas Lingkungan Hidup", "dinas", "2.11"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "dinas", "2.12"),
    ("Dinas Perhubungan", "dinas", "2.15"),
    ("Dinas Komunikasi dan Informatika", "dinas", "2.16"),
    ("Dinas Koperasi dan Usaha Mikro", "dinas", "2.17"),
    ("Dinas Penanaman Modal dan PTSP", "dinas", "2.18"),
    ("Dinas Kepemudaan dan Olahraga", "dinas", "2.19"),
    ("Dinas Perpustakaan dan Kearsipan", "dinas", "2.23"),
    ("Dinas Pariwisata dan Kebudayaan", "dinas", "3.26"),
    ("Dinas Pertanian", "dinas", "3.27"),
    ("Dinas Perdagangan", "dinas", "3.30"),
    ("Badan Perencanaan, Penelitian dan Pengembangan Daerah", "badan", "5.01"),
    ("Badan Pengelola Keuangan dan Aset Daerah", "badan", "5.02"),
    ("Badan Kepegawaian dan Pengembangan SDM", "badan", "5.03"),
    ("Inspektorat Daerah", "inspektorat", "6.01"),
    ("Rumah Sakit Umum Daerah", "rsud", "1.02"),
]
STATUS_MIX = [  # (status, stage, weight): how a registry looks
    ("implemented", "penerapan", 60),
    ("trial", "uji_coba", 10),
    ("adopted", "inisiatif", 4),
    ("discontinued", "penerapan", 8),
    ("under_review", "inisiatif", 4),
    ("submitted", "inisiatif", 6),
    ("needs_revision", "inisiatif", 2),
    ("rejected", "inisiatif", 2),
    ("draft", "inisiatif", 4),
]
PEMDAS = 546


@dataclass
class Summary:
    pemdas: int = 0
    agencies: int = 0
    innovations: int = 0
    by_pemda: dict[int, int] = field(default_factory=dict)
    largest_pemda_id: int | None = None


def _pemdas(rng):
    from inovda.organizations.models import LocalGovernment

    # The measured Pemda of bench/populate.py (codes 99.xx) are not part of the nation.
    everyone = list(LocalGovernment.objects.exclude(code__startswith="99.").order_by("code"))
    if len(everyone) < PEMDAS:
        raise SystemExit("Load the reference data first (manage.py load_reference).")
    keep = sorted(rng.sample(everyone, PEMDAS), key=lambda p: p.code)
    malang = next(p for p in everyone if p.code == "35.73")
    if malang not in keep:
        keep[-1] = malang
    return keep


def build(*, innovations: int = 40_000, seed: int = 2026, stdout=print) -> Summary:
    from django.db import transaction
    from django.db.models import Count

    from inovda.innovations.demo import design_texts
    from inovda.innovations.models import Innovation, Tag
    from inovda.organizations.models import Agency, GovernmentAffair

    rng = random.Random(seed)
    pemdas = _pemdas(rng)
    affairs = {a.code: a for a in GovernmentAffair.objects.all()}
    themes = list(Tag.objects.filter(kind=Tag.Kind.THEME))
    basic = [a for a in affairs.values() if a.is_basic_service]
    summary = Summary(pemdas=len(pemdas))

    existing = set(Agency.objects.values_list("pemda_id", "name"))
    new_agencies = [
        Agency(pemda=p, name=name, kind=kind)
        for p in pemdas
        for name, kind, _code in AGENCY_NAMES
        if (p.pk, name) not in existing
    ]
    Agency.objects.bulk_create(new_agencies, batch_size=2000)
    agency_affair = {name: code for name, _kind, code in AGENCY_NAMES}
    agencies_by_pemda: dict[int, list[Agency]] = {}
    for agency in Agency.objects.filter(pemda__in=pemdas, name__in=agency_affair):
        agencies_by_pemda.setdefault(agency.pemda_id, []).append(agency)
    summary.agencies = sum(len(v) for v in agencies_by_pemda.values())

    have = Innovation.objects.filter(pemda__in=pemdas).count()
    if have < innovations:
        # Sizes vary like real registries: a few large cities (≈200), many small (≈40).
        weights = [rng.lognormvariate(0, 0.55) for _ in pemdas]
        scale = (innovations - have) / sum(weights)
        ideas = _ideas()
        statuses = [(s, st) for s, st, w in STATUS_MIX for _ in range(w)]
        pending, links_theme, links_affair = [], [], []
        sizes = [round(w * scale) for w in weights]
        sizes[-1] += innovations - have - sum(sizes)  # exactly the number asked for
        for pemda, size in zip(pemdas, sizes, strict=True):
            for i in range(max(size, 0)):
                agency = rng.choice(agencies_by_pemda[pemda.pk])
                idea = rng.choice(ideas)
                status, stage = rng.choice(statuses)
                year = rng.choice(range(2019, 2026))
                name = f"{idea} {pemda.name.split()[-1]} {i + 1}"
                affair = affairs.get(agency_affair[agency.name]) or rng.choice(basic)
                texts = design_texts(
                    name, agency.name, affair.name, "layanan lambat", "layanan cepat"
                )
                pending.append(
                    Innovation(
                        pemda=pemda,
                        agency=agency,
                        name=name,
                        initiator_kind=rng.choice(["asn", "perangkat_daerah", "kepala_daerah"]),
                        form=rng.choices(["pelayanan_publik", "tata_kelola", "lainnya"], [6, 3, 1])[
                            0
                        ],
                        kind=rng.choice(["digital", "non_digital"]),
                        main_affair=affair,
                        stage=stage,
                        status=status,
                        year=year,
                        goals="Mempercepat dan mempermudah layanan kepada warga.",
                        benefits="Waktu layanan lebih singkat dan biaya warga berkurang.",
                        design_word_count=330,
                        **texts,
                    )
                )
        with transaction.atomic():
            Innovation.objects.bulk_create(pending, batch_size=2000)
            Through = Innovation.themes.through
            Affairs = Innovation.other_affairs.through
            for innovation in pending:
                if rng.random() < 0.4:
                    links_theme.append(
                        Through(innovation_id=innovation.pk, tag_id=rng.choice(themes).pk)
                    )
                if rng.random() < 0.3:
                    links_affair.append(
                        Affairs(
                            innovation_id=innovation.pk, governmentaffair_id=rng.choice(basic).pk
                        )
                    )
            Through.objects.bulk_create(links_theme, batch_size=5000, ignore_conflicts=True)
            Affairs.objects.bulk_create(links_affair, batch_size=5000, ignore_conflicts=True)
        stdout(f"  {len(pending)} innovations generated")
    counts = (
        Innovation.objects.filter(pemda__in=pemdas)
        .values_list("pemda_id")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    summary.by_pemda = dict(counts)
    summary.innovations = sum(summary.by_pemda.values())
    summary.largest_pemda_id = next(iter(summary.by_pemda))
    return summary


def _ideas() -> list[str]:
    from inovda.core.datafiles import demo_path, read_csv

    names = [
        row["nama"].split(" (")[0] for row in read_csv(demo_path("generated_innovation_ideas.csv"))
    ]
    return names or ["Layanan Inovasi"]
