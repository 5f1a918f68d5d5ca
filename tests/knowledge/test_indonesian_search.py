"""Indonesian analysis in search (ADR 0018): morphology, spelling variants, thesaurus,
ranking and suggestions. Runs on the engine of the test database, SQLite FTS5 or
PostgreSQL; the same assertions hold on both."""

import pytest

from inovda.core.analysis import analyze, prefix_spellings, tokens
from inovda.innovations.models import Innovation
from inovda.knowledge.search import MARK_END, MARK_START, mark_words
from inovda.knowledge.selectors import SearchFilters, search_documents
from tests.knowledge.factories import IndexedInnovationFactory

S = Innovation.Status


def ids(user, q):
    return {
        hit.doc.object_id for hit in search_documents(user=user, filters=SearchFilters(q=q)).hits
    }


def test_analysis_of_the_named_cases():
    assert analyze("layanan") == analyze("pelayanan") == "layan"
    assert {analyze(w) for w in ("izin", "ijin", "perizinan", "perijinan", "Perijinannya")} == {
        "izin"
    }
    assert analyze("pengelolaan sampah") == analyze("kelola sampah")
    assert analyze("E-Budgeting") == analyze("ebudgeting") == analyze("e budgeting")
    assert analyze("online") == analyze("daring")
    assert analyze("antrian") == analyze("antrean")
    assert tokens("Sistem informasi dan layanan yang terpadu") == [
        "sistem",
        "informasi",
        "layan",
        "padu",
    ]


def test_prefix_spellings_of_a_half_typed_word():
    """A half-typed word in every spelling the index could hold it (the index has the
    standard one only): the typed form first, nothing that another one already begins."""
    assert prefix_spellings("periji") == ("periji", "perizi")
    assert prefix_spellings("perij") == ("perij", "periz")
    assert prefix_spellings("iji") == ("iji", "izi")
    assert prefix_spellings("perizi") == ("perizi",)
    assert prefix_spellings("perijin") == ("perizin",)  # a whole "ijin" is made one
    assert prefix_spellings("propin") == ("propin", "provinsi")  # SPELLING's propinsi
    assert prefix_spellings("onlin") == ("onlin", "daring")  # CANONICAL's online
    assert prefix_spellings("posyan") == ("posyan",)


def test_highlights_mark_the_raw_words_the_analysis_matched():
    marked = mark_words("Pelayanan perijinan ber-layanan E-Budgeting", ["layanan", "ebudgeting"])
    assert f"{MARK_START}Pelayanan{MARK_END}" in marked
    assert f"{MARK_START}E-Budgeting{MARK_END}" in marked
    assert "perijinan" in marked and f"{MARK_START}perijinan" not in marked


@pytest.mark.django_db
class TestSameSets:
    @pytest.fixture
    def corpus(self, agency_a):
        def make(name, goals=""):
            return IndexedInnovationFactory(
                agency=agency_a, name=name, goals=goals, status=S.IMPLEMENTED
            ).pk

        return {
            "layanan": make("Layanan Kesehatan Keliling"),
            "pelayanan": make("Pelayanan Administrasi Terpadu"),
            "izin": make("Izin Usaha Kilat"),
            "ijin": make("Ijin Reklame Daring"),
            "perizinan": make("Sistem Perizinan Bangunan"),
            "perijinan": make("Perijinan Online Kecamatan"),
            "kelola": make("Bank Sampah Warga", "Pengelolaan sampah rumah tangga di kelurahan."),
            "ebudget": make("E-Budgeting Kota", "Penyusunan anggaran daerah secara elektronik."),
            "other": make("Posyandu Balita", "Penimbangan balita setiap bulan."),
        }

    def test_layanan_and_pelayanan_find_the_same_set(self, alice, corpus):
        found = ids(alice, "layanan")
        assert found == ids(alice, "pelayanan")
        assert {corpus["layanan"], corpus["pelayanan"]} <= found

    def test_four_izin_spellings_find_the_same_set(self, alice, corpus):
        sets = [ids(alice, q) for q in ("izin", "ijin", "perizinan", "perijinan")]
        assert sets[0] == sets[1] == sets[2] == sets[3]
        assert sets[0] == {corpus[k] for k in ("izin", "ijin", "perizinan", "perijinan")}

    def test_kelola_sampah_finds_pengelolaan_sampah(self, alice, corpus):
        assert corpus["kelola"] in ids(alice, "kelola sampah")
        assert ids(alice, "kelola sampah") == ids(alice, "pengelolaan sampah")

    def test_ebudgeting_spellings(self, alice, corpus):
        for q in ("ebudgeting", "e-budgeting", "e budgeting"):
            assert ids(alice, q) == {corpus["ebudget"]}, q

    def test_online_finds_daring(self, alice, corpus):
        assert ids(alice, "online") == ids(alice, "daring") == {corpus["ijin"], corpus["perijinan"]}


