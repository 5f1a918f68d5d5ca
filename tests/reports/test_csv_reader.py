"""The CSV reader takes the shapes real spreadsheets are saved in (files made here, in memory)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inovda.reports import csvread, tables

QUOTED = (
    "Nama Inovasi,Perangkat Daerah,Tujuan\n"
    '"Aplikasi ""SiCantik"" Kota",Dinas Kesehatan,"Satu, dua; tiga"\n'
    '"Layanan ""Jemput Bola""\ndi kecamatan",Dinas Sosial,"Kata ""kunci"" di tengah"\n'
    "Biasa,Dinas Sosial,Tanpa tanda kutip\n"
)


def _upload(content: bytes, name="inovasi.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_doubled_quotes_inside_a_cell_are_kept_and_do_not_split_it():
    table = tables.read_table(_upload(QUOTED.encode()))
    assert table.headers == ["Nama Inovasi", "Perangkat Daerah", "Tujuan"]
    assert table.rows[0] == ['Aplikasi "SiCantik" Kota', "Dinas Kesehatan", "Satu, dua; tiga"]
    assert table.rows[1][0] == 'Layanan "Jemput Bola"\ndi kecamatan'
    assert table.rows[1][2] == 'Kata "kunci" di tengah'
    assert len(table.rows) == 3
    assert table.source.startswith("CSV, UTF-8, ") and table.source.endswith("“,”")


def test_a_quote_far_down_the_file_is_read_with_the_whole_file_dialect():
    # The old reader sniffed 8 KB; row 191's doubled quotes lost text.
    lines = ["Nama;Perangkat Daerah;Tujuan"]
    lines += [f"Inovasi {i};Dinas {i % 7};Tujuan biasa nomor {i}" for i in range(1, 190)]
    lines.append('Inovasi 190;Dinas 1;"Tujuan ""lengkap""; dengan titik koma"')
    text = "\n".join(lines) + "\n"
    table = tables.read_table(_upload(text.encode()))
    assert len(table.rows) == 190
    assert table.rows[-1] == ["Inovasi 190", "Dinas 1", 'Tujuan "lengkap"; dengan titik koma']


@pytest.mark.parametrize(("separator", "name"), [(";", ";"), ("\t", "tab"), (",", ","), ("|", "|")])
def test_separators_are_detected(separator, name):
    text = separator.join(["Nama Inovasi", "Perangkat Daerah", "Tahun"]) + "\r\n"
    text += separator.join(["Satu, dua", "Dinas Kesehatan", "2021"]) + "\r\n"
    text += separator.join(["Tiga", "Dinas Sosial", "2022"]) + "\r\n"
    table = tables.read_table(_upload(text.encode()))
    assert table.headers == ["Nama Inovasi", "Perangkat Daerah", "Tahun"]
    assert table.rows[0][0] == ("Satu, dua" if separator != "," else "Satu")
    assert f"“{name}”" in table.source


@pytest.mark.parametrize(
    ("encoding", "prefix", "label"),
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 (BOM)"),
        ("cp1252", b"", "Windows-1252"),
        ("utf-16", b"", "UTF-16"),  # Python writes a BOM
        ("utf-16-le", b"", "UTF-16"),  # no BOM
    ],
)
def test_encodings_are_detected(encoding, prefix, label):
    text = "Nama Inovasi;Perangkat Daerah\r\nCafé “Sehat” – Posyandu;Dinas Kesehatan\r\n"
    table = tables.read_table(_upload(prefix + text.encode(encoding)))
    assert table.headers == ["Nama Inovasi", "Perangkat Daerah"]  # no BOM left in the header
    assert table.rows == [["Café “Sehat” – Posyandu", "Dinas Kesehatan"]]
    assert label in table.source


def test_a_one_column_file_is_a_table_of_one_column():
    text = "Nama Inovasi\nSi Cantik, aplikasi perizinan\nPosyandu Keliling\nMal Pelayanan Publik\n"
    table = tables.read_table(_upload(text.encode()))
    assert table.headers == ["Nama Inovasi"]
    assert [row[0] for row in table.rows] == [
        "Si Cantik, aplikasi perizinan",
        "Posyandu Keliling",
        "Mal Pelayanan Publik",
    ]
    assert "one column" in table.source or "satu kolom" in table.source


def test_undefined_cp1252_bytes_are_still_read():
    parsed = csvread.read_csv("Nama;Nilai\nA\x81;1\n".encode("latin-1"))
    assert parsed.rows[1] == ["A\x81", "1"]
    assert parsed.encoding == "ISO-8859-1"


def test_binary_that_is_not_text_is_refused():
    with pytest.raises(ValidationError):
        tables.read_table(_upload(b"\x00\x01\x02\x03\x00\x00\x00\x10" * 50))
