"""Every Indonesian catalogue ships complete and reviewed.

A fuzzy entry, an empty translation, or the `#|` remnant of a fuzzy match whose flag was
removed without a review (e.g. the title "Health of implemented innovations" shipped as
"Belum ada inovasi yang diterapkan.") fails the build. The same English text with the same
context must read the same in every app: gettext returns the first catalogue's answer,
so two translations of one text make the wording depend on the app order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("inovda/*/locale/id/LC_MESSAGES/django.po"))


def _entries(path: Path):
    """(line, flags, previous, msgctxt, msgid, msgstr) per entry; plural forms joined."""
    entry: dict = {}
    key = None

    def flush():
        if "msgid" in entry:
            yield (
                entry["line"],
                entry.get("flags", set()),
                entry.get("previous", False),
                entry.get("msgctxt"),
                entry["msgid"],
                entry.get("msgstr", ""),
            )

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            yield from flush()
            entry, key = {}, None
            continue
        if line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#|"):
            entry["previous"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] = entry.get(key, "") + ast.literal_eval(line)
        else:
            word, _, rest = line.partition(" ")
            key = "msgstr" if word.startswith("msgstr") else word
            if key == "msgid_plural":
                key = "msgid"
            entry.setdefault("line", number)
            entry[key] = entry.get(key, "") + ("\x00" if key in entry else "")
            entry[key] += ast.literal_eval(rest)
    yield from flush()


def test_catalogues_exist():
    assert CATALOGUES, "no Indonesian catalogue found"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_no_fuzzy_stale_or_missing_translation(path):
    problems = []
    for line, flags, previous, _ctx, msgid, msgstr in _entries(path):
        if not msgid:  # the header
            continue
        if "fuzzy" in flags:
            problems.append(f"{line}: fuzzy: {msgid!r}")
        elif previous:
            problems.append(f"{line}: unreviewed fuzzy match (#| line): {msgid!r}")
        elif not msgstr.replace("\x00", "").strip():
            problems.append(f"{line}: untranslated: {msgid!r}")
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_one_translation_per_text_across_apps():
    seen: dict[tuple, tuple[str, str]] = {}
    clashes = []
    for path in CATALOGUES:
        app = path.parts[-5]
        for _line, _flags, _prev, ctx, msgid, msgstr in _entries(path):
            if not msgid:
                continue
            key = (ctx, msgid)
            if key in seen and seen[key][1] != msgstr:
                clashes.append(f"{msgid!r}: {seen[key][0]} {seen[key][1]!r} ≠ {app} {msgstr!r}")
            seen.setdefault(key, (app, msgstr))
    assert not clashes, "\n".join(clashes)


DEVELOPER_WORDS = ("manage.py", "TF-IDF", "kosinus", "cosine", "db_worker", "traceback")


def test_no_developer_language_reaches_users():
    """Users read plain words: no command names or algorithm names in any UI text."""
    found = []
    for path in CATALOGUES:
        for line, _flags, _prev, _ctx, msgid, msgstr in _entries(path):
            text = f"{msgid} {msgstr}".lower()
            found += [f"{path.parts[-5]}:{line}: {w}" for w in DEVELOPER_WORDS if w.lower() in text]
    for template in ROOT.glob("inovda/*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8").lower()
        found += [f"{template.name}: {w}" for w in DEVELOPER_WORDS if w.lower() in text]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_matches_its_source(path):
    """The .mo the server reads says what the reviewed .po says (compilemessages ran)."""
    import gettext

    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for line, _flags, _prev, ctx, msgid, msgstr in _entries(path):
        if not msgid:
            continue
        if "\x00" in msgid:  # plural: the singular form
            got = compiled.ngettext(*msgid.split("\x00")[:2], 1)
            want = msgstr.split("\x00")[0]
        elif ctx is not None:
            got, want = compiled.pgettext(ctx, msgid), msgstr
        else:
            got, want = compiled.gettext(msgid), msgstr
        if got != want:
            stale.append(f"{line}: {msgid!r}: .mo has {got!r}")
    assert not stale, f"{path.relative_to(ROOT)} needs compilemessages:\n" + "\n".join(stale[:10])


def test_django_blank_choice_is_indonesian():
    """Django 6.1 ships no Indonesian text for the empty choice of select lists."""
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("id"):
        assert str(BLANK_CHOICE_LABEL) == "- Pilih salah satu -"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_text_of_the_sources_is_in_the_catalogue(path, tmp_path):
    """A text changed in a template or in code but not in the catalogue shows in English
    (the public feedback sentence did, after its percent signs changed). makemessages is
    run on a copy of the app; the copy's catalogue must gain no new or fuzzy entry."""
    import shutil
    import subprocess
    import sys

    app = path.parents[3]
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    run = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "id"]
        + ["--no-obsolete", "--no-wrap", "-v0"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "INOVDA_DEV": "1"},
    )
    assert run.returncode == 0, run.stderr
    before = {(ctx, msgid) for _l, _f, _p, ctx, msgid, _s in _entries(path)}
    fresh = copy / "locale/id/LC_MESSAGES/django.po"
    problems = [
        f"{msgid!r}" + (" (fuzzy)" if "fuzzy" in flags else "")
        for _l, flags, _p, ctx, msgid, msgstr in _entries(fresh)
        if msgid and ((ctx, msgid) not in before or "fuzzy" in flags or not msgstr.strip())
    ]
    assert not problems, (
        f"{path.relative_to(ROOT)} misses texts of its sources (run `make messages`, then "
        "translate):\n" + "\n".join(problems)
    )