@pytest.fixture
def national_thesaurus(db):
    """The migration loads the national groups, but a test that flushes the database
    (transactional tests in the same worker) takes them away: load what is missing."""
    from inovda.knowledge.thesaurus import load_national

    load_national()


@pytest.mark.django_db
@pytest.mark.usefixtures("national_thesaurus")
class TestThesaurus:
    @pytest.fixture
    def corpus(self, agency_a):
        def make(name, goals=""):
            return IndexedInnovationFactory(
                agency=agency_a, name=name, goals=goals, status=S.IMPLEMENTED
            ).pk

        return {
            "gizi": make("Pojok Gizi Balita", "Menangani gizi buruk pada anak di posyandu."),
            "ptsp": make("Mal Perizinan", "Pelayanan terpadu satu pintu di kantor kecamatan."),
            "opd": make("Rapor Kinerja", "Penilaian kinerja perangkat daerah setiap triwulan."),
            "other": make("Taman Baca", "Anak membaca buku di taman."),
        }

    def test_national_groups_come_from_the_reference_file(self):
        from inovda.knowledge.models import SearchSynonym

        assert SearchSynonym.objects.filter(pemda=None, terms__icontains="PTSP").exists()

    def test_stunting_finds_gizi_buruk(self, alice, corpus):
        assert ids(alice, "stunting") == {corpus["gizi"]}

    def test_ptsp_finds_pelayanan_terpadu_satu_pintu(self, alice, corpus):
        assert ids(alice, "PTSP") == {corpus["ptsp"]}
        assert corpus["ptsp"] in ids(alice, "pelayanan terpadu satu pintu")

    def test_skpd_finds_perangkat_daerah(self, alice, corpus):
        assert ids(alice, "SKPD") == ids(alice, "OPD") == {corpus["opd"]}

    def test_pemda_admin_adds_own_group_for_own_pemda_only(self, alice, adam, oscar, corpus):
        from django.core.exceptions import PermissionDenied, ValidationError

        from inovda.core.models import AuditEvent
        from inovda.knowledge import services

        assert ids(alice, "rapkin") == set()
        with pytest.raises(PermissionDenied):
            services.synonym_add(actor=alice, terms="rapkin, rapor kinerja")
        with pytest.raises(ValidationError):
            services.synonym_add(actor=adam, terms="rapkin")
        synonym = services.synonym_add(actor=adam, terms="rapkin, rapor kinerja")
        assert AuditEvent.objects.filter(verb="synonym_added").count() == 1
        assert ids(alice, "rapkin") == {corpus["opd"]}
        assert ids(oscar, "rapkin") == set()  # another Pemda: not its synonym
        services.synonym_remove(actor=adam, synonym=synonym)
        assert ids(alice, "rapkin") == set()


@pytest.mark.django_db
def test_synonym_page_is_for_the_pemda_admin(client, alice, adam, national_thesaurus):
    from django.urls import reverse

    from inovda.knowledge.models import SearchSynonym

    url = reverse("knowledge:synonym_list")
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(adam)
    page = client.get(url)
    assert page.status_code == 200 and "PTSP" in page.content.decode()
    bad = client.post(url, {"terms": "satu saja"})
    assert bad.status_code == 400 and "satu saja" in bad.content.decode()
    assert client.post(url, {"terms": "SIPANDU, sistem pelayanan terpadu"}).status_code == 302
    own = SearchSynonym.objects.get(pemda=adam.memberships.first().pemda)
    national = SearchSynonym.objects.filter(pemda=None).first()
    delete = reverse("knowledge:synonym_delete", args=[national.pk])
    assert client.post(delete).status_code == 404
    assert client.post(reverse("knowledge:synonym_delete", args=[own.pk])).status_code == 302
    assert not SearchSynonym.objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
class TestRanking:
    def test_phrase_beats_scattered_words_and_title_does_not_drown_the_body(self, alice, agency_a):
        def make(name, goals):
            return IndexedInnovationFactory(
                agency=agency_a, name=name, goals=goals, status=S.IMPLEMENTED
            ).name

        scattered = make("Sampah Bank Data", "Data bank milik kantor pasar.")
        phrase = make(
            "Tabungan Warga", "Bank sampah kelurahan: warga menabung sampah di bank sampah."
        )
        results = search_documents(user=alice, filters=SearchFilters(q="bank sampah"))
        assert [h.doc.title for h in results.hits] == [phrase, scattered]

    def test_did_you_mean_from_the_index_vocabulary(self, alice, agency_a):
        IndexedInnovationFactory(
            agency=agency_a,
            name="Posyandu Keliling",
            goals="Penimbangan balita di posyandu.",
            status=S.IMPLEMENTED,
        )
        results = search_documents(user=alice, filters=SearchFilters(q="posyando"))
        assert results.total == 0 and results.suggestion == "posyandu"
        assert search_documents(user=alice, filters=SearchFilters(q="posyandu")).suggestion == ""


