"""The public catalogue's search falls back like the staff search when no published text
holds every word."""

import pytest
from django.urls import reverse

from inovda.public import selectors

pytestmark = pytest.mark.django_db


def test_catalogue_relaxes_and_names_the_word_found_nowhere(running, publish, client):
    version = publish(running)
    result = selectors.catalogue(selectors.CatalogueFilters(q="antrean puskesmas zzqx"))
    assert result.relaxed and result.missing == ["zzqx"]
    assert [h.version.pk for h in result.hits] == [version.pk] and result.total == 1
    strict = selectors.catalogue(selectors.CatalogueFilters(q="antrean puskesmas"))
    assert not strict.relaxed and strict.total == 1
    page = client.get(reverse("public:catalogue"), {"q": "antrean zzqx"}).content.decode()
    assert 'id="result-relaxed"' in page and "<strong>zzqx</strong>" in page
    assert "<mark>Antrean</mark> Puskesmas Daring" in page


def test_catalogue_prefix(running, publish):
    version = publish(running)
    for q in ("antre", "puskes", "antrean puskes"):
        result = selectors.catalogue(selectors.CatalogueFilters(q=q))
        assert [h.version.pk for h in result.hits] == [version.pk], q


@pytest.mark.parametrize("word", ["Perizinan", "Perijinan"])
def test_catalogue_half_typed_word_in_either_spelling(running, publish, word):
    """The published text holds one spelling; a half-typed word in either finds it."""
    version = publish(running, name=f"{word} Puskesmas Kilat")
    for q in ("periji", "perizi", "perij", "iji", "izi", "puskesmas perij"):
        result = selectors.catalogue(selectors.CatalogueFilters(q=q))
        assert [h.version.pk for h in result.hits] == [version.pk], (word, q)
    result = selectors.catalogue(selectors.CatalogueFilters(q="periji"))
    assert f"<mark>{word}</mark>" in str(result.hits[0].title)
