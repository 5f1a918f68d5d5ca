"""Lessons learned move to the innovations app (one lesson model, one writer): the table
stays where it is in this step; innovations 0005 takes it over and renames it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_hardening"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Lesson")],
            database_operations=[],
        ),
    ]
