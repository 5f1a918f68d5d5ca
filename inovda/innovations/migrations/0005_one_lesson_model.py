"""One lesson model, owned by innovations.

1. The knowledge app's lessons table becomes `innovations.Lesson` (its rows and ids kept,
   so /knowledge/lessons/<id>/ and the search rows stay valid);
2. every `ClosureLesson` (the discontinue step's four fields) is copied into it as a
   lesson of occasion "discontinuation"; the knowledge migration that follows indexes them;
3. `ClosureLesson` goes.
"""

import django.db.models.deletion
import inovda.core.validators
from django.conf import settings
from django.db import migrations, models

CLOSURE_TITLE = "Pelajaran penutupan: %s"  # the product's default language (Indonesian)


def copy_closure_lessons(apps, schema_editor):
    ClosureLesson = apps.get_model("innovations", "ClosureLesson")
    Lesson = apps.get_model("innovations", "Lesson")
    for closure in ClosureLesson.objects.select_related("innovation").order_by("id").iterator():
        lesson = Lesson.objects.create(
            innovation_id=closure.innovation_id,
            occasion="discontinuation",
            title=(CLOSURE_TITLE % closure.innovation.name)[:255],
            results_impact=closure.results,
            challenges=closure.challenges_and_failures,
            success_conditions=closure.conditions_for_success,
            lessons=closure.lessons,
            created_by_id=closure.recorded_by_id,
        )
        # auto_now_add wrote "now": keep when the closure was recorded
        Lesson.objects.filter(pk=lesson.pk).update(
            created_at=closure.created_at, updated_at=closure.created_at
        )


def copy_back(apps, schema_editor):
    ClosureLesson = apps.get_model("innovations", "ClosureLesson")
    Lesson = apps.get_model("innovations", "Lesson")
    for lesson in Lesson.objects.filter(occasion="discontinuation").order_by("id").iterator():
        closure = ClosureLesson.objects.create(
            innovation_id=lesson.innovation_id,
            results=lesson.results_impact,
            challenges_and_failures=lesson.challenges,
            conditions_for_success=lesson.success_conditions,
            lessons=lesson.lessons,
            recorded_by_id=lesson.created_by_id,
        )
        ClosureLesson.objects.filter(pk=closure.pk).update(created_at=lesson.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0004_merge_0003_evidence_levels_0003_hardening"),
        ("knowledge", "0004_lesson_moves_to_innovations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Lesson",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "occasion",
                            models.CharField(
                                choices=[
                                    ("review", "Periodic review"),
                                    ("discontinuation", "Discontinuation (no-blame closure)"),
                                    ("replication", "Replication"),
                                    ("event", "Event outcome"),
                                ],
                                default="review",
                                max_length=20,
                                verbose_name="occasion",
                            ),
                        ),
                        (
                            "title",
                            models.CharField(
                                max_length=255,
                                validators=[inovda.core.validators.NoBidiControls()],
                                verbose_name="title",
                            ),
                        ),
                        ("results_impact", models.TextField(blank=True, verbose_name="results and impact")),
                        ("challenges", models.TextField(blank=True, verbose_name="challenges and failures")),
                        ("success_conditions", models.TextField(blank=True, verbose_name="conditions for success")),
                        ("replication_notes", models.TextField(blank=True, verbose_name="replication notes")),
                        ("lessons", models.TextField(verbose_name="lessons")),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "innovation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="lessons",
                                to="innovations.innovation",
                                verbose_name="innovation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "lesson learned",
                        "verbose_name_plural": "lessons learned",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "knowledge_lesson",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="lesson", table=None),
        migrations.RunPython(copy_closure_lessons, copy_back),
        migrations.DeleteModel(name="ClosureLesson"),
    ]
