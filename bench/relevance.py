"""Relevance of the knowledge search and of the similar-innovations classes, on a generated,
labelled Indonesian corpus (fixed seed): innovations, barrier precedents and lessons of
eight Pemda, written with the spelling habits of real lists (izin/ijin, perizinan/perijinan,
online/daring, e-budgeting/ebudgeting/"e budgeting", antrean/antrian, acronyms and their
long forms), and labelled queries.

    make bench-relevance                                    # SQLite, var/bench/relevance.sqlite3
    DATABASE_URL=postgres://inovda:inovda@127.0.0.1:5432/inovda_rel make bench-relevance

Prints, for the engine of DATABASE_URL:
- known-item MRR: a paraphrase of one innovation's name (other words, other spelling) must
  rank that innovation first;
- mean precision@5 and recall@10 of topic queries (relevant = every document generated
  from that topic; recall@10 is over min(10, relevant));
- whether the four izin spellings return the same set;
- the confusion table of the similar-innovations classes on labelled pairs: a typed
  paraphrase in the same Pemda (expected "duplicate"), the same national programme in
  another Pemda ("replication"), another innovation on the same topic ("similar"), and an
  unrelated one ("none").

The data goes in with bulk inserts (as bench/search.py); the timed and scored calls are the
real selectors, `search_documents` and `similar_innovations`, as a national superuser.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "var" / "bench" / "relevance.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("AXES_ENABLED", "0")

SEED = 20261205
PEMDA_CODES = ["35.73", "35.78", "35.79", "35.07", "35.15", "33.74", "32.73", "31.71"]

# Each topic: names (with {place}), sentences (goals/design, several spelling habits),
# topic queries (relevant = every document of the topic) and whether it is a national
# programme that many Pemda run under the same name (replication candidates).
TOPICS: dict[str, dict] = {
    "perizinan": {
        "names": [
            "Perizinan Online {place}",
            "Sistem Ijin Usaha Terpadu {place}",
            "Layanan Perijinan Kilat",
            "Izin Usaha Sehari Jadi",
            "Mal Perizinan {place}",
        ],
        "sentences": [
            "Pelaku usaha mengurus izin usaha secara daring tanpa datang ke kantor.",
            "Permohonan ijin usaha mikro diproses dalam satu hari kerja.",
            "Perijinan dan non perijinan dilayani di satu loket di {place}.",
            "Berkas perizinan diverifikasi petugas secara elektronik.",
            "Pemohon memantau status perizinan lewat aplikasi di ponsel.",
        ],
        "queries": ["izin usaha", "perijinan online", "pengurusan izin usaha daring"],
    },
    "ptsp": {
        "names": [
            "Pelayanan Terpadu Satu Pintu {place}",
            "Gerai PTSP Keliling",
            "PTSP Tanpa Antre",
            "Satu Pintu Melayani {place}",
        ],
        "sentences": [
            "DPMPTSP membuka gerai pelayanan terpadu satu pintu di pusat perbelanjaan.",
            "Semua layanan penanaman modal dilayani di satu pintu.",
            "Petugas PTSP menjemput berkas pemohon di kecamatan.",
            "Pelayanan terpadu satu pintu memangkas waktu tunggu pemohon.",
        ],
        "queries": ["PTSP", "pelayanan terpadu satu pintu", "penanaman modal satu pintu"],
    },
    "stunting": {
        "names": [
            "Gerakan Cegah Stunting {place}",
            "Pojok Gizi Balita",
            "Rumah Gizi {place}",
            "Dapur Sehat Atasi Stunting",
            "Sapa Gizi Buruk",
        ],
        "sentences": [
            "Kader posyandu menimbang balita dan mencatat status gizi setiap bulan.",
            "Balita gizi buruk mendapat makanan tambahan selama sembilan puluh hari.",
            "Ibu hamil kurang energi kronis didampingi bidan desa.",
            "Angka stunting turun setelah pendampingan keluarga berisiko.",
            "Penimbangan balita di posyandu dicatat dalam aplikasi gizi.",
        ],
        "queries": ["stunting", "gizi buruk balita", "pencegahan stunting posyandu"],
    },
    "antrean": {
        "names": [
            "Antrean Online Puskesmas {place}",
            "Antrian Daring Pasien",
            "Sistem Antre Puskesmas",
            "Ambil Nomor Antrian dari Rumah",
        ],
        "sentences": [
            "Pasien mengambil nomor antrean puskesmas melalui aplikasi.",
            "Nomor antrian dikirim lewat pesan singkat sehingga pasien tidak menunggu lama.",
            "Waktu tunggu di ruang tunggu puskesmas berkurang separuh.",
            "Pendaftaran pasien dilakukan secara online sebelum datang.",
        ],
        "queries": ["antrean puskesmas online", "antrian pasien daring", "nomor antrean"],
    },
    "sampah": {
        "names": [
            "Bank Sampah {place}",
            "Pengelolaan Sampah Berbasis Warga",
            "Kelola Sampah dari Rumah",
            "Sedekah Sampah {place}",
            "TPS3R Mandiri",
        ],
        "sentences": [
            "Warga memilah sampah organik dan anorganik di rumah.",
            "Sampah plastik ditabung di bank sampah dan ditukar saldo.",
            "Pengelolaan sampah rumah tangga mengurangi timbunan di TPA.",
            "Kelompok warga mengelola sampah menjadi kompos.",
        ],
        "queries": ["bank sampah", "kelola sampah", "pengelolaan sampah rumah tangga"],
    },
    "ebudgeting": {
        "names": [
            "E-Budgeting {place}",
            "Ebudgeting Terintegrasi",
            "e budgeting Perangkat Daerah",
            "E-Musrenbang {place}",
            "E-Controlling Pembangunan",
        ],
        "sentences": [
            "Penyusunan anggaran perangkat daerah dilakukan secara elektronik.",
            "Usulan musrenbang masuk ke sistem e-budgeting tanpa kertas.",
            "Realisasi belanja OPD dipantau setiap hari melalui dasbor.",
            "Sistem pemerintahan berbasis elektronik memadukan perencanaan dan penganggaran.",
        ],
        "queries": ["ebudgeting", "e-budgeting anggaran", "penganggaran elektronik"],
    },
    "dukcapil": {
        "names": [
            "Dukcapil Jemput Bola {place}",
            "KTP Elektronik Sehari Jadi",
            "Akta Kelahiran dari Rumah Sakit",
            "Adminduk Online {place}",
        ],
        "sentences": [
            "Petugas dukcapil merekam KTP elektronik warga lansia di rumah.",
            "Akta kelahiran diterbitkan sebelum ibu dan bayi pulang dari rumah sakit.",
            "Dokumen kependudukan dicetak mandiri di anjungan.",
            "Kartu keluarga diperbarui secara daring.",
        ],
        "queries": ["dukcapil", "KTP elektronik", "administrasi kependudukan online"],
    },
    "kemiskinan": {
        "names": [
            "Graduasi Keluarga Pra-Sejahtera",
            "Data Terpadu Warga Miskin {place}",
            "Sapa Keluarga Tidak Mampu",
            "Gerakan Entas Kemiskinan",
        ],
        "sentences": [
            "Keluarga miskin didata ulang setiap semester bersama RT dan RW.",
            "Bantuan sosial disalurkan tepat sasaran berdasarkan DTKS.",
            "Keluarga prasejahtera mendapat pelatihan usaha.",
            "Angka kemiskinan ekstrem turun di kelurahan dampingan.",
        ],
        "queries": ["kemiskinan", "keluarga miskin bantuan sosial", "pra-sejahtera"],
    },
    "umkm": {
        "names": [
            "Klinik UMKM {place}",
            "Pasar Digital Usaha Mikro",
            "Rumah Kemasan UMKM",
            "Kurasi Produk Usaha Kecil",
        ],
        "sentences": [
            "Pelaku UMKM mendapat pendampingan kemasan dan pemasaran produk.",
            "Usaha mikro kecil dan menengah dipasarkan di lokapasar daerah.",
            "Produk usaha mikro dikurasi sebelum dipamerkan.",
            "Pelaku usaha kecil belajar pembukuan sederhana.",
        ],
        "queries": ["UMKM", "pemasaran produk usaha mikro", "pendampingan UMKM"],
    },
    "paten": {
        "national": True,
        "names": ["PATEN Kecamatan {place}", "Pelayanan Administrasi Terpadu Kecamatan"],
        "sentences": [
            "Kecamatan melayani administrasi perizinan dan non perizinan bagi warga.",
            "PATEN mendekatkan pelayanan administrasi kepada masyarakat di kecamatan.",
            "Camat menandatangani surat keterangan di hari yang sama.",
        ],
        "queries": ["PATEN", "pelayanan administrasi terpadu kecamatan"],
    },
    "pengaduan": {
        "names": [
            "Kanal Pengaduan Warga {place}",
            "Lapor Keluhan Satu Nomor",
            "Aduan Cepat Tanggap",
        ],
        "sentences": [
            "Keluhan warga diterima lewat pesan singkat dan media sosial.",
            "Aduan diteruskan ke OPD terkait dan dijawab dalam tiga hari.",
            "Warga memantau tindak lanjut pengaduan secara online.",
        ],
        "queries": ["pengaduan warga", "keluhan masyarakat online", "aduan OPD"],
    },
    "bencana": {
        "names": [
            "Peringatan Dini Banjir {place}",
            "Desa Tangguh Bencana",
            "Sirine Banjir Bantaran Sungai",
        ],
        "sentences": [
            "BPBD memasang sensor tinggi muka air di sungai.",
            "Warga bantaran sungai menerima peringatan dini banjir lewat pesan.",
            "Relawan desa dilatih evakuasi saat bencana.",
        ],
        "queries": ["peringatan dini banjir", "penanggulangan bencana", "BPBD"],
    },
    "imunisasi": {
        "names": ["Imunisasi Keliling {place}", "Pengingat Jadwal Vaksin Bayi"],
        "sentences": [
            "Orang tua menerima pengingat jadwal imunisasi bayi.",
            "Bidan mendatangi bayi yang belum lengkap imunisasinya.",
            "Cakupan imunisasi dasar lengkap naik di puskesmas.",
        ],
        "queries": ["imunisasi bayi", "jadwal vaksin"],
    },
    "lansia": {
        "names": ["Sekolah Lansia {place}", "Layanan Rumah untuk Warga Lanjut Usia"],
        "sentences": [
            "Warga lanjut usia mendapat pemeriksaan kesehatan di rumah.",
            "Lansia belajar keterampilan dan olahraga ringan setiap pekan.",
        ],
        "queries": ["lansia", "pelayanan warga lanjut usia"],
    },
    "pajak": {
        "names": ["Bayar PBB Online {place}", "Pajak Daerah Non Tunai", "Si Pajak Kilat"],
        "sentences": [
            "Wajib pajak membayar pajak bumi dan bangunan lewat kanal non tunai.",
            "Pendapatan asli daerah naik setelah pembayaran pajak daring.",
            "Tagihan PBB dikirim secara elektronik.",
        ],
        "queries": ["PBB online", "pajak bumi dan bangunan", "pajak daerah non tunai"],
    },
}
GENERIC = [
    "Inovasi ini dijalankan oleh {agency}.",
    "Masyarakat merasakan layanan yang lebih cepat dan mudah.",
    "Data dicatat dalam aplikasi dan dilaporkan setiap bulan kepada kepala daerah.",
    "Kegiatan dimulai di {place} dan diperluas ke kecamatan lain.",
    "Petugas mendapat pelatihan sebelum layanan dibuka.",
]
PLACES = [
    "Kelurahan Sukamaju",
    "Kecamatan Lowokwaru",
    "Desa Sumberejo",
    "Kota Lama",
    "Kampung Baru",
]
AGENCIES = [
    "Dinas Kesehatan",
    "DPMPTSP",
    "Disdukcapil",
    "Dinas Lingkungan Hidup",
    "Dinas Sosial",
    "Bapperida",
    "Diskominfo",
    "Kecamatan Klojen",
    "BPBD",
    "Bapenda",
    "Dinas Koperasi dan UMKM",
]
BARRIER_LINES = [
    ("Server aplikasi {topic} sering mati", "Aplikasi tidak bisa diakses warga saat jam sibuk."),
    ("Anggaran {topic} belum tersedia", "Usulan belanja belum masuk APBD perubahan."),
    ("Regulasi {topic} belum ada", "Perlu peraturan kepala daerah sebagai dasar hukum."),
    ("Petugas {topic} kurang terlatih", "Operator belum memahami alur layanan baru."),
]
# Paraphrase rules: what a person types for an existing name (other words, other spelling).
PARAPHRASE = [
    ("Perizinan", "Perijinan"),
    ("Ijin", "Izin"),
    ("Online", "Daring"),
    ("Antrean", "Antrian"),
    ("Antrian", "Antrean"),
    ("Pelayanan", "Layanan"),
    ("Pengelolaan", "Kelola"),
    ("Kelola", "Pengelolaan"),
    ("E-Budgeting", "Ebudgeting"),
    ("Ebudgeting", "E Budgeting"),
    ("Sistem", "Aplikasi"),
]


def fill(text: str, rng: random.Random, agency: str = "") -> str:
    return text.format(place=rng.choice(PLACES), agency=agency or rng.choice(AGENCIES))


def paraphrase(name: str, rng: random.Random) -> str:
    words = name.split()
    if len(words) > 2 and rng.random() < 0.5:  # reorder, as people do
        words = words[1:] + words[:1]
    out = " ".join(words)
    for old, new in PARAPHRASE:
        if old in out and rng.random() < 0.8:
            out = out.replace(old, new)
    return out.lower()


def build(stdout) -> dict:
    """The corpus, and its labels: {topic: [doc ids]}, known items, pairs."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from inovda.innovations.models import Innovation
    from inovda.knowledge.indexing import analysed
    from inovda.knowledge.models import SearchDocument
    from inovda.organizations.models import Agency, LocalGovernment

    rng = random.Random(SEED)
    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=open(os.devnull, "w"))  # noqa: SIM115
    pemdas = list(LocalGovernment.objects.filter(code__in=PEMDA_CODES).order_by("code"))
    if len(pemdas) < 4:
        pemdas = list(LocalGovernment.objects.exclude(kind="provinsi").order_by("code")[:8])
    Agency.objects.bulk_create(
        [Agency(pemda=p, name=f"{a} {p.name}", kind="dinas") for p in pemdas for a in AGENCIES]
    )
    agencies = {}
    for agency in Agency.objects.filter(pemda__in=pemdas):
        agencies.setdefault(agency.pemda_id, []).append(agency)
    rows, meta = [], []
    for topic, spec in TOPICS.items():
        per_topic = 30 if spec.get("national") else 50
        for i in range(per_topic):
            pemda = pemdas[i % len(pemdas)]
            agency = rng.choice(agencies[pemda.pk])
            name = fill(rng.choice(spec["names"]), rng)
            if i >= len(spec["names"]):
                name = f"{name} {i}"  # many innovations share a programme's name
            sentences = [fill(s, rng, agency.name) for s in rng.sample(spec["sentences"], 2)]
            generic = [fill(s, rng, agency.name) for s in rng.sample(GENERIC, 2)]
            rows.append(
                Innovation(
                    pemda_id=pemda.pk,
                    agency_id=agency.pk,
                    name=name,
                    goals=" ".join(sentences),
                    benefits=generic[0],
                    design_how_it_works=generic[1] + " " + rng.choice(spec["sentences"]),
                    year=rng.randint(2020, 2025),
                    status="implemented",
                    stage="penerapan",
                )
            )
            meta.append(topic)
    with transaction.atomic():
        created = Innovation.objects.bulk_create(rows)
        docs = [
            SearchDocument(
                doc_type="innovation",
                object_id=inn.pk,
                pemda_id=inn.pemda_id,
                agency_id=inn.agency_id,
                innovation_id=inn.pk,
                year=inn.year,
                **analysed(
                    inn.name,
                    "\n".join((inn.agency.name, inn.goals, inn.benefits, inn.design_how_it_works)),
                ),
            )
            for inn in created
        ]
        extra_meta = []
        for inn, topic in zip(created, meta, strict=True):  # barrier precedents and lessons
            spec = TOPICS[topic]
            if rng.random() < 0.3:
                title, text = rng.choice(BARRIER_LINES)
                word = rng.choice(spec["names"]).split()[0].lower()
                docs.append(
                    SearchDocument(
                        doc_type="barrier",
                        object_id=len(docs),
                        pemda_id=inn.pemda_id,
                        agency_id=inn.agency_id,
                        innovation_id=inn.pk,
                        year=inn.year,
                        **analysed(
                            title.format(topic=word),
                            f"{text} {fill(rng.choice(spec['sentences']), rng)} "
                            "Diselesaikan bersama Bapperida.",
                        ),
                    )
                )
                extra_meta.append(topic)
            if rng.random() < 0.25:
                docs.append(
                    SearchDocument(
                        doc_type="lesson",
                        object_id=len(docs),
                        pemda_id=inn.pemda_id,
                        agency_id=inn.agency_id,
                        innovation_id=inn.pk,
                        year=inn.year,
                        **analysed(
                            f"Pelajaran dari {inn.name}",
                            f"{inn.name}. {fill(rng.choice(spec['sentences']), rng)} "
                            "Keterlibatan warga sejak awal menentukan keberhasilan.",
                        ),
                    )
                )
                extra_meta.append(topic)
        made = SearchDocument.objects.bulk_create(docs, batch_size=1000)
    labels: dict[str, set[int]] = {}
    for doc, topic in zip(made, meta + extra_meta, strict=True):
        labels.setdefault(topic, set()).add(doc.pk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user, _ = get_user_model().objects.get_or_create(
        username="bench-national", defaults={"is_superuser": True}
    )
    stdout(f"  corpus: {len(made):,} documents ({len(created):,} innovations)")
    return {"labels": labels, "innovations": list(zip(created, meta, strict=True)), "user": user}


def evaluate_search(corpus: dict, stdout) -> dict:
    from inovda.knowledge.selectors import SearchFilters, search_documents

    rng = random.Random(SEED + 1)
    user = corpus["user"]
    from inovda.knowledge.models import SearchDocument

    by_doc = {}
    for pk, object_id in SearchDocument.objects.filter(doc_type="innovation").values_list(
        "pk", "object_id"
    ):
        by_doc[object_id] = pk

    def ranked(q: str, size: int = 10) -> list[int]:
        results = search_documents(user=user, filters=SearchFilters(q=q))
        return [hit.doc.pk for hit in results.hits[:size]]

    timings = []
    # Known items: a paraphrase of a name that no other innovation carries.
    names: dict[str, list] = {}
    for inn, _topic in corpus["innovations"]:
        names.setdefault(inn.name.lower(), []).append(inn)
    unique = [inns[0] for name, inns in sorted(names.items()) if len(inns) == 1]
    items = rng.sample(unique, min(40, len(unique)))
    reciprocal = []
    for inn in items:
        q = paraphrase(inn.name, rng)
        start = time.perf_counter()
        found = ranked(q)
        timings.append((time.perf_counter() - start) * 1000)
        target = by_doc[inn.pk]
        reciprocal.append(1 / (found.index(target) + 1) if target in found else 0.0)
    # Topic queries.
    precision, recall, queries = [], [], 0
    for topic, spec in TOPICS.items():
        relevant = corpus["labels"][topic]
        for q in spec["queries"]:
            start = time.perf_counter()
            found = ranked(q)
            timings.append((time.perf_counter() - start) * 1000)
            precision.append(sum(1 for pk in found[:5] if pk in relevant) / 5)
            recall.append(sum(1 for pk in found[:10] if pk in relevant) / min(10, len(relevant)))
            queries += 1
    sets = []
    for q in ("izin", "ijin", "perizinan", "perijinan"):
        results = search_documents(user=user, filters=SearchFilters(q=q))
        sets.append((results.total, {hit.doc.pk for hit in results.hits}))
    ordered = sorted(timings)
    return {
        "known_items": len(items),
        "mrr": statistics.mean(reciprocal),
        "topic_queries": queries,
        "p5": statistics.mean(precision),
        "r10": statistics.mean(recall),
        "izin_same": all(s == sets[0] for s in sets),
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[round(0.95 * (len(ordered) - 1))],
    }


def evaluate_similarity(corpus: dict, stdout) -> dict:
    """Labelled pairs (draft, existing innovation) → the class similar_innovations gives."""
    from inovda.knowledge.selectors import similar_innovations

    rng = random.Random(SEED + 2)
    user = corpus["user"]
    by_topic: dict[str, list] = {}
    for inn, topic in corpus["innovations"]:
        by_topic.setdefault(topic, []).append(inn)
    pairs = []  # (expected, draft texts, draft pemda, target innovation)
    topics = sorted(by_topic)
    for _ in range(40):
        topic = rng.choice(topics)
        target = rng.choice(by_topic[topic])
        draft = {
            "name": paraphrase(target.name, rng),
            "goals": " ".join(reversed(target.goals.split(". "))).replace("Online", "daring"),
            "benefits": target.benefits,
        }
        pairs.append(("duplicate", draft, target.pemda_id, target))
    national = by_topic["paten"]
    for _ in range(20):
        target = rng.choice(national)
        others = [i for i in national if i.pemda_id != target.pemda_id]
        source = rng.choice(others)
        draft = {"name": source.name, "goals": source.goals, "benefits": source.benefits}
        pairs.append(("replication", draft, source.pemda_id, target))

    def base(name: str) -> str:  # the programme's name without its number
        return name.rstrip("0123456789 ")

    for _ in range(40):
        topic = rng.choice([t for t in topics if t != "paten"])
        target = rng.choice(by_topic[topic])
        source = rng.choice([i for i in by_topic[topic] if base(i.name) != base(target.name)])
        draft = {"name": source.name, "goals": source.goals, "benefits": source.benefits}
        pairs.append(("similar", draft, target.pemda_id, target))
    for _ in range(40):
        a, b = rng.sample(topics, 2)
        target, source = rng.choice(by_topic[a]), rng.choice(by_topic[b])
        draft = {"name": source.name, "goals": source.goals, "benefits": source.benefits}
        pairs.append(("none", draft, target.pemda_id, target))
    classes = ["duplicate", "replication", "similar", "none"]
    table = {e: dict.fromkeys(classes, 0) for e in classes}
    for expected, draft, pemda_id, target in pairs:
        found = similar_innovations(user=user, texts=draft, pemda_id=pemda_id, limit=40)
        hit = next((i for i in found if i.innovation.pk == target.pk), None)
        got = hit.kind if hit else "none"
        if os.environ.get("RELEVANCE_DEBUG"):
            print(
                expected, got, round(hit.score, 3) if hit else None, draft["name"], "|", target.name
            )
        table[expected][got] += 1
    return {"classes": classes, "table": table, "pairs": len(pairs)}


def main() -> None:
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite"):
        DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    def say(text):
        print(text, flush=True)

    if connection.vendor == "postgresql":
        import contextlib

        from django.db.utils import ProgrammingError

        with contextlib.suppress(ProgrammingError):  # a new database: nothing to flush
            call_command("flush", interactive=False, verbosity=0)
    say(f"Building the labelled corpus on {connection.vendor} …")
    corpus = build(say)
    search = evaluate_search(corpus, say)
    similarity = evaluate_similarity(corpus, say)
    say("")
    say(f"Search relevance on {connection.vendor}")
    say(f"  known-item MRR ({search['known_items']} paraphrased names): {search['mrr']:.3f}")
    say(f"  topic queries: {search['topic_queries']}")
    say(f"  mean precision@5: {search['p5']:.3f}")
    say(f"  mean recall@10:   {search['r10']:.3f}")
    say(f"  izin/ijin/perizinan/perijinan same set: {'yes' if search['izin_same'] else 'NO'}")
    say(f"  query time p50 {search['p50_ms']:.1f} ms, p95 {search['p95_ms']:.1f} ms")
    total = search["known_items"] + search["topic_queries"]
    say(f"  labelled queries: {total}")
    say("")
    say(f"Similar-innovation classes ({similarity['pairs']} labelled pairs; rows expected)")
    classes = similarity["classes"]
    say("  " + "expected \\ got".ljust(14) + "".join(c.rjust(13) for c in classes))
    for expected in classes:
        row = similarity["table"][expected]
        say("  " + expected.ljust(14) + "".join(str(row[c]).rjust(13) for c in classes))


if __name__ == "__main__":
    main()
