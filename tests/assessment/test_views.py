"""Pages: status and access for every role of the cast, htmx rows, typed work kept."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from inovda.assessment import services
from inovda.assessment.models import Entry, Evidence, SheetStatus
from tests.assessment.conftest import MANDATORY_SID

pytestmark = pytest.mark.django_db
ROLES = ["alice", "bob", "ivan", "adam", "vera", "carl", "una", "lina", "oscar"]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def innovation(assessable):
    return assessable(name="Posyandu Digital Kominfo")


@pytest.fixture
def sheet(period, innovation, alice, fill):
    sheet = services.innovation_put_forward(actor=alice, period=period, innovation=innovation)
    return fill(alice, sheet, {**MANDATORY_SID, "18": 2})


def _row(sheet, number) -> Entry:
    return sheet.rows.get(indicator__number=number)


def test_anonymous_is_sent_to_login(client, period, pemda, sheet):
    for url in [
        reverse("assessment:index"),
        reverse("assessment:pemda", args=[2026, pemda.pk]),
        reverse("assessment:sheet", args=[2026, sheet.innovation_id]),
        reverse("assessment:simulate"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("who,status", [(w, 404 if w == "oscar" else 200) for w in ROLES])
def test_pemda_pages_by_role(cast, login, period, pemda, sheet, who, status):
    client = login(cast[who])
    for name in ["pemda", "agencies", "spd"]:
        assert (
            client.get(reverse(f"assessment:{name}", args=[2026, pemda.pk])).status_code == status
        )
    assert client.get(reverse("assessment:simulate")).status_code == 200
    assert client.get(reverse("assessment:periods")).status_code == 200
    assert client.get(reverse("assessment:catalogue", args=[2026])).status_code == 200


@pytest.mark.parametrize("who", ROLES)
def test_index_sends_each_to_their_pemda(cast, login, period, pemda, other_pemda, who):
    response = login(cast[who]).get(reverse("assessment:index"))
    target = other_pemda if who == "oscar" else pemda
    assert response["Location"] == reverse("assessment:pemda", args=[2026, target.pk])


def test_pemda_page_shows_both_indexes_and_what_is_missing(login, lina, period, pemda, sheet):
    page = login(lina).get(reverse("assessment:pemda", args=[2026, pemda.pk])).content.decode()
    assert "Posyandu Digital Kominfo" in page
    assert "Indeks terverifikasi" in page and "Indeks klaim" in page
    assert "kursi kosong" in page  # 1 of k = 12 seats taken
    assert 'data-iid="' in page


@pytest.mark.parametrize("who,status", [(w, 404 if w == "oscar" else 200) for w in ROLES])
def test_sheet_page_by_role(cast, login, sheet, who, status):
    response = login(cast[who]).get(reverse("assessment:sheet", args=[2026, sheet.innovation_id]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        editable = who in ("alice", "adam")
        assert ("Simpan level" in page) == editable
        assert ("Kirim untuk verifikasi" in page) == editable


@pytest.mark.parametrize(
    "who,status",
    [
        ("alice", 302),
        ("adam", 302),
        ("bob", 403),
        ("ivan", 403),
        ("vera", 403),
        ("lina", 403),
        ("oscar", 404),
    ],
)
def test_setting_a_level_by_role(cast, login, sheet, who, status):
    row = _row(sheet, 19)
    response = login(cast[who]).post(
        reverse("assessment:row", args=[row.pk]), {f"row{row.pk}-level": "3"}
    )
    assert response.status_code == status
    row.refresh_from_db()
    assert row.level == (3 if status == 302 else 0)


def test_htmx_row_swaps_the_row_and_the_summary(login, alice, sheet):
    row = _row(sheet, 19)
    response = login(alice).post(
        reverse("assessment:row", args=[row.pk]),
        {f"row{row.pk}-level": "2", f"row{row.pk}-note": "aplikasi daring"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="row-{row.pk}"' in page
    assert 'id="sheet-summary" hx-swap-oob="true"' in page
    assert "<html" not in page


def test_invalid_row_keeps_what_was_typed(login, alice, sheet):
    row = _row(sheet, 33)
    response = login(alice).post(
        reverse("assessment:row", args=[row.pk]),
        {f"row{row.pk}-level": "2", f"row{row.pk}-note": "penerima manfaat 450 orang"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "penerima manfaat 450 orang" in page
    assert "Pilih basis pengukuran" in page
    full = login(alice).post(
        reverse("assessment:row", args=[row.pk]),
        {f"row{row.pk}-level": "2", f"row{row.pk}-note": "penerima manfaat 450 orang"},
    )
    assert full.status_code == 400 and "penerima manfaat 450 orang" in full.content.decode()


def test_evidence_upload_link_and_download_by_role(cast, login, alice, sheet):
    row = _row(sheet, 19)
    client = login(alice)
    upload = SimpleUploadedFile("layar.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("assessment:evidence_add", args=[row.pk]),
        {f"ev{row.pk}-file": upload, f"ev{row.pk}-description": "Tangkapan layar"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(entry=row)
    for who in ROLES:
        status = 404 if who == "oscar" else 200
        got = login(cast[who]).get(reverse("assessment:evidence", args=[evidence.pk]))
        assert got.status_code == status, who
    bad = login(alice).post(
        reverse("assessment:evidence_add", args=[row.pk]),
        {f"ev{row.pk}-url": "bukan tautan", f"ev{row.pk}-description": "catatan saya"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 400 and "catatan saya" in bad.content.decode()


def test_verifier_reviews_through_the_page(login, alice, vera, sheet):
    services.sheet_submit(actor=alice, sheet=sheet)
    row = _row(sheet, 16)
    client = login(vera)
    rejected = client.post(
        reverse("assessment:review", args=[row.pk]),
        {"decision": "reject", "note": ""},
        headers={"HX-Request": "true"},
    )
    assert rejected.status_code == 400
    client.post(reverse("assessment:review", args=[row.pk]), {"decision": "accept"})
    row.refresh_from_db()
    assert row.review == Entry.Review.ACCEPTED
    url = reverse("assessment:workflow", args=[2026, "innovation", sheet.innovation_id, "return"])
    assert client.post(url, {"note": ""}).status_code == 400
    client.post(url, {"note": "Lengkapi bukti anggaran"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.NEEDS_REVISION


@pytest.mark.parametrize("who", ["alice", "adam", "bob", "lina", "una"])
def test_only_verifiers_review_through_the_page(cast, login, alice, sheet, who):
    services.sheet_submit(actor=alice, sheet=sheet)
    row = _row(sheet, 16)
    response = login(cast[who]).post(
        reverse("assessment:review", args=[row.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403


def test_submit_through_the_page(login, alice, sheet):
    url = reverse("assessment:workflow", args=[2026, "innovation", sheet.innovation_id, "submit"])
    assert login(alice).post(url).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    assert (
        login(alice)
        .post(reverse("assessment:workflow", args=[2026, "elsewhere", 1, "submit"]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    "who,status",
    [
        ("alice", 403),
        ("bob", 403),
        ("ivan", 403),
        ("carl", 403),
        ("adam", 200),
        ("vera", 200),
        ("una", 200),
        ("lina", 200),
        ("oscar", 404),
    ],
)
def test_exports_by_role(cast, login, pemda, sheet, who, status):
    client = login(cast[who])
    for name in ["export_xlsx", "export_csv"]:
        response = client.get(reverse(f"assessment:{name}", args=[2026, pemda.pk]))
        assert response.status_code == status


def test_export_holds_eligible_innovations_with_levels_in_catalogue_order(
    login, adam, alice, vera, pemda, sheet
):
    client = login(adam)
    claimed = client.get(
        reverse("assessment:export_xlsx", args=[2026, pemda.pk]), {"basis": "claimed"}
    )
    book = load_workbook(io.BytesIO(b"".join(claimed.streaming_content)))
    rows = list(book.active.values)
    header, first = rows[0], rows[1]
    assert len(rows) == 2 and first[1] == "Posyandu Digital Kominfo"
    level_columns = [i for i, h in enumerate(header) if h.endswith("— level")]
    assert [header[i].split(".")[0] for i in level_columns] == [str(n) for n in range(16, 36)]
    assert first[level_columns[0]] == 1 and first[level_columns[2]] == 2  # 16 and 18
    links = header.index("16 — bukti dukung")
    assert first[links] == "https://contoh.example/16.pdf"
    # Nothing is verified yet: the verified export is empty.
    verified = client.get(reverse("assessment:export_csv", args=[2026, pemda.pk]))
    assert b"".join(verified.streaming_content).decode("utf-8-sig").count("\n") == 1


@pytest.mark.parametrize("who,status", [(w, 404 if w == "oscar" else 200) for w in ROLES])
def test_pdf_report_by_role(cast, login, sheet, who, status):
    response = login(cast[who]).get(reverse("assessment:report", args=[2026, sheet.innovation_id]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_put_forward_from_the_innovation_page(login, alice, bob, period, innovation):
    page = login(alice).get(innovation.get_absolute_url()).content.decode()
    assert 'id="iid-panel"' in page and "Ajukan" in page
    assert 'id="iid-panel"' not in login(bob).get(innovation.get_absolute_url()).content.decode()
    url = reverse("assessment:put_forward", args=[2026, innovation.pk])
    assert login(bob).post(url).status_code == 403
    response = login(alice).post(url)
    assert response["Location"] == reverse("assessment:sheet", args=[2026, innovation.pk])
    page = login(bob).get(innovation.get_absolute_url()).content.decode()
    assert "dengan bukti dukung" in page  # bob sees the progress, not the button


def test_spd_start_and_fill_by_the_admin_only(cast, login, period, pemda):
    url = reverse("assessment:spd_start", args=[2026, pemda.pk])
    for who in ["alice", "vera", "lina"]:
        assert login(cast[who]).post(url).status_code == 403
    assert login(cast["oscar"]).post(url).status_code == 404
    assert login(cast["adam"]).post(url).status_code == 302
    page = login(cast["adam"]).get(reverse("assessment:spd", args=[2026, pemda.pk]))
    assert "Visi dan Misi" in page.content.decode() and "Simpan level" in page.content.decode()


def test_simulation_page(login, lina, period, six_basic_services):
    response = login(lina).get(
        reverse("assessment:simulate"),
        {
            "period": 2026,
            "spd": 40,
            "innovations": 8,
            "score": 80,
            "basic_services": 6,
            "next_score": 80,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<div class="display-5 fw-semibold" id="simulated-iid">38,55</div>' in page
    assert "Kurang Inovatif" in page and "2,82" in page
    bad = login(lina).get(
        reverse("assessment:simulate"),
        {"period": 2026, "spd": 99, "scores": "80, x", "basic_services": 6},
    )
    assert bad.status_code == 400 and "80, x" in bad.content.decode()


def test_nav_link(login, alice):
    assert reverse("assessment:index") in login(alice).get(reverse("home")).content.decode()
