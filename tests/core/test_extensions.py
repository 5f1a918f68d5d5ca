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
