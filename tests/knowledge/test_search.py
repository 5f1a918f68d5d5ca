"""Search: ranking per document type, filters, access, and an index that follows writes.

Runs on the engine of the test database (FTS5 on SQLite, tsvector on PostgreSQL)."""

import datetime

import pytest
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from inovda.innovations import services as innovation_services
from inovda.innovations.models import Innovation
from inovda.knowledge import indexing, services
from inovda.knowledge.models import SearchDocument
from inovda.knowledge.search import MARK_END, MARK_START, render_marked, terms_of
from inovda.knowledge.selectors import SearchFilters, search_documents
from tests.innovations.factories import TagFactory
from tests.knowledge.factories import (
    EventFactory,
    IndexedInnovationFactory,
    LessonFactory,
    LibraryDocumentFactory,
)
from tests.organizations.factories import GovernmentAffairFactory

pytestmark = pytest.mark.django_db
S = Innovation.Status


def find(user, q="", **filters):
    return search_documents(user=user, filters=SearchFilters(q=q, **filters))


def titles(results):
    return [hit.doc.title for hit in results.hits]


@pytest.fixture
def live(agency_a):
    """Three implemented innovations of agency A: one clearly about waste banks."""

    def make(name, **kw):
        return IndexedInnovationFactory(agency=agency_a, name=name, status=S.IMPLEMENTED, **kw)

    return {
        "best": make(
            "Bank Sampah Digital",
            goals="Warga menabung sampah di bank sampah kelurahan dan menerima saldo digital.",
        ),
        "partial": make("Taman Kota Bersih", goals="Taman dibersihkan dan sampah diangkut."),
        "other": make("Antrean Puskesmas Online", goals="Pasien mengambil nomor antrean."),
    }


def test_innovation_best_match_ranks_first(alice, live):
    results = find(alice, "bank sampah")
    assert titles(results)[0] == "Bank Sampah Digital"
    assert "Antrean Puskesmas Online" not in titles(results)


def test_every_word_must_match_and_prefixes_count(alice, live):
    assert titles(find(alice, "sampah taman")) == ["Taman Kota Bersih"]
    assert "Antrean Puskesmas Online" in titles(find(alice, "antre"))


def test_lesson_best_match_ranks_first(alice, live):
    LessonFactory(
        innovation=live["best"],
        title="Insentif tabungan menjaga partisipasi warga",
        lessons="Insentif tabungan sampah membuat warga tetap datang ke bank sampah.",
    )
    LessonFactory(innovation=live["other"], title="Server sering penuh", lessons="Tambah server.")
    results = find(alice, "insentif tabungan", types=["lesson"])
    assert titles(results)[0] == "Insentif tabungan menjaga partisipasi warga"
    assert results.total == 1


def test_event_best_match_ranks_first(alice, agency_a):
    EventFactory(
        organiser=agency_a,
        title="FGD Pengembangan Ekosistem Inovasi",
        minutes="Ekosistem inovasi perlu unit khusus hambatan.",
    )
    EventFactory(organiser=agency_a, title="Bimtek Penulisan Proposal", agenda="Ekosistem.")
    results = find(alice, "ekosistem inovasi", types=["event"])
    assert titles(results)[0] == "FGD Pengembangan Ekosistem Inovasi"


def test_library_best_match_ranks_first(alice, agency_a):
    LibraryDocumentFactory(
        agency=agency_a,
        title="SOP Penanganan Pengaduan Warga",
        summary="Langkah menangani pengaduan warga dalam tiga hari kerja.",
    )
    LibraryDocumentFactory(agency=agency_a, title="Panduan Umum", summary="Pengaduan disebut.")
    results = find(alice, "pengaduan", types=["library"])
    assert titles(results)[0] == "SOP Penanganan Pengaduan Warga"


def test_matches_are_highlighted_and_html_is_escaped(alice, agency_a):
    IndexedInnovationFactory(
        agency=agency_a,
        status=S.IMPLEMENTED,
        name="Posyandu <script>alert(1)</script> Digital",
        goals="Posyandu mencatat tumbuh kembang balita.",
    )
    hit = find(alice, "posyandu").hits[0]
    assert "<mark>Posyandu</mark>" in hit.title
    assert "<script>" not in hit.title and "&lt;script&gt;" in hit.title
    assert "<mark>Posyandu</mark>" in hit.snippet


