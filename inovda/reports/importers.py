"""What can be imported, and how a row of text becomes Inovda data.

An importer knows its fields (with the header names a city's file may use, in Indonesian
and English), turns one row of text into typed values or reasons why not, finds the
record a row updates (its *key*), and writes a batch. The run itself (batches, progress,
rejections) is in services.py; this module writes nothing on its own.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.core import audit
from inovda.ecosystem.models import Barrier
from inovda.ecosystem.services import barrier_raise
from inovda.innovations.models import DESIGN_FIELDS, Innovation, Tag
from inovda.innovations.services import BulkRow, innovations_bulk_save
from inovda.organizations import access as org_access
from inovda.organizations.models import AGENCY_ROLES, Agency, GovernmentAffair, Membership, Role
from inovda.organizations.names import agency_key
from inovda.organizations.services import agency_save

from . import conf
from .models import ImportKind

DATE_FIELDS = ("trial_start", "trial_end", "implementation_start")


def normalize(text: str) -> str:
    """'Perangkat Daerah (OPD)' → 'perangkatdaerahopd': for matching headers and names."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,|\n]", text or "") if part.strip()]


@dataclass(frozen=True)
class Field:
    name: str
    label: object  # lazy translation
    synonyms: tuple[str, ...] = ()
    required: bool = False


@dataclass
class Row:
    """One row after validation: its number in the file, typed data or reasons."""

    number: int
    values: dict[str, str]
    data: dict
    errors: list[str]
    key: tuple | None = None
    existing: bool = False
    skipped: bool = False
    notes: list[str] = dataclasses.field(
        default_factory=list
    )  # what was assumed: shown, not an error


class Choices:
    """Accepts a choice by its code or its Indonesian or English label (any case/spacing)."""

    def __init__(self, choices, extra: dict[str, str] | None = None):
        self.lookup: dict[str, str] = {}
        self.labels: list[str] = []
        for value, label in choices:
            self.lookup[normalize(value)] = value
            for language in ("id", "en"):
                with translation.override(language):
                    self.lookup.setdefault(normalize(str(label)), value)
            with translation.override("id"):
                self.labels.append(str(label))
        for text, value in (extra or {}).items():
            self.lookup[normalize(text)] = value

    def parse(self, text: str, label) -> tuple[str | None, str | None]:
        value = self.lookup.get(normalize(text))
        if value is None:
            return None, _("%(field)s “%(value)s” is not known; use one of: %(choices)s.") % {
                "field": label,
                "value": text,
                "choices": ", ".join(self.labels),
            }
        return value, None


MONTHS_ID = {
    "januari": 1,
    "februari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
}
# Short and older spellings (Pebruari, Nopember) and the English names a file may use.
MONTHS = {
    **MONTHS_ID,
    **{name[:3]: n for name, n in MONTHS_ID.items()},
    "pebruari": 2,
    "peb": 2,
    "agt": 8,
    "ags": 8,
    "agu": 8,
    "sept": 9,
    "nopember": 11,
    "nop": 11,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "aug": 8,
    "october": 10,
    "oct": 10,
    "december": 12,
    "dec": 12,
}
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[\s\-/.]+([A-Za-z]+)\.?[\s\-/.,]+(\d{4})")
MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?[\s\-/.,]+(\d{4})")
YEAR = re.compile(r"(?:tahun\s+|th\.?\s*)?(\d{4})", re.IGNORECASE)


def read_date(text: str) -> tuple[datetime.date | None, str]:
    """A date and, when the text said less than a day, a note saying what was assumed.

    ISO, day/month/year, "4 Desember 2026", "4 Des 2026"; a month and year ("Des 2026")
    is read as its first day and a year alone ("2017") as 1 January, each with a note.
    """
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", text):
        text = text[:10]
    try:
        match = DAY_MONTH_YEAR.fullmatch(text)
        if match and match.group(2).lower() in MONTHS:
            day, month, year = match.groups()
            return datetime.date(int(year), MONTHS[month.lower()], int(day)), ""
        match = MONTH_YEAR.fullmatch(text)
        if match and match.group(1).lower() in MONTHS:
            date = datetime.date(int(match.group(2)), MONTHS[match.group(1).lower()], 1)
            return date, _("“%(value)s” has no day: read as %(date)s.") % {
                "value": text,
                "date": date.strftime("%d/%m/%Y"),
            }
    except ValueError:
        return None, ""
    match = YEAR.fullmatch(text)
    if match and 1945 <= int(match.group(1)) <= 2100:
        date = datetime.date(int(match.group(1)), 1, 1)
        return date, _("“%(value)s” is a year only: read as %(date)s.") % {
            "value": text,
            "date": date.strftime("%d/%m/%Y"),
        }
    for fmt in conf.get("IMPORT_DATE_FORMATS"):
        try:
            return datetime.datetime.strptime(text, fmt).date(), ""
        except ValueError:
            continue
    return None, ""


def parse_date(text: str) -> datetime.date | None:
    """A date from ISO, day/month/year, Indonesian month names, a month or a year alone."""
    return read_date(text)[0]


def parse_bool(text: str) -> bool | None:
    value = normalize(text)
    if value in {"1", "ya", "y", "yes", "true", "aktif", "active", "benar"}:
        return True
    if value in {"0", "tidak", "t", "no", "n", "false", "nonaktif", "inactive", "salah"}:
        return False
    return None


