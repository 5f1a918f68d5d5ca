import pytest
from django.urls import reverse

from inovda.core import extensions
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def restore_registries():
    nav, panels = list(extensions._NAV), list(extensions._PANELS)
    yield
    extensions._NAV[:] = nav
    extensions._PANELS[:] = panels


def test_panels_render_on_the_innovation_page(login, alice, agency_a, restore_registries):
    innovation = InnovationFactory(agency=agency_a)
    extensions.innovation_panel(
        extensions.InnovationPanel(
            template="core/_timeline.html",
            context=lambda request, inn: {"shown": True},
            column="side",
        )
    )
    extensions.innovation_panel(
        extensions.InnovationPanel(
            template="404.html", context=lambda request, inn: None, column="main"
        )
    )
    page = login(alice).get(reverse("innovations:detail", args=[innovation.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('class="timeline') == 2  # own timeline + the panel


def test_nav_items_follow_visibility(login, alice, lina, restore_registries):
    extensions.nav_item(
        extensions.NavItem(
            label="Pimpinan Saja",
            url_name="home",
            app_name="core",
            visible=lambda user: user.username == "lina",
        )
    )
    assert "Pimpinan Saja" in login(lina).get(reverse("home")).content.decode()
    assert "Pimpinan Saja" not in login(alice).get(reverse("home")).content.decode()


def _active(html: str) -> list[str]:
    import re

    return re.findall(r'class="(?:nav-link|dropdown-item)[^"]*active"[^>]*>([^<]+)<', html)


@pytest.mark.parametrize(
    "path, highlighted",
    [
        ("/desk/", ["Beranda"]),  # "/" is the public catalogue (ADR 0014)
        ("/innovations/", ["Inovasi", "Daftar inovasi"]),
        ("/innovations/watchlist/", ["Inovasi", "Pantauan"]),
        ("/organizations/agencies/", ["Inovasi", "Perangkat daerah"]),
    ],
)
def test_one_menu_item_is_highlighted(login, adam, path, highlighted):
    """The bar marks one item (and the drop-down that holds it), never two side by side."""
    html = login(adam).get(path).content.decode()
    assert _active(html) == highlighted


def test_an_innovation_page_highlights_the_list(login, adam, agency_a):
    innovation = InnovationFactory(agency=agency_a)
    html = login(adam).get(reverse("innovations:detail", args=[innovation.pk])).content.decode()
    assert _active(html) == ["Inovasi", "Daftar inovasi"]


def test_items_of_one_menu_share_a_drop_down(adam, rf):
    from inovda.core.extensions import nav_tree

    entries = nav_tree(adam, "/innovations/watchlist/", "innovations")
    menus = [e for e in entries if e.children]
    assert [str(e.label) for e in entries][:2] == ["Beranda", "Inovasi"]
    assert {str(m.label) for m in menus} >= {"Inovasi", "Laporan"}
    assert sum(c.active for m in menus for c in m.children) == 1


def test_error_pages_are_inovda_pages(rf, client, alice, settings):
    """A user never sees Django's own error pages: 404, 403 and 500 are Inovda's, in
    Indonesian, with a way back."""
    from django.views.defaults import server_error

    settings.DEBUG = False
    client.force_login(alice)
    missing = client.get("/innovations/999999/")
    assert missing.status_code == 404 and "Kembali ke beranda" in missing.content.decode()
    page = server_error(rf.get("/"))
    assert page.status_code == 500
    assert "Kembali ke beranda" in page.content.decode()