def test_filters_combine(alice, agency_a, agency_b):
    health = GovernmentAffairFactory(code="1.02", name="Kesehatan")
    poverty = TagFactory(code="kemiskinan", name="Penanggulangan kemiskinan")

    def make(name, agency, year, affair=None, themes=()):
        inn = IndexedInnovationFactory(
            agency=agency,
            name=name,
            status=S.IMPLEMENTED,
            year=year,
            main_affair=affair,
            indexed=False,
        )
        inn.themes.set(themes)
        indexing.index_object(inn)
        return inn

    make("Layanan Gizi Balita A 2024", agency_a, 2024, health, [poverty])
    make("Layanan Gizi Balita A 2023", agency_a, 2023, health, [poverty])
    make("Layanan Gizi Balita B 2024", agency_b, 2024, health, [poverty])
    make("Layanan Gizi Balita A 2024 tanpa tema", agency_a, 2024, health)
    EventFactory(organiser=agency_a, title="FGD Gizi Balita", date=datetime.date(2024, 3, 1))
    assert len(find(alice, "gizi").hits) == 5
    assert find(alice, "gizi").counts == {"innovation": 4, "event": 1}
    combined = find(alice, "gizi", agency=agency_a.pk, year=2024, affair=health.pk)
    assert sorted(titles(combined)) == [
        "Layanan Gizi Balita A 2024",
        "Layanan Gizi Balita A 2024 tanpa tema",
    ]
    themed = find(alice, "gizi", agency=agency_a.pk, year=2024, theme=poverty.pk)
    assert titles(themed) == ["Layanan Gizi Balita A 2024"]
    events = find(alice, "gizi", types=["event"], year=2024)
    assert titles(events) == ["FGD Gizi Balita"]
    assert events.total == 1 and events.counts["innovation"] == 3  # counts ignore the type


def test_filters_without_words_list_newest_first(alice, agency_a):
    IndexedInnovationFactory(agency=agency_a, name="Satu", status=S.IMPLEMENTED, year=2021)
    IndexedInnovationFactory(agency=agency_a, name="Dua", status=S.IMPLEMENTED, year=2021)
    assert titles(find(alice, year=2021)) == ["Dua", "Satu"]


def test_operator_never_sees_another_agencys_drafts(cast, agency_a, agency_b):
    IndexedInnovationFactory(agency=agency_b, name="Draf Rahasia Dinkes Sampah")
    secret = IndexedInnovationFactory(agency=agency_a, name="Draf Rahasia Kominfo Sampah")
    LessonFactory(innovation=secret, title="Pelajaran rahasia sampah")
    public = IndexedInnovationFactory(agency=agency_b, name="Sampah Terbuka", status=S.SUBMITTED)
    LessonFactory(innovation=public, title="Pelajaran terbuka sampah")
    seen = {who: set(titles(find(user, "sampah"))) for who, user in cast.items()}
    open_titles = {"Sampah Terbuka", "Pelajaran terbuka sampah"}
    a_drafts = {"Draf Rahasia Kominfo Sampah", "Pelajaran rahasia sampah"}
    assert seen["alice"] == seen["ivan"] == open_titles | a_drafts
    assert seen["bob"] == open_titles | {"Draf Rahasia Dinkes Sampah"}
    assert seen["adam"] == open_titles | a_drafts | {"Draf Rahasia Dinkes Sampah"}
    for who in ("vera", "carl", "una", "lina"):
        assert seen[who] == open_titles, who
    assert seen["oscar"] == set()
    assert find(cast["bob"], "rahasia").counts == {"innovation": 1}


def test_other_pemda_events_and_library_stay_apart(alice, oscar, agency_a, other_agency):
    EventFactory(organiser=agency_a, title="FGD Kota Malang")
    LibraryDocumentFactory(agency=other_agency, title="Panduan Kota Batu")
    assert titles(find(alice, "kota")) == ["FGD Kota Malang"]
    assert titles(find(oscar, "kota")) == ["Panduan Kota Batu"]


