"""Dashboards and exports read from the replica when one is configured; writes and every
other read stay on the primary."""

from django.conf import settings

from inovda.core.db import ReplicaRouter, reads_from_replica
from inovda.innovations.models import Innovation


def test_reads_of_marked_views_go_to_the_replica(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, "replica", dict(settings.DATABASES["default"]))
    router = ReplicaRouter()
    seen = {}

    @reads_from_replica
    def dashboard():
        seen["read"] = router.db_for_read(Innovation)
        seen["write"] = router.db_for_write(Innovation)

    dashboard()
    assert seen == {"read": "replica", "write": "default"}
    assert router.db_for_read(Innovation) is None  # outside the view: the primary


def test_without_a_replica_nothing_changes():
    router = ReplicaRouter()
    assert reads_from_replica(lambda: router.db_for_read(Innovation))() is None
    assert not router.allow_migrate("replica", "innovations")
