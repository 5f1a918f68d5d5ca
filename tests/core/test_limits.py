"""Request-size limit before parsing, per-user rate limits on search, exports and PDFs, and
the production headers kept (CSP with a nonce, no framing, no sniffing)."""

import pytest
from django.urls import reverse
from django.utils import translation

from inovda.core import middleware

pytestmark = pytest.mark.django_db


def test_oversized_body_is_refused_before_parsing(login, alice, settings, monkeypatch):
    settings.INOVDA_MAX_REQUEST_BYTES = 1024 * 1024
    client = login(alice)
    from django.http import HttpRequest

    def must_not_parse(self, *args, **kwargs):
        raise AssertionError("the body was parsed")

    monkeypatch.setattr(HttpRequest, "_load_post_and_files", must_not_parse)
    response = client.post(
        reverse("innovations:create"),
        data=b"x" * (1024 * 1024 + 1),
        content_type="application/octet-stream",
    )
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()
    assert "masih menyimpan yang Anda ketik" in response.content.decode()  # Back keeps it
    api = client.post(
        "/api/v1/innovations/", data=b"x" * (1024 * 1024 + 1), content_type="application/json"
    )
    assert api.status_code == 413
    assert "terlalu besar" in api.json()["detail"]


def test_body_within_the_limit_reaches_the_view(client, alice, settings):
    settings.INOVDA_MAX_REQUEST_BYTES = 1024 * 1024
    response = client.post(reverse("login"), {"username": "alice", "password": "x" * 900_000})
    assert response.status_code == 200  # the form answers with its errors
    assert response.context["form"].errors


@pytest.mark.parametrize(
    "scope,url",
    [
        ("search", lambda: reverse("knowledge:search") + "?q=antrean"),
        ("pdf", lambda: reverse("reports:annual_pdf")),
    ],
)
def test_rate_limit_per_user_with_a_clear_message(
    login, adam, vera, settings, scope, url, monkeypatch, real_cache
):
    monkeypatch.setattr(middleware, "_clock", lambda: 1_800_000_030.0)  # mid-minute, held
    limits = dict(settings.INOVDA_RATE_LIMITS)
    limits[scope] = (2, limits[scope][1])
    settings.INOVDA_RATE_LIMITS = limits
    client = login(adam)
    assert [client.get(url()).status_code for _ in range(2)] == [200, 200]
    refused = client.get(url())
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Terlalu banyak permintaan" in refused.content.decode()
    # Per user: a colleague is not slowed down by adam.
    assert login(vera).get(url()).status_code == 200


def test_rate_limit_message_in_english_when_chosen(login, adam, settings):
    settings.INOVDA_RATE_LIMITS = {"export": (0, ["reports:export"])}
    client = login(adam)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("reports:export", args=["innovations", "csv"]))
    assert response.status_code == 429
    assert "too many requests" in response.content.decode()
    translation.activate("id")


def test_production_headers_kept(login, adam):
    response = login(adam).get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp  # nonce when used
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
