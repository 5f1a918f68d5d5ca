"""The index stores the Indonesian analysis of each row (ADR 0018): `index_title` and
`index_body` (stems, one spelling) next to the raw `title`/`body` that the user reads.

SQLite: the FTS5 table and its triggers are rebuilt over the two new columns.
PostgreSQL: `search_vector` is recomputed with the 'simple' configuration over them.
Existing rows are analysed here, so no manual reindex is needed (`manage.py search_reindex`
does the same from the records).
"""

from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS knowledge_search_au",
    "DROP TRIGGER IF EXISTS knowledge_search_ad",
    "DROP TRIGGER IF EXISTS knowledge_search_ai",
    "DROP TABLE IF EXISTS knowledge_search_fts",
]
SQLITE_INSTALL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS knowledge_search_fts USING fts5(
        index_title, index_body,
        content='knowledge_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER IF NOT EXISTS knowledge_search_ai AFTER INSERT ON knowledge_searchdocument
    BEGIN
        INSERT INTO knowledge_search_fts(rowid, index_title, index_body)
        VALUES (new.id, new.index_title, new.index_body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS knowledge_search_ad AFTER DELETE ON knowledge_searchdocument
    BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, index_title, index_body)
        VALUES ('delete', old.id, old.index_title, old.index_body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS knowledge_search_au
    AFTER UPDATE OF index_title, index_body ON knowledge_searchdocument
    BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, index_title, index_body)
        VALUES ('delete', old.id, old.index_title, old.index_body);
        INSERT INTO knowledge_search_fts(rowid, index_title, index_body)
        VALUES (new.id, new.index_title, new.index_body);
    END""",
]


def install_sqlite(schema_editor):
    for sql in SQLITE_REMOVE + SQLITE_INSTALL:
        schema_editor.execute(sql)


def analyse_rows(apps, schema_editor):
    from inovda.core.analysis import analyze

    SearchDocument = apps.get_model("knowledge", "SearchDocument")
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":  # off while the rows change: the new triggers come after
        for sql in SQLITE_REMOVE:
            schema_editor.execute(sql)
    batch = []
    for doc in SearchDocument.objects.only("id", "title", "body").iterator(chunk_size=2000):
        doc.index_title = analyze(doc.title)
        doc.index_body = analyze(doc.body)
        batch.append(doc)
        if len(batch) == 2000:
            SearchDocument.objects.bulk_update(batch, ["index_title", "index_body"])
            batch = []
    SearchDocument.objects.bulk_update(batch, ["index_title", "index_body"])
    if vendor == "sqlite":
        install_sqlite(schema_editor)
        schema_editor.execute(
            "INSERT INTO knowledge_search_fts(knowledge_search_fts) VALUES ('rebuild')"
        )
    elif vendor == "postgresql":
        SearchDocument.objects.update(
            search_vector=SearchVector("index_title", weight="A", config="simple")
            + SearchVector("index_body", weight="B", config="simple")
        )


def drop_analysed_index(apps, schema_editor):
    """Undoing: the triggers name the analysed columns, which SQLite will not drop under them."""
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_REMOVE:
            schema_editor.execute(sql)


def restore_raw_index(apps, schema_editor):
    """Back to 0005: the FTS5 table over the raw title and body (PostgreSQL: 'indonesian')."""
    import importlib

    old = importlib.import_module("inovda.knowledge.migrations.0002_fulltext_index")
    SearchDocument = apps.get_model("knowledge", "SearchDocument")
    if schema_editor.connection.vendor == "sqlite":
        for sql in old.SQLITE_INSTALL:
            schema_editor.execute(sql)
        schema_editor.execute(
            "INSERT INTO knowledge_search_fts(knowledge_search_fts) VALUES ('rebuild')"
        )
    elif schema_editor.connection.vendor == "postgresql":
        SearchDocument.objects.update(
            search_vector=SearchVector("title", weight="A", config="indonesian")
            + SearchVector("body", weight="B", config="indonesian")
        )


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0005_index_closure_lessons")]

    operations = [
        # Undone last: the raw FTS5 table comes back once the columns are gone (SQLite may
        # rebuild the table to drop them, which drops its triggers too).
        migrations.RunPython(migrations.RunPython.noop, restore_raw_index),
        migrations.AddField(
            model_name="searchdocument",
            name="index_body",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="index_title",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(analyse_rows, drop_analysed_index),
    ]
