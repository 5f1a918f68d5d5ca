"""What can be imported, and how a row of text becomes Inovda data.

An importer knows its fields (with the header names a city's file may use, in Indonesian
and English), turns one row of text into typed values or reasons why not, finds the
record a row updates (its *key*), and writes a batch. The run itself (batches, progress,
rejections) is in services.py; this module writes nothing on its own.
"""

from __future__ import annotations

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
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.core import audit
from inovda.innovations.dates import innovation_date_problems
from inovda.innovations.models import DESIGN_FIELDS, Innovation, Tag
from inovda.innovations.services import BulkRow, innovations_bulk_save
from inovda.organizations import access as org_access
from inovda.organizations.models import AGENCY_ROLES, Agency, GovernmentAffair, Membership, Role

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


def parse_date(text: str) -> datetime.date | None:
    """A date from ISO, day/month/year or '12 Januari 2021'; None when it is none of them."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?", text):
        text = text[:10]
    match = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", text)
    if match and match.group(2).lower() in MONTHS_ID:
        try:
            return datetime.date(
                int(match.group(3)), MONTHS_ID[match.group(2).lower()], int(match.group(1))
            )
        except ValueError:
            return None
    for fmt in conf.get("IMPORT_DATE_FORMATS"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


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

    def __init__(self, pemda):
        self.pemda = pemda

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
CHOICE_FIELDS = {
    "form": Innovation.Form,
    "kind": Innovation.Kind,
    "classification": Innovation.Classification,
    "stage": Innovation.Stage,
    "status": Innovation.Status,
    "initiator_kind": Innovation.InitiatorKind,
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

    def __init__(self, pemda):
        super().__init__(pemda)
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
        data["name"] = _text(values, "name", f["name"], errors, max_length=255)
        agency_text = _text(values, "agency", f["agency"], errors)
        if agency_text:
            data["agency"] = self._agency(agency_text, f["agency"].label, errors)
        for name in TEXT_FIELDS:
            if name in values:
                data[name] = values[name].strip()
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
            date = parse_date(year_text)
            year = date.year if date else int(year_text) if year_text.isdigit() else None
            if year is None or not 1945 <= year <= 2100:
                errors.append(_("Year “%(value)s” is not a year.") % {"value": year_text})
            data["year"] = year
        elif "year" in values:
            data["year"] = None
        for name in DATE_FIELDS:
            text = values.get(name, "").strip()
            if text:
                data[name] = parse_date(text)
                if data[name] is None:
                    errors.append(
                        _("%(field)s “%(value)s” is not a date (write 2021-03-31 or 31/03/2021).")
                        % {"field": f[name].label, "value": text}
                    )
            elif name in values:
                data[name] = None
        # the registry's own date rules (the bulk service checks them again)
        errors += innovation_date_problems(
            today=timezone.localdate(), **{k: data.get(k) for k in ("year", *DATE_FIELDS)}
        ).values()
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
        return (normalize(data.get("name", "")), agency.pk if agency else None)

    def _existing(self, keys) -> dict[tuple, Innovation]:
        names = {key[0] for key in keys}
        found = {}
        rows = Innovation.objects.filter(pemda=self.pemda).select_related("agency", "main_affair")
        for innovation in rows.prefetch_related("other_affairs", "themes"):
            key = (normalize(innovation.name), innovation.agency_id)
            if key[0] in names:
                found.setdefault(key, innovation)
        return found

    def existing_keys(self, keys):
        return set(self._existing(keys))

    def write(self, *, actor, rows, source):
        """Through the innovations app's bulk service: its validation, audit and hooks."""
        existing = self._existing([row.key for row in rows])
        default_status = conf.get("IMPORT_DEFAULT_STATUS_BY_STAGE")
        bulk = []
        for row in rows:
            data = dict(row.data)
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
                    note=f"{source}, {row.number}",
                )
            )
        return innovations_bulk_save(actor=actor, pemda=self.pemda, rows=bulk, verb="imported")


class AgencyImporter(Importer):
    """Agencies (perangkat daerah) of one Pemda; a row updates the agency with the same name."""

    kind = ImportKind.AGENCIES
    fields = AGENCY_FIELDS
    audited = ["name", "short_name", "kind", "parent", "is_active"]

    def __init__(self, pemda):
        super().__init__(pemda)
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
            fields = [k for k in self.audited if k in data]
            if agency is None:
                agency = Agency(pemda=self.pemda, **data)
                agency.full_clean()
                agency.save()
                by_name[row.key[0]] = agency
                after = audit.snapshot(agency, fields)
                audit.record(
                    actor=actor,
                    verb="imported",
                    subject=agency,
                    changes=audit.diff({}, {k: v for k, v in after.items() if v not in ("", None)}),
                    message=f"{source}, {row.number}",
                )
                counts["created"] += 1
                continue
            data.pop("name")  # the key: keep the registered spelling
            before = audit.snapshot(agency, fields)
            for key, value in data.items():
                setattr(agency, key, value)
            changes = audit.diff(before, audit.snapshot(agency, fields))
            if not changes:
                counts["unchanged"] += 1
                continue
            agency.full_clean()
            agency.save()
            audit.record(
                actor=actor,
                verb="updated",
                subject=agency,
                changes=changes,
                message=f"{source}, {row.number}",
            )
            counts["updated"] += 1
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

    def __init__(self, pemda):
        super().__init__(pemda)
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


def importer_for(kind: str, pemda) -> Importer:
    return IMPORTERS[kind](pemda)


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