class Importer:
    kind: str
    fields: tuple[Field, ...] = ()

    def __init__(self, pemda, *, create_agencies: bool = False, merges: dict | None = None):
        self.pemda = pemda
        self.notes: list[str] = []  # of the row last cleaned
        self.create_agencies = create_agencies
        self.merges: dict[str, str] = merges or {}  # {normalised text: name it is, or ""}

    def prepare(self, rows: list[dict[str, str]]) -> None:
        """Look at every row's values once before cleaning them one by one."""

    def forget(self) -> None:
        """Drop what was cached from the database (after a rolled-back write)."""
        self.__dict__.pop("_agencies", None)

    @classmethod
    def field_map(cls) -> dict[str, Field]:
        return {f.name: f for f in cls.fields}

    @classmethod
    def synonyms(cls, field: Field) -> list[str]:
        extra = conf.get("IMPORT_EXTRA_SYNONYMS")
        names = [field.name, str(field.label), *field.synonyms]
        with translation.override("id"):
            names.append(str(field.label))
        with translation.override("en"):
            names.append(str(field.label))
        names += extra.get(cls.kind, {}).get(field.name, [])
        return [normalize(n) for n in names if normalize(n)]

    # The template: an example row and what each column accepts.
    EXAMPLE: dict[str, str] = {}

    @classmethod
    def example_row(cls, pemda) -> list[str]:
        return [cls.EXAMPLE.get(field.name, "") for field in cls.fields]

    @classmethod
    def allowed(cls, pemda) -> dict[str, str]:
        """{field: what the column accepts}, for the template's second sheet."""
        return {}

    # Subclasses implement these.
    def clean(self, values: dict[str, str]) -> tuple[dict, list[str]]:
        raise NotImplementedError

    def key(self, data: dict) -> tuple:
        raise NotImplementedError

    def existing_keys(self, keys: Iterable[tuple]) -> set[tuple]:
        raise NotImplementedError

    def write(self, *, actor, rows: list[Row], source: str) -> dict[str, int]:
        """Write validated rows (inside the caller's transaction); return the counts."""
        raise NotImplementedError

    # Shared parsing helpers.
    def _agency_lookup(self) -> dict[str, Agency]:
        if not hasattr(self, "_agencies"):
            self._agencies = {}
            for agency in Agency.objects.filter(pemda=self.pemda):
                for text in (agency.name, agency.short_name):
                    if text:
                        self._agencies.setdefault(normalize(text), agency)
        return self._agencies

    def _agency(self, text: str, label, errors: list[str]) -> Agency | None:
        lookup = self._agency_lookup()
        agency = lookup.get(normalize(text))
        if agency is None:
            error = _("Unknown %(field)s “%(value)s” in %(pemda)s (import the agencies first).") % {
                "field": label,
                "value": text,
                "pemda": self.pemda,
            }
            close = difflib.get_close_matches(normalize(text), list(lookup), n=1, cutoff=0.75)
            if close:
                error += " " + _("Did you mean “%(name)s”?") % {"name": lookup[close[0]].name}
            errors.append(error)
        return agency


def _text(values, name, field: Field, errors, max_length=None) -> str:
    text = values.get(name, "").strip()
    if field.required and not text:
        errors.append(_("%(field)s is missing.") % {"field": field.label})
    if max_length and len(text) > max_length:
        errors.append(
            _("%(field)s is longer than %(n)d characters.")
            % {"field": field.label, "n": max_length}
        )
    return text


