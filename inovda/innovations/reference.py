"""Load thematic tags and SDGs from data/reference/tags.csv."""

from inovda.core.datafiles import read_csv, reference_path

from .models import Tag


def load(stdout) -> None:
    rows = list(read_csv(reference_path("tags.csv")))
    for position, row in enumerate(rows):
        Tag.objects.update_or_create(
            kind=row["kind"],
            code=row["code"],
            defaults={"name": row["name"], "name_en": row["name_en"], "position": position},
        )
    stdout.write(f"Tags: {len(rows)} (themes and SDGs).")
