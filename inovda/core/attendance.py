"""Who attended a training, told by the app that records events to the apps that count
training (the knowledge app's bimtek/workshop attendance feeds the ecosystem's F1), so
that a fact entered once counts everywhere without the siblings importing each other.

An app registers `attended(pemda_id, year) -> set[user_id]` from `AppConfig.ready()`;
`trained_users(pemda_id, year)` is the union of every registered source.
"""

from __future__ import annotations

from collections.abc import Callable

_SOURCES: list[Callable[[int, int], set[int]]] = []


def register(source: Callable[[int, int], set[int]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def trained_users(pemda_id: int, year: int) -> set[int]:
    users: set[int] = set()
    for source in _SOURCES:
        users |= source(pemda_id, year)
    return users