INNOVATION_FIELDS = (
    Field(
        "name",
        gettext_lazy("Innovation name"),
        ("nama inovasi", "nama", "judul inovasi", "judul", "inovasi", "innovation", "title"),
        required=True,
    ),
    Field(
        "agency",
        gettext_lazy("Agency"),
        (
            "perangkat daerah",
            "nama perangkat daerah",
            "opd",
            "nama opd",
            "pd",
            "skpd",
            "unit kerja",
            "instansi",
            "satuan kerja",
            "department",
        ),
        required=True,
    ),
    Field(
        "main_affair",
        gettext_lazy("Main government affair"),
        ("urusan", "urusan utama", "urusan pemerintahan", "bidang urusan", "kode urusan", "affair"),
    ),
    Field(
        "other_affairs",
        gettext_lazy("Overlapping affairs"),
        ("urusan lain", "urusan beririsan", "urusan terkait", "other affairs"),
    ),
    Field("form", gettext_lazy("Form (bentuk)"), ("bentuk", "bentuk inovasi", "form")),
    Field(
        "kind",
        gettext_lazy("Kind (digital)"),
        ("jenis", "jenis inovasi", "digital non digital", "type"),
    ),
    Field("classification", gettext_lazy("Classification"), ("klasifikasi", "klasifikasi inovasi")),
    Field("stage", gettext_lazy("Stage"), ("tahapan", "tahap", "tahapan inovasi")),
    Field("status", gettext_lazy("Status"), ("status inovasi",)),
    Field(
        "initiator_kind", gettext_lazy("Initiator"), ("inisiator", "inisiator inovasi", "initiator")
    ),
    Field(
        "initiator_name",
        gettext_lazy("Initiator name"),
        ("nama inisiator", "nama inovator", "inovator"),
    ),
    Field(
        "year", gettext_lazy("Year initiated"), ("tahun", "tahun inisiasi", "tahun inovasi", "year")
    ),
    Field(
        "trial_start",
        gettext_lazy("Trial start"),
        ("mulai uji coba", "waktu uji coba", "tanggal uji coba", "uji coba"),
    ),
    Field("trial_end", gettext_lazy("Trial end"), ("selesai uji coba", "akhir uji coba")),
    Field(
        "implementation_start",
        gettext_lazy("Implementation start"),
        ("waktu penerapan", "mulai penerapan", "tanggal penerapan", "penerapan"),
    ),
    Field("themes", gettext_lazy("Themes"), ("tema", "tematik", "tema inovasi", "theme", "tags")),
    Field("design_legal_basis", gettext_lazy("Legal basis"), ("dasar hukum",)),
    Field("design_problem", gettext_lazy("Problem"), ("permasalahan", "masalah", "latar belakang")),
    Field("design_strategic_issues", gettext_lazy("Strategic issues"), ("isu strategis",)),
    Field(
        "design_method_before",
        gettext_lazy("Method before the innovation"),
        ("metode sebelum", "cara lama", "sebelum inovasi"),
    ),
    Field(
        "design_method_after",
        gettext_lazy("Method after the innovation"),
        ("metode sesudah", "metode pembaharuan", "cara baru", "setelah inovasi"),
    ),
    Field(
        "design_novelty",
        gettext_lazy("Novelty"),
        ("keunggulan", "kebaruan", "keunggulan dan kebaruan"),
    ),
    Field("design_how_it_works", gettext_lazy("How it works"), ("cara kerja", "operasional")),
    Field("goals", gettext_lazy("Goals"), ("tujuan", "tujuan inovasi", "aims")),
    Field("benefits", gettext_lazy("Benefits"), ("manfaat", "manfaat inovasi")),
    Field("results", gettext_lazy("Results"), ("hasil", "hasil inovasi")),
    Field(
        "outputs",
        gettext_lazy("Outputs (written into Results)"),
        ("output", "outputs", "keluaran", "output inovasi"),
    ),
    Field(
        "outcomes",
        gettext_lazy("Outcomes (written into Results)"),
        ("outcome", "outcomes", "dampak", "outcome inovasi"),
    ),
    Field(
        "drivers",
        gettext_lazy("Drivers (written into Strategic issues)"),
        ("faktor pendorong", "pendorong", "faktor pendukung", "drivers"),
    ),
    Field(
        "replication_prerequisites",
        gettext_lazy("Replication prerequisites (written into How it works)"),
        (
            "prasyarat replikasi",
            "syarat replikasi",
            "prasyarat",
            "kebutuhan replikasi",
            "replication prerequisites",
        ),
    ),
    Field(
        "barriers",
        gettext_lazy("Barriers (raised in the barrier register)"),
        ("hambatan", "kendala", "faktor penghambat", "penghambat", "barriers", "obstacles"),
    ),
    Field(
        "barrier_kind",
        gettext_lazy("Barrier type (of the row's barriers)"),
        ("jenis hambatan", "tipe hambatan", "kategori hambatan", "jenis kendala", "barrier type"),
    ),
    Field("budget_note", gettext_lazy("Budget note"), ("anggaran", "sumber anggaran", "budget")),
    Field(
        "video_url",
        gettext_lazy("Video link"),
        ("video", "tautan video", "link video", "url video"),
    ),
    Field("latitude", gettext_lazy("Latitude"), ("lintang", "lat")),
    Field("longitude", gettext_lazy("Longitude"), ("bujur", "lng", "lon")),
)

AGENCY_FIELDS = (
    Field(
        "name",
        gettext_lazy("Agency name"),
        ("nama perangkat daerah", "perangkat daerah", "nama opd", "nama instansi", "nama"),
        required=True,
    ),
    Field("short_name", gettext_lazy("Short name"), ("singkatan", "nama singkat", "akronim")),
    Field("kind", gettext_lazy("Kind"), ("jenis", "jenis perangkat daerah", "type")),
    Field("parent", gettext_lazy("Parent agency"), ("induk", "perangkat daerah induk", "parent")),
    Field("is_active", gettext_lazy("Active"), ("aktif", "status")),
)

USER_FIELDS = (
    Field(
        "username",
        gettext_lazy("Username"),
        ("nama pengguna", "user", "akun", "nip"),
        required=True,
    ),
    Field("full_name", gettext_lazy("Full name"), ("nama lengkap", "nama", "name")),
    Field("email", gettext_lazy("E-mail"), ("email", "surel", "alamat email")),
    Field(
        "role",
        gettext_lazy("Role"),
        ("peran", "jabatan dalam aplikasi", "hak akses"),
        required=True,
    ),
    Field("agency", gettext_lazy("Agency"), ("perangkat daerah", "opd", "unit kerja", "instansi")),
)

TEXT_FIELDS = ("initiator_name", *DESIGN_FIELDS, "goals", "benefits", "results", "budget_note")
# Columns that real lists carry and the registry keeps inside a text field: each is written
# as a labelled paragraph of that field (the labels are data, not interface: the same in
# every language, so a re-import compares equal).
PROFILE_PARAGRAPHS = {
    "outputs": ("results", "Output"),
    "outcomes": ("results", "Outcome"),
    "drivers": ("design_strategic_issues", "Faktor pendorong"),
    "replication_prerequisites": ("design_how_it_works", "Prasyarat replikasi"),
}


# A barrier's impact is required; a list gives none. Stored as data (the same in every
# language) and shown on the barrier, so nobody takes it for the officer's words.
IMPORTED_IMPACT = "Tidak disebutkan dalam berkas impor."


