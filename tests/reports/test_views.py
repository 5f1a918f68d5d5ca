"""Pages of the reports app: status and access for every role of the cast."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from inovda.innovations.models import Innovation
from inovda.organizations.models import Role
from inovda.reports import services
from inovda.reports.models import ImportJob, ImportKind, ReportSettings
from tests.innovations.factories import InnovationFactory
from tests.organizations.factories import member
from tests.reports.conftest import HEADERS, innovation_rows, xlsx_upload
from tests.reports.factories import ReportSettingsFactory

pytestmark = pytest.mark.django_db
S = Innovation.Status
ROLES = ["alice", "bob", "ivan", "adam", "vera", "carl", "una", "lina", "oscar"]
PEMDA_WIDE = {"adam", "vera", "carl", "una", "lina"}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.fixture
def registry(agency_a, agency_b, other_agency, affairs, poverty):
    live_a = InnovationFactory(
        agency=agency_a,
        status=S.IMPLEMENTED,
        stage="penerapan",
        name="Sambang Warga Kominfo",
        complete=True,
        year=2022,
        main_affair=affairs["1.02"],
    )
    live_a.themes.add(poverty)
    InnovationFactory(
        agency=agency_b, status=S.TRIAL, stage="uji_coba", name="Posyandu Pintar", year=2021
    )
    InnovationFactory(agency=agency_a, status=S.DRAFT, name="Draf Rahasia Kominfo")
    InnovationFactory(agency=agency_b, status=S.DRAFT, name="Draf Rahasia Dinkes")
    InnovationFactory(
        agency=other_agency, status=S.IMPLEMENTED, name="Inovasi Kota Batu", year=2022
    )
    return live_a


def test_anonymous_is_sent_to_login(client, pemda):
    for name in ["reports:index", "reports:leadership", "reports:agency", "reports:import_index"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ROLES)
def test_dashboard_index_sends_each_role_to_its_dashboard(cast, login, who):
    response = login(cast[who]).get(reverse("reports:index"))
    expected = "reports:leadership" if who in PEMDA_WIDE else "reports:agency"
    assert response.status_code == 302 and response["Location"] == reverse(expected)


@pytest.mark.parametrize("who", ROLES)
def test_leadership_and_poverty_dashboards_by_role(cast, login, registry, who):
    client = login(cast[who])
    for name in ("reports:leadership", "reports:poverty"):
        response = client.get(reverse(name))
        assert response.status_code == (200 if who in PEMDA_WIDE else 403), name
        if who in PEMDA_WIDE:
            html = response.content.decode()
            assert "Kota Malang" in html and "Kota Batu" not in html
            assert 'data-chart="chart-data-stage-stage"' in html
            assert 'id="chart-data-stage-stage" type="application/json"' in html
            assert "<script>" not in html.replace('<script type="application/json"', "")


def test_another_pemdas_dashboard_is_404_and_own_pemda_without_role_is_403(
    login, registry, alice, oscar, pemda, other_pemda
):
    url = reverse("reports:leadership")
    assert login(oscar).get(f"{url}?pemda={pemda.pk}").status_code == 404
    assert login(alice).get(f"{url}?pemda={pemda.pk}").status_code == 403
    assert login(alice).get(f"{url}?pemda={other_pemda.pk}").status_code == 404
    assert login(alice).get(f"{url}?pemda=abc").status_code == 404


@pytest.mark.parametrize("who", ROLES)
def test_agency_dashboard_by_role(cast, login, registry, agency_a, agency_b, other_agency, who):
    client = login(cast[who])
    response = client.get(reverse("reports:agency"))
    assert response.status_code == 200
    html = response.content.decode()
    if who == "oscar":
        assert "Dinas Kominfo Kota Batu" in html and "Sambang Warga" not in html
    url = reverse("reports:agency")
    other = client.get(f"{url}?agency={agency_b.pk}")
    allowed_b = who in PEMDA_WIDE or who == "bob"
    expected_b = 200 if allowed_b else (404 if who == "oscar" else 403)
    assert other.status_code == expected_b
    assert client.get(f"{url}?agency={other_agency.pk}").status_code == (
        200 if who == "oscar" else 404
    )


def test_agency_dashboard_counts_no_drafts(login, registry, alice):
    html = login(alice).get(reverse("reports:agency")).content.decode()
    assert "Draf Rahasia" not in html


@pytest.mark.parametrize("who", ROLES)
def test_province_view_is_for_province_staff(cast, login, registry, who):
    assert login(cast[who]).get(reverse("reports:province")).status_code == 403


def test_province_view_for_a_province_user(login, registry, province, pemda, other_pemda):
    governor = member("gubernur", Role.LEADERSHIP, pemda=province)
    response = login(governor).get(reverse("reports:province"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kota Malang" in html and "Kota Batu" in html
    assert login(governor).get(reverse("reports:index"))["Location"] == reverse("reports:province")
    city = login(governor).get(f"{reverse('reports:leadership')}?pemda={other_pemda.pk}")
    assert city.status_code == 200


# ---------------------------------------------------------------- exports


@pytest.mark.parametrize("who", ROLES)
def test_export_shows_what_the_list_shows(cast, login, registry, who):
    client = login(cast[who])
    csv_text = body(client.get(reverse("reports:export", args=["innovations", "csv"])))
    names = {
        "Sambang Warga Kominfo",
        "Posyandu Pintar",
        "Draf Rahasia Kominfo",
        "Draf Rahasia Dinkes",
        "Inovasi Kota Batu",
    }
    list_html = client.get(reverse("innovations:list")).content.decode()
    for name in names:
        assert (name in csv_text) == (name in list_html), (who, name)


def test_export_keeps_the_filters_and_xlsx_has_the_same_rows(login, registry, lina):
    client = login(lina)
    url = reverse("reports:export", args=["innovations", "xlsx"])
    response = client.get(f"{url}?stage=penerapan&q=sambang")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Nama inovasi"
    assert [r[1] for r in rows[1:]] == ["Sambang Warga Kominfo"]
    assert rows[1][3] == "Dinas Komunikasi dan Informatika"
    csv_text = body(
        client.get(reverse("reports:export", args=["innovations", "csv"]) + "?stage=uji_coba")
    )
    assert "Posyandu Pintar" in csv_text and "Sambang" not in csv_text


def test_the_list_page_links_its_exports_with_its_filters(login, registry, lina):
    html = login(lina).get(reverse("innovations:list") + "?stage=penerapan").content.decode()
    assert reverse("reports:export", args=["innovations", "xlsx"]) + "?stage=penerapan" in html


def test_unknown_export_is_404(login, lina):
    client = login(lina)
    assert client.get(reverse("reports:export", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("reports:export", args=["innovations", "pdf"])).status_code == 404


# ---------------------------------------------------------------- PDF reports


@pytest.mark.parametrize("who", ROLES)
def test_profile_sheet_follows_innovation_access(cast, login, registry, who):
    draft = Innovation.objects.get(name="Draf Rahasia Kominfo")
    url = reverse("reports:profile_pdf", args=[draft.pk])
    expected = 200 if who in ("alice", "ivan", "adam") else 404
    assert login(cast[who]).get(url).status_code == expected


def test_profile_sheet_text(login, registry, alice, pemda):
    ReportSettingsFactory(pemda=pemda, header="Badan Riset dan Inovasi Daerah")
    response = login(alice).get(reverse("reports:profile_pdf", args=[registry.pk]))
    text = pdf_text(response)
    assert "Sambang Warga Kominfo" in text
    assert "KOTA MALANG" in text.upper()
    assert "Badan Riset dan Inovasi Daerah" in text
    assert "Dinas Komunikasi dan Informatika" in text
    assert "Mempercepat layanan." in text  # the goals


def test_the_innovation_page_links_the_profile_sheet(login, registry, lina):
    html = login(lina).get(reverse("innovations:detail", args=[registry.pk])).content.decode()
    assert reverse("reports:profile_pdf", args=[registry.pk]) in html


@pytest.mark.parametrize("who", ROLES)
def test_annual_report_by_role(cast, login, registry, who):
    response = login(cast[who]).get(reverse("reports:annual_pdf") + "?year=2022")
    assert response.status_code == (200 if who in PEMDA_WIDE else 403)


def test_annual_report_text(login, registry, lina, pemda):
    ReportSettingsFactory(pemda=pemda, footer="Bapperida Kota Malang")
    text = pdf_text(login(lina).get(reverse("reports:annual_pdf") + f"?pemda={pemda.pk}&year=2022"))
    assert "2022" in text
    assert "Sambang Warga Kominfo" in text  # initiated in 2022
    assert "Dinas Kesehatan" in text  # per-agency table
    assert "Draf Rahasia" not in text and "Kota Batu" not in text
    assert "Bapperida Kota Malang" in text
    for heading in ("Ringkasan", "Per perangkat daerah"):
        assert heading in text


# ---------------------------------------------------------------- report settings


@pytest.mark.parametrize("who", ROLES)
def test_report_settings_are_for_the_admin(cast, login, who):
    response = login(cast[who]).get(reverse("reports:settings"))
    assert response.status_code == (200 if who == "adam" else 403)


def test_admin_sets_the_header_and_logo(login, adam, pemda):
    client = login(adam)
    response = client.post(
        reverse("reports:settings") + f"?pemda={pemda.pk}",
        {
            "header": "Badan Riset dan Inovasi Daerah",
            "address": "Jl. Tugu 1",
            "footer": "",
            "logo": SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    pemda.refresh_from_db()
    assert pemda.logo.name.startswith("logos/")
    assert ReportSettings.objects.get(pemda=pemda).header == "Badan Riset dan Inovasi Daerah"
    bad = client.post(
        reverse("reports:settings"),
        {"header": "Tetap ada", "logo": SimpleUploadedFile("logo.png", b"%PDF-1.4 x")},
    )
    assert bad.status_code == 400
    assert "Tetap ada" in bad.content.decode()


# ---------------------------------------------------------------- import pages


@pytest.mark.parametrize("who", ROLES)
def test_import_pages_are_for_the_admin(cast, login, who, pemda):
    client = login(cast[who])
    assert client.get(reverse("reports:import_index")).status_code == (
        200 if who == "adam" else 403
    )
    template = client.get(reverse("reports:import_template", args=["innovations"]))
    assert template.status_code == (200 if who == "adam" else 403)


def test_someone_elses_import_is_404(cast, login, adam, pemda, agency_a, affairs):
    job = services.import_job_create(
        actor=adam,
        pemda=pemda,
        kind=ImportKind.INNOVATIONS,
        upload=xlsx_upload(HEADERS, innovation_rows(2, [agency_a])),
    )
    for who in ROLES:
        if who == "adam":
            continue
        client = login(cast[who])
        assert client.get(reverse("reports:import_preview", args=[job.pk])).status_code == 404
        assert client.post(reverse("reports:import_start", args=[job.pk])).status_code == 404
        assert client.get(reverse("reports:import_progress", args=[job.pk])).status_code == 404


def test_upload_map_preview_fix_skip_and_import_through_the_pages(
    login,
    adam,
    pemda,
    agency_a,
    agency_b,
    affairs,
    poverty,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    client = login(adam)
    rows = innovation_rows(6, [agency_a, agency_b])
    rows[2][2] = "Dinas Entah"
    response = client.post(
        reverse("reports:import_index"),
        {"kind": "innovations", "pemda": pemda.pk, "file": xlsx_upload(HEADERS, rows)},
    )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("reports:import_columns", args=[job.pk])
    columns = client.get(response["Location"]).content.decode()
    assert '<option value="Nama Inovasi" selected>' in columns
    post = {
        "name": "Nama Inovasi",
        "agency": "Perangkat Daerah",
        "stage": "Tahapan",
        "goals": "Tujuan",
    }
    response = client.post(reverse("reports:import_columns", args=[job.pk]), post)
    assert response.status_code == 302
    preview = client.get(reverse("reports:import_preview", args=[job.pk])).content.decode()
    assert "Dinas Entah" in preview and 'id="count-problems">1<' in preview
    fix = reverse("reports:import_row_fix", args=[job.pk, 4])
    assert client.get(fix).status_code == 200
    client.post(
        fix,
        {
            "name": "Inovasi Impor 00003",
            "agency": agency_b.name,
            "stage": "Penerapan",
            "goals": "x",
        },
    )
    skip = client.post(
        reverse("reports:import_row_skip", args=[job.pk, 2]), {"skip": "1"}, HTTP_HX_REQUEST="true"
    )
    assert skip.status_code == 200 and "row-skipped" in skip.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:import_start", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created_count, job.skipped_count) == ("done", 5, 1)
    result = client.get(reverse("reports:import_preview", args=[job.pk])).content.decode()
    assert "5 / 5" in result
    assert Innovation.objects.get(name="Inovasi Impor 00003").agency == agency_b


def test_upload_errors_keep_the_form(login, adam, pemda):
    response = login(adam).post(
        reverse("reports:import_index"),
        {"kind": "agencies", "pemda": pemda.pk, "file": SimpleUploadedFile("a.xlsx", b"%PDF-1.4")},
    )
    assert response.status_code == 400
    assert 'value="agencies" checked' in response.content.decode().replace("\n", " ") or (
        "agencies" in response.content.decode()
    )


def test_exports_never_write_formulas(login, adam, agency_a):
    InnovationFactory(agency=agency_a, status=S.SUBMITTED, name='=HYPERLINK("http://x","klik")')
    client = login(adam)
    csv_text = body(client.get(reverse("reports:export", args=["innovations", "csv"])))
    assert "'=HYPERLINK" in csv_text
    response = client.get(reverse("reports:export", args=["innovations", "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"
