"""Resolved barriers are found in the one search box, with their innovation's access."""

import pytest

from inovda.ecosystem import services
from inovda.innovations.models import Innovation
from inovda.knowledge.selectors import SearchFilters, search_documents
from tests.ecosystem.factories import BarrierFactory
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db


def _found(user, q):
    results = search_documents(user=user, filters=SearchFilters(q=q, types=["barrier"]))
    return [hit.doc.title for hit in results.hits]


def test_precedent_follows_resolution_and_reopening(una, alice, oscar, agency_a):
    innovation = InnovationFactory(agency=agency_a, status=Innovation.Status.IMPLEMENTED)
    barrier = BarrierFactory(innovation=innovation, title="Server layanan sering mati")
    assert _found(una, "server") == []  # open barriers are not precedents
    services.barrier_resolve(
        actor=una, barrier=barrier, resolution="Dipindahkan ke pusat data dengan cadangan."
    )
    assert _found(una, "cadangan") == ["Server layanan sering mati"]
    assert _found(alice, "server") == ["Server layanan sering mati"]
    assert _found(oscar, "server") == []  # another Pemda
    services.barrier_reopen(actor=una, barrier=barrier, reason="Mati lagi.")
    assert _found(una, "server") == []