def _with_paragraph(text: str, label: str, value: str) -> str:
    value = value.strip()
    if not value:
        return text
    paragraph = f"{label}: {value}"
    return f"{text}\n\n{paragraph}" if text else paragraph


def split_barriers(text: str) -> list[str]:
    """One barrier per line or per ";" (a list typed in one cell)."""
    parts = re.split(r"\n|;|^\s*[-•]\s*", text or "", flags=re.MULTILINE)
    return [" ".join(p.lstrip("-• ").split()) for p in parts if p.strip(" -•")]


CHOICE_FIELDS = {
    "form": Innovation.Form,
    "kind": Innovation.Kind,
    "classification": Innovation.Classification,
    "stage": Innovation.Stage,
    "status": Innovation.Status,
    "initiator_kind": Innovation.InitiatorKind,
    "barrier_kind": Barrier.Kind,  # of the row's barriers, not a field of the innovation
}
EXTRA_CHOICES = {
    "kind": {"nondigital": "non_digital", "non digital": "non_digital"},
    "stage": {"implementasi": "penerapan", "implementation": "penerapan", "ujicoba": "uji_coba"},
    "status": {
        "diterapkan": "implemented",
        "tidak berlanjut": "discontinued",
        "berhenti": "discontinued",
    },
    "form": {"tata kelola pemerintahan daerah": "tata_kelola", "inovasi daerah lainnya": "lainnya"},
}


