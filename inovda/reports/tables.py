"""Reading a spreadsheet (XLSX) or a CSV file into a header and rows of text.

Every cell becomes text: spreadsheet dates become ISO dates, whole numbers lose their
".0". Parsing is the only place that knows file formats; the importers see text.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from inovda.core import files
from inovda.core.spreadsheets import FORMULA_STARTS

from . import cells, conf, csvread

CSV = files.FileKind("csv", "CSV", "text/csv", ".csv")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    header_row: int  # 1-based line/row number of the header in the file
    sha256: str
    source: str = ""  # how the file was read: "CSV, UTF-8, separator ;" or "XLSX"
    notes: list[str] = field(default_factory=list)  # what reading changed, said to the user


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(raw: bytes) -> tuple[list[list[str]], str]:
    parsed = csvread.read_csv(raw)
    source = _("CSV, %(encoding)s, separator “%(separator)s”") % {
        "encoding": parsed.encoding,
        "separator": csvread.DELIMITER_NAMES[parsed.delimiter]
        if parsed.delimiter
        else _("none (one column)"),
    }
    return parsed.rows, source


def _xlsx_rows(upload) -> list[list[str]]:
    from openpyxl import load_workbook

    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise ValidationError(
            _("The spreadsheet could not be read: %(error)s") % {"error": exc}
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def unique_headers(headers: list[str]) -> list[str]:
    """Name blank headers by their column and number repeated ones, so each is a key."""
    seen: dict[str, int] = {}
    result = []
    for position, header in enumerate(headers, start=1):
        header = header or _("Column %(n)d") % {"n": position}
        seen[header] = seen.get(header, 0) + 1
        result.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return result


def read_table(upload) -> Table:
    """Header and rows of an uploaded XLSX or CSV file; a ValidationError says what is wrong."""
    files.check_name_and_size(upload)  # the checks of every upload (CSV has no signature)
    if files.sniff(upload) == files.XLSX:
        raw_rows, source = _xlsx_rows(upload), "XLSX"
    else:
        upload.seek(0)
        raw = upload.read()
        if raw[:4] == b"PK\x03\x04" or files.sniff(upload) is not None:
            raise ValidationError(_("Upload an XLSX spreadsheet or a CSV file."))
        raw_rows, source = _csv_rows(raw)
    upload.seek(0)
    digest = hashlib.sha256(upload.read()).hexdigest()
    upload.seek(0)
    # The header is the first row with at least two filled cells (titles above are skipped);
    # in a file of one column, its first filled cell.
    header_index = next(
        (i for i, row in enumerate(raw_rows) if sum(1 for c in row if c) >= 2), None
    )
    if header_index is None and max((len(row) for row in raw_rows), default=0) >= 1:
        header_index = next((i for i, row in enumerate(raw_rows) if any(row)), None)
    if header_index is None:
        raise ValidationError(_("No header row was found: the file seems empty."))
    headers = [h.strip() for h in raw_rows[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    headers = unique_headers(headers)
    width = len(headers)
    rows = []
    with_html: list[int] = []
    guarded = 0
    for number, row in enumerate(raw_rows[header_index + 1 :], start=header_index + 2):
        texts = (list(row) + [""] * width)[:width]
        if source != "XLSX" and any(t[:1] == "'" and t[1:2] in FORMULA_STARTS for t in texts):
            # A CSV export (ours, or Excel's) keeps "=…" as text with a leading apostrophe.
            guarded += sum(1 for t in texts if t[:1] == "'" and t[1:2] in FORMULA_STARTS)
            texts = [t[1:] if t[:1] == "'" and t[1:2] in FORMULA_STARTS else t for t in texts]
        if any(cells.has_html(text) for text in texts):
            texts = [cells.html_to_text(text) for text in texts]
            with_html.append(number)
        rows.append(texts)
    while rows and not any(rows[-1]):
        rows.pop()
    notes = []
    if guarded:
        notes.append(
            _(
                "%(n)d cells began with an apostrophe before =, +, - or @ (the mark that keeps "
                "a formula as text); the apostrophe was removed."
            )
            % {"n": guarded}
        )
    if with_html:
        shown = ", ".join(str(n) for n in with_html[:30]) + ("…" if len(with_html) > 30 else "")
        notes.append(
            _(
                "%(n)d rows held HTML (tags such as <p> or &nbsp;); it was turned into plain "
                "text: rows %(rows)s."
            )
            % {"n": len(with_html), "rows": shown}
        )
    if not rows:
        raise ValidationError(_("The file has a header but no rows."))
    limit = conf.get("IMPORT_MAX_ROWS")
    if len(rows) > limit:
        raise ValidationError(
            _("The file has %(n)d rows; at most %(limit)d can be imported at once.")
            % {"n": len(rows), "limit": limit}
        )
    return Table(
        headers=headers,
        rows=rows,
        header_row=header_index + 1,
        sha256=digest,
        source=source,
        notes=notes,
    )
