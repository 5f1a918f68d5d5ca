from django.db import migrations, models


def copy_confirmed_levels(apps, schema_editor):
    """Versions written before the field existed take the innovation's confirmed level."""
    PublicVersion = apps.get_model("public", "PublicVersion")
    for version in PublicVersion.objects.select_related("publication__innovation"):
        level = version.publication.innovation.evidence_level
        if level:
            PublicVersion.objects.filter(pk=version.pk).update(evidence_level=level)


class Migration(migrations.Migration):
    dependencies = [
        ("public", "0002_catalogue_stage_index"),
        ("innovations", "0003_evidence_levels"),
    ]

    operations = [
        migrations.AddField(
            model_name="publicversion",
            name="evidence_level",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="evidence level"),
        ),
        migrations.RunPython(copy_confirmed_levels, migrations.RunPython.noop),
    ]