def test_index_follows_innovation_services(alice, agency_a):
    innovation = innovation_services.innovation_create(
        actor=alice, agency=agency_a, data={"name": "Pojok Baca Kelurahan"}
    )
    assert titles(find(alice, "pojok baca")) == ["Pojok Baca Kelurahan"]
    innovation_services.innovation_update(
        actor=alice, innovation=innovation, data={"name": "Perpustakaan Keliling"}
    )
    assert titles(find(alice, "pojok")) == []
    assert titles(find(alice, "perpustakaan keliling")) == ["Perpustakaan Keliling"]
    innovation_services.innovation_delete(actor=alice, innovation=innovation)
    assert titles(find(alice, "perpustakaan")) == []
    assert not SearchDocument.objects.exists()


def test_index_follows_knowledge_services(adam, agency_a):
    event = services.event_create(
        actor=adam,
        organiser=agency_a,
        data={"kind": "fgd", "title": "FGD Ekosistem", "date": "2023-10-10"},
    )
    services.speaker_add(actor=adam, event=event, name="Dr. Ratna", topic="Manajemen risiko")
    assert titles(find(adam, "ratna risiko")) == ["FGD Ekosistem"]
    services.event_update(actor=adam, event=event, data={"title": "FGD Hambatan Inovasi"})
    assert titles(find(adam, "ekosistem")) == []
    assert titles(find(adam, "hambatan")) == ["FGD Hambatan Inovasi"]
    services.event_delete(actor=adam, event=event)
    assert titles(find(adam, "hambatan")) == []


def test_reindex_rebuilds_everything(alice, live):
    SearchDocument.objects.all().delete()
    assert titles(find(alice, "sampah")) == []
    assert indexing.reindex() == 3
    assert titles(find(alice, "bank sampah"))[0] == "Bank Sampah Digital"


def test_query_words_are_sanitised(alice, live):
    assert terms_of('bank" OR sampah* -(x) NEAR') == ["bank", "or", "sampah", "near"]
    assert titles(find(alice, '"bank" sampah*'))[0] == "Bank Sampah Digital"
    assert find(alice, "*** ---").hits == []


def test_paging(alice, agency_a, settings):
    settings.INOVDA_KNOWLEDGE = {"PAGE_SIZE": 2}
    for n in range(5):
        IndexedInnovationFactory(agency=agency_a, name=f"Sampah {n}", status=S.IMPLEMENTED)
    first = search_documents(user=alice, filters=SearchFilters(q="sampah"), page=1)
    last = search_documents(user=alice, filters=SearchFilters(q="sampah"), page=9)
    assert (first.pages, len(first.hits), last.page, len(last.hits)) == (3, 2, 3, 1)
    assert set(titles(first)).isdisjoint(titles(last))


text = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@given(st.lists(st.tuples(text, st.booleans()), max_size=6), st.booleans())
def test_render_marked_escapes_and_balances(pieces, stray):
    raw = "".join(MARK_START + t + MARK_END if marked else t for t, marked in pieces)
    if stray:
        raw = MARK_END + raw + MARK_START  # unbalanced markers must not break the HTML
    html = str(render_marked(raw))
    assert html.count("<mark>") == html.count("</mark>")
    plain = raw.replace(MARK_START, "").replace(MARK_END, "")
    assert html.replace("<mark>", "").replace("</mark>", "") == escape(plain)


no_markers = st.characters(blacklist_characters=MARK_START + MARK_END)  # stripped when indexed


@given(st.text(no_markers, max_size=200), st.lists(st.text(min_size=1, max_size=5), max_size=3))
def test_mark_words_only_adds_markers(text, terms):
    from inovda.knowledge.search import mark_words

    marked = mark_words(text, terms)
    assert marked.replace(MARK_START, "").replace(MARK_END, "") == text
    assert marked.count(MARK_START) == marked.count(MARK_END)


def test_mark_words_window_keeps_the_densest_part():
    from inovda.knowledge.search import mark_words

    text = " ".join(["kata"] * 50 + ["Antrean", "puskesmas", "antreannya"] + ["lain"] * 50)
    snippet = mark_words(text, ["antre", "puskesmas"], window=6)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert snippet.count(MARK_START) == 3
    assert f"{MARK_START}Antrean{MARK_END}" in snippet
    assert mark_words("Pelayanan Ümkm", ["umkm"]) == f"Pelayanan {MARK_START}Ümkm{MARK_END}"
