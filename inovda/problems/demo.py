"""Demo problem bank for Kota Malang: 15 problems from the plan, poverty data, citizens,
complaints, agencies and barrier patterns, with indicators, kelurahan, links to demo
innovations and two challenges; evidence levels confirmed on a few innovations. Runs once
(skipped when the city already has problems). Figures are illustrative, not official."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from inovda.innovations import services as innovation_services
from inovda.innovations.models import EvidenceClaim, Innovation, KpiValue
from inovda.organizations.demo import DEMO_PEMDA_CODE
from inovda.organizations.models import Agency, LocalGovernment

from . import services
from .models import Place, Problem

# title, owner (name contains), origin, priority, poverty, kelurahan, indicator, affected
PROBLEMS = [
    (
        "Antrean panjang layanan administrasi kependudukan",
        "Dispendukcapil",
        "complaint",
        1,
        False,
        [],
        ("Waktu tunggu rata-rata", "menit", "95", "Survei kepuasan 2024"),
        "Warga yang mengurus KTP, KK dan akta",
    ),
    (
        "Balita stunting di kelurahan padat penduduk",
        "Kesehatan",
        "plan",
        1,
        True,
        ["Kotalama", "Mergosono", "Bandungrejosari"],
        ("Prevalensi stunting", "%", "16.8", "SSGI 2022 (demo)"),
        "Balita dan ibu hamil",
    ),
    (
        "Rumah tangga miskin belum terdata dalam DTKS",
        "DINSOS",
        "poverty",
        1,
        True,
        ["Kotalama", "Jodipan", "Kedungkandang", "Buring"],
        ("Rumah tangga belum terdata", "KK", "2150", "Verval DTKS 2024 (demo)"),
        "Rumah tangga miskin dan rentan",
    ),
    (
        "Anak putus sekolah dari keluarga miskin",
        "Pendidikan",
        "poverty",
        1,
        True,
        ["Kotalama", "Sukun", "Gadang"],
        ("Anak tidak sekolah", "anak", "640", "Dapodik 2024 (demo)"),
        "Anak usia 7–18 tahun",
    ),
    (
        "Genangan dan banjir di ruas jalan utama saat hujan",
        "DPUPR",
        "complaint",
        1,
        False,
        ["Sukun", "Lowokwaru"],
        ("Titik genangan", "titik", "31", "Pengaduan SP4N-LAPOR 2024"),
        "Pengguna jalan dan warga sekitar",
    ),
    (
        "Sampah pasar tradisional tidak terolah",
        "Lingkungan Hidup",
        "plan",
        2,
        False,
        ["Klojen", "Blimbing"],
        ("Sampah pasar ke TPA", "ton/hari", "48", "DLH 2024 (demo)"),
        "Pedagang dan warga sekitar pasar",
    ),
    (
        "Kemacetan di sekitar sekolah pada jam masuk",
        "Perhubungan",
        "citizen",
        2,
        False,
        ["Oro-oro Dowo", "Kauman"],
        ("Kecepatan rata-rata", "km/jam", "9", "Survei lalu lintas"),
        "Siswa, orang tua dan pengguna jalan",
    ),
    (
        "Pelaku UMKM perempuan miskin sulit mengakses modal",
        "Diskoperindag",
        "poverty",
        2,
        True,
        ["Kotalama", "Bumiayu", "Arjowinangun"],
        ("UMKM perempuan tanpa akses kredit", "unit", "1200", "Pendataan UMKM 2024 (demo)"),
        "Perempuan pelaku usaha mikro",
    ),
    (
        "Lansia miskin tanpa pendamping di rumah",
        "DINSOS",
        "poverty",
        2,
        True,
        ["Jodipan", "Polehan", "Kesatrian"],
        ("Lansia telantar", "orang", "310", "Pendataan 2024"),
        "Lansia",
    ),
    (
        "Perizinan usaha memakan waktu lama",
        "PMPTSP",
        "agency",
        2,
        False,
        [],
        ("Waktu penerbitan izin", "hari", "14", "SOP dan laporan layanan 2024"),
        "Pelaku usaha",
    ),
    (
        "Data inovasi perangkat daerah tercecer",
        "Perencanaan",
        "barrier",
        2,
        False,
        [],
        ("Inovasi tanpa laporan perkembangan", "%", "45", "Inovda (demo)"),
        "Perangkat daerah dan Bapperida",
    ),
    (
        "Honor kader kelurahan tidak memiliki kode rekening",
        "Perencanaan",
        "barrier",
        1,
        False,
        [],
        ("Kelurahan tanpa honor kader", "kelurahan", "21", "Pola hambatan unit inovasi"),
        "Kader kelurahan",
    ),
    (
        "Rendahnya literasi digital warga lanjut usia",
        "Kominfo",
        "citizen",
        3,
        False,
        ["Purwantoro", "Bunulrejo"],
        ("Warga lansia memakai layanan daring", "%", "12", "Survei literasi digital (demo)"),
        "Warga lanjut usia",
    ),
    (
        "Keterlambatan respons pengaduan warga",
        "Kominfo",
        "complaint",
        2,
        False,
        [],
        ("Pengaduan direspons lewat 3 hari", "%", "38", "SP4N-LAPOR 2024"),
        "Warga pelapor",
    ),
    (
        "Rumah tidak layak huni di bantaran sungai",
        "DPUPR",
        "poverty",
        1,
        True,
        ["Jodipan", "Kotalama", "Kesatrian", "Penanggungan"],
        ("Rumah tidak layak huni", "unit", "870", "Pendataan RTLH 2024 (demo)"),
        "Keluarga miskin di bantaran sungai",
    ),
]


def _agency(pemda, needle: str) -> Agency:
    return (
        Agency.objects.filter(pemda=pemda, name__icontains=needle).order_by("id").first()
        or Agency.objects.filter(pemda=pemda).order_by("id").first()
    )


def _evidence(pemda, admin) -> int:
    """The KPI series the demo already holds propose level 2; some are confirmed by the
    Pemda admin, one innovation also holds an evaluation (level 3)."""
    ids = (
        KpiValue.objects.filter(kpi__innovation__pemda=pemda)
        .values_list("kpi__innovation_id", flat=True)
        .distinct()
    )
    innovations = list(Innovation.objects.filter(pk__in=ids).order_by("id")[:12])
    confirmed = 0
    for index, innovation in enumerate(innovations):
        claim = innovation_services.evidence_propose_from_kpis(innovation=innovation)
        if claim and index % 2 == 0:
            innovation_services.evidence_decide(
                actor=admin, claim=claim, confirm=True, note="Seri KPI diperiksa terhadap baseline."
            )
            confirmed += 1
    if innovations:
        claim = innovation_services.evidence_claim_add(
            actor=admin,
            innovation=innovations[0],
            level=EvidenceClaim.Level.CAUSATION,
            kind=EvidenceClaim.Kind.EVALUATION,
            description="Evaluasi Universitas Brawijaya: kelurahan penerap dibandingkan dengan "
            "kelurahan serupa yang belum menerapkan (demo).",
        )
        innovation_services.evidence_decide(actor=admin, claim=claim, confirm=True)
    return confirmed


def load(stdout) -> None:
    pemda = LocalGovernment.objects.get(code=DEMO_PEMDA_CODE)
    if Problem.objects.filter(pemda=pemda).exists():
        stdout.write("Problems: already loaded.")
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["unit", "admin"])}
    unit, admin = users["unit"], users["admin"]
    places = {p.name: p for p in Place.objects.filter(pemda=pemda, level="kelurahan")}
    live = Innovation.objects.filter(
        pemda=pemda, status__in=[Innovation.Status.IMPLEMENTED, Innovation.Status.TRIAL]
    )
    for index, (title, owner, origin, priority, poverty, kel, ind, groups) in enumerate(PROBLEMS):
        agency = _agency(pemda, owner)
        problem = services.problem_save(
            actor=unit,
            pemda=pemda,
            data={
                "title": title,
                "description": f"{title}. Dicatat di bank masalah sebelum memilih solusi.",
                "owner": agency,
                "origin": origin,
                "origin_reference": "RPJMD 2025–2029" if origin == "plan" else "",
                "priority": priority,
                "poverty_related": poverty,
                "affected_groups": groups,
                "places": [places[k] for k in kel if k in places],
            },
        )
        name, unit_name, baseline, source = ind
        services.indicator_add(
            actor=unit,
            problem=problem,
            data={
                "name": name,
                "unit": unit_name,
                "baseline": Decimal(baseline),
                "baseline_year": 2024,
                "source": source,
            },
        )
        # Every third problem stays without an innovation; the others get their agency's.
        if index % 3 != 2:
            for innovation in live.filter(agency=agency).order_by("id")[:2]:
                services.link_add(actor=unit, problem=problem, innovation=innovation)
        if index in (4, 5):
            services.challenge_open(
                actor=unit,
                problem=problem,
                data={
                    "title": f"Tantangan: {title.lower()}",
                    "call": "Kami mengundang perangkat daerah, komunitas dan perguruan tinggi "
                    "mengajukan solusi yang dapat diuji coba dalam enam bulan.",
                    "audience": "everyone",
                    "deadline": timezone.localdate() + datetime.timedelta(days=60 + 30 * index),
                },
            )
    confirmed = _evidence(pemda, admin)
    stdout.write(
        f"Problems: {len(PROBLEMS)} with indicators, links and 2 challenges; "
        f"evidence confirmed on {confirmed} innovations."
    )
