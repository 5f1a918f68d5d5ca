"""Demo records of the five factors for Kota Malang (fixed seed, dates relative to today):
innovator profiles with training, recognition and time; barriers worked by the innovation
unit, with resolutions that later barriers reuse; risk registers with reviews; budget
lines with realisation, reallocations and tranches; self-assessments.

Runs after the innovations demo. Loads nothing when the city already has barriers."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from inovda.core.models import AuditEvent
from inovda.innovations.models import Innovation
from inovda.organizations.demo import DEMO_PEMDA_CODE
from inovda.organizations.models import Agency, LocalGovernment

from . import conf, rules
from .models import (
    AssessmentQuestion,
    Barrier,
    BudgetLine,
    Innovator,
    Reallocation,
    Recognition,
    Risk,
    RiskReview,
    SelfAssessment,
    TeamMember,
    TimeAllotment,
    Training,
    Tranche,
)

SEED = 2023  # the year of the city's FGD on its innovation ecosystem
JUTA = Decimal(1_000_000)

FIRST = """
Ahmad Agus Andi Anik Arief Ayu Bambang Dian Dewi Dimas Eka Endah Fajar Fitria Galih
Hendra Heni Ika Indah Irfan Joko Kartika Lestari Lina Mochamad Nanang Nia Novi Nur
Putri Rahmat Ratna Reza Rina Rizky Sari Setyo Sinta Sri Taufik Tri Wahyu Widya Yudi
""".split()  # noqa: SIM905
LAST = """
Hidayat Santoso Wibowo Prasetyo Lestari Kurniawan Rahayu Saputra Wulandari Nugroho
Susanto Handayani Firmansyah Puspitasari Setiawan Maharani Utomo Permana Anggraini
Hakim Suryani Pratama Ramadhani Kusuma
""".split()  # noqa: SIM905
SKILLS = [
    "analisis data",
    "desain layanan",
    "pengembangan aplikasi",
    "manajemen proyek",
    "komunikasi publik",
    "fasilitasi FGD",
    "penyusunan regulasi",
    "pengadaan barang/jasa",
    "keuangan daerah",
    "pemberdayaan masyarakat",
    "desain grafis",
    "kesehatan masyarakat",
]
POSITIONS = [
    "Kepala Bidang",
    "Kepala Seksi",
    "Analis Kebijakan",
    "Pranata Komputer",
    "Perencana Ahli Muda",
    "Pengelola Layanan",
    "Staf Pelaksana",
]
TRAININGS = [
    ("bimtek", "Bimtek Penyusunan Proposal Inovasi Daerah", "Bapperida Kota Malang", 16),
    ("bimtek", "Bimtek Pengisian Indeks Inovasi Daerah", "BSKDN Kemendagri", 8),
    ("tot", "TOT Design Thinking untuk ASN", "BPSDM Provinsi Jawa Timur", 32),
    ("tot", "TOT Fasilitator Agen Perubahan", "LAN RI", 40),
    ("workshop", "Workshop Manajemen Risiko Inovasi", "Inspektorat Kota Malang", 8),
    ("workshop", "Lokakarya Laboratorium Inovasi", "Universitas Brawijaya", 24),
    ("workshop", "Workshop Analisis Data Layanan Publik", "Diskominfo Kota Malang", 12),
    ("certificate", "Sertifikasi Manajemen Proyek", "BNSP", 24),
]

# Barrier texts per type: (title, description, impact, resolution).
BARRIERS = {
    "regulation": [
        (
            "Belum ada dasar hukum untuk tanda tangan elektronik pada layanan",
            "Layanan sudah bisa diajukan daring, tetapi dokumen hasil masih harus ditandatangani "
            "basah karena belum ada Perwali tentang penggunaan tanda tangan elektronik.",
            "Warga tetap harus datang ke kantor untuk mengambil dokumen; manfaat inovasi "
            "berkurang.",
            "Bagian Hukum menyusun Perwali tentang tanda tangan elektronik bersama Diskominfo "
            "dan BSrE; selama proses, Sekda menerbitkan surat edaran yang membolehkan dokumen "
            "elektronik untuk layanan yang sudah diuji coba.",
        ),
        (
            "Perwali lama mengatur prosedur manual yang bertentangan dengan inovasi",
            "Prosedur dalam Peraturan Wali Kota masih mewajibkan formulir kertas dan verifikasi "
            "tatap muka, sehingga alur baru inovasi dianggap tidak sah oleh auditor.",
            "Petugas ragu menjalankan alur baru; uji coba bisa dihentikan.",
            "Unit inovasi mengusulkan perubahan Perwali melalui Bagian Hukum dengan kajian "
            "singkat; sambil menunggu, diberikan diskresi tertulis Sekda untuk masa uji coba.",
        ),
    ],
    "budget": [
        (
            "Anggaran pemeliharaan aplikasi tidak tersedia di DPA tahun berjalan",
            "Biaya sewa server dan pemeliharaan aplikasi tidak masuk DPA karena inovasi "
            "ditetapkan setelah penyusunan anggaran.",
            "Aplikasi berisiko berhenti di pertengahan tahun.",
            "Diusulkan pergeseran anggaran antarsubkegiatan dalam perangkat daerah yang sama "
            "dan dimasukkan ke Perubahan APBD; TAPD menyetujui pergeseran dalam 10 hari.",
        ),
        (
            "Honor kader tidak dapat dibayar dari kegiatan yang ada",
            "Kader kelurahan yang menjalankan inovasi belum memiliki kode rekening honor yang "
            "sesuai di DPA, sehingga honor tertunda.",
            "Kader mundur dan layanan di lapangan terhenti.",
            "BKAD menunjukkan kode rekening belanja jasa yang sesuai; honor dibayar melalui "
            "pergeseran anggaran dan dianggarkan tetap pada tahun berikutnya.",
        ),
    ],
    "procurement": [
        (
            "Pengadaan perangkat melalui e-katalog terlambat",
            "Perangkat tablet untuk petugas lapangan belum tersedia di e-katalog lokal sehingga "
            "proses pengadaan tertunda berbulan-bulan.",
            "Uji coba tidak dapat dimulai sesuai jadwal.",
            "Bagian Pengadaan Barang/Jasa membantu penayangan produk di e-katalog lokal dan "
            "memakai mekanisme pengadaan langsung untuk jumlah kecil sesuai Perpres 12/2021.",
        ),
        (
            "Spesifikasi teknis aplikasi sulit disusun untuk tender",
            "Tim tidak memiliki pengalaman menyusun kerangka acuan kerja pengembangan "
            "aplikasi sehingga dokumen pengadaan berkali-kali dikembalikan.",
            "Pengembangan aplikasi mundur satu tahun anggaran.",
            "Diskominfo menyediakan templat KAK pengembangan aplikasi dan mendampingi "
            "penyusunannya; aplikasi dibangun oleh tim internal Diskominfo.",
        ),
    ],
    "staffing": [
        (
            "Petugas operator layanan dimutasi",
            "Dua operator yang dilatih menjalankan inovasi dimutasi ke perangkat daerah lain "
            "tanpa pengganti yang sudah dilatih.",
            "Layanan melambat dan pengetahuan hilang.",
            "BKPSDM menunda mutasi sampai pengganti dilatih; SOP dan video tutorial disusun "
            "agar pengetahuan tidak bergantung pada satu orang.",
        ),
        (
            "Kekurangan tenaga pranata komputer",
            "Perangkat daerah tidak memiliki pranata komputer untuk mengelola aplikasi inovasi.",
            "Gangguan aplikasi tidak tertangani cepat.",
            "Diskominfo menugaskan pranata komputer secara bergilir (shared service) dan "
            "formasi pranata komputer diusulkan dalam analisis kebutuhan pegawai.",
        ),
    ],
    "it_data": [
        (
            "Data kependudukan tidak dapat diakses oleh aplikasi",
            "Aplikasi memerlukan verifikasi NIK, tetapi belum ada perjanjian kerja sama hak "
            "akses data kependudukan dengan Disdukcapil.",
            "Verifikasi warga dilakukan manual dan rawan salah.",
            "Disusun PKS pemanfaatan data kependudukan antara perangkat daerah dan Disdukcapil; "
            "Diskominfo menyediakan layanan API terpusat sehingga perangkat daerah lain dapat "
            "memakai jalur yang sama.",
        ),
        (
            "Server aplikasi sering tidak dapat diakses",
            "Aplikasi dipasang di server lama milik perangkat daerah tanpa cadangan listrik dan "
            "pemantauan.",
            "Layanan berhenti beberapa jam setiap minggu.",
            "Aplikasi dipindahkan ke pusat data Pemkot yang dikelola Diskominfo, dengan "
            "pemantauan dan cadangan harian.",
        ),
        (
            "Aplikasi tidak terhubung dengan aplikasi nasional",
            "Data layanan harus diketik ulang ke aplikasi kementerian karena belum ada integrasi.",
            "Beban kerja petugas ganda dan data tidak sinkron.",
            "Diskominfo mengajukan akses API ke kementerian dan membangun jembatan data; "
            "selama menunggu, ekspor data bulanan disiapkan dalam format kementerian.",
        ),
    ],
    "coordination": [
        (
            "Kewenangan layanan tumpang tindih antarperangkat daerah",
            "Dua perangkat daerah merasa sama-sama berwenang atas layanan sehingga alur inovasi "
            "terhenti menunggu kesepakatan.",
            "Warga bingung harus ke mana; inovasi tidak bisa diperluas.",
            "Unit inovasi memfasilitasi rapat koordinasi yang dipimpin Asisten; pembagian peran "
            "dituangkan dalam berita acara kesepakatan dan SOP bersama.",
        ),
        (
            "Kelurahan belum dilibatkan dalam pelaksanaan",
            "Inovasi dirancang di tingkat dinas tanpa melibatkan kecamatan dan kelurahan yang "
            "menjadi ujung tombak layanan.",
            "Sosialisasi ke warga lambat dan data lapangan tidak masuk.",
            "Camat menugaskan satu petugas penghubung per kelurahan; pertemuan koordinasi "
            "bulanan dijadwalkan bersama unit inovasi.",
        ),
    ],
    "leadership": [
        (
            "Belum ada keputusan pimpinan untuk memperluas inovasi",
            "Hasil uji coba baik, tetapi perluasan ke seluruh kecamatan menunggu arahan "
            "pimpinan yang belum dijadwalkan.",
            "Inovasi berhenti di tahap uji coba.",
            "Unit inovasi menyiapkan ringkasan hasil uji coba satu halaman dan "
            "mempresentasikannya dalam rapat pimpinan; Wali Kota menyetujui perluasan.",
        ),
    ],
    "culture": [
        (
            "Petugas enggan meninggalkan cara kerja lama",
            "Sebagian petugas tetap mencatat di buku register dan tidak memakai aplikasi.",
            "Data tidak lengkap dan manfaat inovasi tidak terukur.",
            "Diadakan pendampingan sebaya oleh agen perubahan dan penghargaan bulanan untuk "
            "petugas yang paling konsisten; buku register dihentikan setelah tiga bulan.",
        ),
        (
            "Warga belum percaya pada layanan daring",
            "Warga lanjut usia lebih memilih datang langsung dan khawatir data pribadinya "
            "disalahgunakan.",
            "Pemanfaatan layanan daring rendah.",
            "Dibuka pojok pendampingan di kelurahan dengan kader digital, disertai sosialisasi "
            "perlindungan data pribadi melalui posyandu dan PKK.",
        ),
    ],
    "other": [
        (
            "Lokasi layanan tidak memadai",
            "Ruang layanan sempit dan tidak ramah difabel sehingga inovasi sulit dijalankan.",
            "Antrean panjang dan keluhan warga meningkat.",
            "Bagian Umum meminjamkan ruang aset Pemkot yang tidak terpakai; penataan ruang "
            "dianggarkan pada tahun berikutnya.",
        ),
    ],
}
RISKS = [
    # (kind, title, cause, consequence, treatment, plan, digital only)
    (
        "threat",
        "Rendahnya pemanfaatan layanan oleh warga",
        "Sosialisasi belum menjangkau seluruh kelurahan.",
        "Target penerima manfaat tidak tercapai.",
        "reduce",
        "Sosialisasi melalui RT/RW, PKK dan media sosial; target per kelurahan dipantau bulanan.",
        False,
    ),
    (
        "threat",
        "Gangguan server atau jaringan",
        "Aplikasi berjalan di satu server tanpa cadangan.",
        "Layanan berhenti dan data tidak tersinkron.",
        "reduce",
        "Pindah ke pusat data Pemkot; cadangan harian; nomor darurat Diskominfo.",
        True,
    ),
    (
        "threat",
        "Pemotongan anggaran pada perubahan APBD",
        "Refocusing anggaran untuk prioritas lain.",
        "Kegiatan pendukung tertunda.",
        "accept",
        "Menyiapkan skenario kegiatan minimum yang tetap berjalan.",
        False,
    ),
    (
        "threat",
        "Mutasi petugas kunci",
        "Rotasi ASN tanpa serah terima pengetahuan.",
        "Layanan melambat; pengetahuan hilang.",
        "reduce",
        "SOP tertulis, video tutorial, dan minimal dua petugas terlatih.",
        False,
    ),
    (
        "threat",
        "Kebocoran data pribadi warga",
        "Hak akses aplikasi belum dibatasi per peran.",
        "Pelanggaran UU Pelindungan Data Pribadi dan hilangnya kepercayaan warga.",
        "avoid",
        "Pembatasan hak akses, log akses, dan uji keamanan oleh Diskominfo sebelum perluasan.",
        True,
    ),
    (
        "threat",
        "Ketergantungan pada penyedia aplikasi pihak ketiga",
        "Kode sumber dan server dikelola vendor.",
        "Layanan terhenti bila kontrak berakhir.",
        "transfer",
        "Klausul serah terima kode sumber dan dokumentasi dalam kontrak.",
        True,
    ),
    (
        "threat",
        "Perubahan regulasi pusat",
        "Kementerian menyiapkan aturan baru untuk layanan yang sama.",
        "Alur inovasi harus diubah.",
        "accept",
        "Memantau rancangan regulasi melalui forum kementerian.",
        False,
    ),
    (
        "opportunity",
        "Replikasi oleh perangkat daerah atau daerah lain",
        "Inovasi dikenal melalui kompetisi dan media.",
        "Manfaat meluas dan nilai IID naik.",
        "exploit",
        "Menyusun paket replikasi (SOP, materi pelatihan, templat).",
        False,
    ),
    (
        "opportunity",
        "Kemitraan CSR untuk perluasan layanan",
        "Perusahaan di Kota Malang mencari program CSR yang terukur.",
        "Layanan menjangkau lebih banyak warga tanpa tambahan APBD.",
        "exploit",
        "Menyiapkan proposal kemitraan bersama Forum CSR Kota Malang.",
        False,
    ),
]


def _date_between(rng, start: datetime.date, end: datetime.date) -> datetime.date:
    days = max(0, (end - start).days)
    return start + datetime.timedelta(days=rng.randint(0, days))


def _event(actor, verb, subject, when: datetime.date, pemda, message="") -> None:
    """A past audit event for the demo timelines (the demo writes closed history directly;
    the work still waiting goes through the services, see `_hand_over`)."""
    event = AuditEvent.objects.create(
        actor=actor,
        verb=verb,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        subject_repr=str(subject)[:300],
        pemda=pemda,
        message=message,
    )
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(9, 0)))
    AuditEvent.objects.filter(pk=event.pk).update(created_at=moment)


def _agency_user(users, agency_id):
    """The demo operator of the agency, else the Pemda admin acting for it."""
    for username in ("operator.kominfo", "operator.dinkes"):
        user = users.get(username)
        if user and any(m.agency_id == agency_id for m in user.memberships.all()):
            return user
    return users.get("admin")


def _innovators(rng, pemda, running, users, today) -> list[Innovator]:
    people = []
    used = set()
    by_agency: dict[int, list[Innovation]] = {}
    for innovation in running:
        by_agency.setdefault(innovation.agency_id, []).append(innovation)
    for agency_id, innovations in sorted(by_agency.items()):
        for _ in range(min(3, 1 + len(innovations) // 2)):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            while name in used:
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            used.add(name)
            people.append(
                Innovator.objects.create(
                    pemda=pemda,
                    agency_id=agency_id,
                    name=name,
                    kind=Innovator.Kind.ASN,
                    position=rng.choice(POSITIONS),
                    skills=", ".join(rng.sample(SKILLS, rng.randint(1, 3))),
                )
            )
    budi = users.get("inovator")
    if budi:
        kominfo = Agency.objects.filter(pemda=pemda, name="Dinas Kominfo").first()
        people.append(
            Innovator.objects.create(
                pemda=pemda,
                agency=kominfo,
                user=budi,
                name=budi.get_full_name(),
                position="Pranata Komputer Ahli Muda",
                skills="pengembangan aplikasi, analisis data",
            )
        )
    for _ in range(8):
        people.append(
            Innovator.objects.create(
                pemda=pemda,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                kind=Innovator.Kind.CITIZEN,
                position=rng.choice(["Kader PKK", "Ketua RW", "Mahasiswa", "Pegiat komunitas"]),
                skills=", ".join(rng.sample(SKILLS, 2)),
            )
        )
    for person in people:
        own = by_agency.get(person.agency_id, []) if person.agency_id else []
        pool = own or running
        for i, innovation in enumerate(rng.sample(pool, min(len(pool), rng.randint(1, 2)))):
            TeamMember.objects.get_or_create(
                innovator=person,
                innovation=innovation,
                defaults={"role": TeamMember.Role.LEAD if i == 0 and own else "member"},
            )
        for year in range(today.year - 3, today.year + 1):
            if rng.random() < 0.45:
                kind, title, organiser, hours = rng.choice(TRAININGS)
                end = today if year == today.year else datetime.date(year, 12, 31)
                Training.objects.create(
                    innovator=person,
                    kind=kind,
                    title=title,
                    organiser=organiser,
                    held_on=_date_between(rng, datetime.date(year, 2, 1), end),
                    hours=hours,
                )
            if person.kind == Innovator.Kind.ASN and rng.random() < 0.55:
                TimeAllotment.objects.create(
                    innovator=person,
                    year=year,
                    hours_per_week=Decimal(rng.choice([2, 3, 4, 4, 6, 8])),
                    basis=f"SK Kepala Perangkat Daerah No. 800/{rng.randint(10, 99)}/35.73/{year}",
                )
        if rng.random() < 0.35:
            year = rng.randint(today.year - 3, today.year)
            kind = rng.choice(["certificate", "certificate", "award", "incentive"])
            title = {
                "certificate": f"Piagam Penghargaan Inovator Kota Malang {year}",
                "award": f"Juara {rng.randint(1, 3)} Kompetisi Inovasi Pelayanan Publik "
                f"Kota Malang {year}",
                "incentive": f"Insentif inovator terbaik {year}",
            }[kind]
            Recognition.objects.create(
                innovator=person,
                kind=kind,
                title=title,
                given_by="Wali Kota Malang",
                given_on=_date_between(
                    rng, datetime.date(year, 1, 10), min(today, datetime.date(year, 12, 20))
                ),
                amount=Decimal(rng.choice([2_500_000, 5_000_000, 7_500_000]))
                if kind == "incentive"
                else None,
            )
    return people


def _barriers(rng, pemda, running, users, today) -> int:
    unit, leader = users.get("unit"), users.get("pimpinan")
    kinds = list(BARRIERS)
    weights = [3, 3, 2, 2, 4, 3, 1, 2, 1]
    start = datetime.date(today.year - 3, 1, 15)
    recent = today - datetime.timedelta(days=75)
    dates = sorted(
        [_date_between(rng, start, recent) for _ in range(58)]
        + [_date_between(rng, recent, today) for _ in range(14)]
    )
    resolved_by_kind: dict[str, list[Barrier]] = {}
    escalated_shown = False
    created = 0
    for raised_on in dates:
        kind = rng.choices(kinds, weights=weights)[0]
        title, description, impact, resolution = rng.choice(BARRIERS[kind])
        innovation = rng.choice(running)
        sla = rules.sla_days(kind)
        # The unit gets faster year by year: later barriers are resolved sooner.
        slowest = 1.9 - 0.3 * (raised_on.year - start.year)
        done = raised_on + datetime.timedelta(days=int(sla * rng.uniform(0.3, slowest)))
        barrier = Barrier(
            pemda=pemda,
            agency_id=innovation.agency_id,
            innovation=innovation,
            kind=kind,
            title=title,
            description=description,
            impact=impact,
            raised_by=_agency_user(users, innovation.agency_id),
            raised_on=raised_on,
            sla_days=sla,
            due_on=rules.due_on(raised_on, sla),
            priority=rng.choice(["normal", "normal", "high", "low", "urgent"]),
        )
        same = [b for b in resolved_by_kind.get(kind, []) if b.title == title]
        if same and rng.random() < 0.6:
            barrier.precedent = rng.choice(same)
        still_open = raised_on >= recent and rng.random() < 0.75
        if done <= today and not still_open:
            barrier.status = Barrier.Status.RESOLVED
            barrier.owner = unit
            barrier.resolution = resolution
            barrier.resolved_on = done
            barrier.resolved_by = unit
        elif (today - raised_on).days < 10:
            barrier.status = Barrier.Status.OPEN
        else:
            barrier.status = rng.choice(["in_progress", "in_progress", "escalated"])
            if not escalated_shown:  # the unit's queue always shows an escalation
                barrier.status = Barrier.Status.ESCALATED
            escalated_shown |= barrier.status == Barrier.Status.ESCALATED
            barrier.owner = unit
        if barrier.status == Barrier.Status.ESCALATED or (
            barrier.status == Barrier.Status.RESOLVED and rng.random() < 0.15
        ):
            barrier.escalated_to = rng.choice(["sekda", "leadership"])
            barrier.escalated_on = raised_on + datetime.timedelta(days=max(1, sla // 2))
            barrier.escalation_note = (
                "Mohon keputusan pimpinan: penyelesaian lintas perangkat daerah."
            )
        if barrier.status == Barrier.Status.RESOLVED:
            barrier.save()
            _event(barrier.raised_by, "barrier_raised", barrier, raised_on, pemda, "demo data")
        else:
            barrier = _hand_over(barrier, unit, today)
        if barrier.escalated_on and barrier.escalated_on <= today:
            if barrier.status == Barrier.Status.RESOLVED:
                _event(unit, "barrier_escalated", barrier, barrier.escalated_on, pemda)
            if leader and barrier.status == Barrier.Status.ESCALATED:
                _event(
                    leader,
                    "barrier_commented",
                    barrier,
                    barrier.escalated_on + datetime.timedelta(days=2),
                    pemda,
                    "Sudah dibahas di rapat pimpinan; Asisten diminta memimpin koordinasi.",
                )
        if barrier.status == Barrier.Status.RESOLVED:
            _event(unit, "barrier_resolved", barrier, done, pemda)
            resolved_by_kind.setdefault(kind, []).append(barrier)
        created += 1
    return created


def _hand_over(draft: Barrier, unit, today: datetime.date) -> Barrier:
    """A barrier still open in the demo, raised, assigned and escalated through the
    services, so the unit, the agency's people and leadership hold the notifications of
    real hand-overs; its days (raised, due, escalated) and history are then set back to the
    demo's."""
    from . import services

    barrier = services.barrier_raise(
        actor=draft.raised_by,
        innovation=draft.innovation,
        data={f: getattr(draft, f) for f in ("kind", "title", "description", "impact")},
    )
    steps = {"barrier_raised": draft.raised_on}
    if draft.status != Barrier.Status.OPEN:
        services.barrier_assign(actor=unit, barrier=barrier, owner=unit, priority=draft.priority)
        steps["barrier_assigned"] = min(today, draft.raised_on + datetime.timedelta(days=1))
    if draft.status == Barrier.Status.ESCALATED:
        draft.escalated_on = min(today, draft.escalated_on)
        services.barrier_escalate(
            actor=unit, barrier=barrier, to=draft.escalated_to, note=draft.escalation_note
        )
        steps["barrier_escalated"] = draft.escalated_on
    Barrier.objects.filter(pk=barrier.pk).update(
        raised_on=draft.raised_on,
        sla_days=draft.sla_days,
        due_on=draft.due_on,
        priority=draft.priority,
        escalated_on=draft.escalated_on,
    )
    events = AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(Barrier), subject_id=barrier.pk
    )
    for verb, day in steps.items():
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
        events.filter(verb=verb).update(created_at=moment)
    barrier.refresh_from_db()
    return barrier


