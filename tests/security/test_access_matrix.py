"""Scope by construction: every URL pattern (pages and API) × every role × the secret sides.

Generated from the URL configuration, not listed by hand: a new page is covered the day
it is added. For each pattern, its integer arguments are aimed at the other agency's draft
(8001) and at the other Pemda (9001) — one pk stands for every model of a side (see
`world.py`) — and its text arguments take each value the views accept. Then:

- GET as every role: no server error; a 200 never shows the marker of a side the role may
  not read, and a file (PDF, XLSX, CSV, upload) of such a side is never served;
- POST as the roles that may not write there, both empty and with the very fields the
  owner's page offers (harvested from the owner's forms): nothing changes in the database
  (row counts of every table and the audit log are compared after each request).
"""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch

from inovda.core.models import AuditEvent
from inovda.innovations.lifecycle import TRANSITIONS

from . import world
from .world import BATU_MARK, BATU_PK, DRAFT_MARK, DRAFT_PK, READS

pytestmark = pytest.mark.django_db

TEXT_VALUES = {
    "name": sorted(TRANSITIONS),
    "kind": ["innovation", "spd", "innovations", "agencies", "users"],
    "action": ["submit", "verify", "return"],
    "fmt": ["csv", "xlsx"],
    "format": ["json"],
    "key": ["innovations", "barriers", "risks", "budget-lines", "events"],
}
SKIP = {"logout", "set_language", "login"}


def _patterns(resolver=None, namespace=""):
    for item in (resolver or get_resolver()).url_patterns:
        if isinstance(item, URLResolver):
            if getattr(item, "app_name", None) == "admin":
                continue
            ns = f"{namespace}{item.namespace}:" if item.namespace else namespace
            yield from _patterns(item, ns)
        elif isinstance(item, URLPattern) and item.name and item.name not in SKIP:
            yield f"{namespace}{item.name}", item


def _arguments(pattern: URLPattern) -> list[str]:
    return list(pattern.pattern.regex.groupindex)


def urls(pk: int) -> list[str]:
    """Every pattern aimed at the side `pk`: ints → pk (year → 2026), texts → each value."""
    return sorted({url for name, _ in _patterns() for url in _built(name, pk)})


def _built(name: str, pk: int) -> set[str]:
    found: set[str] = set()
    for pattern_name, pattern in _patterns():
        if pattern_name != name:
            continue
        args = _arguments(pattern)
        choices = []
        for arg in args:
            if arg == "year":
                choices.append([2026])
            elif arg in TEXT_VALUES:
                choices.append(TEXT_VALUES[arg])
            else:
                choices.append([pk])
        for combo in itertools.product(*choices):
            kwargs = dict(zip(args, combo, strict=True))
            try:
                found.add(reverse(name, kwargs=kwargs))
            except NoReverseMatch:
                continue
    return sorted(found)


def aimed(url: str) -> int | None:
    """Which secret side a URL points at (by the pk in its path), if any."""
    numbers = {int(n) for n in re.findall(r"/(\d+)(?=[/.])", url)}
    return BATU_PK if BATU_PK in numbers else DRAFT_PK if DRAFT_PK in numbers else None


MARK_OF = {DRAFT_PK: DRAFT_MARK, BATU_PK: BATU_MARK}
HTML_OR_JSON = ("text/html", "application/json", "application/vnd.oai.openapi")


