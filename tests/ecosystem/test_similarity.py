"""Precedent matching: TF-IDF cosine over barrier texts."""

from hypothesis import given
from hypothesis import strategies as st

from inovda.ecosystem import similarity

DOCS = {
    1: "Server aplikasi sering mati, dipindahkan ke pusat data Pemkot",
    2: "Honor kader tidak dapat dibayar dari DPA",
    3: "Perwali lama mewajibkan formulir kertas",
}


def test_tokens_drop_stopwords_and_nya():
    assert similarity.tokens("Datanya tidak ada di server yang lama") == ["data", "server", "lama"]


def test_most_similar_first_and_unrelated_left_out():
    ranked = similarity.rank("server aplikasi mati lagi", DOCS, min_score=0.05)
    assert [key for key, _ in ranked] == [1]


def test_empty_query_or_documents():
    assert similarity.rank("", DOCS) == []
    assert similarity.rank("server", {}) == []
    assert similarity.rank("yang dan di", DOCS) == []  # only stopwords


def test_limit():
    docs = dict.fromkeys(range(10), "server mati")
    assert len(similarity.rank("server", docs, limit=3)) == 3


words = st.lists(
    st.sampled_from(["server", "data", "honor", "kader", "perwali", "kertas", "aplikasi"]),
    min_size=1,
    max_size=8,
)


@given(st.dictionaries(st.integers(1, 50), words.map(" ".join), min_size=1, max_size=12), words)
def test_scores_between_0_and_1_and_sorted(documents, query):
    ranked = similarity.rank(" ".join(query), documents, limit=50)
    scores = [score for _, score in ranked]
    assert all(0 <= s <= 1 for s in scores)
    assert scores == sorted(scores, reverse=True)


@given(st.dictionaries(st.integers(1, 50), words.map(" ".join), min_size=1, max_size=12), words)
def test_a_document_identical_to_the_query_ranks_first(documents, query):
    text = " ".join(query)
    documents = {**documents, 999: text}
    best_score = similarity.rank(text, documents, limit=50)[0][1]
    assert dict(similarity.rank(text, documents, limit=50))[999] == best_score
