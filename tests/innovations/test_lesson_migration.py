"""The lesson data migration on the database under test (SQLite or PostgreSQL): rows of
both old tables end up in `innovations.Lesson`, ids of the knowledge lessons kept, and every
lesson has its search row."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("innovations", "0004_merge_0003_evidence_levels_0003_hardening"),
    ("knowledge", "0003_hardening"),
]
AFTER = [("innovations", "0005_one_lesson_model"), ("knowledge", "0005_index_closure_lessons")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_closure_and_knowledge_lessons_become_one_table():
    old = _migrate(BEFORE)
    Pemda = old.get_model("organizations", "LocalGovernment")
    Agency = old.get_model("organizations", "Agency")
    Innovation = old.get_model("innovations", "Innovation")
    ClosureLesson = old.get_model("innovations", "ClosureLesson")
    KnowledgeLesson = old.get_model("knowledge", "Lesson")
    SearchDocument = old.get_model("knowledge", "SearchDocument")
    pemda = Pemda.objects.create(code="35.73", name="Kota Uji", kind="kota")
    agency = Agency.objects.create(pemda=pemda, name="Dinas Uji")
    closed = Innovation.objects.create(
        pemda=pemda, agency=agency, name="Layanan Tutup", status="discontinued"
    )
    other = Innovation.objects.create(pemda=pemda, agency=agency, name="Layanan Jalan")
    written = KnowledgeLesson.objects.create(
        innovation=other, title="Pelajaran tertulis", lessons="Libatkan warga."
    )
    SearchDocument.objects.create(
        doc_type="lesson",
        object_id=written.pk,
        title=written.title,
        innovation_id=other.pk,
        pemda_id=pemda.pk,
    )
    recorded = timezone.make_aware(datetime.datetime(2024, 5, 6, 9))
    closure = ClosureLesson.objects.create(
        innovation=closed,
        results="Warga terlayani",
        challenges_and_failures="Server tidak dipelihara",
        conditions_for_success="Anggaran pemeliharaan",
        lessons="Rencanakan Zzqmigrasi sejak awal",
    )
    ClosureLesson.objects.filter(pk=closure.pk).update(created_at=recorded)

    new = _migrate(AFTER)
    Lesson = new.get_model("innovations", "Lesson")
    SearchDocument = new.get_model("knowledge", "SearchDocument")
    assert Lesson.objects.count() == 2
    kept = Lesson.objects.get(pk=written.pk)  # /knowledge/lessons/<id>/ still the same
    assert (kept.title, kept.innovation_id) == ("Pelajaran tertulis", other.pk)
    moved = Lesson.objects.get(innovation_id=closed.pk)
    assert moved.occasion == "discontinuation" and moved.created_at == recorded
    assert (moved.results_impact, moved.challenges, moved.success_conditions) == (
        "Warga terlayani",
        "Server tidak dipelihara",
        "Anggaran pemeliharaan",
    )
    assert moved.lessons == "Rencanakan Zzqmigrasi sejak awal"
    docs = SearchDocument.objects.filter(doc_type="lesson")
    assert sorted(docs.values_list("object_id", flat=True)) == sorted([written.pk, moved.pk])
    assert "Zzqmigrasi" in docs.get(object_id=moved.pk).body
    Lesson.objects.create(innovation_id=other.pk, title="Baru", lessons="x")  # ids continue
    _migrate(_latest())


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
