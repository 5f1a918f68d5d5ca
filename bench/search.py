"""Benchmark of the knowledge search: 200,000 innovations (five years of national volume)
with believable Indonesian text, plus lessons, events and library documents; p50 / p95 of
filtered searches per user scope, on SQLite (FTS5) and PostgreSQL (tsvector, `indonesian`).

    make bench-search                                   # SQLite, var/bench/search.sqlite3
    DATABASE_URL=postgres://inovda:inovda@127.0.0.1:5432/inovda_bench make bench-search

The data is built with bulk inserts straight into the tables and the index (the services
would take hours for 200k rows); the timed calls are the real selector, `search_documents`,
with the access rules of real users. Options: --innovations N, --queries N, --keep (reuse
the data already built).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "var" / "bench" / "search.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("AXES_ENABLED", "0")

SEED = 20261128
SERVICES = [
    ("antrean", "pasien", "puskesmas"),
    ("perizinan", "pelaku usaha", "izin usaha"),
    ("posyandu", "balita", "gizi"),
    ("bank sampah", "warga", "sampah plastik"),
    ("stunting", "ibu hamil", "gizi balita"),
    ("pajak daerah", "wajib pajak", "PBB"),
    ("kependudukan", "warga", "KTP elektronik"),
    ("beasiswa", "pelajar", "sekolah"),
    ("pengaduan", "masyarakat", "laporan warga"),
    ("air bersih", "rumah tangga", "sambungan"),
    ("UMKM", "pelaku UMKM", "pemasaran produk"),
    ("ambulans", "pasien gawat darurat", "rujukan"),
    ("parkir", "pengendara", "retribusi parkir"),
    ("pasar", "pedagang", "harga bahan pokok"),
    ("perpustakaan", "anak", "minat baca"),
    ("lansia", "warga lanjut usia", "layanan rumah"),
    ("banjir", "warga bantaran", "peringatan dini"),
    ("pertanian", "petani", "pupuk"),
    ("kemiskinan", "keluarga miskin", "bantuan sosial"),
    ("kepegawaian", "ASN", "kenaikan pangkat"),
    ("arsip", "perangkat daerah", "dokumen"),
    ("pariwisata", "wisatawan", "destinasi"),
    ("imunisasi", "bayi", "jadwal vaksin"),
    ("sanitasi", "permukiman", "jamban sehat"),
]
PREFIXES = ["Sistem", "Aplikasi", "Gerakan", "Layanan", "Program", "Pojok", "Kampung", "Sapa"]
MODIFIERS = [
    "Online",
    "Digital",
    "Terpadu",
    "Keliling",
    "Mandiri",
    "Cerdas",
    "Ramah",
    "Cepat",
    "Bersama",
    "Berbasis Data",
    "Satu Pintu",
    "Tanpa Antre",
]
PLACES = [
    "Kelurahan",
    "Kecamatan",
    "Desa",
    "Sekolah",
    "Puskesmas",
    "Pasar",
    "RSUD",
    "Posyandu",
    "Balai Warga",
    "Kota",
    "Kabupaten",
]
FILLER = [
    "petugas",
    "koordinasi",
    "pelaporan",
    "sosialisasi",
    "kader",
    "jadwal",
    "data",
    "aplikasi",
    "formulir",
    "verifikasi",
    "pendampingan",
    "evaluasi",
    "monitoring",
    "anggaran",
    "relawan",
    "mitra",
    "komunitas",
    "perguruan tinggi",
    "dunia usaha",
    "kanal pengaduan",
    "indikator kinerja",
    "standar pelayanan",
    "waktu layanan",
    "biaya",
    "transparansi",
    "akuntabilitas",
    "kolaborasi",
    "digitalisasi",
]
QUERIES = [
    "antrean puskesmas",
    "bank sampah",
    "stunting",
    "posyandu balita",
    "perizinan online",
    "pajak daerah",
    "KTP elektronik",
    "beasiswa pelajar",
    "pengaduan masyarakat",
    "air bersih",
    "UMKM pemasaran",
    "ambulans",
    "retribusi parkir",
    "harga bahan pokok",
    "minat baca",
    "lansia",
    "peringatan dini banjir",
    "pupuk petani",
    "keluarga miskin",
    "kenaikan pangkat",
    "arsip dokumen",
    "destinasi wisata",
    "imunisasi",
    "jamban sehat",
    "layanan digital kelurahan",
    "aplikasi",
    "sistem terpadu",
    "kader",
    "gizi",
]


def sentence(rng, service, target, topic) -> str:
    words = rng.sample(FILLER, 4)
    return rng.choice(
        [
            f"Sebelumnya {target} harus datang langsung untuk urusan {service} dan menunggu lama "
            f"karena {words[0]} dan {words[1]} masih manual.",
            f"Inovasi ini menghubungkan {words[0]}, {words[1]} dan {target} sehingga layanan "
            f"{service} lebih cepat dan {topic} tercatat rapi.",
            f"Setiap bulan {words[2]} dilakukan bersama {words[3]} untuk memastikan {topic} "
            f"sampai kepada {target} yang berhak.",
            f"Capaian diukur dari {words[0]}, jumlah {target} yang terlayani, dan {words[1]} "
            f"layanan {service} setiap triwulan.",
            f"Kendala awal berupa {words[2]} dan {words[3]} diatasi dengan pelatihan petugas dan "
            f"pendampingan oleh perangkat daerah.",
        ]
    )


def innovation_text(rng) -> tuple[str, str, str, str]:
    service, target, topic = rng.choice(SERVICES)
    name = " ".join(
        [
            rng.choice(PREFIXES),
            service.title() if service.islower() else service,
            rng.choice(MODIFIERS),
            rng.choice(PLACES),
        ]
    )
    goals = f"Meningkatkan layanan {service} bagi {target} dan memperbaiki {topic}."
    benefits = f"{target.capitalize()} terlayani lebih cepat, biaya turun, {topic} terpantau."
    design = " ".join(sentence(rng, service, target, topic) for _ in range(rng.randint(6, 12)))
    return name, goals, benefits, design


def build(n_innovations: int, stdout) -> None:
    import django
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from inovda.innovations.models import Innovation, Lesson, Tag
    from inovda.knowledge.indexing import analysed
    from inovda.knowledge.models import Event, LibraryDocument, SearchDocument
    from inovda.organizations.models import Agency, GovernmentAffair, LocalGovernment

    del django
    rng = random.Random(SEED)
    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115
    pemdas = list(LocalGovernment.objects.exclude(kind="provinsi"))
    kinds = ["dinas"] * 10 + ["badan"] * 3 + ["kecamatan"] * 3
    Agency.objects.bulk_create(
        [
            Agency(pemda=p, name=f"Perangkat Daerah {i + 1:02d} {p.name}", kind=kinds[i])
            for p in pemdas
            for i in range(16)
        ],
        batch_size=2000,
    )
    agencies: dict[int, list[int]] = {}
    for agency_id, pemda_id in Agency.objects.values_list("id", "pemda_id"):
        agencies.setdefault(pemda_id, []).append(agency_id)
    affairs = list(GovernmentAffair.objects.values_list("id", flat=True))
    themes = list(Tag.objects.filter(kind="theme").values_list("id", flat=True))
    weights = [rng.uniform(0.3, 3.0) for _ in pemdas]
    statuses = ["implemented"] * 6 + ["trial", "submitted", "discontinued", "draft"]
    through_a = SearchDocument.affairs.through
    through_t = SearchDocument.themes.through
    batch = 5000
    made = 0
    while made < n_innovations:
        size = min(batch, n_innovations - made)
        rows, texts = [], []
        for _ in range(size):
            pemda = rng.choices(pemdas, weights)[0]
            name, goals, benefits, design = innovation_text(rng)
            rows.append(
                Innovation(
                    pemda_id=pemda.pk,
                    agency_id=rng.choice(agencies[pemda.pk]),
                    name=name,
                    goals=goals,
                    benefits=benefits,
                    design_how_it_works=design,
                    year=rng.randint(2021, 2025),
                    status=rng.choice(statuses),
                    main_affair_id=rng.choice(affairs),
                    stage="penerapan",
                )
            )
            texts.append((goals, benefits, design))
        with transaction.atomic():
            created = Innovation.objects.bulk_create(rows)
            docs = SearchDocument.objects.bulk_create(
                [
                    SearchDocument(
                        doc_type="innovation",
                        object_id=inn.pk,
                        pemda_id=inn.pemda_id,
                        agency_id=inn.agency_id,
                        innovation_id=inn.pk,
                        year=inn.year,
                        **analysed(inn.name, "\n".join(text)),
                    )
                    for inn, text in zip(created, texts, strict=True)
                ]
            )
            through_a.objects.bulk_create(
                [
                    through_a(searchdocument_id=d.pk, governmentaffair_id=inn.main_affair_id)
                    for d, inn in zip(docs, created, strict=True)
                ]
            )
            through_t.objects.bulk_create(
                [
                    through_t(searchdocument_id=d.pk, tag_id=rng.choice(themes))
                    for d in docs
                    if rng.random() < 0.3
                ]
            )
        made += size
        if made % 50000 == 0 or made == n_innovations:
            stdout(f"  {made:>7,} innovations indexed")
    # Lessons, events and library documents: 5% / 2.5% / 1% of the innovations.
    user = get_user_model().objects.create(username="bench-author")
    sample = list(
        Innovation.objects.order_by("?").values_list("id", "pemda_id", "agency_id", "year", "name")[
            : n_innovations // 20
        ]
    )
    with transaction.atomic():
        lessons = Lesson.objects.bulk_create(
            [
                Lesson(
                    innovation_id=i,
                    title=f"Pelajaran dari {name}",
                    lessons=sentence(rng, *rng.choice(SERVICES)),
                    challenges=sentence(rng, *rng.choice(SERVICES)),
                    created_by=user,
                )
                for i, _p, _a, _y, name in sample
            ]
        )
        events = Event.objects.bulk_create(
            [
                Event(
                    pemda_id=p,
                    organiser_id=a,
                    kind=rng.choice(["fgd", "bimtek", "sharing"]),
                    title=f"{rng.choice(['FGD', 'Bimtek', 'Forum'])} {rng.choice(SERVICES)[0]} "
                    f"{rng.choice(PLACES)}",
                    date=datetime.date(y, rng.randint(1, 12), 1),
                    minutes=sentence(rng, *rng.choice(SERVICES)),
                )
                for _i, p, a, y, _n in sample[: n_innovations // 40]
            ]
        )
        library = LibraryDocument.objects.bulk_create(
            [
                LibraryDocument(
                    pemda_id=p,
                    agency_id=a,
                    kind=rng.choice(["guide", "sop", "template"]),
                    title=f"{rng.choice(['Panduan', 'SOP', 'Templat'])} layanan "
                    f"{rng.choice(SERVICES)[0]}",
                    year=y,
                    summary=sentence(rng, *rng.choice(SERVICES)),
                )
                for _i, p, a, y, _n in sample[: n_innovations // 100]
            ]
        )
        extra = (
            [
                SearchDocument(
                    doc_type="lesson",
                    object_id=obj.pk,
                    pemda_id=p,
                    agency_id=a,
                    innovation_id=i,
                    year=y,
                    **analysed(obj.title, obj.lessons + "\n" + obj.challenges),
                )
                for obj, (i, p, a, y, _n) in zip(lessons, sample, strict=True)
            ]
            + [
                SearchDocument(
                    doc_type="event",
                    object_id=obj.pk,
                    pemda_id=obj.pemda_id,
                    agency_id=obj.organiser_id,
                    year=obj.date.year,
                    **analysed(obj.title, obj.minutes),
                )
                for obj in events
            ]
            + [
                SearchDocument(
                    doc_type="library",
                    object_id=obj.pk,
                    pemda_id=obj.pemda_id,
                    agency_id=obj.agency_id,
                    year=obj.year,
                    **analysed(obj.title, obj.summary),
                )
                for obj in library
            ]
        )
        docs = SearchDocument.objects.bulk_create(extra, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO knowledge_search_fts(knowledge_search_fts) VALUES ('optimize')"
            )
    stdout(f"  + {len(lessons):,} lessons, {len(events):,} events, {len(library):,} library docs")


def scopes():
    """Users with real memberships: one agency's operator, a Pemda admin, a province's
    leadership (its kabupaten/kota), and a national superuser."""
    from django.contrib.auth import get_user_model

    from inovda.organizations.models import LocalGovernment, Membership, Role

    users = get_user_model().objects
    city = LocalGovernment.objects.get(code="35.73")
    province = LocalGovernment.objects.get(code="35")
    agency = city.agencies.order_by("id").first()
    made = {}
    for name, role, pemda, agency_ in [
        ("operator", Role.OPERATOR, city, agency),
        ("pemda-admin", Role.PEMDA_ADMIN, city, None),
        ("province", Role.LEADERSHIP, province, None),
    ]:
        user, _ = users.get_or_create(username=f"bench-{name}")
        Membership.objects.get_or_create(user=user, pemda=pemda, agency=agency_, role=role)
        made[name] = user
    made["national"], _ = users.get_or_create(
        username="bench-national", defaults={"is_superuser": True}
    )
    return made, city


def run(n_queries: int, stdout) -> list[tuple]:
    from inovda.innovations.models import Tag
    from inovda.knowledge.selectors import SearchFilters, search_documents
    from inovda.organizations.models import GovernmentAffair

    rng = random.Random(SEED + 1)
    users, city = scopes()
    affairs = list(GovernmentAffair.objects.values_list("id", flat=True))
    themes = list(Tag.objects.filter(kind="theme").values_list("id", flat=True))
    city_agencies = list(city.agencies.values_list("id", flat=True))

    def filters_for(scope: str) -> SearchFilters:
        f = SearchFilters(q=rng.choice(QUERIES))
        choice = rng.randrange(6)
        if choice in (1, 5):
            f.year = rng.randint(2021, 2025)
        if choice in (2, 5):
            f.affair = rng.choice(affairs)
        if choice == 3:
            f.types = [rng.choice(["innovation", "lesson", "event", "library"])]
        if choice == 4:
            f.theme = rng.choice(themes)
        if scope in ("operator", "pemda-admin") and rng.random() < 0.3:
            f.agency = rng.choice(city_agencies)
        return f

    rows = []
    everything, all_cpu = [], []
    for scope, user in users.items():
        for _ in range(5):  # warm caches
            search_documents(user=user, filters=filters_for(scope))
        timings, cpu, hits = [], [], 0
        for _ in range(n_queries):
            f = filters_for(scope)
            start, start_cpu = time.perf_counter(), time.process_time()
            results = search_documents(user=user, filters=f)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            hits += results.total
        everything += timings
        all_cpu += cpu
        rows.append((scope, n_queries, *_stats(timings), _stats(cpu)[1], hits // n_queries))
        stdout(f"  {scope}: done")
    rows.append(("all", len(everything), *_stats(everything), _stats(all_cpu)[1], ""))
    return rows


def _stats(timings: list[float]) -> tuple[float, float, float]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--innovations", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=100, help="per user scope")
    parser.add_argument("--keep", action="store_true", help="reuse the data already built")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite") and not args.keep:
        DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)

    import django

    django.setup()
    from django.db import connection

    from inovda.knowledge.models import SearchDocument

    def say(text):
        print(text, flush=True)

    if not args.keep and connection.vendor == "postgresql" and _has_tables():
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)  # a fresh start in that database
    start = time.perf_counter()
    if not args.keep or not SearchDocument.objects.exists():
        say(f"Building {args.innovations:,} innovations on {connection.vendor} …")
        build(args.innovations, say)
    built = time.perf_counter() - start
    say("Searching …")
    rows = run(args.queries, say)
    docs = SearchDocument.objects.count()
    say("")
    say(
        f"Knowledge search benchmark · {connection.vendor} · {docs:,} index rows "
        f"({args.innovations:,} innovations) · build {built:.0f} s"
    )
    say("Each query: ranked page of 20 + per-type counts + highlights, with random filters")
    say("(year, affair, theme, type, agency) and the access rules of the user.")
    say("Wall-clock times; 'cpu p95' is this process's CPU time (the whole query on SQLite,")
    say(
        "only the Python side on PostgreSQL). Load average during the run: "
        + " / ".join(f"{x:.1f}" for x in os.getloadavg())
        + f" on {os.cpu_count()} cores."
    )
    say("")
    head = f"{'scope':<12} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
    say(head + f" {'cpu p95':>8} {'avg hits':>9}")
    for scope, n, p50, p95, worst, cpu95, hits in rows:
        say(f"{scope:<12} {n:>7} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f} {cpu95:>8.1f} {hits!s:>9}")


def _has_tables() -> bool:
    from django.db import connection

    return "knowledge_searchdocument" in connection.introspection.table_names()


if __name__ == "__main__":
    main()