def _risks(rng, pemda, running, users, today) -> int:
    owner = users.get("operator.kominfo")
    interval = int(conf.get("RISK_REVIEW_DAYS"))
    created = 0
    for innovation in running:
        if rng.random() > 0.65:
            continue
        templates = [t for t in RISKS if not t[6] or innovation.kind == "digital"]
        for kind, title, cause, consequence, treatment, plan, _ in rng.sample(
            templates, rng.randint(1, min(4, len(templates)))
        ):
            identified = _date_between(rng, datetime.date(today.year - 2, 1, 10), today)
            likelihood = rng.choices(range(1, 6), weights=[2, 4, 4, 2, 1])[0]
            impact = rng.choices(range(1, 6), weights=[1, 3, 4, 3, 1])[0]
            risk = Risk.objects.create(
                pemda=pemda,
                agency_id=innovation.agency_id,
                innovation=innovation,
                kind=kind,
                title=title,
                cause=cause,
                consequence=consequence,
                likelihood=likelihood,
                impact=impact,
                treatment=treatment,
                treatment_plan=plan,
                owner=owner if innovation.agency.name == "Dinas Kominfo" else None,
                identified_on=identified,
                review_on=identified + datetime.timedelta(days=interval),
            )
            due = risk.review_on
            neglected = rng.random() < 0.15  # some registers stop being reviewed
            while due < today - datetime.timedelta(days=10) and not (
                neglected and rng.random() < 0.5
            ):
                reviewed = due + datetime.timedelta(days=rng.choice([-7, -3, -1, 0, 0, 4, 15]))
                reviewed = min(reviewed, today)
                residual = (max(1, likelihood - 1), max(1, impact - rng.randint(0, 2)))
                RiskReview.objects.create(
                    risk=risk,
                    due_on=due,
                    reviewed_on=reviewed,
                    likelihood=likelihood,
                    impact=impact,
                    residual_likelihood=residual[0],
                    residual_impact=residual[1],
                    note="Penanganan berjalan sesuai rencana.",
                )
                risk.residual_likelihood, risk.residual_impact = residual
                risk.last_reviewed_on = reviewed
                due = reviewed + datetime.timedelta(days=interval)
            risk.review_on = due
            _event(risk.owner, "risk_added", risk, identified, pemda, "demo data")
            if risk.last_reviewed_on and rng.random() < 0.1:
                risk.status = Risk.Status.CLOSED
                risk.closed_on = risk.last_reviewed_on
            elif risk.residual_likelihood:
                risk.status = Risk.Status.TREATING
            risk.save()
            created += 1
    return created


