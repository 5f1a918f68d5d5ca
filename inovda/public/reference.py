"""Kecamatan and kelurahan of the Pemda that have a wilayah file in data/reference
(Kepmendagri codes; `kota_malang_wilayah_kepmendagri_2025.csv`). Idempotent."""

from __future__ import annotations

from inovda.core.datafiles import read_csv, reference_path
from inovda.organizations.models import LocalGovernment

from .models import Region

FILES = ["kota_malang_wilayah_kepmendagri_2025.csv"]
LEVELS = {"kota": Region.Level.CITY, "kabupaten": Region.Level.CITY}


def load(stdout=None) -> int:
    count = 0
    for name in FILES:
        rows = list(read_csv(reference_path(name)))
        by_code: dict[str, Region] = {}
        pemda = None
        for row in sorted(rows, key=lambda r: len(r["kode"])):
            code = row["kode"]
            if pemda is None:
                pemda = LocalGovernment.objects.filter(code=code).first()
                if pemda is None:
                    break  # the Pemda list is not loaded
            parent = by_code.get(code.rsplit(".", 1)[0]) if "." in code else None
            region, _created = Region.objects.update_or_create(
                code=code,
                defaults={
                    "name": row["nama"],
                    "level": LEVELS.get(row["level"], row["level"]),
                    "parent": parent,
                    "pemda": pemda,
                },
            )
            by_code[code] = region
            count += 1
    if stdout is not None:
        stdout.write(f"Regions (kecamatan/kelurahan): {count}.")
    return count
