"""Helpers for the reports tests: spreadsheets made in memory, tasks run at once."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.innovations.factories import TagFactory
from tests.organizations.factories import GovernmentAffairFactory

HEADERS = [
    "No",
    "Nama Inovasi",
    "Perangkat Daerah",
    "Urusan",
    "Bentuk Inovasi",
    "Jenis",
    "Tahapan",
    "Tahun",
    "Waktu Uji Coba",
    "Tema",
    "Tujuan",
]


def xlsx_upload(headers, rows, name="inovasi.xlsx", title_rows=()):
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append(title)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def csv_upload(headers, rows, name="inovasi.csv", delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def innovation_rows(n, agencies, start=1):
    """`n` valid rows, alternating between the agencies (by name)."""
    forms = ["Pelayanan Publik", "Tata Kelola Pemerintahan Daerah", "Inovasi daerah lainnya"]
    stages = ["Penerapan", "Uji Coba", "Inisiatif"]
    return [
        [
            i,
            f"Inovasi Impor {i:05d}",
            agencies[i % len(agencies)].name,
            "1.02" if i % 2 else "Pendidikan",
            forms[i % 3],
            "Digital" if i % 2 else "Non Digital",
            stages[i % 3],
            2019 + i % 4,
            f"{1 + i % 28:02d}/03/2021",
            "Penanggulangan kemiskinan" if i % 5 == 0 else "",
            "Mempercepat layanan warga.",
        ]
        for i in range(start, start + n)
    ]


def make_affairs():
    """The six basic-service affairs and one other, as the reference file has them."""
    basic = [
        ("1.01", "Pendidikan"),
        ("1.02", "Kesehatan"),
        ("1.03", "Pekerjaan Umum dan Penataan Ruang"),
        ("1.04", "Perumahan Rakyat dan Kawasan Permukiman"),
        ("1.05", "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat"),
        ("1.06", "Sosial"),
    ]
    made = {
        code: GovernmentAffairFactory(
            code=code, name=name, group="Wajib - Pelayanan Dasar", is_basic_service=True
        )
        for code, name in basic
    }
    made["2.16"] = GovernmentAffairFactory(code="2.16", name="Komunikasi dan Informatika")
    return made


def make_poverty():
    return TagFactory(code="penanggulangan-kemiskinan", name="Penanggulangan kemiskinan")


@pytest.fixture
def affairs(db):
    return make_affairs()


@pytest.fixture
def poverty(db):
    return make_poverty()


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
