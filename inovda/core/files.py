"""Every upload and download goes through here (ADR 0009).

- `validate_upload` judges a file by its content, never by its name, and refuses an empty
  file, one over the size limit and a name that hides its real extension;
- `store` validates, saves the file under a random name, notes the user's file name, kind,
  content type and size on the model, and deletes the file again if the transaction that
  stored it rolls back;
- `discard` deletes a replaced or removed file once the transaction commits;
- `serve` answers a download (callers resolve the object through the user first);
- `UploadField` is the form field of every upload: it lets an empty file through so the
  one validation path says what is wrong with it.
"""

from __future__ import annotations

import unicodedata
import uuid
import weakref
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import FileResponse, Http404
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


# Characters that reorder the text around them: "report\u202egpj.exe" shows as
# "reportexe.jpg". Refused in file names so a listed name is the name that was uploaded.
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_name_and_size(upload) -> None:
    """The checks every upload passes whatever its kind (imported CSV tables too): a name
    without direction controls, not empty, within the size limit."""
    if any(char in BIDI_CONTROLS for char in upload.name):
        raise ValidationError(
            _(
                "The file name “%(name)s” contains hidden characters that change the direction "
                "of the text (they can disguise a file's type). Rename the file and upload it "
                "again."
            )
            % {"name": "".join(c for c in upload.name if c not in BIDI_CONTROLS)},
            code="bidi_name",
        )
    if upload.size == 0:
        raise ValidationError(
            _("The file “%(name)s” is empty.") % {"name": upload.name}, code="empty"
        )
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


def validate_upload(upload, kinds: tuple[FileKind, ...] = ALLOWED_KINDS) -> FileKind:
    """The kind of an acceptable upload; a ValidationError saying why it is refused."""
    check_name_and_size(upload)
    kind = sniff(upload)
    if kind not in kinds:
        raise ValidationError(
            _(
                "The file “%(name)s” is not an accepted type. Accepted: %(kinds)s "
                "(judged by the file's content, not its name)."
            )
            % {"name": upload.name, "kinds": ", ".join(k.label for k in kinds)},
            code="bad_type",
        )
    return kind


def stored_name(prefix: str, kind: FileKind) -> str:
    """A random storage path; the user's file name is kept apart, never used as a path."""
    return str(PurePosixPath(prefix) / f"{uuid.uuid4().hex}{kind.extension}")


# Where a model keeps what `store` notes about a file: attribute names on the instance.
STORED_FILE_ATTRS = {
    "original_name": "original_name",
    "kind": "kind",
    "content_type": "content_type",
    "size": "size",
}


def store(
    instance: models.Model,
    field: str = "file",
    *,
    upload,
    prefix: str,
    kinds: tuple[FileKind, ...] = ALLOWED_KINDS,
    attrs: dict[str, str] | None = None,
) -> FileKind:
    """Validate `upload` and save it as `instance.<field>` under a random name in `prefix`.

    Notes the user's file name, the kind, content type and size on the attributes named by
    `attrs` (what `inovda.core.models.StoredFile` declares by default; `{}` for none).
    The instance itself is not saved: the calling service saves it in its transaction.
    Should that transaction (or the savepoint around the call) roll back, the stored file is
    deleted, so a failed save leaves no file behind.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("files.store() runs inside the service's transaction")
    kind = validate_upload(upload, kinds)
    noted = {
        "original_name": upload.name[:255],
        "kind": kind.code,
        "content_type": kind.content_type,
        "size": upload.size,
    }
    for key, attr in (STORED_FILE_ATTRS if attrs is None else attrs).items():
        setattr(instance, attr, noted[key])
    field_file = getattr(instance, field)
    field_file.save(stored_name(prefix, kind), upload, save=False)
    _delete_unless_committed(field_file.storage, field_file.name)
    return kind


class _Committed:
    """An on-commit callback that notes the commit. Django drops the callbacks of a
    transaction (or savepoint) that rolls back; when this one is dropped uncalled, the
    finalizer attached to it deletes the file stored in that transaction. (CPython frees
    the dropped callback at once, so the file goes when the rollback happens.)"""

    __slots__ = ("done", "__weakref__")

    def __init__(self):
        self.done = [False]

    def __call__(self):
        self.done[0] = True


def _delete_if_not_done(done: list[bool], storage, name: str, connection) -> None:
    # Dropped while the commit's callbacks run (an earlier callback raised, so Django skipped
    # the rest): the row was committed, the file stays.
    if not done[0] and not connection.run_commit_hooks_on_set_autocommit_on:
        storage.delete(name)


def _delete_unless_committed(storage, name: str) -> None:
    committed = _Committed()
    connection = transaction.get_connection()
    finalizer = weakref.finalize(
        committed, _delete_if_not_done, committed.done, storage, name, connection
    )
    finalizer.atexit = False
    transaction.on_commit(committed, robust=True)


def discard(field_file) -> None:
    """Delete a removed or replaced file once the transaction commits (kept on rollback)."""
    if field_file:
        name, storage = field_file.name, field_file.storage
        transaction.on_commit(lambda: storage.delete(name))


# Opened in the browser; every other kind is downloaded.
INLINE_TYPES = frozenset({PDF.content_type, JPEG.content_type, PNG.content_type})


def safe_filename(name: str) -> str:
    """The user's file name without control characters or path separators."""
    cleaned = "".join(
        "_" if char in "/\\" else char
        for char in name
        if unicodedata.category(char) not in ("Cc", "Cf")
    ).strip()
    return cleaned or "download"


def serve(field_file, *, filename: str, content_type: str, inline: bool | None = None):
    """A download of a stored file under the user's file name; 404 when it is missing.

    PDFs and images open in the browser unless `inline` says otherwise. The browser is told
    not to guess the type (the type is the one judged by content when it was stored).
    """
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if inline is None:
        inline = content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=safe_filename(filename),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class UploadField(forms.FileField):
    """The form field of every upload. An empty file is let through so that the service's
    validation (`validate_upload`) tells the user it is empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)
