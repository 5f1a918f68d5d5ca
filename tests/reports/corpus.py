"""Real-world spreadsheet shapes, generated (no binaries in the repository): used by the
import corpus tests and by `bench/import_rows.py`."""

from __future__ import annotations

import csv
import io

AGENCIES = ["Dinas Kesehatan", "Dinas Sosial", "Dinas Pendidikan", "Bappeda"]
HEADERS = [
    "No",
    "Nama Inovasi",
    "Perangkat Daerah",
    "Urusan",
    "Tahapan",
    "Tahun",
    "Waktu Uji Coba",
    "Tujuan",
    "Manfaat",
]
DATES = ["2017", "4 Desember 2020", "Des 2021", "31/03/2021", "2021-03-31", "12 Agt 2019"]


def row(i: int, agencies=AGENCIES) -> list[str]:
    """One innovation row with the texts that broke the old reader: doubled quotes,
    semicolons and commas inside cells, Windows-1252 characters, dates as people write."""
    return [
        str(i),
        f'Aplikasi "Sehat {i}" – layanan; terpadu, cepat',
        agencies[i % len(agencies)],
        "1.02",
        ("Uji Coba", "Penerapan", "Inisiatif")[i % 3],
        str(2015 + i % 10),
        DATES[i % len(DATES)],
        f"Tujuan {i}: warga dilayani “tanpa antre”, lebih cepat",
        f"Manfaat {i}",
    ]


def csv_bytes(
    n: int, *, delimiter=";", encoding="cp1252", bom=False, agencies=AGENCIES, start=1
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for i in range(start, start + n):
        writer.writerow(row(i, agencies))
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data
