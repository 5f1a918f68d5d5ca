"""Demo knowledge for Kota Malang: the October 2023 FGD on the innovation ecosystem and
other events, lessons of discontinued innovations, a small library, replications; then the
whole search index is rebuilt (the registry demo writes innovations without services)."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from inovda.innovations.models import Innovation, Lesson, Tag
from inovda.innovations.services import lesson_create
from inovda.organizations.demo import DEMO_PEMDA_CODE, OTHER_PEMDA_CODE
from inovda.organizations.models import Agency, GovernmentAffair, LocalGovernment

from . import indexing
from .models import (
    ActionItem,
    Event,
    LibraryDocument,
    LibraryTag,
    LibraryVersion,
    Participant,
    Replication,
    Speaker,
)

SEED = 6106

EVENTS = [
    {
        "kind": Event.Kind.FGD,
        "title": "FGD Pengembangan Ekosistem Inovasi Kota Malang",
        "date": datetime.date(2023, 10, 17),
        "place": "Ruang Sidang Balai Kota Malang",
        "organiser": "Badan Perencanaan Pembangunan Daerah",
        "agenda": "1. Pembukaan oleh Kepala Bapperida\n2. Paparan kondisi inovasi daerah "
        "2019–2022\n3. Diskusi lima faktor ekosistem inovasi\n4. Rumusan tindak lanjut",
        "minutes": "Peserta sepakat bahwa inovasi harus dijaga tetap berkembang, inovasi yang "
        "stagnan dihidupkan kembali, dan inovasi yang tidak berlanjut dipahami penyebabnya. "
        "Lima faktor dibahas: kemampuan dan ruang kreativitas inovator, unit khusus untuk "
        "mengatasi hambatan inovasi, strategi manajemen risiko inovasi, pemanfaatan data, "
        "informasi dan pengetahuan, serta fleksibilitas penganggaran. Diusulkan pembentukan "
        "unit khusus hambatan inovasi di Bapperida dan forum berbagi pengetahuan tiap triwulan.",
        "speakers": [
            ("Dr. Ratna Wulandari", "Universitas Brawijaya", "Ekosistem inovasi sektor publik"),
            ("Ir. Bambang Sutrisno", "Bapperida Kota Malang", "Kondisi inovasi daerah 2019–2022"),
        ],
        "actions": [
            ("Menyusun rancangan SK unit khusus hambatan inovasi", 40, "done"),
            ("Menginventarisasi inovasi yang stagnan dan tidak berlanjut", 60, "done"),
            ("Menjadwalkan forum berbagi pengetahuan triwulanan", 75, "in_progress"),
        ],
    },
    {
        "kind": Event.Kind.BIMTEK,
        "title": "Bimtek Penyusunan Proposal dan Rancang Bangun Inovasi Daerah",
        "date": datetime.date(2025, 3, 11),
        "place": "Hotel Atrium Malang",
        "organiser": "Badan Perencanaan Pembangunan Daerah",
        "agenda": "Penulisan rancang bangun minimal 300 kata, indikator IID, bukti dukung.",
        "minutes": "Peserta berlatih menulis masalah, isu strategis, metode sebelum dan "
        "sesudah, kebaruan, dan cara kerja inovasi. Fasilitator membahas bukti dukung "
        "indikator IID dan kesalahan umum pengisian.",
        "speakers": [("Dra. Endang Kusumawati", "BSKDN Kemendagri", "Indeks Inovasi Daerah")],
        "actions": [("Mengunggah rancang bangun yang diperbaiki", -30, "open")],
    },
    {
        "kind": Event.Kind.SHARING,
        "title": "Forum Berbagi Pengetahuan: Layanan Digital Kelurahan",
        "date": datetime.date(2025, 8, 20),
        "place": "Mal Pelayanan Publik Kota Malang",
        "organiser": "DINAS KOMINFO",
        "agenda": "Berbagi pengalaman penerapan layanan digital di kelurahan dan puskesmas.",
        "minutes": "Kelurahan yang berhasil melibatkan kader dan RT dalam sosialisasi. "
        "Kendala utama: jaringan internet dan pergantian petugas.",
        "speakers": [("Agus Operator Kominfo", "Dinas Kominfo", "Aplikasi layanan kelurahan")],
        "actions": [("Menyusun panduan singkat layanan digital kelurahan", 0, "open")],
    },
    {
        "kind": Event.Kind.BRIEFING,
        "title": "Sosialisasi Kompetisi Inovasi Pelayanan Publik (Kovablik) 2026",
        "date": datetime.date(2026, 2, 3),
        "online_link": "https://meet.example.go.id/kovablik-2026",
        "organiser": "Badan Perencanaan Pembangunan Daerah",
        "agenda": "Tahapan kompetisi, sistematika proposal, batas kata, jadwal penilaian.",
        "minutes": "Proposal diunggah paling lambat akhir Maret; penilaian oleh tim independen.",
        "speakers": [],
        "actions": [],
    },
]

LIBRARY = [
    (
        "regulation",
        "Peraturan Wali Kota tentang Inovasi Daerah",
        2022,
        "pedoman, regulasi",
        "Dasar hukum penyelenggaraan inovasi daerah di Kota Malang.",
    ),
    (
        "guide",
        "Panduan Penulisan Rancang Bangun Inovasi",
        2025,
        "proposal, rancang bangun",
        "Cara menulis masalah, isu strategis, metode, kebaruan dan cara kerja, minimal 300 kata.",
    ),
    (
        "sop",
        "SOP Penanganan Hambatan Inovasi",
        2024,
        "hambatan, unit khusus",
        "Langkah menerima, menilai, meneruskan dan menutup laporan hambatan inovasi.",
    ),
    (
        "template",
        "Templat Laporan Perkembangan Triwulanan",
        2024,
        "laporan, monitoring",
        "Isian capaian indikator, anggaran, kendala dan rencana triwulan berikutnya.",
    ),
    (
        "policy_brief",
        "Ringkasan Kebijakan: Inovasi untuk Pengentasan Kemiskinan",
        2025,
        "kemiskinan",
        "Rekomendasi agar inovasi menyasar rumah tangga miskin dan rentan.",
    ),
]

LESSON_TEXT = {
    "results_impact": "Pada masa penerapan, layanan menjangkau warga di beberapa kelurahan "
    "dan waktu layanan sempat turun.",
    "challenges": "Anggaran pemeliharaan tidak dianggarkan pada tahun berikutnya dan petugas "
    "terlatih dimutasi, sehingga layanan berhenti tanpa pengganti.",
    "success_conditions": "Anggaran pemeliharaan multi-tahun, petugas cadangan yang terlatih, "
    "dan sponsor pimpinan yang menegaskan dukungan tiap tahun.",
    "replication_notes": "Mulai dari satu kecamatan, siapkan SOP dan pelatihan petugas sebelum "
    "perluasan.",
    "lessons": "Keberlanjutan ditentukan sejak perencanaan: anggarkan pemeliharaan, siapkan "
    "pengganti petugas, dan laporkan perkembangan secara berkala.",
}


def tiny_pdf(title: str) -> bytes:
    """A valid one-page PDF that shows `title` (demo files only)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def _agency(pemda, hint: str) -> Agency:
    agencies = Agency.objects.filter(pemda=pemda)
    return (
        agencies.filter(name__iexact=hint).first()
        or agencies.filter(short_name__iexact=hint).first()
        or agencies.filter(name__icontains=hint).first()
        or agencies.first()
    )


