"""Validated uploads: the type is judged by the file's content, never by its name."""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    content_type: str
    extension: str


PDF = FileKind("pdf", "PDF", "application/pdf", ".pdf")
JPEG = FileKind("jpeg", "JPEG", "image/jpeg", ".jpg")
PNG = FileKind("png", "PNG", "image/png", ".png")
DOCX = FileKind(
    "docx",
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
)
XLSX = FileKind(
    "xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
)
MP4 = FileKind("mp4", "MP4", "video/mp4", ".mp4")
ALLOWED_KINDS = (PDF, JPEG, PNG, DOCX, XLSX, MP4)


def _zip_kind(upload) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def sniff(upload) -> FileKind | None:
    """The allowed kind this file's bytes show it to be, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return MP4
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def max_upload_bytes() -> int:
    return settings.INOVDA_MAX_UPLOAD_MB * 1024 * 1024


def validate_upload(upload) -> FileKind:
    """Refuse a file that is too large or not one of the allowed kinds; say why."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file “%(name)s” is %(size).1f MB; the limit is %(limit)d MB.")
            % {
                "name": upload.name,
                "size": upload.size / (1024 * 1024),
                "limit": settings.INOVDA_MAX_UPLOAD_MB,
            },
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": upload.name})
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            _(
                "The file “%(name)s” is not an accepted type. Accepted: %(kinds)s "
                "(judged by the file's content, not its name)."
            )
            % {"name": upload.name, "kinds": ", ".join(k.label for k in ALLOWED_KINDS)},
            code="bad_type",
        )
    return kind


def stored_name(prefix: str, kind: FileKind) -> str:
    """A random storage path; the user's file name is kept apart, never used as a path."""
    return str(PurePosixPath(prefix) / f"{uuid.uuid4().hex}{kind.extension}")
