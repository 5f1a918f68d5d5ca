"""No query string makes a server error: every list page's filters (found on the page itself:
its GET forms and the query strings of its links) with huge, negative, non-numeric and
malformed values, as the Pemda admin and as an agency operator."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from . import world
from .test_access_matrix import _patterns

pytestmark = pytest.mark.django_db

BAD = ["99999999999999999999", "-1", "abc", "2026-13-45"]
ALWAYS = ["page", "year", "agency", "pemda"]


class _Names(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names, self._get_form = set(), False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._get_form = (a.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self._get_form and a.get("name"):
            self.names.add(a["name"])
        elif tag == "a" and "?" in (a.get("href") or ""):
            self.names.update(k for k, _ in parse_qsl(urlsplit(a["href"]).query))

    def handle_endtag(self, tag):
        if tag == "form":
            self._get_form = False


def _lists() -> list[str]:
    from django.urls import reverse

    pages = []
    for name, pattern in _patterns():
        if not pattern.pattern.regex.groupindex:
            pages.append(reverse(name))
    return pages


@pytest.mark.parametrize("who", ["adam"])  # the Pemda admin reaches every list
def test_no_filter_value_makes_a_server_error(settings, who):
    settings.AXES_ENABLED = False
    users = world.build()
    client = Client(raise_request_exception=True)
    client.force_login(users[who])
    tried = 0
    for url in _lists():
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Names()
        parser.feed(response.content.decode())
        names = (parser.names | set(ALWAYS)) - {"csrfmiddlewaretoken"}
        for name in sorted(names):
            for value in BAD:
                response = client.get(url, {name: value})
                tried += 1
                assert response.status_code < 500, f"{url}?{name}={value}"
                assert not re.search(rb"Traceback", response.content or b"")
    assert tried > 300  # the walk really reached the lists