def _events(pemda, users, rng) -> int:
    created = 0
    agencies = list(Agency.objects.filter(pemda=pemda, kind="dinas")[:12])
    innovations = list(
        Innovation.objects.filter(pemda=pemda, status=Innovation.Status.IMPLEMENTED)[:20]
    )
    for spec in EVENTS:
        if Event.objects.filter(pemda=pemda, title=spec["title"]).exists():
            continue
        event = Event.objects.create(
            pemda=pemda,
            organiser=_agency(pemda, spec["organiser"]),
            kind=spec["kind"],
            title=spec["title"],
            date=spec["date"],
            place=spec.get("place", ""),
            online_link=spec.get("online_link", ""),
            agenda=spec["agenda"],
            minutes=spec["minutes"],
            created_by=users.get("admin"),
        )
        for name, affiliation, topic in spec["speakers"]:
            Speaker.objects.create(event=event, name=name, affiliation=affiliation, topic=topic)
        for agency in rng.sample(agencies, min(6, len(agencies))):
            Participant.objects.create(event=event, agency=agency, attended=rng.random() < 0.8)
        for username in ("operator.kominfo", "operator.dinkes", "inovator", "agen"):
            if username in users:
                Participant.objects.create(event=event, user=users[username], attended=True)
        for title, days, status in spec["actions"]:
            ActionItem.objects.create(
                event=event,
                title=title,
                owner=users.get("unit"),
                owner_agency=event.organiser,
                due_date=event.date + datetime.timedelta(days=days)
                if days > 0
                else datetime.date.today() + datetime.timedelta(days=days),
                status=status,
                innovation=rng.choice(innovations) if innovations and rng.random() < 0.6 else None,
            )
        created += 1
    return created


