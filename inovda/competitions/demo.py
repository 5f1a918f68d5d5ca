"""A demo competition of Kota Malang in progress: two categories, a five-criterion rubric,
four reviewers (one of them from Dinas Kesehatan, so never given its entries), six entries
from the registry, most reviews scored (one reviewer harsh), one conflict declared and
reassigned, two reviews still open. Runs once (skipped when it exists)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from inovda.innovations.models import Innovation, count_words
from inovda.organizations.demo import DEMO_PEMDA_CODE
from inovda.organizations.models import LocalGovernment

from . import services
from .models import Assignment, Competition, Criterion

NAME = "Malang Innovation Award 2026"
RUBRIC = [
    ("Kebaruan dan nilai tambah", "20", "Meniru tanpa penyesuaian", "Pertama di Indonesia"),
    ("Signifikansi dan dampak", "30", "Tidak ada data sebelum/sesudah", "Dampak terukur besar"),
    ("Adaptabilitas", "15", "Sulit diterapkan di tempat lain", "Sudah direplikasi"),
    ("Keberlanjutan", "20", "Bergantung pada satu orang", "Diatur dan dianggarkan"),
    ("Sumber daya", "15", "Tidak jelas", "Efisien dan terdokumentasi"),
]
REVIEWERS = ["verifikator", "agen", "pimpinan", "operator.dinkes"]
# Levels per reviewer: "agen" scores two levels below the others (a harsh reviewer).
BASE = [4, 5, 3, 4, 4]
# A minimal PDF (the statement letters of the proposal; demo only).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _trim(text: str, limit: int | None) -> str:
    text = text or "Diisi oleh perangkat daerah."
    if limit and count_words(text) > limit:
        text = " ".join(text.split()[:limit])
    return text


def load(stdout) -> None:
    pemda = LocalGovernment.objects.get(code=DEMO_PEMDA_CODE)
    if Competition.objects.filter(pemda=pemda, name=NAME).exists():
        stdout.write("Competition: already loaded.")
        return
    users = {u.username: u for u in get_user_model().objects.all()}
    unit, admin = users["unit"], users["admin"]
    competition = services.competition_create(
        actor=unit,
        pemda=pemda,
        data={
            "name": NAME,
            "year": 2026,
            "description": "Lomba inovasi tahunan perangkat daerah Kota Malang.",
            "reviewers_per_entry": 3,
        },
        dates=services.default_dates(datetime.date(2026, 3, 2)),
    )
    categories = [
        services.category_create(actor=unit, competition=competition, name=name)
        for name in ("Pelayanan Publik", "Tata Kelola Pemerintahan")
    ]
    for name, weight, low, high in RUBRIC:
        services.criterion_save(
            actor=unit,
            competition=competition,
            name=name,
            weight=Decimal(weight),
            descriptors={"1": low, "3": "Cukup", "5": high},
        )
    for username in REVIEWERS:
        services.reviewer_add(actor=unit, competition=competition, user=users[username])
    services.phase_advance(actor=unit, competition=competition)  # → submission
    live = Innovation.objects.filter(
        pemda=pemda, status=Innovation.Status.IMPLEMENTED
    ).select_related("agency")
    chosen, agencies = [], set()
    for innovation in live.order_by("id"):
        if innovation.agency_id not in agencies:
            chosen.append(innovation)
            agencies.add(innovation.agency_id)
        if len(chosen) == 6:
            break
    for innovation in chosen:
        category = categories[0 if innovation.form != "tata_kelola" else 1]
        entry = services.entry_create(
            actor=admin, competition=competition, category=category, innovation=innovation
        )
        texts = {
            a.section_id: _trim(a.text, a.section.max_words)
            for a in entry.answers.select_related("section")
        }
        services.entry_save(actor=admin, entry=entry, texts=texts)
        services.entry_attach(
            actor=admin, entry=entry, upload=ContentFile(PDF, name="surat-pernyataan.pdf")
        )
        services.entry_submit(actor=admin, entry=entry)
    services.phase_advance(actor=unit, competition=competition)  # → desk, assigned
    criteria = list(Criterion.objects.filter(competition=competition))
    assignments = list(
        Assignment.objects.filter(entry__competition=competition)
        .select_related("reviewer__user", "entry")
        .order_by("id")
    )
    first = assignments[0]
    services.conflict_declare(
        actor=first.reviewer.user, assignment=first, reason="Pernah menjadi narasumber inovasi ini."
    )
    assignments = list(
        Assignment.objects.filter(entry__competition=competition, status="assigned")
        .select_related("reviewer__user", "entry")
        .order_by("id")
    )
    for index, a in enumerate(assignments[:-2]):  # two reviews stay open
        shift = -2 if a.reviewer.user.username == "agen" else (a.entry_id + index) % 2
        levels = {c.pk: max(1, min(5, BASE[i] + shift)) for i, c in enumerate(criteria)}
        services.score_save(actor=a.reviewer.user, assignment=a, levels=levels)
    stdout.write(
        f"Competition: {NAME} in desk evaluation, {len(chosen)} entries, "
        f"{len(assignments) - 2} reviews scored."
    )
