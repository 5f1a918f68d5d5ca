"""The full-text structures behind SearchDocument, per database engine.

SQLite: an FTS5 table whose content is knowledge_searchdocument (title, body), kept in step
by three triggers, so every insert, update and delete of an index row (cascades included)
reaches the full-text index.
PostgreSQL: a GIN index over search_vector (the indexer writes the vector).

NOTE for later migrations: when SQLite rebuilds knowledge_searchdocument (an AlterField, say),
it drops the triggers with the old table. Such a migration must call `install_sqlite` again
(import it from this module) and then run
`INSERT INTO knowledge_search_fts(knowledge_search_fts) VALUES ('rebuild')`.
"""

from django.db import migrations

SQLITE_INSTALL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS knowledge_search_fts USING fts5(
        title, body,
        content='knowledge_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER IF NOT EXISTS knowledge_search_ai AFTER INSERT ON knowledge_searchdocument
    BEGIN
        INSERT INTO knowledge_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS knowledge_search_ad AFTER DELETE ON knowledge_searchdocument
    BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS knowledge_search_au
    AFTER UPDATE OF title, body ON knowledge_searchdocument
    BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO knowledge_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS knowledge_search_au",
    "DROP TRIGGER IF EXISTS knowledge_search_ad",
    "DROP TRIGGER IF EXISTS knowledge_search_ai",
    "DROP TABLE IF EXISTS knowledge_search_fts",
]
POSTGRES_INSTALL = [
    "CREATE INDEX IF NOT EXISTS knowledge_search_vector_gin "
    "ON knowledge_searchdocument USING gin (search_vector)",
]
POSTGRES_REMOVE = ["DROP INDEX IF EXISTS knowledge_search_vector_gin"]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def install_sqlite(schema_editor):
    _run(schema_editor, SQLITE_INSTALL)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        install_sqlite(schema_editor)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_INSTALL)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_REMOVE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_REMOVE)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_events_lessons_library_replication_search")]
    operations = [migrations.RunPython(forwards, backwards)]
