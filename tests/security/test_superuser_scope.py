"""The system administrator's rule is "everything", and stays so inside an OR: an empty Q()
there collapsed "scope or resolved" to resolved-only and hid every open barrier."""

import pytest

from inovda.ecosystem.access import barriers_for_user
from tests.ecosystem.factories import BarrierFactory
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_system_administrator_sees_open_and_resolved_barriers():
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    open_one, resolved = BarrierFactory(), BarrierFactory(resolved=True)
    assert set(barriers_for_user(root)) == {open_one, resolved}
