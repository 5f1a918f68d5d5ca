"""The demo city's innovation registry: 23 named Kota Malang innovations (from news) and
generated, believable ones (fixed seed) up to 118, the 2019–2022 count of the city."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from inovda.core.datafiles import demo_path, read_csv, reference_path
from inovda.core.models import AuditEvent
from inovda.organizations.demo import DEMO_PEMDA_CODE, display_name
from inovda.organizations.models import Agency, GovernmentAffair, LocalGovernment

from .models import Innovation, Tag

TOTAL = 118
SEED = 3873  # fixed: the demo is the same on every machine
S = Innovation.Status

# (status, stage, how many) — roughly how a city's registry looks.
STATUS_MIX = [
    (S.IMPLEMENTED, Innovation.Stage.IMPLEMENTATION, 72),
    (S.TRIAL, Innovation.Stage.TRIAL, 10),
    (S.ADOPTED, Innovation.Stage.INITIATIVE, 5),
    (S.DISCONTINUED, Innovation.Stage.IMPLEMENTATION, 8),
    (S.UNDER_REVIEW, Innovation.Stage.INITIATIVE, 4),
    (S.SUBMITTED, Innovation.Stage.INITIATIVE, 6),
    (S.NEEDS_REVISION, Innovation.Stage.INITIATIVE, 3),
    (S.REJECTED, Innovation.Stage.INITIATIVE, 2),
    (S.DRAFT, Innovation.Stage.INITIATIVE, 8),
]


def design_texts(name: str, agency: str, affair: str, problem: str, solution: str) -> dict:
    """Seven design sections, about 330 words in all, in plain Indonesian."""
    return {
        "design_legal_basis": (
            "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah; Peraturan "
            "Pemerintah Nomor 38 Tahun 2017 tentang Inovasi Daerah; Peraturan Menteri Dalam "
            "Negeri Nomor 104 Tahun 2018 tentang Penilaian dan Pemberian Penghargaan dan/atau "
            f"Insentif Inovasi Daerah; serta Keputusan Kepala {agency} tentang pelaksanaan "
            f"inovasi {name}."
        ),
        "design_problem": (
            f"Sebelum inovasi ini, {problem}. Kondisi tersebut tercatat dalam evaluasi "
            f"layanan {agency} dan dikeluhkan warga melalui kanal pengaduan. Dampaknya "
            "waktu layanan menjadi panjang, biaya yang ditanggung warga bertambah, dan "
            "capaian indikator kinerja urusan tidak memenuhi target rencana strategis."
        ),
        "design_strategic_issues": (
            f"Isu strategis yang dijawab adalah peningkatan kualitas urusan {affair} sesuai "
            "RPJMD Kota Malang, percepatan pelayanan yang mudah dan terjangkau, pemanfaatan "
            "data untuk pengambilan keputusan, serta keterlibatan warga dan mitra dalam "
            "menyelesaikan masalah bersama. Inovasi ini juga mendukung pencapaian standar "
            "pelayanan minimal, memperkuat akuntabilitas kinerja perangkat daerah, dan "
            "membuka ruang kolaborasi dengan perguruan tinggi, dunia usaha, komunitas, "
            "serta media dalam kerangka pentahelix yang menjadi arah kebijakan Kota Malang."
        ),
        "design_method_before": (
            "Sebelumnya proses dijalankan secara manual dengan formulir kertas, koordinasi "
            "antarpetugas melalui telepon, dan pelaporan bulanan yang terlambat, sehingga "
            "pimpinan tidak mengetahui kondisi lapangan secara tepat waktu."
        ),
        "design_method_after": (
            f"Sesudah inovasi, {solution}. Setiap langkah memiliki penanggung jawab, standar "
            "waktu, dan catatan hasil yang dapat dipantau oleh pimpinan perangkat daerah "
            "setiap minggu."
        ),
        "design_novelty": (
            f"Kebaruan {name} terletak pada cara kerja yang menyatukan petugas, warga, dan "
            "mitra dalam satu alur layanan yang sederhana. Pendekatan ini belum pernah "
            f"diterapkan di {agency} dan dapat direplikasi oleh perangkat daerah lain dengan "
            "biaya yang rendah."
        ),
        "design_how_it_works": (
            "Tahapan pelaksanaan: (1) sosialisasi kepada petugas dan warga sasaran; (2) "
            "penyiapan sarana, prosedur operasional standar, dan pembagian peran; (3) uji "
            "coba di lokasi terpilih selama tiga bulan; (4) evaluasi bersama tim inovasi "
            "daerah dan perbaikan prosedur; (5) penerapan di seluruh wilayah dengan laporan "
            "perkembangan triwulanan, pengukuran indikator kinerja, dan forum umpan balik "
            "warga setiap semester agar manfaat inovasi terus terjaga dan berkembang."
        ),
    }


def _ideas(pemda) -> list[dict]:
    """Named innovations first, then generated ones, each with its agency and affair."""
    agencies = {a.name: a for a in Agency.objects.filter(pemda=pemda)}
    affairs = {a.code: a for a in GovernmentAffair.objects.all()}
    themes = {t.code: t for t in Tag.objects.filter(kind=Tag.Kind.THEME)}
    named = {
        r["nama_inovasi"]: r
        for r in read_csv(reference_path("kota_malang_inovasi_dari_berita.csv"))
    }
    ideas = []
    for row in read_csv(demo_path("kota_malang_named_innovations_map.csv")):
        source = named[row["nama_inovasi"]]
        ideas.append(
            {
                "name": row["nama_inovasi"],
                "agency": agencies[display_name(row["agency"])],
                "affair": affairs[row["affair_code"]],
                "form": row["form"],
                "kind": row["kind"],
                "theme": themes.get(row["theme"]),
                "problem": "layanan "
                + source["bidang_urusan_perkiraan"].lower()
                + " belum menjangkau warga secara merata dan prosesnya lambat",
                "solution": f"layanan dijalankan melalui {row['nama_inovasi']} dengan alur yang "
                "lebih ringkas dan terpantau",
                "year": int(source["tahun_sebutan"]) if source["tahun_sebutan"].isdigit() else None,
            }
        )
    for row in read_csv(demo_path("generated_innovation_ideas.csv")):
        if len(ideas) == TOTAL:
            break
        ideas.append(
            {
                "name": row["nama"],
                "agency": agencies[display_name(row["agency"])],
                "affair": affairs[row["affair_code"]],
                "form": row["form"],
                "kind": row["kind"],
                "theme": themes.get(row["theme"]),
                "problem": row["masalah"],
                "solution": row["solusi"],
                "year": None,
            }
        )
    return ideas


# Who proposed, by initiator kind (PP 38/2017 names five; agencies name themselves).
INITIATOR_NAMES = {
    "kepala_daerah": "Wali Kota Malang",
    "dprd": "Komisi D DPRD Kota Malang",
    "asn": "Tim inovasi ASN",
    "masyarakat": "Forum warga (usulan masyarakat)",
}


def load(stdout) -> None:
    _load_registry(stdout)
    from .demo_history import load as load_history

    load_history(stdout)


def _load_registry(stdout) -> None:
    pemda = LocalGovernment.objects.get(code=DEMO_PEMDA_CODE)
    if Innovation.objects.filter(pemda=pemda).count() >= TOTAL:
        stdout.write(f"Kota Malang innovations: already {TOTAL} or more; left as they are.")
        return
    rng = random.Random(SEED)
    ideas = _ideas(pemda)
    statuses = [(status, stage) for status, stage, n in STATUS_MIX for _ in range(n)]
    rng.shuffle(statuses)
    poverty = Tag.objects.get(kind=Tag.Kind.THEME, code="penanggulangan-kemiskinan")
    sdgs = list(Tag.objects.filter(kind=Tag.Kind.SDG))
    basic = list(GovernmentAffair.objects.filter(is_basic_service=True))
    author = get_user_model().objects.filter(username="admin").first()
    initiators = list(Innovation.InitiatorKind.values)
    created = 0
    for idea, (status, stage) in zip(ideas, statuses, strict=True):
        if Innovation.objects.filter(pemda=pemda, name=idea["name"]).exists():
            continue
        year = (
            idea["year"]
            if idea["year"] in (2019, 2020, 2021, 2022)
            else rng.choice([2019, 2020, 2021, 2022])
        )
        texts = design_texts(
            idea["name"],
            idea["agency"].name,
            idea["affair"].name,
            idea["problem"],
            idea["solution"],
        )
        if status == S.DRAFT and rng.random() < 0.6:
            texts = {
                k: (v if k in ("design_problem", "design_legal_basis") else "")
                for k, v in texts.items()
            }
        trial_start = datetime.date(year, rng.randint(1, 9), 1)
        innovation = Innovation(
            pemda=pemda,
            agency=idea["agency"],
            name=idea["name"],
            initiator_kind=(kind := rng.choices(initiators, weights=[2, 1, 6, 8, 2])[0]),
            initiator_name=INITIATOR_NAMES.get(kind, idea["agency"].name),
            form=idea["form"],
            kind=idea["kind"],
            main_affair=idea["affair"],
            stage=stage,
            status=status,
            year=year,
            goals=f"Mengatasi kondisi di mana {idea['problem']}.",
            benefits=(
                f"Warga memperoleh layanan yang lebih cepat dan mudah karena {idea['solution']}."
            ),
            results=(
                "Waktu layanan turun dan jumlah penerima manfaat bertambah setiap triwulan."
                if status in (S.IMPLEMENTED, S.TRIAL, S.DISCONTINUED)
                else ""
            ),
            budget_note="APBD Kota Malang, DPA " + idea["agency"].name,
            created_by=author,
            **texts,
        )
        if status in (S.TRIAL, S.IMPLEMENTED, S.DISCONTINUED):
            innovation.trial_start = trial_start
            innovation.trial_end = trial_start + datetime.timedelta(days=90)
        if status in (S.IMPLEMENTED, S.DISCONTINUED):
            innovation.implementation_start = trial_start + datetime.timedelta(days=120)
        innovation.design_word_count = innovation.compute_design_word_count()
        innovation.save()
        themes = [idea["theme"]] if idea["theme"] else []
        if idea["theme"] != poverty and rng.random() < 0.12:
            themes.append(poverty)
        innovation.themes.set(themes)
        innovation.sdgs.set(rng.sample(sdgs, 2))
        if rng.random() < 0.3:
            innovation.other_affairs.set([rng.choice(basic)])
        AuditEvent.objects.create(
            actor=author,
            verb="created",
            subject_type=ContentType.objects.get_for_model(Innovation),
            subject_id=innovation.pk,
            subject_repr=innovation.name,
            pemda=pemda,
            message="demo data",
        )
        created += 1
    total = Innovation.objects.filter(pemda=pemda).count()
    stdout.write(f"Kota Malang innovations: {created} new, {total} in all.")
