"""Single sign-on against a real OpenID Connect provider: django-oauth-toolkit running in
its own process on a loopback port (tests/oidc_provider), reached over HTTP for discovery,
authorisation (with PKCE), token, JWKS and userinfo. Nothing is mocked."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.shortcuts import resolve_url
from django.urls import reverse

from inovda.accounts.models import SsoEnrolment
from inovda.organizations.models import Membership, Role

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET = "inovda-test", "s3cret-for-the-test-only"
REDIRECT = "http://testserver/accounts/sso/callback/"
PEOPLE = {
    "siti": {
        "password": "siti-pass-123",
        "claims": {
            "email": "siti@malangkota.go.id",
            "given_name": "Siti",
            "family_name": "Rahayu",
            "preferred_username": "siti",
            "pemda_code": "35.73",
            "agency": "Dinas Komunikasi dan Informatika",
            "inovda_role": "operator",
        },
    },
    # Claims the same username as a local account: must never take it over.
    "alice": {
        "password": "alice-pass-123",
        "claims": {"email": "alice@example.org", "preferred_username": "alice"},
    },
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    port = _free_port()
    env = {
        **os.environ,
        "OIDC_PROVIDER_DB": str(tmp_path_factory.mktemp("oidc") / "provider.sqlite3"),
        "OIDC_PROVIDER_KEY": pem,
        "OIDC_PROVIDER_USERS": json.dumps(PEOPLE),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port), CLIENT_ID]
        + [CLIENT_SECRET, REDIRECT],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # up to 2 minutes on a busy machine
            try:
                discovery = requests.get(f"{base}/o/.well-known/openid-configuration", timeout=2)
                if discovery.ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()[-2000:])
            time.sleep(0.1)
        else:
            raise RuntimeError("the OIDC provider did not start")
        yield {"base": base, "discovery": discovery.json()}
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def sso(settings, provider):
    d = provider["discovery"]
    settings.INOVDA_OIDC_ISSUER = d["issuer"]
    settings.INOVDA_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = d["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = d["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = d["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = d["jwks_uri"]
    settings.OIDC_TIMEOUT = 30
    return provider


def sign_in(client, provider, username: str):
    """The browser's round trip: Inovda → provider's login and consent → Inovda callback."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(provider["discovery"]["authorization_endpoint"])
    assert "code_challenge=" in authorize  # PKCE
    browser = requests.Session()
    login_url = f"{provider['base']}/login/"
    browser.get(login_url, timeout=30)
    signed_in = browser.post(
        login_url,
        data={
            "username": username,
            "password": PEOPLE[username]["password"],
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": login_url},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    granted = browser.get(authorize, allow_redirects=False, timeout=30)
    assert granted.status_code == 302, granted.text[:500]
    callback = urlsplit(granted.headers["Location"])
    assert f"{callback.scheme}://{callback.netloc}{callback.path}" == REDIRECT
    return client.get(f"{callback.path}?{callback.query}")


def test_new_account_waits_for_review_then_gets_the_claimed_role(
    client, sso, pemda, agency_a, adam, login, settings
):
    response = sign_in(client, sso, "siti")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sso_pending")

    enrolment = SsoEnrolment.objects.get(user__username="siti")
    assert enrolment.status == SsoEnrolment.Status.PENDING
    assert (enrolment.pemda, enrolment.agency, enrolment.role) == (pemda, agency_a, "operator")
    assert enrolment.issuer == sso["discovery"]["issuer"]
    user = enrolment.user
    assert (user.email, user.first_name, user.has_usable_password()) == (
        "siti@malangkota.go.id",
        "Siti",
        False,
    )
    assert not Membership.objects.filter(user=user).exists()
    pending = client.get(reverse("accounts:sso_pending"))
    assert "Menunggu persetujuan" in pending.content.decode()

    # The Pemda admin reviews and approves: the membership is granted.
    admin = login(adam)
    review = admin.get(reverse("accounts:sso_review"))
    assert "siti@malangkota.go.id" in review.content.decode()
    admin.post(reverse("accounts:sso_approve", args=[enrolment.pk]))
    assert Membership.objects.filter(
        user=user, pemda=pemda, agency=agency_a, role=Role.OPERATOR
    ).exists()

    # Signing in again finds the same account by the provider's subject.
    client.logout()
    again = sign_in(client, sso, "siti")
    assert again.status_code == 302
    assert again["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert SsoEnrolment.objects.filter(user__username__startswith="siti").count() == 1
    assert client.get("/").wsgi_request.user == user


def test_provider_account_never_takes_over_a_local_one(client, sso, alice):
    sign_in(client, sso, "alice")
    enrolment = SsoEnrolment.objects.get(user__email="alice@example.org")
    assert enrolment.user != alice and enrolment.user.username == "alice-2"
    assert (enrolment.pemda, enrolment.role) == (None, "")
    assert client.get("/").wsgi_request.user == enrolment.user


def test_forged_state_signs_nobody_in(client, sso):
    client.get(reverse("oidc_authentication_init"))
    response = client.get(reverse("oidc_authentication_callback") + "?code=x&state=forged")
    assert response.status_code in (302, 400)
    assert not SsoEnrolment.objects.exists()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_sso_is_off_unless_configured(client):
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert "organisation" not in client.get(reverse("login")).content.decode()