class _Forms(HTMLParser):
    """The POST forms of a page: (action, fields with their current values)."""

    def __init__(self, url):
        super().__init__()
        self.url, self.forms, self._current = url, [], None
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "option" and self._current is not None and self._select and "selected" in a:
            fields, value = self._current[1], a.get("value", "")
            previous = fields.get(self._select)
            fields[self._select] = [*previous, value] if isinstance(previous, list) else value
            return
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._current, self._pressed = (a.get("action") or self.url, {}), False
            self.forms.append(self._current)
        elif self._current is None or not a.get("name"):
            return
        elif tag == "input" and a.get("type") not in ("file", "submit", "checkbox", "radio"):
            self._current[1][a["name"]] = a.get("value") or ""
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self._current[1][a["name"]] = a.get("value") or "on"
        elif tag in ("textarea", "select"):
            self._current[1].setdefault(a["name"], [] if "multiple" in a else "")
            self._select = a["name"] if tag == "select" else None
            self._textarea = a["name"] if tag == "textarea" else None
        elif tag == "button" and a.get("type", "submit") == "submit" and not self._pressed:
            self._current[1][a["name"]] = a.get("value") or "1"  # the first button only
            self._pressed = True

    def handle_data(self, data):
        if self._current is not None and self._textarea:
            self._current[1][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def _client(users, who) -> Client:
    client = Client(raise_request_exception=True)
    if who != "anonymous":
        client.force_login(users[who])
    return client


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _leaks(who: str, url: str, response) -> str | None:
    """Why this answer exposes a side `who` may not read (None when it does not)."""
    if response.status_code != 200:
        return None
    body = _body(response)
    for mark in (DRAFT_MARK, BATU_MARK):
        if mark not in READS[who] and mark.encode() in body:
            return f"shows {mark}"
    side = aimed(url)
    content_type = response.get("Content-Type", "")
    if side and MARK_OF[side] not in READS[who] and not content_type.startswith(HTML_OR_JSON):
        return f"serves a {content_type} of side {side}"
    return None


@pytest.fixture
def users(settings):
    settings.AXES_ENABLED = False
    return world.build()


ALL_URLS = None
PUBLIC = {"/healthz"}
# Answering anonymous visitors is these pages' purpose: the public side shows published
# versions only (tests/public prove that nothing unpublished reaches it, field by field)
# and the password-reset and invitation pages reveal nothing without a valid token. Their
# staff pages (`public:staff_*`) stay in the matrix like every other page.
ACCOUNT_PAGES = {
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation",
    "oidc_authentication_init",
}


def anonymous_by_design(name: str) -> bool:
    if name.startswith("public:"):
        return not name.startswith("public:staff_")
    return name.removeprefix("accounts:") in ACCOUNT_PAGES


# Pages without an object argument are in the pattern walk already; these add the
# Pemda-scoped lists aimed at the other Pemda by their query string.
LISTS = [
    f"/ecosystem/?pemda={BATU_PK}",
    f"/ecosystem/budget/?pemda={BATU_PK}",
    f"/ecosystem/barriers/?pemda={BATU_PK}",
    f"/ecosystem/innovators/?pemda={BATU_PK}",
    f"/reports/dashboard/agency/?agency={BATU_PK}",
    "/knowledge/?q=Kelinci",  # a word of both secret names (the markers would be echoed)
    "/innovations/?q=Kelinci",
    "/knowledge/similar/?name=Kelinci+innovation",
]


def _all_urls() -> list[str]:
    global ALL_URLS
    if ALL_URLS is None:
        ALL_URLS = sorted(set(urls(DRAFT_PK)) | set(urls(BATU_PK)))
    return ALL_URLS


def _public(url: str) -> bool:
    if url in PUBLIC:
        return True
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return False
    return anonymous_by_design(match.view_name)


@pytest.mark.parametrize("who", sorted(READS))
def test_no_page_or_api_shows_what_the_role_may_not_read(users, who):
    client = _client(users, who)
    problems = []
    for url in _all_urls() + LISTS:
        response = client.get(url)
        assert response.status_code != 500, url
        if reason := _leaks(who, url, response):
            problems.append(f"GET {url} as {who}: {reason}")
        if who == "anonymous" and response.status_code == 200 and not _public(url):
            problems.append(f"GET {url} answers without login")
    assert not problems, "\n".join(problems)


def _fingerprint() -> tuple:
    tables = [m._meta.db_table for m in apps.get_models() if m._meta.managed]
    sql = "SELECT " + ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return (AuditEvent.objects.count(), *counts)


def _harvest(users) -> dict[str, list[dict]]:
    """Forms the owners of each side see on every page aimed at that side."""
    owners = {DRAFT_PK: _client(users, "adam"), BATU_PK: _client(users, "batu_admin")}
    posts: dict[str, list[dict]] = {}
    for url in _all_urls():
        side = aimed(url)
        if side is None:
            continue
        response = owners[side].get(url)
        posts.setdefault(url, [{}])
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        parser = _Forms(url)
        parser.feed(response.content.decode())
        for action, fields in parser.forms:
            target = urlsplit(action).path or url
            if aimed(target) == side:
                posts.setdefault(target, [{}]).append(fields)
    return posts


# The roles that may not write on each side (every role of the other Pemda included).
INTRUDERS = {
    DRAFT_PK: ["alice", "ivan", "vera", "una", "lina", "carl", "oscar", "anonymous"],
    BATU_PK: ["adam", "una", "alice", "anonymous"],
}


def test_no_forbidden_write_by_any_post(users):
    posts = _harvest(users)
    clients = {who: _client(users, who) for who in READS}
    before = _fingerprint()
    problems = []
    for url, bodies in posts.items():
        for who in INTRUDERS[aimed(url)]:
            for data in bodies:
                response = clients[who].post(url, data)
                assert response.status_code != 500, url
                if reason := _leaks(who, url, response):
                    problems.append(f"POST {url} as {who}: {reason}")
                after = _fingerprint()
                if after != before:
                    problems.append(f"POST {url} as {who} with {sorted(data)} wrote")
                    before = after
    assert not problems, "\n".join(problems)


def test_the_matrix_covers_every_pattern():
    """Every named pattern is built (a pattern whose arguments the generator cannot fill
    fails here, so that a new page cannot escape the matrix)."""
    built = {name for name, _ in _patterns() if _built(name, DRAFT_PK) or _built(name, BATU_PK)}
    missing = sorted({name for name, _ in _patterns() if not anonymous_by_design(name)} - built)
    assert not missing, missing
