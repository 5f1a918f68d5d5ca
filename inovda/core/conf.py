"""The one settings reader of every app's `conf.py` (ADR 0009).

An app declares its DEFAULTS and reads them through `AppSettings`:

    DEFAULTS = {"SLA_DAYS": {"budget": 30, "other": 21}, "PAGE_SIZE": 20}
    settings = AppSettings("INOVDA_MYAPP", DEFAULTS)
    get = settings.get

The override rule, the same for every app: the project's setting (`INOVDA_MYAPP = {...}`)
names only what it changes. A dictionary is merged key by key into the default, recursively
(`{"SLA_DAYS": {"budget": 45}}` changes the budget SLA and keeps the others); any other
value (a number, a string, a list) replaces the default whole. A name the app does not
declare is an error (KeyError), so a typo in code does not read None. Values are read at
call time, so `override_settings`/the `settings` fixture apply at once.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings


def merge(default: Any, override: Any) -> Any:
    """`override` over `default`: dictionaries key by key (recursively), else replaced."""
    if isinstance(default, dict) and isinstance(override, dict):
        merged = dict(default)
        for key, value in override.items():
            merged[key] = merge(default[key], value) if key in default else value
        return merged
    return override


class AppSettings:
    def __init__(self, setting_name: str, defaults: dict[str, Any]):
        self.setting_name = setting_name
        self.defaults = defaults

    def overrides(self) -> dict[str, Any]:
        return getattr(settings, self.setting_name, None) or {}

    def get(self, name: str) -> Any:
        """The value of `name`: the project's override merged over the default (a copy, so a
        caller changing it changes neither)."""
        default = self.defaults[name]
        overrides = self.overrides()
        value = merge(default, overrides[name]) if name in overrides else default
        return copy.deepcopy(value) if isinstance(value, dict | list) else value

    def all(self) -> dict[str, Any]:
        """Every setting of the app, merged as by `get`."""
        return {name: self.get(name) for name in self.defaults}
