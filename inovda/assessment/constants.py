"""The IID scoring constants of data/reference (k, the basic-service minimum, predicate
bands per year): read by the reference loader and by the services that copy a period."""

from __future__ import annotations

from typing import Any

from inovda.core.datafiles import read_json, reference_path

CONSTANTS = "iid_scoring_constants.json"


def year_constants(year: int) -> dict[str, tuple[Any, str]]:
    """The rules the reference constants give for `year`, each with where it comes from:
    the minimum divisor k, the basic-service minimum (the latest year at or before `year`
    that names one: the rule stays in force until changed) and the predicate bands."""
    constants = read_json(reference_path(CONSTANTS))
    found: dict[str, tuple[Any, str]] = {}
    k = constants["pembagi_minimal_by_year"].get(str(year))
    if k is not None:
        found["min_divisor"] = (k, f"{CONSTANTS}: pembagi_minimal_by_year {year}")
    minimum = {int(y): v for y, v in constants["min_urusan_yandas_by_year"].items()}
    since = max((y for y in minimum if y <= year), default=None)
    if since is not None:
        found["basic_service_minimum"] = (
            minimum[since],
            f"{CONSTANTS}: min_urusan_yandas_by_year {since}",
        )
    if constants.get(f"predikat_{year}"):
        found["bands"] = (constants[f"predikat_{year}"], f"{CONSTANTS}: predikat_{year}")
    return found
