"""When no row holds every word of a query: the rows holding some of them, ranked by how
many words they hold, with the words found nowhere named. Runs on the engine of the test
database (SQLite FTS5 or PostgreSQL); the assertions hold on both."""

import pytest

from inovda.innovations.models import Innovation
from inovda.knowledge.models import SearchDocument
from inovda.knowledge.search import backend, compile_query, missing_words
from inovda.knowledge.selectors import SearchFilters, search_documents
from tests.knowledge.factories import IndexedInnovationFactory

S = Innovation.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(agency_a):
    def make(name, goals=""):
        return IndexedInnovationFactory(
            agency=agency_a, name=name, goals=goals, status=S.IMPLEMENTED
        ).pk

    return {
        "both": make("Bank Sampah Warga", "Sampah plastik ditabung di bank sampah kelurahan."),
        "sampah": make("Angkutan Sampah Terjadwal", "Truk mengangkut sampah pasar."),
        "bank": make("Bank Data Kependudukan", "Data warga satu pintu."),
        "other": make("Posyandu Keliling", "Penimbangan balita setiap bulan."),
    }


def search(user, q, **kw):
    return search_documents(user=user, filters=SearchFilters(q=q, **kw))


def test_all_words_found_is_not_relaxed(alice, corpus):
    results = search(alice, "bank sampah")
    assert not results.relaxed and results.missing == []
    assert [h.doc.object_id for h in results.hits] == [corpus["both"]]


def test_an_unknown_word_relaxes_to_rows_holding_some_words(alice, corpus):
    results = search(alice, "bank sampah zzqx")
    assert results.relaxed and results.missing == ["zzqx"]
    found = [h.doc.object_id for h in results.hits]
    assert found[0] == corpus["both"]  # holds two of the three words
    assert set(found) == {corpus["both"], corpus["sampah"], corpus["bank"]}
    assert results.total == 3


def test_words_each_found_but_never_together_name_no_missing_word(alice, corpus):
    results = search(alice, "posyandu plastik")
    assert results.relaxed and results.missing == []
    assert {h.doc.object_id for h in results.hits} == {corpus["both"], corpus["other"]}


def test_one_unknown_word_alone_finds_nothing(alice, corpus):
    results = search(alice, "zzqx")
    assert not results.relaxed and results.total == 0 and results.hits == []


def test_nothing_found_at_all_is_not_relaxed(alice, corpus):
    results = search(alice, "zzqx qqzz")
    assert not results.relaxed and results.total == 0


def test_relaxed_search_keeps_the_scope(oscar, corpus):
    assert search(oscar, "bank sampah zzqx").total == 0  # another Pemda sees none of them


def test_engine_relaxed_page_counts_and_flags(alice, corpus):
    from inovda.knowledge.selectors import candidates

    query = compile_query("sampah bank zzqx")
    base = candidates(user=alice, filters=SearchFilters())
    counts, ranked, found = backend().relaxed_page(base, [], query, 0, 2)
    assert found == (True, True, False)
    assert counts == {"innovation": 3}
    assert len(ranked) == 2 and ranked[0][0] != ranked[1][0]
    assert missing_words(query, found) == ["zzqx"]


def test_did_you_mean_still_offered_above_relaxed_results(alice, corpus):
    results = search(alice, "penimbangan posyando")
    assert results.relaxed and results.missing == ["posyando"]
    assert [h.doc.object_id for h in results.hits] == [corpus["other"]]
    assert results.suggestion == "penimbangan posyandu"


def test_page_shows_the_notice(client, alice, corpus):
    from django.urls import reverse

    client.force_login(alice)
    page = client.get(reverse("knowledge:search"), {"q": "bank sampah zzqx"}).content.decode()
    assert "search-relaxed" in page and "<strong>zzqx</strong>" in page


# The last word, half typed --------------------------------------------------------------


@pytest.fixture
def typed(agency_a):
    def make(name, goals=""):
        return IndexedInnovationFactory(
            agency=agency_a, name=name, goals=goals, status=S.IMPLEMENTED
        ).pk

    return {
        "perizinan": make("Mal Perizinan Terpadu", "Perizinan usaha dalam satu hari."),
        "ijin": make("Ijin Reklame Kilat", "Pengurusan ijin reklame."),
        "posyandu": make("Posyandu Keliling", "Penimbangan balita di posyandu."),
        "pizza": make("Pasar Rakyat", "Pedagang pasar tradisional."),
    }


def ids(user, q):
    return {h.doc.object_id for h in search(user, q).hits}


def test_half_typed_last_word_matches_as_a_prefix(alice, typed):
    assert ids(alice, "posyan") == ids(alice, "posyandu") == {typed["posyandu"]}
    # "perizi" is no stem; the vocabulary's perizinan is indexed as "izin"
    assert ids(alice, "perizi") == ids(alice, "perizinan")
    assert ids(alice, "perizi") == {typed["perizinan"], typed["ijin"]}
    assert ids(alice, "penimbangan posyan") == {typed["posyandu"]}


def test_prefix_is_highlighted(alice, typed):
    (hit,) = search(alice, "posyan").hits
    assert "<mark>Posyandu</mark>" in str(hit.title)
    hits = search(alice, "perizi").hits
    assert any("<mark>Perizinan</mark>" in str(h.title) for h in hits)


def test_only_the_last_unknown_word_is_a_prefix(alice, typed):
    inner = search(alice, "posyan keliling")  # not the last word: whole words only
    assert inner.relaxed and inner.missing == ["posyan"]
    assert ids(alice, "pasar") == {typed["pizza"]}  # a known word stays whole
    assert ids(alice, "po") == set()  # too short to be a prefix


