"""`manage.py backup` / `restore`: one archive that restores every table and every uploaded
file byte for byte, into an empty database and media folder (SQLite and PostgreSQL)."""

import hashlib
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from inovda.core import backup
from inovda.innovations.models import Attachment, Innovation
from inovda.knowledge.indexing import index_object
from inovda.knowledge.models import SearchDocument
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict:
    """Every row of every table (the full-text tables included), as the database returns it."""
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(include_views=False)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(map(repr, cursor.fetchall()))
    return tables


def media() -> dict:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def data(adam, agency_a):
    innovation = InnovationFactory(agency=agency_a, name="Antrean daring Puskesmas")
    attachment = Attachment(
        innovation=innovation,
        original_name="sk.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=12,
        uploaded_by=adam,
    )
    attachment.file.save("sk.pdf", ContentFile(b"%PDF-1.7\n\x00\xff binary"), save=True)
    (Path(settings.MEDIA_ROOT) / "logos").mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "logos" / "malang.png").write_bytes(bytes(range(256)))
    index_object(innovation)
    return innovation


def test_round_trip_restores_every_table_and_file(data, tmp_path):
    assert data.created_at.microsecond or data.updated_at.microsecond  # the trap of dumpdata
    assert SearchDocument.objects.filter(title__contains="Antrean").exists()
    before, files = snapshot(), media()
    assert len(files) == 2

    call_command("backup", dir=str(tmp_path / "backups"), keep=3)
    (archive,) = (tmp_path / "backups").glob("inovda-backup-*.tar.gz")
    manifest = backup.verify(archive)
    assert manifest["engine"] == connection.vendor
    assert {e["path"] for e in manifest["files"]} >= {"media/logos/malang.png"}

    # A live database is refused; an emptied one (and an emptied media folder) is restored.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    call_command("flush", interactive=False, verbosity=0)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    assert snapshot() != before and media() == {}

    call_command("restore", str(archive))

    assert snapshot() == before
    assert media() == files
    # Microseconds are kept; the search index (FTS5 tables / tsvector) came back with the rows.
    restored = Innovation.objects.get(pk=data.pk)
    assert (restored.created_at, restored.updated_at) == (data.created_at, data.updated_at)
    assert SearchDocument.objects.filter(title__contains="Antrean").count() == 1


def test_tampered_archive_is_refused_before_anything_is_written(data, tmp_path):
    summary = backup.create(tmp_path)
    unpacked = tmp_path / "x"
    with tarfile.open(summary.path) as tar:
        tar.extractall(unpacked, filter="data")
    (unpacked / "media" / "logos" / "malang.png").write_bytes(b"changed")
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(forged, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(unpacked).as_posix())
    with pytest.raises(backup.BackupError, match="checksum"):
        backup.verify(forged)
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(forged), force=True)
    assert media()["logos/malang.png"] == bytes(range(256))


def test_manifest_lists_versions_and_checksums(data, tmp_path):
    summary = backup.create(tmp_path)
    with tarfile.open(summary.path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        for entry in manifest["files"]:
            content = tar.extractfile(entry["path"]).read()
            assert hashlib.sha256(content).hexdigest() == entry["sha256"]
    assert set(manifest["versions"]) == {"inovda", "django", "python", "database"}
    assert ["innovations", "0001_initial"] in manifest["migrations"]


def test_retention_keeps_the_newest(tmp_path):
    for stamp in ("20260101-020000", "20260102-020000", "20260103-020000"):
        (tmp_path / f"inovda-backup-{stamp}.tar.gz").write_bytes(b"")
    removed = backup.prune(tmp_path, keep=2)
    assert [p.name for p in removed] == ["inovda-backup-20260101-020000.tar.gz"]
    assert len(list(tmp_path.glob("*.tar.gz"))) == 2
