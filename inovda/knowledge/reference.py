"""Load the national search thesaurus from data/reference/search_synonyms.csv."""

from .thesaurus import load_national


def load(stdout) -> None:
    added = load_national()
    stdout.write(f"Search synonyms: {added} national groups added.")