class InnovationImporter(Importer):
    """Innovations of one Pemda; a row updates the innovation with the same name and agency."""

    kind = ImportKind.INNOVATIONS
    fields = INNOVATION_FIELDS

    def __init__(self, pemda, **options):
        super().__init__(pemda, **options)
        self.proposals: list[dict] = []
        self.proposed: dict[str, str] = {}  # normalised text → the name proposed for it
        self.spelling: dict[str, str] = {}  # normalised text → how a new agency is written
        self.choices = {
            name: Choices(enum.choices, EXTRA_CHOICES.get(name))
            for name, enum in CHOICE_FIELDS.items()
        }
        self.affairs: dict[str, GovernmentAffair] = {}
        for affair in GovernmentAffair.objects.all():
            self.affairs[normalize(affair.code)] = affair
            self.affairs.setdefault(normalize(affair.name), affair)
        self.themes: dict[str, Tag] = {}
        for tag in Tag.objects.filter(kind=Tag.Kind.THEME):
            for text in (tag.code, tag.name, tag.name_en):
                if text:
                    self.themes.setdefault(normalize(text), tag)

    def _affair(self, text: str, label, errors) -> GovernmentAffair | None:
        affair = self.affairs.get(normalize(text))
        if affair is None:  # "1.02 Kesehatan": the code first
            affair = self.affairs.get(normalize(text.split(" ", 1)[0]))
        if affair is None:
            errors.append(_("Unknown %(field)s “%(value)s”.") % {"field": label, "value": text})
        return affair

    def clean(self, values):
        f = self.field_map()
        data: dict = {}
        errors: list[str] = []
        self.notes = []
        data["name"] = _text(values, "name", f["name"], errors, max_length=255)
        agency_text = _text(values, "agency", f["agency"], errors)
        if agency_text:
            data["agency"] = self._row_agency(agency_text, f["agency"].label, errors, data)
        for name in TEXT_FIELDS:
            if name in values:
                data[name] = values[name].strip()
        for extra, (target, label) in PROFILE_PARAGRAPHS.items():
            if extra in values:
                data[target] = _with_paragraph(data.get(target, ""), label, values[extra])
        if "barriers" in values:
            data["barriers"] = split_barriers(values["barriers"])
        for name, choices in self.choices.items():
            text = values.get(name, "").strip()
            if text:
                value, error = choices.parse(text, f[name].label)
                if error:
                    errors.append(error)
                data[name] = value
        if values.get("main_affair", "").strip():
            data["main_affair"] = self._affair(
                values["main_affair"].strip(), f["main_affair"].label, errors
            )
        elif "main_affair" in values:
            data["main_affair"] = None
        if "other_affairs" in values:
            data["other_affairs"] = [
                a
                for text in split_list(values["other_affairs"])
                if (a := self._affair(text, f["other_affairs"].label, errors))
            ]
        if "themes" in values:
            themes = []
            for text in split_list(values["themes"]):
                tag = self.themes.get(normalize(text))
                if tag is None:
                    errors.append(
                        _("Unknown %(field)s “%(value)s”.")
                        % {"field": f["themes"].label, "value": text}
                    )
                else:
                    themes.append(tag)
            data["themes"] = themes
        year_text = values.get("year", "").strip()
        if year_text:
            year = int(year_text) if year_text.isdigit() else None
            if year is None:
                date = parse_date(year_text)
                year = date.year if date else None
            if year is None or not 1945 <= year <= 2100:
                errors.append(_("Year “%(value)s” is not a year.") % {"value": year_text})
            data["year"] = year
        elif "year" in values:
            data["year"] = None
        for name in DATE_FIELDS:
            text = values.get(name, "").strip()
            if text:
                data[name], note = read_date(text)
                if note:
                    self.notes.append(f"{f[name].label}: {note}")
                if data[name] is None:
                    errors.append(
                        _("%(field)s “%(value)s” is not a date (write 2021-03-31 or 31/03/2021).")
                        % {"field": f[name].label, "value": text}
                    )
            elif name in values:
                data[name] = None
        for name, limit in (("latitude", 90), ("longitude", 180)):
            text = values.get(name, "").strip().replace(",", ".")
            if text:
                try:
                    number = Decimal(text).quantize(Decimal("0.000001"))
                except InvalidOperation:
                    number = None
                if number is None or abs(number) > limit:
                    errors.append(
                        _("%(field)s “%(value)s” is not a coordinate.")
                        % {"field": f[name].label, "value": text}
                    )
                data[name] = number
            elif name in values:
                data[name] = None
        url = values.get("video_url", "").strip()
        if url:
            try:
                URLValidator()(url)
            except ValidationError:
                errors.append(_("Video link “%(value)s” is not a web address.") % {"value": url})
            data["video_url"] = url
        elif "video_url" in values:
            data["video_url"] = ""
        for name in (*TEXT_FIELDS, "video_url"):
            limit = Innovation._meta.get_field(name).max_length
            if limit and len(data.get(name) or "") > limit:
                errors.append(
                    _("%(field)s is longer than %(n)d characters.")
                    % {"field": f[name].label, "n": limit}
                )
        return data, errors

    def key(self, data):
        agency = data.get("agency")
        if agency is None and data.get("new_agency"):
            return (normalize(data.get("name", "")), "new:" + normalize(data["new_agency"]))
        return (normalize(data.get("name", "")), agency.pk if agency else None)

    EXAMPLE = {
        "name": "CONTOH - Antrean Puskesmas Daring",
        "agency": "Dinas Kesehatan",
        "main_affair": "1.02",
        "form": "Pelayanan publik",
        "kind": "Digital",
        "stage": "Penerapan",
        "year": "2021",
        "trial_start": "4 Januari 2021",
        "implementation_start": "01/07/2021",
        "goals": "Memperpendek waktu tunggu pasien",
        "benefits": "Pasien tidak antre berjam-jam",
        "outputs": "Aplikasi antrean di 12 puskesmas",
        "outcomes": "Waktu tunggu turun dari 3 jam ke 40 menit",
        "drivers": "Dukungan kepala dinas",
        "replication_prerequisites": "Jaringan internet di puskesmas",
        "barriers": "Sinyal lemah di desa; Server aplikasi sering mati",
        "barrier_kind": "TI dan data",
    }

    @classmethod
    def allowed(cls, pemda) -> dict[str, str]:
        def labels(enum, extra=()):
            with translation.override("id"):
                return ", ".join([*(str(label) for _v, label in enum.choices), *extra])

        dates = _(
            "A date: 31/03/2021, 2021-03-31, 4 Desember 2026, Des 2026 (read as the 1st, "
            "with a note) or a year alone, 2017 (read as 1 January, with a note)."
        )
        agencies = ", ".join(
            Agency.objects.filter(pemda=pemda).order_by("name").values_list("name", flat=True)[:60]
        )
        themes = ", ".join(
            Tag.objects.filter(kind=Tag.Kind.THEME)
            .order_by("position")
            .values_list("name", flat=True)
        )
        return {
            "name": _("Required. Text, at most 255 characters."),
            "agency": _("Required. The name or short name of a registered agency: %(names)s.")
            % {"names": agencies or "—"}
            + " "
            + _("Others are created when you tick it in the preview."),
            "main_affair": _("The code of the government affair (e.g. 1.02) or its name."),
            "other_affairs": _("Codes or names, separated by ; or ,."),
            "form": labels(Innovation.Form),
            "kind": labels(Innovation.Kind),
            "classification": labels(Innovation.Classification),
            "stage": labels(Innovation.Stage),
            "status": labels(Innovation.Status),
            "initiator_kind": labels(Innovation.InitiatorKind),
            "year": _("A year, 1945–2100."),
            "trial_start": dates,
            "trial_end": dates,
            "implementation_start": dates,
            "themes": _("Theme names, separated by ; or ,: %(names)s.") % {"names": themes or "—"},
            "outputs": _("Text; written into Results as a paragraph “Output: …”."),
            "outcomes": _("Text; written into Results as a paragraph “Outcome: …”."),
            "drivers": _("Text; written into Strategic issues as “Faktor pendorong: …”."),
            "replication_prerequisites": _(
                "Text; written into How it works as “Prasyarat replikasi: …”."
            ),
            "barriers": _(
                "One barrier per line or separated by ;. Each is raised in the barrier register "
                "(of the type in the barrier type column, else Other); one already there with "
                "the same title is not raised again."
            ),
            "barrier_kind": labels(Barrier.Kind)
            + ". "
            + _("The type of every barrier of the row; empty: Other."),
            "video_url": _("A web address (https://…)."),
            "latitude": _("A number between -90 and 90 (e.g. -7.98)."),
            "longitude": _("A number between -180 and 180 (e.g. 112.63)."),
        }

    # Agencies named in the innovations file.
    def prepare(self, rows):
        """Group the agency names of the file that are not registered as written: the
        spellings of one name (case, spaces, known abbreviations) are proposed as one."""
        lookup = self._agency_lookup()
        registered: dict[str, Agency] = {}
        for agency in lookup.values():
            for text in (agency.name, agency.short_name):
                if text:
                    registered.setdefault(agency_key(text), agency)
        unknown: dict[str, list[str]] = {}  # agency key → texts, first seen first
        for values in rows:
            text = " ".join(values.get("agency", "").split())
            norm = normalize(text)
            if not norm or norm in lookup:
                continue
            spellings = unknown.setdefault(agency_key(text), [])
            if all(normalize(t) != norm for t in spellings):
                spellings.append(text)
            # A name written in capitals only is created as another row writes it.
            current = self.spelling.get(norm)
            if current is None or (current.isupper() and not text.isupper()):
                self.spelling[norm] = text
        for key, texts in unknown.items():
            agency = registered.get(key)
            if agency is not None:
                target, existing = agency.name, True
            elif len(texts) > 1:
                target = max(texts, key=lambda t: (len(t), not t.isupper()))
                target, existing = self.spelling[normalize(target)], False
            else:
                continue
            variants = [
                self.spelling[normalize(t)]
                for t in texts
                if normalize(t) != normalize(target) and normalize(t) not in self.merges
            ]
            if variants:
                self.proposals.append(
                    {"target": target, "existing": existing, "variants": variants}
                )
                for text in variants:
                    self.proposed[normalize(text)] = target

    def _row_agency(self, text: str, label, errors: list[str], data: dict) -> Agency | None:
        lookup = self._agency_lookup()
        norm = normalize(text)
        if norm in lookup:
            return lookup[norm]
        merged = self.merges.get(norm)
        if merged:
            self.notes.append(
                _("Agency “%(value)s” is read as “%(name)s” (merge confirmed).")
                % {"value": text, "name": merged}
            )
            if normalize(merged) in lookup:
                return lookup[normalize(merged)]
            text, norm = merged, normalize(merged)
        elif norm in self.proposed:
            errors.append(
                _(
                    "Agency “%(value)s” looks like “%(name)s”: confirm or refuse the merge "
                    "proposed above the rows."
                )
                % {"value": text, "name": self.proposed[norm]}
            )
            return None
        if self.create_agencies:
            name = self.spelling.get(norm, " ".join(text.split()))
            data["new_agency"] = name
            self.notes.append(
                _("Agency “%(name)s” is not registered: it will be created.") % {"name": name}
            )
            if len(name) > 200:
                errors.append(_("The agency name is longer than 200 characters."))
            return None
        before = len(errors)
        agency = self._agency(text, label, errors)
        if len(errors) > before:
            errors[-1] += " " + _("Or tick “create the agencies not yet registered”.")
        return agency

    def _new_agency(self, actor, name: str, source: str, number: int) -> Agency:
        lookup = self._agency_lookup()
        agency = lookup.get(normalize(name))
        if agency is None:
            agency, _outcome = agency_save(
                actor=actor,
                pemda=self.pemda,
                data={"name": name},
                verb="imported",
                message=f"{source}, {number}",
            )
            lookup[normalize(name)] = agency
        return agency

    def _existing_pks(self, keys) -> dict[tuple, int]:
        """(normalised name, agency) → the innovation it names, for the keys given: only
        names and ids are read for the Pemda's whole registry (a batch of a large import
        no longer loads every innovation with its relations)."""
        names = {key[0] for key in keys}
        found: dict[tuple, int] = {}
        rows = Innovation.objects.filter(pemda=self.pemda).values_list("pk", "name", "agency_id")
        for pk, name, agency_id in rows:
            key = (normalize(name), agency_id)
            if key[0] in names:
                found.setdefault(key, pk)
        return found

    def _existing(self, keys) -> dict[tuple, Innovation]:
        pks = self._existing_pks(keys)
        if not pks:
            return {}
        rows = Innovation.objects.filter(pk__in=pks.values()).select_related(
            "agency", "main_affair"
        )
        by_pk = rows.prefetch_related("other_affairs", "themes").in_bulk()
        return {key: by_pk[pk] for key, pk in pks.items()}

    def existing_keys(self, keys):
        return set(self._existing_pks(keys))

    def write(self, *, actor, rows, source):
        """Through the innovations app's bulk service: its validation, audit and hooks."""
        existing = self._existing([row.key for row in rows])
        default_status = conf.get("IMPORT_DEFAULT_STATUS_BY_STAGE")
        bulk = []
        for row in rows:
            data = dict(row.data)
            data.pop("barriers", None)
            data.pop("barrier_kind", None)
            new_agency = data.pop("new_agency", None)
            if new_agency:
                data["agency"] = self._new_agency(actor, new_agency, source, row.number)
            status = data.pop("status", None)  # an existing one's follows its lifecycle
            innovation = existing.get(row.key)
            if innovation is None:
                stage = data.get("stage") or Innovation.Stage.INITIATIVE
                status = status or default_status.get(stage, Innovation.Status.SUBMITTED)
            bulk.append(
                BulkRow(
                    data=data,
                    innovation=innovation,
                    status=status if innovation is None else "",
                    note="; ".join([f"{source}, {row.number}", *row.notes]),
                )
            )
        counts = innovations_bulk_save(actor=actor, pemda=self.pemda, rows=bulk, verb="imported")
        self._raise_barriers(
            actor, [(row, written) for row, written in zip(rows, bulk, strict=True)], source
        )
        return counts

    def _raise_barriers(self, actor, rows: list[tuple[Row, BulkRow]], source: str) -> None:
        """Each barrier of a row goes into the barrier register through the ecosystem
        app's service (audited, with its SLA), on the innovation the bulk service wrote
        (in hand, not looked up again); one already on the innovation with the same title
        is not raised again, so a re-import adds nothing (a new one has none)."""
        for row, written in rows:
            innovation = written.innovation
            if not row.data.get("barriers") or innovation is None:
                continue
            known: set[str] = set()
            if not written.created:
                titles = Barrier.objects.filter(innovation=innovation).values_list(
                    "title", flat=True
                )
                known = {normalize(t) for t in titles}
            kind = row.data.get("barrier_kind") or Barrier.Kind.OTHER
            for text in row.data["barriers"]:
                title = text[:200]
                if normalize(title) in known:
                    continue
                barrier_raise(
                    actor=actor,
                    innovation=innovation,
                    data={
                        "kind": kind,
                        "title": title,
                        "description": text,
                        "impact": IMPORTED_IMPACT,
                    },
                )
                known.add(normalize(title))


