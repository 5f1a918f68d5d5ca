"""The database cache table (inovda.core.cache): created by `migrate`, so every upgrade
gets it; a no-op when it exists or when REDIS_URL selects Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_notifications")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
