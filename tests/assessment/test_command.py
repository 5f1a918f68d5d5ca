"""`manage.py iid_simulate`: the what-if on the command line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("six_basic_services")]


def _run(*args) -> str:
    out = io.StringIO()
    call_command("iid_simulate", *args, stdout=out)
    return out.getvalue()


def test_worked_example_as_json(periods):
    args = "--period 2026 --spd 40 --innovations 8 --score 80 --basic-services 6 --json"
    result = json.loads(_run(*args.split()))
    assert result["iid"] == 38.55 and result["predicate"] == "Kurang Inovatif"
    assert (result["spd"], result["sid_average"], result["divisor"]) == (40.0, 53.33, 12)
    assert (result["count_score"], result["total"], result["empty_seats"]) == (3.04, 96.37, 4)
    assert result["figures"]["sid_average"]["formula"] == "640.00 / 12"


def test_list_of_scores_table_and_gain(periods):
    text = _run(
        "--period",
        "2026",
        "--spd",
        "40",
        "--scores",
        "80,80,80,80,80,80,80,80,80,80,80,80",
        "--basic-services",
        "5",
        "--next-score",
        "80",
    )
    assert "49.82" in text and "Inovatif" in text
    assert "one more at 80" in text and "+0.15" in text  # n = k: only the count score moves


def test_gain_in_json(periods):
    args = "--period 2026 --spd 40 --innovations 8 --score 80 --basic-services 6 --next-score 80"
    result = json.loads(_run(*args.split(), "--json"))
    assert result["one_more_innovation"] == {"score": 80.0, "iid_gain": 2.82, "iid_after": 41.37}


def test_2023_rules(periods):
    args = "--period 2023 --spd 40 --innovations 8 --score 80 --basic-services 0 --json"
    result = json.loads(_run(*args.split()))
    assert result["divisor"] == 10 and result["count_score"] == 3.04  # no basic-service rule
    assert result["iid"] == 42.82 and result["predicate"] == "Inovatif"  # (40+64+3.04)/250


@pytest.mark.parametrize(
    "args",
    [
        "--period 1999 --spd 40 --innovations 8 --score 80 --basic-services 6",
        "--period 2026 --spd 70 --innovations 8 --score 80 --basic-services 6",
        "--period 2026 --spd 40 --innovations 8 --basic-services 6",
        "--period 2026 --spd 40 --scores 80,x --basic-services 6",
    ],
)
def test_bad_inputs_are_explained(periods, args):
    with pytest.raises(CommandError):
        _run(*args.split())


def test_refuses_more_basic_services_than_exist(periods):
    with pytest.raises(CommandError, match="6"):
        args = "--period 2026 --spd 40 --innovations 8 --score 80 --basic-services 7"
        _run(*args.split())


def test_2027_from_the_reference_rules(periods):
    args = "--period 2027 --spd 40 --innovations 8 --score 80 --basic-services 6 --json"
    result = json.loads(_run(*args.split()))
    assert (result["iid"], result["divisor"]) == (35.5, 14)