class AgencyImporter(Importer):
    """Agencies (perangkat daerah) of one Pemda; a row updates the agency with the same name."""

    kind = ImportKind.AGENCIES
    fields = AGENCY_FIELDS
    EXAMPLE = {
        "name": "CONTOH - Dinas Kesehatan",
        "short_name": "Dinkes",
        "kind": "Dinas",
        "is_active": "ya",
    }

    @classmethod
    def allowed(cls, pemda) -> dict[str, str]:
        with translation.override("id"):
            kinds = ", ".join(str(label) for _v, label in Agency.Kind.choices)
        return {
            "name": _("Required. Text, at most 200 characters."),
            "short_name": _("At most 60 characters."),
            "kind": kinds,
            "parent": _("The name of a registered agency or of an earlier row."),
            "is_active": _("ya / tidak"),
        }

    def __init__(self, pemda, **options):
        super().__init__(pemda, **options)
        self.kinds = Choices(Agency.Kind.choices)
        self.seen_names: set[str] = set()

    def clean(self, values):
        f = self.field_map()
        errors: list[str] = []
        data = {"name": _text(values, "name", f["name"], errors, max_length=200)}
        if "short_name" in values:
            data["short_name"] = _text(values, "short_name", f["short_name"], errors, max_length=60)
        text = values.get("kind", "").strip()
        if text:
            data["kind"], error = self.kinds.parse(text, f["kind"].label)
            if error:
                errors.append(error)
        text = values.get("is_active", "").strip()
        if text:
            data["is_active"] = parse_bool(text)
            if data["is_active"] is None:
                errors.append(_("Active “%(value)s” must be yes or no.") % {"value": text})
        parent = values.get("parent", "").strip()
        if parent:
            known = (
                normalize(parent) in self._agency_lookup() or normalize(parent) in self.seen_names
            )
            if not known:
                errors.append(
                    _("Parent agency “%(value)s” is neither registered nor in an earlier row.")
                    % {"value": parent}
                )
            data["parent"] = parent
        elif "parent" in values:
            data["parent"] = ""
        self.seen_names.add(normalize(data["name"]))
        return data, errors

    def key(self, data):
        return (normalize(data.get("name", "")),)

    def existing_keys(self, keys):
        return {(normalize(a.name),) for a in Agency.objects.filter(pemda=self.pemda)} & set(keys)

    def write(self, *, actor, rows, source):
        """Through the organizations app's `agency_save` (its validation and audit)."""
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        by_name = {normalize(a.name): a for a in Agency.objects.filter(pemda=self.pemda)}
        for row in rows:
            data = dict(row.data)
            if "parent" in data:
                parent_name = data.pop("parent")
                data["parent"] = by_name.get(normalize(parent_name)) if parent_name else None
                if data["parent"] is None and parent_name:
                    data["parent"] = self._agency_lookup().get(normalize(parent_name))
            agency = by_name.get(row.key[0])
            if agency is not None:
                data.pop("name")  # the key: keep the registered spelling
            agency, outcome = agency_save(
                actor=actor,
                pemda=self.pemda,
                data=data,
                agency=agency,
                verb="imported",
                message=f"{source}, {row.number}",
            )
            by_name[row.key[0]] = agency
            counts[outcome] += 1
        return counts


