"""Which resolved barriers read like a new one: TF-IDF and cosine similarity, in-process.

Small and in-process, words analysed by `inovda.core.analysis`: the candidates are the
resolved barriers a user may see (tens to a few thousand texts), so the vectors are built
on each call.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

from inovda.core import analysis

# Function words of Indonesian (and a few of English) that say nothing about a barrier.
STOPWORDS = frozenset(
    """
    ada adalah agar akan antara atau bagi bahwa banyak belum beberapa bisa dalam dan
    dapat dari dengan di hal harus hingga ini itu jika juga kami kita ke karena kepada
    lagi lain lebih masih maka mereka namun oleh pada para perlu saat saja sampai sangat
    sebagai sebelum sedang sehingga sejak selama semua sendiri serta setiap sudah supaya
    tanpa telah tentang terhadap tersebut tidak untuk yang ya a an and are as at be by
    for from in is it of on or the to was with
    """.split()  # noqa: SIM905
)


def tokens(text: str) -> list[str]:
    """The analysed words of `text` (the search's Indonesian analysis, ADR 0018: stems,
    one spelling, so "perijinan" meets "izin" and "pelayanan" meets "layanan"), of two or
    more letters, without stopwords."""
    words = []
    for raw in analysis.raw_words(text):
        if raw in STOPWORDS:
            continue
        word = analysis.stem(raw)
        if len(word) > 1 and word not in STOPWORDS:
            words.append(word)
    return words


def _vector(counts: Counter, idf: Mapping[str, float]) -> dict[str, float]:
    vector = {word: (1 + math.log(n)) * idf.get(word, 0.0) for word, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {w: v / norm for w, v in vector.items()} if norm else {}


def rank(
    query: str, documents: Mapping[int, str], *, limit: int = 5, min_score: float = 0.0
) -> list[tuple[int, float]]:
    """(document id, similarity 0–1) of the documents most like `query`, best first.

    Inverse document frequency is smoothed over the documents and the query, so a word
    found everywhere weighs little and a word found in one document weighs most.
    """
    query_counts = Counter(tokens(query))
    if not query_counts or not documents:
        return []
    doc_counts = {key: Counter(tokens(text)) for key, text in documents.items()}
    total = len(doc_counts) + 1
    frequency: Counter = Counter()
    for counts in [*doc_counts.values(), query_counts]:
        frequency.update(counts.keys())
    idf = {word: math.log((1 + total) / (1 + n)) + 1 for word, n in frequency.items()}
    query_vector = _vector(query_counts, idf)
    scored = []
    for key, counts in doc_counts.items():
        vector = _vector(counts, idf)
        similarity = sum(v * vector.get(w, 0.0) for w, v in query_vector.items())
        similarity = min(1.0, max(0.0, similarity))
        if similarity > min_score:
            scored.append((key, round(similarity, 4)))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