def _budget(rng, pemda, running, users, today) -> int:
    admin = users.get("admin")
    lines_by_key: dict[tuple, list[BudgetLine]] = {}
    created = 0
    for innovation in running:
        if rng.random() > 0.75:
            continue
        first = max(innovation.year or today.year - 3, today.year - 3)
        code = innovation.main_affair.code if innovation.main_affair else "2.16"
        for year in range(first, today.year + 1):
            if rng.random() < 0.15:
                continue
            source = rng.choices(["apbd", "dak", "blud", "csr", "grant"], weights=[12, 2, 1, 1, 1])[
                0
            ]
            if innovation.agency.kind in ("puskesmas", "rsud") and rng.random() < 0.6:
                source = "blud"
            allocated = Decimal(rng.choice([25, 40, 50, 75, 100, 150, 200, 350, 500])) * JUTA
            if year < today.year:
                rate, as_of = rng.uniform(0.55, 1.0), datetime.date(year, 12, 31)
            else:
                rate, as_of = rng.uniform(0.2, 0.85), today - datetime.timedelta(days=10)
            line = BudgetLine.objects.create(
                pemda=pemda,
                agency_id=innovation.agency_id,
                innovation=innovation,
                fiscal_year=year,
                source=source,
                account_code=f"{code}.{rng.randint(1, 3):02d}.2.{rng.randint(1, 9):02d}."
                f"{rng.randint(1, 20):04d}",
                description=rng.choice(
                    [
                        "Pengembangan dan pemeliharaan aplikasi",
                        "Sosialisasi dan pendampingan warga",
                        "Honor kader dan petugas lapangan",
                        "Pengadaan sarana layanan",
                        "Pelatihan petugas",
                        "Monitoring dan evaluasi",
                    ]
                ),
                allocated=allocated,
                realised=(allocated * Decimal(str(round(rate, 3)))).quantize(Decimal("1000")),
                realised_as_of=as_of,
            )
            lines_by_key.setdefault((innovation.agency_id, year), []).append(line)
            created += 1
            if year == today.year and innovation.status == "trial" and rng.random() < 0.6:
                half = (allocated / 2).quantize(Decimal("1000"))
                Tranche.objects.create(
                    line=line,
                    gate="trial",
                    amount=half,
                    status="released",
                    released_on=as_of,
                    released_by=admin,
                )
                Tranche.objects.create(line=line, gate="implemented", amount=allocated - half)
    pairs = [lines for lines in lines_by_key.values() if len(lines) >= 2]
    waiting = 0
    for lines in rng.sample(pairs, min(16, len(pairs))):
        source, target = rng.sample(lines, 2)
        year = source.fiscal_year
        amount = min(Decimal(rng.choice([5, 10, 15, 25])) * JUTA, source.allocated / 4)
        if year == today.year:  # a few fresh requests wait in the queue
            if waiting == 3:
                continue
            requested, status = today - datetime.timedelta(days=rng.randint(1, 12)), "pending"
            waiting += 1
        else:
            requested = _date_between(
                rng,
                datetime.date(year, 3, 1),
                min(today - datetime.timedelta(days=30), datetime.date(year, 10, 31)),
            )
            status = rng.choice(["approved", "approved", "approved", "rejected"])
        decided = requested + datetime.timedelta(days=rng.choice([3, 5, 8, 12, 20, 35]))
        item = Reallocation.objects.create(
            pemda=pemda,
            agency_id=source.agency_id,
            from_line=source,
            to_line=target,
            amount=amount.quantize(Decimal("1000")),
            reason="Sisa anggaran kegiatan ini dibutuhkan untuk memperluas layanan ke kelurahan "
            "baru sesuai hasil evaluasi triwulan.",
            status=status,
            requested_by=_agency_user(users, source.agency_id),
            requested_on=requested,
            decided_by=admin if status != "pending" else None,
            decided_on=min(decided, today) if status != "pending" else None,
            decision_note="Tidak sesuai prioritas RKPD tahun berjalan."
            if status == "rejected"
            else "",
        )
        _event(item.requested_by, "reallocation_requested", item, requested, pemda, "demo data")
    return created


