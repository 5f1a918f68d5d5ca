"""Reading a CSV file as it comes: its encoding and its dialect found from the whole file.

Spreadsheets saved as CSV arrive in many shapes: UTF-8 with or without a byte-order mark,
Windows' cp1252 ("ANSI"), Excel's "Unicode text" (UTF-16, tab-separated), separated by
commas, semicolons (an Indonesian Excel writes `;` because the comma is the decimal mark),
tabs or bars, with cells quoted and quotes doubled inside (`"Aplikasi ""SiCantik"" Kota"`).

The dialect is chosen the way `clevercsv` does it: every candidate separator parses the
*whole* text (with standard quoting, `""` inside a quoted cell is one `"`), and the one
whose rows are most consistently as wide as each other, and widest, wins. A file whose
rows have no consistent separator is one column. Nothing is sniffed from the first bytes
only, so a quote far down the file cannot split a row.
"""

from __future__ import annotations

import csv
import io
import sys
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": ",", ";": ";", "\t": "tab", "|": "|", "": "—"}
ONE_COLUMN = "\x1f"  # a separator no text contains: the file is read as one column

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long HTML cells are real


@dataclass
class Decoded:
    text: str
    encoding: str


def decode(raw: bytes) -> Decoded:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 (BOM or not), else cp1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return Decoded(raw[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return Decoded(raw.decode("utf-16"), "UTF-16")
        except UnicodeDecodeError:
            raise ValidationError(_("The CSV file is not readable text (use UTF-8).")) from None
    head = raw[:4096]
    if head and b"\x00" in head:
        # UTF-16 without a BOM: every other byte of plain text is zero.
        evens, odds = head[0::2].count(0), head[1::2].count(0)
        encoding = "utf-16-le" if odds > evens else "utf-16-be"
        if max(evens, odds) >= len(head) // 4:
            try:
                return Decoded(raw.decode(encoding), "UTF-16")
            except UnicodeDecodeError:
                pass
        raise ValidationError(_("The file is neither an XLSX spreadsheet nor a CSV text file."))
    try:
        return Decoded(raw.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(raw.decode("cp1252"), "Windows-1252")
    except UnicodeDecodeError:
        # Five bytes are undefined in cp1252; Latin-1 reads every byte.
        return Decoded(raw.decode("latin-1"), "ISO-8859-1")


class Dialect(csv.excel):
    doublequote = True
    quotechar = '"'
    skipinitialspace = False
    strict = False


def _dialect(delimiter: str) -> type[csv.Dialect]:
    return type("Detected", (Dialect,), {"delimiter": delimiter})


def _parse(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), _dialect(delimiter)))


def _score(rows: list[list[str]]) -> tuple[float, int]:
    """How table-like these rows are: the share of rows as wide as the most common width,
    weighted by that width (wider consistent tables win); 0 for one column."""
    widths = Counter(len(row) for row in rows if any(cell.strip() for cell in row))
    if not widths:
        return 0.0, 0
    total = sum(widths.values())
    width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
    if width < 2:
        return 0.0, width
    consistent = sum(n for w, n in widths.items() if w == width) / total
    return consistent * (1 - 1 / width), width


@dataclass
class Parsed:
    rows: list[list[str]]
    encoding: str
    delimiter: str  # "" for a one-column file


def read_csv(raw: bytes) -> Parsed:
    """Rows of cells of a CSV file, its encoding and separator detected from all of it."""
    decoded = decode(raw)
    text = decoded.text
    present = [d for d in DELIMITERS if d in text]
    best: tuple[float, int] = (0.0, 0)
    best_rows: list[list[str]] | None = None
    best_delimiter = ""
    for delimiter in present:
        try:
            rows = _parse(text, delimiter)
        except csv.Error:
            continue
        score = _score(rows)
        if score > best:
            best, best_rows, best_delimiter = score, rows, delimiter
    # A consistent table has most rows of one width; below this it is one column of text.
    if best_rows is None or best[0] < 0.3:
        best_rows, best_delimiter = _parse(text, ONE_COLUMN), ""
    rows = [[cell.strip() for cell in row] for row in best_rows]
    return Parsed(rows=rows, encoding=decoded.encoding, delimiter=best_delimiter)