ROLE_WORDS = {
    "admin": Role.PEMDA_ADMIN,
    "admin pemda": Role.PEMDA_ADMIN,
    "bapperida": Role.PEMDA_ADMIN,
    "brida": Role.PEMDA_ADMIN,
    "operator": Role.OPERATOR,
    "operator opd": Role.OPERATOR,
    "inovator": Role.INNOVATOR,
    "verifikator": Role.VERIFIER,
    "agen perubahan": Role.CHANGE_AGENT,
    "agen": Role.CHANGE_AGENT,
    "unit inovasi": Role.INNOVATION_UNIT,
    "tim inovasi daerah": Role.INNOVATION_UNIT,
    "pimpinan": Role.LEADERSHIP,
    "kepala daerah": Role.LEADERSHIP,
    "sekda": Role.LEADERSHIP,
}
USERNAME = re.compile(r"^[\w.@+-]{1,150}$")


class UserImporter(Importer):
    """Users and their roles in one Pemda; a row adds the role to the user of that username.

    A user who already holds a role in another Pemda is not changed from here.
    """

    kind = ImportKind.USERS
    fields = USER_FIELDS
    EXAMPLE = {
        "username": "contoh.operator",
        "full_name": "CONTOH - Siti Aminah",
        "email": "siti@example.go.id",
        "role": "Operator",
        "agency": "Dinas Kesehatan",
    }

    @classmethod
    def allowed(cls, pemda) -> dict[str, str]:
        with translation.override("id"):
            roles = ", ".join(str(label) for _v, label in Role.choices)
        return {
            "username": _("Required. Letters, digits and . @ + - _ only."),
            "email": _("An e-mail address."),
            "role": _("Required. One of: %(roles)s.") % {"roles": roles},
            "agency": _("Required for agency roles: the name of a registered agency."),
        }

    def __init__(self, pemda, **options):
        super().__init__(pemda, **options)
        self.roles = Choices(Role.choices, ROLE_WORDS)

    def clean(self, values):
        f = self.field_map()
        errors: list[str] = []
        username = _text(values, "username", f["username"], errors).lower()
        if username and not USERNAME.match(username):
            errors.append(
                _("Username “%(value)s” may use letters, digits and . @ + - _ only.")
                % {"value": username}
            )
        data: dict = {"username": username}
        if "full_name" in values:
            data["full_name"] = _text(values, "full_name", f["full_name"], errors, max_length=150)
        email = values.get("email", "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(_("E-mail “%(value)s” is not an e-mail address.") % {"value": email})
            data["email"] = email
        role_text = _text(values, "role", f["role"], errors)
        role = None
        if role_text:
            role, error = self.roles.parse(role_text, f["role"].label)
            if error:
                errors.append(error)
        data["role"] = role
        agency_text = values.get("agency", "").strip()
        data["agency"] = (
            self._agency(agency_text, f["agency"].label, errors) if agency_text else None
        )
        if role in AGENCY_ROLES and not agency_text:
            errors.append(_("The role “%(role)s” needs an agency.") % {"role": role_text})
        if role and role not in AGENCY_ROLES:
            data["agency"] = None
        return data, errors

    def key(self, data):
        agency = data.get("agency")
        return (data.get("username", ""), data.get("role"), agency.pk if agency else None)

    def existing_keys(self, keys):
        usernames = {k[0] for k in keys}
        rows = Membership.objects.filter(pemda=self.pemda, user__username__in=usernames)
        return {(m.user.username, m.role, m.agency_id) for m in rows.select_related("user")} & set(
            keys
        )

    def foreign_usernames(self, usernames) -> set[str]:
        """Users who hold a role in another Pemda: not changed from this one."""
        return set(
            Membership.objects.filter(user__username__in=usernames)
            .filter(~Q(pemda=self.pemda))
            .values_list("user__username", flat=True)
        )

    def write(self, *, actor, rows, source):
        User = get_user_model()
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        foreign = self.foreign_usernames([row.data["username"] for row in rows])
        for row in rows:
            data = row.data
            if data["username"] in foreign:
                raise ValidationError(
                    _("Row %(row)d: user “%(user)s” has a role in another Pemda.")
                    % {"row": row.number, "user": data["username"]}
                )
            first, _sep, last = data.get("full_name", "").partition(" ")
            user = User.objects.filter(username=data["username"]).first()
            is_new = user is None
            if is_new:
                user = User(username=data["username"])
                user.set_unusable_password()
            before = {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
            }
            if "full_name" in data:
                user.first_name, user.last_name = first[:150], last[:150]
            if "email" in data:
                user.email = data["email"]
            after = {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
            }
            changes = audit.diff(
                {} if is_new else before,
                after if not is_new else {k: v for k, v in after.items() if v},
            )
            if is_new or changes:
                user.save()
            membership, granted = Membership.objects.get_or_create(
                user=user, pemda=self.pemda, agency=data["agency"], role=data["role"]
            )
            if granted:
                changes["role"] = {"before": None, "after": str(membership)}
                org_access.forget(user)
            if not changes:
                counts["unchanged"] += 1
                continue
            audit.record(
                actor=actor,
                verb="imported" if is_new else "updated",
                subject=user,
                pemda=self.pemda,
                changes=changes,
                message=f"{source}, {row.number}",
            )
            counts["created" if is_new else "updated"] += 1
        return counts


IMPORTERS: dict[str, type[Importer]] = {
    ImportKind.INNOVATIONS: InnovationImporter,
    ImportKind.AGENCIES: AgencyImporter,
    ImportKind.USERS: UserImporter,
}


def importer_for(kind: str, pemda, **options) -> Importer:
    return IMPORTERS[kind](pemda, **options)


def importer_for_job(job) -> Importer:
    """The importer of a job, with the choices its admin made (agencies to create, merges)."""
    return importer_for(
        job.kind, job.pemda, create_agencies=job.create_agencies, merges=job.agency_merges
    )


def suggest_columns(kind: str, headers: list[str], saved: dict[str, str] | None = None) -> dict:
    """{field: header}: a saved mapping where its headers are present, else by header names."""
    importer = IMPORTERS[kind]
    present = set(headers)
    suggestion: dict[str, str] = {}
    used: set[str] = set()
    for field, header in (saved or {}).items():
        if header in present and field in importer.field_map():
            suggestion[field] = header
            used.add(header)
    normalized = {header: normalize(header) for header in headers if header}
    for exact in (True, False):
        for field in importer.fields:
            if field.name in suggestion:
                continue
            names = importer.synonyms(field)
            for header, norm in normalized.items():
                if header in used:
                    continue
                hit = norm in names if exact else any(len(n) > 3 and n in norm for n in names)
                if hit:
                    suggestion[field.name] = header
                    used.add(header)
                    break
    return suggestion
