"""Indonesian text analysis, one function for every engine and every comparison.

`analyze(text)` turns raw text into the words the search index stores and the query is
matched with (ADR 0018):

1. lower case, diacritics folded, "e-budgeting" / "e budgeting" joined to "ebudgeting";
2. spelling variants made one (z/j: ijin → izin, perijinan → perizinan; antrian → antrean …);
3. function words dropped;
4. Indonesian affixes stripped (Sastrawi: pe-/pen-/peng-/per- … -an, me-/ber-/di-/ter-,
   -kan/-i/-nya): pelayanan and layanan → "layan", pengelolaan and kelola → "kelola";
5. a few one-word synonyms made one (online → daring, offline → luring).

The same output goes into SQLite FTS5 and into PostgreSQL's tsvector (config 'simple',
which keeps every token as it is), so both engines see the same words and match the same
sets. Stems are cached (`functools.lru_cache`): Sastrawi is slow on a word it has not seen.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_WORD = re.compile(r"[a-z0-9]+")
# "e-budgeting", "e budgeting", "E-Budgeting" → "ebudgeting" (also e-KTP, e-musrenbang).
_E_PREFIX = re.compile(r"\b(e)[\s\-–]+(?=[a-z]{2,})")
_SPAN = re.compile(r"(?:\be[\s\-–]+(?=[a-z]{2,}))?[a-z0-9]+")
_GAP = re.compile(r"[\s\-–]+")

# Whole-word spelling variants (non-standard → standard, KBBI), applied before stemming.
SPELLING = {
    "antrian": "antrean",
    "apotik": "apotek",
    "praktek": "praktik",
    "resiko": "risiko",
    "sistim": "sistem",
    "kwalitas": "kualitas",
    "nasehat": "nasihat",
    "jaman": "zaman",
    "ijasah": "ijazah",
    "propinsi": "provinsi",
    "silahkan": "silakan",
    "aktifitas": "aktivitas",
    "kreatifitas": "kreativitas",
    "efektifitas": "efektivitas",
    "produktifitas": "produktivitas",
    "obyek": "objek",
    "tehnologi": "teknologi",
    "tekhnologi": "teknologi",
    "tehnis": "teknis",
    "standarisasi": "standardisasi",
    "analisa": "analisis",
    "hutang": "utang",
    "trampil": "terampil",
    "ketrampilan": "keterampilan",
    "merubah": "mengubah",
    "rubah": "ubah",
    "pebruari": "februari",
    "nopember": "november",
    "kordinasi": "koordinasi",
    "koordinir": "koordinasi",
    "ekstrim": "ekstrem",
}
# Substrings inside a word (any affix around them): the z/j pair of "izin".
_INNER = (("ijin", "izin"),)
# After stemming: one word for a pair of words that mean the same (the thesaurus handles
# phrases and acronyms at query time).
CANONICAL = {
    "online": "daring",
    "offline": "luring",
    "ijin": "izin",
    "antri": "antre",
}
# Function words: they say nothing about a document and are dropped on both sides.
STOPWORDS = frozenset(
    """
    ada adalah agar akan antara atau bagi bahwa dalam dan dari dengan di hal ini itu ke
    kepada oleh pada para sebagai serta tersebut untuk yang yaitu yakni juga telah sudah
    the of and for to in a an on with by
    """.split()  # noqa: SIM905
)


@cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    lower = char.lower()
    base = "".join(c for c in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(c))
    return base if len(base) == 1 else (lower if len(lower) == 1 else char)


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one (offsets stay valid)."""
    text = text or ""
    if text.isascii():  # the common case, and lower() keeps ASCII lengths
        return text.lower()
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """The standard spelling of one lower-case word (before stemming)."""
    word = SPELLING.get(word, word)
    for variant, standard in _INNER:
        if variant in word:
            word = word.replace(variant, standard)
    return word


@lru_cache(maxsize=4096)
def prefix_spellings(prefix: str) -> tuple[str, ...]:
    """Every standard spelling a word beginning with the lower-case `prefix` can have once
    `normalize_word` made it one, the typed form first: what a half-typed word is matched
    with, since the index and the normalised vocabulary hold standard spellings only.

    - the prefix itself, normalised (a whole "ijin" inside it: "perijin" → "perizin");
    - a variant cut off at its end, completed as the standard's start ("periji" → also
      "perizi", "ij" → also "iz": the word typed may be perijinan);
    - a listed whole-word variant (SPELLING, CANONICAL) the prefix begins: its standard
      ("propin" → also "provinsi", "onlin" → also "daring").
    """
    typed = normalize_word(prefix)
    out = [typed]
    for variant, standard in _INNER:
        for cut in range(len(variant) - 1, 0, -1):
            start = variant[:cut]
            if typed.endswith(start) and start != standard[:cut]:
                out.append(typed[: len(typed) - cut] + standard[:cut])
                break
    for table in (SPELLING, CANONICAL):
        out.extend(standard for variant, standard in table.items() if variant.startswith(prefix))
    out = list(dict.fromkeys(out))
    # One that begins with another adds nothing to a prefix match ("izin" after "izi").
    return tuple(s for s in out if not any(s != o and s.startswith(o) for o in out))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The analysed form of one folded word ("" for a function word)."""
    if word in STOPWORDS:
        return ""
    word = normalize_word(word)
    if word.isdigit() or len(word) <= 3:
        return CANONICAL.get(word, word)
    stemmed = _stemmer().stem(word) or word
    if len(stemmed) < 3:  # "bas" from "berbasis" is poor but stable; "" never
        stemmed = word
    return CANONICAL.get(stemmed, stemmed)


def raw_words(text: str) -> list[str]:
    """The folded words of `text`, hyphenated e-words joined, in order."""
    return _WORD.findall(_E_PREFIX.sub(r"\1", fold(text)))


def tokens(text: str) -> list[str]:
    """The analysed words of `text`, in order (function words dropped)."""
    out = []
    for word in raw_words(text):
        analysed = stem(word)
        if analysed:
            out.append(analysed)
    return out


def analyze(text: str) -> str:
    """What the index stores for `text`: its analysed words separated by spaces."""
    return " ".join(tokens(text))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, analysed form) of every word of the raw `text`, for highlighting the
    words a query matched in what the user wrote. A joined "e-budgeting" is one span."""
    spans = []
    for match in _SPAN.finditer(fold(text)):
        word = match.group()
        if not word.isalnum():
            word = _GAP.sub("", word)
        spans.append((match.start(), match.end(), stem(word)))
    return spans


def char_ngrams(text: str, n: int = 3) -> list[str]:
    """Character n-grams of the folded words (each word padded), for names and acronyms."""
    grams = []
    for word in raw_words(text):
        padded = f"#{normalize_word(word)}#"
        grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams
