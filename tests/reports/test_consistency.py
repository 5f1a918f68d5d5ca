"""One number everywhere: every figure of a role's dashboard equals the list behind its
link, the IID page, the annual PDF's text and the XLSX export.

The demo city is built once for the module (seeding per test took minutes); each role's
test then reads its own dashboard and follows every link.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from inovda.assessment import selectors as iid
from inovda.assessment.models import InnovationAssessment, SheetStatus
from inovda.core import formats
from inovda.innovations.forms import InnovationFilterForm, filter_pemdas
from inovda.innovations.models import Innovation
from inovda.innovations.selectors import innovation_list, innovation_years
from inovda.organizations.access import agencies_for_user
from inovda.organizations.models import LocalGovernment

pytestmark = pytest.mark.django_db

# role → the dashboard `reports:index` sends it to
ROLES = {
    "admin": "leadership",
    "pimpinan": "leadership",
    "verifikator": "leadership",
    "unit": "leadership",
    "operator.kominfo": "agency",
}
LIST = "/innovations/"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # once for the module, with the tests' fast password hashing (the cast's passwords)
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast:
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--noinput", verbosity=0)


@pytest.fixture
def login(demo, client):
    def as_(username):
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        return user

    return as_


# ---------------------------------------------------------------- reading the dashboard


def _number(value) -> int | None:
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def _figures(sections):
    """(where, figure, link) for every linked figure: stats, then chart bars. A chart with
    several series links its bars to the series the list shows (flow: new; barriers: all)."""
    found = []
    for section, data in sections:
        for stat in data.stats:
            n = _number(stat.value)
            if stat.url and n is not None:
                found.append((f"{section.key}: {stat.label}", n, stat.url))
        for chart in data.charts:
            if not chart.links or not chart.series:
                continue
            series = chart.series[-1] if chart.key == "barriers" else chart.series[0]
            for label, value, link in zip(chart.labels, series.values, chart.links, strict=False):
                n = _number(value)
                if link and n is not None:
                    found.append((f"{section.key}/{chart.key}: {label}", n, link))
    return found


def _list_count(user, link) -> int:
    """The innovation list's own count for a link: its filter form (which must accept
    every filter of the link, or the list would silently show everything) and selector."""
    query = QueryDict(urlsplit(link).query)
    form = InnovationFilterForm(
        query,
        agencies=agencies_for_user(user),
        years=innovation_years(user=user),
        pemdas=filter_pemdas(user),
    )
    assert form.is_valid(), (link, form.errors)
    return innovation_list(user=user, filters=form.to_filters()).count()


def _sections(response):
    return [(s, d) for s, d in response.context["sections"]]


def _xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    return rows


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("username", list(ROLES))
def test_every_dashboard_figure_equals_the_list_behind_it(login, client, username):
    user = login(username)
    response = client.get(reverse("reports:index"), follow=True)
    assert response.status_code == 200
    assert response.context["dashboard"] == ROLES[username]
    sections = _sections(response)
    figures = _figures(sections)
    assert len(figures) >= 10, figures
    checked = Counter()
    for where, n, link in figures:
        path = urlsplit(link).path
        if path == LIST:
            assert _list_count(user, link) == n, (username, where, link)
            checked["list"] += 1
        elif path == reverse("innovations:watchlist"):
            page = client.get(link)
            assert len(page.context["rows"]) == n, (username, where, link)
            checked["watchlist"] += 1
        elif path == reverse("ecosystem:barrier_list"):
            page = client.get(link)
            assert page.context["page"].paginator.count == n, (username, where, link)
            checked["barriers"] += 1
    assert checked["list"] >= 10
    # the list page itself shows the same total as the dashboard's first figure
    total = next(s for s in sections[0][1].stats if s.url)
    page = client.get(total.url)
    assert page.context["page"].paginator.count == total.value
    assert re.search(rf"\b{total.value} inovasi\b", page.content.decode())
    # drafts are never counted, nor listed behind a figure
    assert (
        not innovation_list(user=user)
        .filter(status=Innovation.Status.DRAFT)
        .filter(pk__in=[i.pk for i in page.context["page"].object_list])
    )


@pytest.mark.parametrize("username", ["admin", "pimpinan"])
def test_the_poverty_dashboard_agrees_with_its_lists(login, client, username):
    """The themed dashboard's links carry the theme: each figure is its list's count."""
    user = login(username)
    response = client.get(reverse("reports:poverty"))
    assert response.status_code == 200
    figures = [f for f in _figures(_sections(response)) if urlsplit(f[2]).path == LIST]
    assert len(figures) >= 5
    for where, n, link in figures:
        assert "theme=" in link and "counted=1" in link, link
        assert _list_count(user, link) == n, (username, where, link)


@pytest.mark.parametrize("username", list(ROLES))
def test_the_export_behind_a_figure_has_its_rows(login, client, username):
    login(username)
    response = client.get(reverse("reports:index"), follow=True)
    sections = {s.key: d for s, d in _sections(response)}
    overview = sections["overview"]
    total = next(s for s in overview.stats if s.url)
    query = urlsplit(total.url).query
    rows = _xlsx_rows(
        client.get(f"{reverse('reports:export', args=['innovations', 'xlsx'])}?{query}")
    )
    header, body = rows[0], rows[1:]
    assert len(body) == total.value
    status = Counter(row[header.index("Status")] for row in body)
    stage = Counter(row[header.index("Tahapan")] for row in body)
    for chart in sections["stage"].charts:
        tally = stage if chart.key == "stage" else status
        for label, value in zip(chart.labels, chart.series[0].values, strict=True):
            assert tally.get(label, 0) == value, (username, chart.key, label)
    # the overview's status figures are the same numbers as the export's
    for stat in overview.stats[1:]:
        if stat.url and "status=" in stat.url:
            assert status.get(str(stat.label), 0) == stat.value, (username, stat.label)


_PDFS: dict = {}  # the figures of a report → its PDF bytes, rendered once per module


def _signature(sections) -> str:
    return repr(
        [
            (
                s.key,
                [(str(t.label), t.value) for t in d.stats],
                [(c.labels, [x.values for x in c.series]) for c in d.charts],
            )
            for s, d in sections
        ]
    )


@pytest.fixture
def pdf_once(monkeypatch):
    """Roles whose annual report holds the same figures share one rendering: the PDF is a
    pure function of the figures (WeasyPrint takes seconds per report)."""
    from django.http import HttpResponse

    from inovda.reports import views

    real = views.pdf_response

    def pdf_response(request, template, context, filename):
        key = _signature(context["sections"]) + repr(context["agency_rows"])
        if key not in _PDFS:
            _PDFS[key] = real(request, template, context, filename=filename).content
        else:
            render_to_string(template, context, request)  # the test client keeps its context
        return HttpResponse(_PDFS[key], content_type="application/pdf")

    monkeypatch.setattr(views, "pdf_response", pdf_response)


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.parametrize("username", [u for u, board in ROLES.items() if board == "leadership"])
def test_the_annual_pdf_says_what_the_dashboard_says(login, client, pdf_once, username):
    login(username)
    board = {s.key: d for s, d in _sections(client.get(reverse("reports:leadership")))}
    response = client.get(reverse("reports:annual_pdf"))
    annual = {s.key: d for s, d in response.context["sections"]}
    text = _pdf_text(response)
    # every section in both shows the same figures (the annual adds "new in <year>")
    for key in set(board) & set(annual):
        ours = [(str(s.label), s.value) for s in board[key].stats]
        theirs = [(str(s.label), s.value) for s in annual[key].stats]
        assert [x for x in ours if x in theirs] == ours, (username, key)
        for mine, pdf in zip(board[key].charts, annual[key].charts, strict=True):
            assert mine.labels == pdf.labels and [s.values for s in mine.series] == [
                s.values for s in pdf.series
            ], (username, key, mine.key)
    # the PDF's text carries them: each integer table row "label n" as drawn
    lines = {" ".join(line.split()) for line in text.splitlines()}
    for key in set(board) & set(annual):
        for chart in board[key].charts:
            for label, *values in zip(chart.labels, *(s.values for s in chart.series), strict=True):
                if len(label) > 30 or not all(isinstance(v, int) for v in values):
                    continue
                row = " ".join([label, *(formats.figure(v) for v in values)])
                assert row in lines, (username, key, row)
    # "Tidak berlanjut" is one number on every page of the report
    status = {r.label: r.value for r in _stat_map(board["overview"])}
    discontinued = status[str(Innovation.Status.DISCONTINUED.label)]
    # as a table row "Tidak berlanjut 8" or as a figure "8" above its label
    shown = {int(n) for n in re.findall(r"^Tidak berlanjut (\d+)$", text, re.M)}
    shown |= {int(n) for n in re.findall(r"^(\d+)\nTidak berlanjut$", text, re.M)}
    assert shown == {discontinued}, (username, shown)
    flow = annual.get("flow")
    if flow:
        assert sum(flow.charts[0].series[1].values) == discontinued


class _Stat:
    def __init__(self, label, value):
        self.label, self.value = label, value


def _stat_map(data):
    return [_Stat(str(s.label), s.value) for s in data.stats]


@pytest.mark.parametrize("username", [u for u, board in ROLES.items() if board == "leadership"])
def test_the_iid_figures_equal_the_iid_page_and_its_export(login, client, username):
    login(username)
    board = {s.key: d for s, d in _sections(client.get(reverse("reports:leadership")))}
    section = board["iid"]
    malang = LocalGovernment.objects.get(code="35.73")
    period = iid.current_period()
    url = reverse("assessment:pemda", args=[period.year, malang.pk])
    page = client.get(url)
    assert page.status_code == 200
    index = page.context["index"]
    stats = {str(s.label): s.value for s in section.stats}
    basic = page.context["basic"]
    covered = index.claimed.given.basic_covered
    assert stats["Pelayanan dasar dalam IID"] == f"{covered} / {len(basic)}"
    assert f"Urusan pelayanan dasar tercakup: {covered} dari {len(basic)}" in (
        page.content.decode()
    )
    counted = f"{index.claimed.given.n} / {index.verified.given.n}"
    assert stats["Inovasi yang dihitung (klaim / terverifikasi)"] == counted
    chart = section.charts[0]
    assert chart.series[0].values[-1] == float(index.claimed.iid.shown)
    assert chart.series[1].values[-1] == float(index.verified.iid.shown)
    assert stats["Predikat (klaim)"] == index.claimed.predicate
    # a sheet shown as Terverifikasi counts in the verified index
    sheets = InnovationAssessment.objects.filter(period=period, pemda=malang)
    shown_verified = sheets.filter(status=SheetStatus.VERIFIED)
    assert shown_verified.exists()
    assert not shown_verified.exclude(iid.eligible_q(period, verified=True)).exists()
    # the national-window export has one row per innovation of the verified index
    if page.context["can_export"]:
        rows = _xlsx_rows(
            client.get(reverse("assessment:export_xlsx", args=[period.year, malang.pk]))
        )
        assert len(rows) - 1 == index.verified.given.n
        claimed = client.get(
            reverse("assessment:export_xlsx", args=[period.year, malang.pk]) + "?basis=claimed"
        )
        assert len(_xlsx_rows(claimed)) - 1 == index.claimed.given.n


def test_the_overview_and_the_iid_name_their_coverage_apart(login, client):
    """6 of 6 with a registered innovation, 5 of 6 in the IID: two figures, two names."""
    login("pimpinan")
    board = {s.key: d for s, d in _sections(client.get(reverse("reports:leadership")))}
    labels = [str(s.label) for s in board["overview"].stats] + [
        str(s.label) for s in board["iid"].stats
    ]
    assert "Pelayanan dasar yang memiliki inovasi terdaftar" in labels
    assert "Pelayanan dasar dalam IID" in labels
    assert len(labels) == len(set(labels))


MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"


def test_money_shares_and_dates_in_indonesian_form(login, client, pdf_once):
    """Rp 11.450.000.000, 57,5 %, 4 Desember 2026: on the dashboard and in the PDF."""
    login("pimpinan")
    board = {s.key: d for s, d in _sections(client.get(reverse("reports:leadership")))}
    budget = [s.value for s in board["budget"].stats]
    assert all(re.fullmatch(r"Rp \d{1,3}(\.\d{3})*", v) for v in budget[:2]), budget
    assert re.fullmatch(r"\d{1,3},\d %", budget[2]), budget
    text = _pdf_text(client.get(reverse("reports:annual_pdf")))
    flat = " ".join(text.split())  # a figure may wrap in its box
    assert budget[0] in flat and budget[2] in flat
    assert re.search(rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}\b", text)
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4}\b", text)


# ---------------------------------------------------------------- the apps' sections


@pytest.mark.parametrize("username", ["admin", "pimpinan"])
def test_budget_risk_and_five_factor_figures_equal_the_pages_they_link(login, client, username):
    """Each figure of the budget, risk and five-factor sections is the figure on the page
    its link opens."""
    login(username)
    board = {s.key: d for s, d in _sections(client.get(reverse("reports:leadership")))}
    assert {"budget", "risks", "factors"} <= set(board), sorted(board)
    # budget: allocated, realised and the rate are the budget page's totals of that year
    budget = board["budget"].stats
    page = client.get(budget[0].url)
    total = page.context["summary"]["total"]
    assert [s.value for s in budget] == [
        formats.money(total.allocated),
        formats.money(total.realised),
        formats.percent(100 * total.realised / total.allocated),
    ]
    assert all(s.url == budget[0].url for s in budget)
    assert formats.money(total.allocated) in page.content.decode()
    # risks: each cell of the chart is the cell of the heat map on the risk page
    chart = board["risks"].charts[0]
    shown = dict(zip(chart.labels, chart.series[0].values, strict=True))
    for link in set(chart.links):
        page = client.get(link)
        cells = {
            f"{cell.likelihood} × {cell.impact}": cell.count
            for row in page.context["heat"]
            for cell in row
            if cell.count
        }
        assert cells == shown, (username, link)
    # five factors: each score is the health page's score of the same year
    chart = board["factors"].charts[0]
    for link in set(chart.links):
        page = client.get(link)
        scores = page.context["total"].scores
        assert [scores[code].score or 0 for code in sorted(scores)] == chart.series[0].values
        assert page.context["total"].year == page.context["year"]


@pytest.fixture
def governor(demo):
    """A province leader over the demo's kabupaten/kota (the demo has no province user)."""
    from inovda.organizations.models import Membership, Role

    malang = LocalGovernment.objects.get(code="35.73")
    province = malang.province or LocalGovernment.objects.create(
        code="35", name="Jawa Timur", kind=LocalGovernment.Kind.PROVINCE
    )
    LocalGovernment.objects.filter(code__startswith="35.").update(province=province)
    user = get_user_model().objects.create_user("gubernur", password="x")
    Membership.objects.create(user=user, pemda=province, role=Role.LEADERSHIP)
    return user


