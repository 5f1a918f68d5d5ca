"""Kecamatan and kelurahan from data/reference/kota_malang_wilayah_kepmendagri_2025.csv,
attached to their Pemda by the Kepmendagri code prefix (skipped when the Pemda is absent)."""

from inovda.core.datafiles import read_csv, reference_path

FILE = "kota_malang_wilayah_kepmendagri_2025.csv"


def load(stdout) -> None:
    from inovda.organizations.models import LocalGovernment

    from .models import Place

    rows = list(read_csv(reference_path(FILE)))
    pemdas = {p.code: p for p in LocalGovernment.objects.filter(code__in=[r["kode"] for r in rows])}
    count = 0
    for row in rows:
        if row["level"] not in (Place.Level.KECAMATAN, Place.Level.KELURAHAN):
            continue
        parts = row["kode"].split(".")
        pemda = pemdas.get(".".join(parts[:2]))
        if pemda is None:
            continue
        parent = None
        if row["level"] == Place.Level.KELURAHAN:
            parent = Place.objects.filter(code=".".join(parts[:3])).first()
        Place.objects.update_or_create(
            code=row["kode"],
            defaults={"pemda": pemda, "name": row["nama"], "level": row["level"], "parent": parent},
        )
        count += 1
    stdout.write(f"Kecamatan and kelurahan: {count}")
