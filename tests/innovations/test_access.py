"""Who sees and edits what, for every role of the cast."""

import pytest
from django.http import Http404

from inovda.innovations import access
from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db

S = Innovation.Status


@pytest.fixture
def registry(agency_a, agency_b, other_agency):
    return {
        "a_draft": InnovationFactory(agency=agency_a, status=S.DRAFT),
        "a_live": InnovationFactory(agency=agency_a, status=S.IMPLEMENTED),
        "b_draft": InnovationFactory(agency=agency_b, status=S.DRAFT),
        "b_live": InnovationFactory(agency=agency_b, status=S.SUBMITTED),
        "batu_live": InnovationFactory(agency=other_agency, status=S.IMPLEMENTED),
    }


# name -> the registry keys that user must see (and nothing else)
VISIBLE = {
    "alice": {"a_draft", "a_live", "b_live"},
    "ivan": {"a_draft", "a_live", "b_live"},
    "bob": {"b_draft", "b_live", "a_live"},
    "adam": {"a_draft", "a_live", "b_draft", "b_live"},
    "vera": {"a_live", "b_live"},
    "carl": {"a_live", "b_live"},
    "una": {"a_live", "b_live"},
    "lina": {"a_live", "b_live"},
    "oscar": {"batu_live"},
}


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_list_shows_exactly_what_the_role_may_read(cast, registry, who):
    seen = set(access.innovations_for_user(cast[who]).values_list("pk", flat=True))
    expected = {registry[key].pk for key in VISIBLE[who]}
    assert seen == expected


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_object_lookup_is_404_outside_scope(cast, registry, who):
    for key, innovation in registry.items():
        if key in VISIBLE[who]:
            assert access.innovation_for_user(cast[who], innovation.pk) == innovation
        else:
            with pytest.raises(Http404):
                access.innovation_for_user(cast[who], innovation.pk)


def test_anonymous_sees_nothing(registry):
    from django.contrib.auth.models import AnonymousUser

    assert not access.innovations_for_user(AnonymousUser()).exists()


EDITABLE = {
    "alice": {"a_draft"},
    "ivan": {"a_draft"},
    "bob": {"b_draft"},
    "adam": {"a_draft", "a_live", "b_draft", "b_live"},
    "vera": set(),
    "carl": set(),
    "una": set(),
    "lina": set(),
    "oscar": set(),
}


@pytest.mark.parametrize("who", sorted(EDITABLE))
def test_can_edit(cast, registry, who):
    allowed = {key for key, inn in registry.items() if access.can_edit(cast[who], inn)}
    assert allowed == EDITABLE[who]


def test_returned_innovation_is_editable_by_its_agency(alice, bob, agency_a):
    returned = InnovationFactory(agency=agency_a, status=S.NEEDS_REVISION)
    assert access.can_edit(alice, returned)
    assert not access.can_edit(bob, returned)


def test_province_leadership_reads_its_cities(province, registry):
    from inovda.organizations.models import Role
    from tests.organizations.factories import member

    governor = member("gubernur", Role.LEADERSHIP, pemda=province)
    seen = set(access.innovations_for_user(governor).values_list("pk", flat=True))
    assert seen == {registry[k].pk for k in ("a_live", "b_live", "batu_live")}
