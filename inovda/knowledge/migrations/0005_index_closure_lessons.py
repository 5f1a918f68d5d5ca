"""Search rows for the lessons that came from the discontinue step's closure lessons
(innovations 0005): the same row the lesson indexer writes (title; the innovation's name,
the lessons and the four texts), so search finds them without a reindex."""

from django.contrib.postgres.search import SearchVector
from django.db import migrations

TEXT_FIELDS = ("results_impact", "challenges", "success_conditions", "replication_notes")


def _join(*parts):
    clean = (p.replace("\x02", " ").replace("\x03", " ").strip() for p in parts if p and p.strip())
    return "\n".join(clean)


def index_missing_lessons(apps, schema_editor):
    from inovda.knowledge import conf

    Lesson = apps.get_model("innovations", "Lesson")
    SearchDocument = apps.get_model("knowledge", "SearchDocument")
    indexed = set(
        SearchDocument.objects.filter(doc_type="lesson").values_list("object_id", flat=True)
    )
    lessons = Lesson.objects.exclude(pk__in=indexed).select_related("innovation")
    ids = []
    for lesson in lessons.prefetch_related("innovation__other_affairs", "innovation__themes"):
        innovation = lesson.innovation
        doc = SearchDocument.objects.create(
            doc_type="lesson",
            object_id=lesson.pk,
            title=lesson.title[:300],
            body=_join(innovation.name, lesson.lessons, *(getattr(lesson, f) for f in TEXT_FIELDS)),
            pemda_id=innovation.pemda_id,
            agency_id=innovation.agency_id,
            innovation_id=innovation.pk,
            year=lesson.created_at.year,
        )
        affairs = [a.pk for a in innovation.other_affairs.all()]
        if innovation.main_affair_id:
            affairs.append(innovation.main_affair_id)
        doc.affairs.set(sorted(set(affairs)))
        doc.themes.set(sorted({t.pk for t in innovation.themes.all()}))
        ids.append(doc.pk)
    if ids and schema_editor.connection.vendor == "postgresql":
        config = conf.get("PG_CONFIG")
        SearchDocument.objects.filter(pk__in=ids).update(
            search_vector=SearchVector("title", weight="A", config=config)
            + SearchVector("body", weight="B", config=config)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0004_lesson_moves_to_innovations"),
        ("innovations", "0005_one_lesson_model"),
    ]

    operations = [migrations.RunPython(index_missing_lessons, migrations.RunPython.noop)]
