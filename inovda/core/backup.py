"""One verifiable backup archive: the database and the uploaded files, with a manifest.

Archive (`.tar.gz`):

- `manifest.json`: format, creation time, versions (Inovda, Django, Python, database
  engine), the applied migrations, and the size and SHA-256 of every other member;
- the database: `database.sqlite3` made with SQLite's online backup API (consistent while
  the site runs; it carries the full-text index with it), or, on PostgreSQL,
  `database.jsonl`: a portable dump, one JSON line per row of every model table, that keeps
  microseconds, JSON, binary and tsvector values (so the search index comes back as well);
- `media/…`: every file under MEDIA_ROOT, byte for byte.

`restore()` checks every checksum before it touches anything, then restores into an empty
database (a database with users is refused unless forced) and an empty media folder.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import io
import json
import platform
import shutil
import sqlite3
import tarfile
import tempfile
import tomllib
import uuid
from dataclasses import dataclass
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_string

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
JSONL_MEMBER = "database.jsonl"
CHUNK = 1 << 20


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Summary:
    path: Path
    files: int
    bytes: int
    engine: str


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def model_tables() -> list[type[models.Model]]:
    """Every concrete table Django manages (many-to-many tables included), in a stable order."""
    seen, result = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        result.append(model)
    return sorted(result, key=lambda m: m._meta.db_table)


# --- portable dump -----------------------------------------------------------------------


def _encode(value):
    if value is None or isinstance(value, bool | int | float | str | dict | list):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()  # keeps microseconds (DjangoJSONEncoder cuts them)
    if isinstance(value, datetime.timedelta):
        return duration_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    raise BackupError(f"cannot encode {type(value).__name__}")


def _decode(field: models.Field, value):
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    return field.to_python(value)


def dump_rows(handle: io.TextIOBase) -> None:
    """Write each table as a header line {"table", "columns"} followed by one line per row."""
    for model in model_tables():
        fields = model._meta.local_concrete_fields
        names = [f.attname for f in fields]
        handle.write(json.dumps({"table": model._meta.db_table, "columns": names}) + "\n")
        rows = model._base_manager.order_by("pk").values_list(*names)
        for row in rows.iterator(chunk_size=2000):
            handle.write(json.dumps([_encode(v) for v in row], ensure_ascii=False) + "\n")


def load_rows(handle: io.TextIOBase) -> int:
    """Insert the dumped rows as they are (primary keys kept), then reset the sequences."""
    by_table = {m._meta.db_table: m for m in model_tables()}
    model, fields, sql, batch, count = None, [], "", [], 0
    quote = connection.ops.quote_name

    def flush():
        if batch:
            with connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            batch.clear()

    for line in handle:
        item = json.loads(line)
        if isinstance(item, dict):
            flush()
            model = by_table.get(item["table"])
            if model is None:
                raise BackupError(f"table {item['table']} does not exist here")
            by_name = {f.attname: f for f in model._meta.local_concrete_fields}
            fields = [by_name[name] for name in item["columns"]]
            sql = "INSERT INTO {} ({}) VALUES ({})".format(
                quote(model._meta.db_table),
                ", ".join(quote(f.column) for f in fields),
                ", ".join(["%s"] * len(fields)),
            )
            continue
        batch.append(
            [
                f.get_db_prep_save(_decode(f, v), connection)
                for f, v in zip(fields, item, strict=True)
            ]
        )
        count += 1
        if len(batch) >= 1000:
            flush()
    flush()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(by_table.values())):
            cursor.execute(statement)
    return count


# --- archive -----------------------------------------------------------------------------


def inovda_version() -> str:
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def database_version() -> str:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return cursor.fetchone()[0]


def media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def create(destination: Path) -> Summary:
    """Write one archive to `destination` (a folder: a timestamped name is chosen)."""
    destination.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    path = destination / f"inovda-backup-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        if connection.vendor == "sqlite":
            member, db_file = SQLITE_MEMBER, Path(tmp) / SQLITE_MEMBER
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            member, db_file = JSONL_MEMBER, Path(tmp) / JSONL_MEMBER
            # One snapshot for the whole dump (REPEATABLE READ on PostgreSQL).
            with transaction.atomic(), open(db_file, "w", encoding="utf-8") as handle:
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                dump_rows(handle)
        files = media_files(media_root)
        entries = [{"path": member, "size": db_file.stat().st_size, "sha256": sha256_file(db_file)}]
        entries += [
            {
                "path": "media/" + p.relative_to(media_root).as_posix(),
                "size": p.stat().st_size,
                "sha256": sha256_file(p),
            }
            for p in files
        ]
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "versions": {
                "inovda": inovda_version(),
                "django": django.get_version(),
                "python": platform.python_version(),
                "database": database_version(),
            },
            "engine": connection.vendor,
            "database": member,
            "migrations": applied_migrations(),
            "files": entries,
        }
        partial = path.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=member)
            for p in files:
                tar.add(p, arcname="media/" + p.relative_to(media_root).as_posix())
        partial.rename(path)
    return Summary(path, len(files), path.stat().st_size, connection.vendor)


def extract(archive: Path, into: Path) -> dict:
    """Unpack `archive` into `into` and check it against its manifest; return the manifest."""
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(into, filter="data")
    manifest_path = into / MANIFEST
    if not manifest_path.exists():
        raise BackupError("the archive has no manifest")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    listed = {entry["path"] for entry in manifest["files"]}
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    if present != listed:
        raise BackupError(f"members differ from the manifest: {sorted(present ^ listed)[:5]}")
    for entry in manifest["files"]:
        member = into / entry["path"]
        if member.stat().st_size != entry["size"] or sha256_file(member) != entry["sha256"]:
            raise BackupError(f"checksum mismatch: {entry['path']}")
    return manifest


def verify(archive: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        return extract(archive, Path(tmp))


def _has_users() -> bool:
    tables = connection.introspection.table_names()
    if "auth_user" not in tables:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM auth_user LIMIT 1")
        return cursor.fetchone() is not None


def restore(archive: Path, *, force: bool = False) -> dict:
    """Restore `archive` into this database and MEDIA_ROOT, both empty (unless `force`)."""
    from django.core.management import call_command

    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        if _has_users():
            raise BackupError("the database is not empty (it has users); use --force")
        if media_files(media_root):
            raise BackupError(f"the media folder {media_root} is not empty; use --force")
    with tempfile.TemporaryDirectory() as tmp:
        manifest = extract(archive, Path(tmp))
        source = Path(tmp) / manifest["database"]
        if manifest["database"] == SQLITE_MEMBER:
            if connection.vendor != "sqlite":
                raise BackupError("a SQLite archive restores into SQLite only")
            connection.ensure_connection()
            origin = sqlite3.connect(source)
            try:
                origin.backup(connection.connection)
            finally:
                origin.close()
        else:
            call_command("migrate", interactive=False, verbosity=0)
            if applied_migrations() != manifest["migrations"]:
                raise BackupError("this code's migrations differ from the archive's")
            tables = [m._meta.db_table for m in model_tables()]
            with connection.constraint_checks_disabled(), transaction.atomic():
                with connection.cursor() as cursor:
                    for sql in connection.ops.sql_flush(
                        no_style(), tables, reset_sequences=True, allow_cascade=True
                    ):
                        cursor.execute(sql)
                with open(source, encoding="utf-8") as handle:
                    load_rows(handle)
        if force and media_root.exists():
            shutil.rmtree(media_root)
        for entry in manifest["files"]:
            if entry["path"].startswith("media/"):
                target = media_root / entry["path"].removeprefix("media/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(tmp) / entry["path"], target)
    return manifest


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives in `folder`; return the deleted ones."""
    archives = sorted(folder.glob("inovda-backup-*.tar.gz"))
    doomed = archives[: max(len(archives) - keep, 0)]
    for path in doomed:
        path.unlink()
    return doomed
