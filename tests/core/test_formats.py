"""Numbers, money, percentages and dates in Indonesian form (`inovda.core.formats`), on
pages, in the PDF and in exports: one helper, and no figure formatted by hand."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from inovda.core import formats

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def indonesian():
    with translation.override("id"):
        yield


def test_indonesian_forms(indonesian):
    assert formats.money(11_450_000_000) == "Rp 11.450.000.000"
    assert formats.money(Decimal("1234567.5")) == "Rp 1.234.568"
    assert formats.percent(57.46) == "57,5 %"
    assert formats.ratio_percent(0.575) == "57,5 %"
    assert formats.ratio_percent(Decimal("0.8"), 0) == "80 %"
    assert formats.number(1234.5, 1) == "1.234,5"
    assert formats.long_date(datetime.date(2026, 12, 4)) == "4 Desember 2026"
    assert formats.long_datetime(datetime.datetime(2026, 12, 4, 14, 30)) == "4 Desember 2026 14.30"
    assert formats.figure(1234) == "1.234"
    assert formats.figure(46.5) == "46,50"
    assert formats.figure(46.0) == "46"
    assert formats.figure("6 / 6") == "6 / 6"
    assert formats.money(None) == formats.percent("") == formats.long_date(None) == "—"


def test_english_keeps_english_forms():
    with translation.override("en"):
        assert formats.money(11_450_000_000) == "Rp 11,450,000,000"
        assert formats.percent(57.46) == "57.5%"
        assert formats.long_date(datetime.date(2026, 12, 4)) == "4 December 2026"


def test_template_filters(indonesian):
    template = Template(
        "{% load inovda_format %}{{ a|money }}|{{ p|percent }}|{{ d|long_date }}|{{ n|figure }}"
    )
    text = template.render(
        Context({"a": 11_450_000_000, "p": 57.5, "d": datetime.date(2026, 12, 4), "n": 2500})
    )
    assert text == "Rp 11.450.000.000|57,5 %|4 Desember 2026|2.500"


HAND_MADE = re.compile(r"\{[^}{]*:,[^}]*\}|\{[^}{]*:\.\d+f\}%|\{[^}{]*:\.\d+%\}|strftime\(.%d-%m")


def test_no_figure_is_formatted_by_hand():
    """An f-string with `:,` or `:%` writes English numbers; a page date abbreviates the
    month ("4 Des"): both go through `inovda.core.formats` / `j F Y` instead."""
    found = []
    for path in ROOT.glob("inovda/**/*.py"):
        if {"migrations", "management"} & set(path.parts) or path.name == "formats.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HAND_MADE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    for path in ROOT.glob("inovda/*/templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r'date:"[^"]*\bM\b', text):
            found.append(f"{path.relative_to(ROOT)}: abbreviated month")
    assert not found, "\n".join(found)