def test_prefix_query_is_the_same_on_both_engines(alice, typed):
    from inovda.knowledge.search import PostgresFts, SqliteFts5, prefix_last

    query = prefix_last(
        compile_query("balita posyan"), lambda w: False, lambda: ["posyandu", "perizinan"]
    )
    assert query.clauses[-1] == (("posyan*",), ("posyandu",))
    assert SqliteFts5._match(query, False) == '"balita" AND ("posyan"* OR "posyandu")'
    assert "balita & (posyan:* | posyandu)" in repr(PostgresFts._query(query))


# The last word, half typed, in either spelling (z/j) ------------------------------------


@pytest.fixture(params=["perizinan", "perijinan"])
def spelled(request, agency_a):
    """Rows that write the word one way only (so the vocabulary holds only that spelling):
    a half-typed word in the other spelling must find them."""

    def make(name, goals=""):
        return IndexedInnovationFactory(
            agency=agency_a, name=name, goals=goals, status=S.IMPLEMENTED
        ).pk

    word = request.param
    return {
        "word": word,
        "permit": make("Mal Pelayanan Publik", f"Pengurusan {word} usaha dalam satu hari."),
        "other": make("Posyandu Keliling", "Penimbangan balita di posyandu."),
    }


@pytest.mark.parametrize("q", ["periji", "perizi", "perij", "periz", "iji", "izi"])
def test_half_typed_word_finds_either_spelling(alice, spelled, q):
    assert ids(alice, q) == {spelled["permit"]}, (spelled["word"], q)
    assert ids(alice, f"usaha {q}") == {spelled["permit"]}, (spelled["word"], q)


def test_half_typed_spelling_found_by_the_engine_alone(alice, spelled):
    """Without the vocabulary (a row older than the newest VOCABULARY_ROWS), the engine's
    own prefix term finds the indexed "izin" from "iji", on both engines."""
    from inovda.knowledge.search import prefix_last
    from inovda.knowledge.selectors import candidates

    query = prefix_last(compile_query("iji"), lambda w: False, lambda: [])
    assert query.clauses[-1] == (("iji*",), ("izi*",))
    base = candidates(user=alice, filters=SearchFilters())
    counts, ranked = backend().page(base, [], query, 0, 10)
    doc = SearchDocument.objects.get(object_id=spelled["permit"], doc_type="innovation")
    assert [pk for pk, _s in ranked] == [doc.pk] and counts == {"innovation": 1}


def test_half_typed_spelling_is_highlighted(alice, spelled):
    (hit,) = search(alice, "periji").hits
    assert f"<mark>{spelled['word']}</mark>" in str(hit.snippet)


# A property: a word found whole is found half typed -----------------------------------

PROPERTY_TEXTS = [
    ("Perijinan Reklame Kilat", "Pengurusan reklame dan papan nama di kecamatan."),
    ("Izin Usaha Sehari", "Pengaduan warga dan izin usaha mikro."),
    ("Posyandu Keliling", "Penimbangan balita dan pemberian makanan tambahan."),
    ("Bank Sampah Warga", "Pengelolaan sampah plastik ditabung di kelurahan."),
    ("Antrian Puskesmas", "Nomor antrian diambil dari rumah lewat aplikasi."),
    ("Propinsi Digital", "Koordinasi data dengan kabupaten."),
]


def respell(word: str) -> str:
    """`word` in another spelling that the analysis makes one with it (z/j, a listed
    variant), or `word` itself."""
    from inovda.core import analysis

    variants = {standard: variant for variant, standard in analysis.SPELLING.items()}
    if word in variants:
        return variants[word]
    if word in analysis.SPELLING:
        return analysis.SPELLING[word]
    if "ijin" in word:
        return word.replace("ijin", "izin")
    return word.replace("izin", "ijin")


def test_any_prefix_of_a_word_found_whole_finds_its_row(alice, agency_a):
    """Whichever spelling is typed ("perizinan" for a row that says perijinan), a row found
    by the whole word is found by any prefix of it (3 letters or more) that the index does
    not hold as a word of its own."""
    from hypothesis import HealthCheck, assume, given, settings
    from hypothesis import strategies as st

    from inovda.core import analysis
    from inovda.knowledge.selectors import candidates

    rows = {
        IndexedInnovationFactory(
            agency=agency_a, name=name, goals=goals, status=S.IMPLEMENTED
        ).pk: f"{name} {goals}"
        for name, goals in PROPERTY_TEXTS
    }
    words = sorted(
        {
            (word, pk)
            for pk, text in rows.items()
            for word in analysis.raw_words(text)
            if len(word) > 3 and analysis.stem(word)
        }
    )
    base = candidates(user=alice, filters=SearchFilters())
    engine = backend()

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(words), st.booleans(), st.data())
    def check(found, other_spelling, data):
        word, pk = found
        typed = respell(word) if other_spelling else word
        assert pk in ids(alice, typed)  # found whole, in either spelling
        prefix = typed[: data.draw(st.integers(min_value=3, max_value=len(typed)))]
        stem = analysis.stem(prefix)
        # A function word ("ada") is no search; a prefix that is a word of the index is
        # searched as that word (whole words first), not as a prefix.
        assume(stem and not engine.knows(base, stem))
        assert pk in ids(alice, prefix), (typed, prefix)

    check()
