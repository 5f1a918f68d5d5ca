"""The API keeps its contract: schemathesis (pinned) runs its coverage, fuzzing and stateful
phases, bounded in time, against a live test server, with every check on. Zero failures:
every status and body the API answers is in the OpenAPI document, schema-invalid requests
are refused, schema-valid ones accepted (except what schemathesis.toml lists: rejections
the schema cannot express, such as an unknown agency id)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from inovda.innovations.models import Innovation
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
SECONDS = int(os.environ.get("INOVDA_CONTRACT_SECONDS", "60"))


def test_api_keeps_its_documented_contract(
    live_server, alice, bob, agency_a, agency_b, tmp_path, settings
):
    # The document is served to signed-in clients only; the run loads it with its credentials.
    settings.SPECTACULAR_SETTINGS = {
        **settings.SPECTACULAR_SETTINGS,
        "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    }
    for status in (Innovation.Status.DRAFT, Innovation.Status.IMPLEMENTED):
        InnovationFactory(agency=agency_a, status=status)
    InnovationFactory(agency=agency_b, status=Innovation.Status.IMPLEMENTED)
    st = Path(sys.executable).parent / "st"
    result = subprocess.run(
        [str(st), "--config-file", str(ROOT / "schemathesis.toml"), "run"]
        + [f"{live_server.url}/api/schema/", "--auth", "alice:secret-pass-123"]
        + ["--phases", "examples,coverage,fuzzing,stateful", "--checks", "all"]
        + ["--max-examples", "10", "--max-time", str(SECONDS), "--seed", "1"]
        # A new connection per request: the test server does not drain a body it did not
        # read, which would garble the next request on a kept-alive connection.
        + ["--header", "Connection: close"]
        + ["--workers", "1", "--no-color", "--report-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SECONDS * 3 + 120,
    )
    output = result.stdout
    if os.environ.get("INOVDA_CONTRACT_LOG"):
        Path(os.environ["INOVDA_CONTRACT_LOG"]).write_text(output + result.stderr)
    assert result.returncode == 0, output[-15000:] + result.stderr[-3000:]
    generated = re.search(r"(\d+) generated", output)
    assert generated and int(generated.group(1)) >= 100, output[-3000:]
    assert "unique failures" not in output and "Stateful" in output
