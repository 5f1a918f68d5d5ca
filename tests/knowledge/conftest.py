import pytest


@pytest.fixture(autouse=True)
def _evidence_gates_off(settings):
    """These tests are about replication records; the evidence gates that may refuse a
    replication are tested with the gates on in tests/innovations/test_evidence.py."""
    settings.INOVDA_INNOVATIONS = {
        "EVIDENCE_GATES": {
            "scale_up": None,
            "replication_other_pemda": None,
            "scale_up_budget": None,
            "risk_at_scale": None,
        }
    }