@pytest.mark.django_db
class TestSimilarityClasses:
    PATEN = {
        "name": "PATEN (Pelayanan Administrasi Terpadu Kecamatan)",
        "goals": "Mendekatkan pelayanan administrasi perizinan dan non perizinan kepada "
        "masyarakat di kantor kecamatan.",
        "benefits": "Warga mengurus surat keterangan dan izin di kecamatan tanpa ke kabupaten.",
    }

    def test_paten_in_two_pemda_is_a_replication_candidate_not_a_duplicate(
        self, agency_a, other_agency
    ):
        from inovda.knowledge.selectors import similar_innovations

        mine = IndexedInnovationFactory(agency=agency_a, status=S.IMPLEMENTED, **self.PATEN)
        theirs = IndexedInnovationFactory(
            agency=other_agency,
            status=S.IMPLEMENTED,
            name="Paten Kecamatan",
            goals="Pelayanan administrasi terpadu kecamatan: perijinan dan non perijinan "
            "dilayani di kantor kecamatan agar dekat dengan masyarakat.",
            benefits="Masyarakat mengurus izin dan surat keterangan di kecamatan.",
        )
        user = _superuser()
        found = similar_innovations(
            user=user, texts=self.PATEN, exclude=mine.pk, pemda_id=mine.pemda_id
        )
        item = next(i for i in found if i.innovation.pk == theirs.pk)
        assert item.kind == "replication" and not item.duplicate

    def test_a_typed_paraphrase_gets_a_duplicate_warning(self, alice, agency_a):
        from inovda.knowledge.selectors import similar_innovations

        IndexedInnovationFactory(
            agency=agency_a,
            status=S.IMPLEMENTED,
            name="Layanan Antrean Online Puskesmas",
            goals="Pasien mengambil nomor antrean puskesmas lewat aplikasi sehingga tidak "
            "menunggu lama di ruang tunggu.",
        )
        typed = {
            "name": "Antrian Daring di Puskesmas",
            "goals": "Nomor antrian puskesmas diambil pasien melalui aplikasi agar waktu "
            "tunggu berkurang.",
        }
        found = similar_innovations(
            user=alice, texts=typed, agency_id=agency_a.pk, pemda_id=agency_a.pemda_id
        )
        assert found and found[0].kind == "duplicate"


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root-s12", "root@example.org", "x")


@pytest.mark.django_db
def test_a_precedent_filed_under_another_type_is_offered(alice, agency_a):
    from inovda.ecosystem import selectors as eco
    from tests.ecosystem.factories import BarrierFactory

    innovation = IndexedInnovationFactory(agency=agency_a, status=S.IMPLEMENTED)
    filed = BarrierFactory(
        innovation=innovation,
        kind="other",
        resolved=True,
        title="Perijinan reklame tertahan di dinas",
        description="Berkas perijinan menumpuk karena verifikasi manual.",
    )
    found = eco.precedent_suggestions(
        user=alice, kind="regulation", text="izin reklame lama tertahan, berkas izin menumpuk"
    )
    assert [b for b, _score in found][:1] == [filed]


@pytest.mark.django_db
def test_search_page_offers_did_you_mean(client, alice, agency_a):
    from django.urls import reverse

    IndexedInnovationFactory(agency=agency_a, name="Posyandu Keliling", status=S.IMPLEMENTED)
    client.force_login(alice)
    page = client.get(reverse("knowledge:search"), {"q": "posyando"}).content.decode()
    assert "search-suggestion" in page and "?q=posyandu" in page


@pytest.mark.django_db
def test_one_type_page_ranks_and_counts_like_the_general_page(agency_a):
    """The catalogue's shortcut (no join with the document table) gives the same page."""
    from inovda.knowledge.models import SearchDocument
    from inovda.knowledge.search import backend, terms_of

    for i in range(7):
        IndexedInnovationFactory(
            agency=agency_a, name=f"Layanan antrean {i}", goals="Pelayanan " * (i + 1)
        )
    docs = SearchDocument.objects.all()
    terms = terms_of("layanan", 8)
    engine = backend()
    general_counts, general = engine.page(docs, ["innovation"], terms, 2, 3)
    counts, ranked = engine.page_of_type(docs, "innovation", terms, 2, 3)
    assert ranked == general and len(ranked) == 3
    assert counts == {"innovation": general_counts["innovation"]} == {"innovation": 7}
