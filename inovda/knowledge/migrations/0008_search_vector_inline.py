"""PostgreSQL: keep each search vector inside its table row (storage MAIN).

With the default storage a row's largest values move to the TOAST table once the row passes
about 2 kB, and the search vector (≈ 1.2 kB, the largest value) was the one moved. Ranking
reads the vector of every matching row, so a word found in nearly every text fetched tens of
thousands of vectors through the TOAST index: 115 ms to rank and 110 ms to count 38,000
public matches. Kept inline (the raw and analysed texts, read only for the page's own rows,
move out instead) the same rank takes 40 ms and the count 24 ms. Existing rows are rewritten
so their vectors come back inline. SQLite keeps its FTS5 table and needs nothing.
"""

from django.db import migrations

FORWARDS = [
    "ALTER TABLE knowledge_searchdocument ALTER COLUMN search_vector SET STORAGE MAIN",
    # A new value (concatenated with nothing) is stored under the new rule; the unchanged
    # value would keep its TOAST pointer.
    "UPDATE knowledge_searchdocument SET search_vector = search_vector || ''::tsvector "
    "WHERE search_vector IS NOT NULL",
]
BACKWARDS = ["ALTER TABLE knowledge_searchdocument ALTER COLUMN search_vector SET STORAGE EXTENDED"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARDS:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARDS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0007_search_synonyms")]
    operations = [migrations.RunPython(forwards, backwards)]
