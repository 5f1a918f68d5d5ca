"""Reference and demo data live in versioned files under data/; each app loads its own.

`load_reference` calls `load(stdout)` of every `inovda.<app>.reference` module and
`seed_demo` calls `load(stdout)` of every `inovda.<app>.demo` module, in INSTALLED_APPS
order, so apps never edit each other's loaders.
"""

from __future__ import annotations

import csv
import importlib
import json
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings

DATA_DIR = Path(settings.BASE_DIR) / "data"


def reference_path(name: str) -> Path:
    return DATA_DIR / "reference" / name


def demo_path(name: str) -> Path:
    return DATA_DIR / "demo" / name


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield {key.strip(): (value or "").strip() for key, value in row.items() if key}


def read_json(path: Path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def app_modules(module_name: str):
    for config in apps.get_app_configs():
        if not config.name.startswith("inovda."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{module_name}":
                raise
