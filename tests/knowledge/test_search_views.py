"""The search page's agency filter: a plain select for a Pemda, search-as-you-type for
someone who reads more agencies than the page should list, never beyond what one reads."""

from django.urls import reverse

from tests.organizations.factories import AgencyFactory


def test_a_pemda_gets_the_plain_select(login, adam, agency_a, agency_b):
    page = login(adam).get(reverse("knowledge:search")).content.decode()
    assert "agency_q" not in page
    assert agency_b.name in page


def test_many_agencies_become_search_as_you_type(login, adam, agency_a, settings):
    settings.INOVDA_KNOWLEDGE = {"AGENCY_SELECT_MAX": 3}
    for i in range(4):
        AgencyFactory(pemda=agency_a.pemda, name=f"Kecamatan Uji {i}")
    page = login(adam).get(reverse("knowledge:search")).content.decode()
    assert 'name="agency_q"' in page
    assert "Kecamatan Uji 1" not in page  # not listed until typed
    options = login(adam).get(reverse("knowledge:agency_options"), {"agency_q": "uji 1"})
    assert "Kecamatan Uji 1" in options.content.decode()
    assert "Kecamatan Uji 2" not in options.content.decode()
    chosen = AgencyFactory._meta.model.objects.get(name="Kecamatan Uji 2")
    page = login(adam).get(reverse("knowledge:search"), {"agency": chosen.pk, "q": "x"})
    assert page.status_code == 200 and "Kecamatan Uji 2" in page.content.decode()


def test_options_never_leave_the_readers_scope(login, oscar, agency_a):
    options = login(oscar).get(reverse("knowledge:agency_options"), {"agency_q": "Kominfo"})
    assert agency_a.name not in options.content.decode()