def _lessons(pemda, users) -> int:
    created = 0
    closed = Innovation.objects.filter(pemda=pemda, status=Innovation.Status.DISCONTINUED)
    for innovation in list(closed.order_by("id"))[:-2]:  # two left without: the page asks
        if innovation.lessons.exists():
            continue
        lesson_create(
            actor=users["admin"],
            innovation=innovation,
            data={
                "occasion": Lesson.Occasion.DISCONTINUATION,
                "title": f"Mengapa {innovation.name} tidak berlanjut",
                **LESSON_TEXT,
            },
        )
        created += 1
    return created


def _library(pemda, users) -> int:
    created = 0
    bapperida = _agency(pemda, "Badan Perencanaan Pembangunan Daerah")
    poverty = Tag.objects.filter(kind=Tag.Kind.THEME, code="penanggulangan-kemiskinan").first()
    affair = GovernmentAffair.objects.filter(name__icontains="sosial").first()
    for kind, title, year, tags, summary in LIBRARY:
        if LibraryDocument.objects.filter(pemda=pemda, title=title).exists():
            continue
        document = LibraryDocument.objects.create(
            pemda=pemda,
            agency=bapperida,
            kind=kind,
            title=title,
            year=year,
            summary=summary,
            affair=affair if kind == "policy_brief" else None,
            created_by=users.get("admin"),
        )
        document.tags.set(
            [LibraryTag.objects.get_or_create(name=t.strip())[0] for t in tags.split(",")]
        )
        if kind == "policy_brief" and poverty:
            document.themes.set([poverty])
        for number in (1, 2) if kind == "sop" else (1,):
            version = LibraryVersion(
                document=document,
                number=number,
                note="Versi awal" if number == 1 else "Penyesuaian alur dan batas waktu",
                original_name=f"{title[:60]} v{number}.pdf",
                kind="pdf",
                content_type="application/pdf",
                uploaded_by=users.get("admin"),
            )
            content = tiny_pdf(f"{title} - versi {number}")
            version.size = len(content)
            version.file.save(f"demo-{document.pk}-v{number}.pdf", ContentFile(content), save=False)
            version.save()
        created += 1
    return created


def _replications(pemda, users) -> int:
    if Replication.objects.filter(origin__pemda=pemda).exists():
        return 0
    batu = LocalGovernment.objects.filter(code=OTHER_PEMDA_CODE).first()
    kab_malang = LocalGovernment.objects.filter(code="35.07").first()
    live = Innovation.objects.filter(pemda=pemda, status=Innovation.Status.IMPLEMENTED)
    origin = live.filter(kind=Innovation.Kind.DIGITAL).order_by("id").first() or live.first()
    if origin is None:
        return 0
    other_agency = Agency.objects.filter(pemda=pemda, kind="kecamatan").first()
    copy = live.exclude(pk=origin.pk).filter(agency=other_agency).first()
    rows = [
        Replication(
            origin=origin,
            adopter_pemda=pemda,
            adopter_agency=other_agency,
            adopted_innovation=copy,
            adaptation="adapted",
            status="implemented",
            adaptation_note="Disesuaikan untuk layanan tingkat kecamatan.",
        ),
    ]
    if batu:
        rows.append(
            Replication(
                origin=origin,
                adopter_pemda=batu,
                adopter_unit_name="Dinas Kominfo Kota Batu",
                adaptation="copied",
                agreement_kind="pks",
                agreement_number="180/12/35.79/2024",
                agreement_date=datetime.date(2024, 6, 14),
                status="implemented",
            )
        )
    if kab_malang:
        rows.append(
            Replication(
                origin=origin,
                adopter_pemda=kab_malang,
                adopter_unit_name="Diskominfo Kab. Malang",
                adaptation="adapted",
                agreement_kind="mou",
                agreement_number="119/07/35.07/2025",
                agreement_date=datetime.date(2025, 2, 3),
                status="trial",
            )
        )
    for row in rows:
        row.created_by = users.get("admin")
        row.save()
    return len(rows)


def load(stdout) -> None:
    pemda = LocalGovernment.objects.get(code=DEMO_PEMDA_CODE)
    users = {u.username: u for u in get_user_model().objects.all()}
    rng = random.Random(SEED)
    events = _events(pemda, users, rng)
    lessons = _lessons(pemda, users)
    documents = _library(pemda, users)
    replications = _replications(pemda, users)
    stdout.write(
        f"Knowledge: {events} events, {lessons} lessons, {documents} library documents, "
        f"{replications} replications added."
    )
    indexing.reindex(stdout=stdout)