def test_the_province_dashboard_agrees_with_each_city_and_its_lists(client, governor):
    """Each kabupaten/kota's row equals that Pemda's own dashboard opened from the row, and
    each figure of that dashboard equals the list behind it (narrowed to the Pemda)."""
    client.force_login(governor)
    response = client.get(reverse("reports:province"))
    assert response.status_code == 200
    (section,) = [d for s, d in _sections(response) if s.key == "province"]
    rows = section.context["rows"]
    assert len(rows) >= 2 and sum(r.total for r in rows) > 0
    chart = section.charts[0]
    for row, link in zip(rows, chart.links, strict=True):
        built = _sections(client.get(link))
        board = {s.key: d for s, d in built}
        overview = {str(s.label): s for s in board["overview"].stats}
        total = board["overview"].stats[0]
        assert total.value == row.total, row.pemda.name
        stage = next(c for c in board["stage"].charts if c.key == "stage")
        by_stage = dict(zip(stage.labels, stage.series[0].values, strict=True))
        for value, label in Innovation.Stage.choices:
            assert by_stage.get(str(label), 0) == row.by_stage.get(value, 0), (row, label)
        status = {
            str(label): overview[str(label)].value
            for label in (Innovation.Status.IMPLEMENTED.label, Innovation.Status.DISCONTINUED.label)
            if str(label) in overview
        }
        assert status.get(str(Innovation.Status.IMPLEMENTED.label), 0) == row.implemented
        assert status.get(str(Innovation.Status.DISCONTINUED.label), 0) == row.discontinued
        basic = board["basic"].charts[0]
        assert sum(1 for n in basic.series[0].values if n) == row.basic_covered
        if not row.total:
            continue
        figures = [f for f in _figures(built) if urlsplit(f[2]).path == LIST]
        assert len(figures) >= 5, row.pemda.name
        for where, n, url in figures:
            assert f"pemda={row.pemda.pk}" in url, url
            assert _list_count(governor, url) == n, (row.pemda.name, where, url)