def _self_assessments(rng, pemda, agencies, users, today) -> int:
    codes = list(AssessmentQuestion.objects.filter(is_active=True).values_list("code", flat=True))
    if not codes:
        return 0
    admin = users.get("admin")
    created = 0
    for year in range(today.year - 2, today.year + 1):
        base = 2 + (year - today.year + 2) * 0.4
        targets = [None, *agencies[:8]] if year >= today.year - 1 else [None]
        for agency in targets:
            answers = {code: max(1, min(5, round(base + rng.uniform(-1, 1.4)))) for code in codes}
            SelfAssessment.objects.create(
                pemda=pemda, agency=agency, year=year, answers=answers, assessed_by=admin
            )
            created += 1
    return created


def load(stdout) -> None:
    pemda = LocalGovernment.objects.get(code=DEMO_PEMDA_CODE)
    if Barrier.objects.filter(pemda=pemda).exists():
        stdout.write("Kota Malang five factors: already loaded; left as they are.")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.prefetch_related("memberships")}
    running = list(
        Innovation.objects.filter(pemda=pemda, status__in=conf.get("ACTIVE_STATUSES"))
        .select_related("agency", "main_affair")
        .order_by("id")
    )
    if not running:
        stdout.write("Kota Malang five factors: no running innovations; nothing to add.")
        return
    people = _innovators(rng, pemda, running, users, today)
    barriers = _barriers(rng, pemda, running, users, today)
    risks = _risks(rng, pemda, running, users, today)
    lines = _budget(rng, pemda, running, users, today)
    agencies = sorted({i.agency for i in running}, key=lambda a: (a.name != "Dinas Kominfo", a.pk))
    assessments = _self_assessments(rng, pemda, agencies, users, today)
    stdout.write(
        f"Kota Malang five factors: {len(people)} innovators, {barriers} barriers, "
        f"{risks} risks, {lines} budget lines, {assessments} self-assessments."
    )
