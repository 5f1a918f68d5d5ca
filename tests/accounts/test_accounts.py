"""Password reset by e-mail, invitations for imported users (links that expire and work
once), the TOTP second factor for administrators (codes computed here from the key the
enrolment page shows), and who may review single sign-on accounts."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from inovda.accounts import services
from inovda.accounts.models import SsoEnrolment
from inovda.core.models import AuditEvent
from inovda.organizations.models import Membership, Role

pytestmark = pytest.mark.django_db
User = get_user_model()


def totp(secret_b32: str, at: float | None = None) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), written out independently of django-otp."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = struct.pack(">Q", int((time.time() if at is None else at) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


# --- password reset ----------------------------------------------------------------------


def test_password_reset_by_email(client, alice):
    alice.email = "alice@malangkota.go.id"
    alice.save()
    page = client.get(reverse("password_reset"))
    assert "Lupa kata sandi" in page.content.decode()
    client.post(reverse("password_reset"), {"email": "alice@malangkota.go.id"})
    (message,) = mail.outbox
    assert "alice" in message.body and "kata sandi" in message.subject.lower()
    confirm = client.get(link_in(message), follow=True)
    assert confirm.status_code == 200 and confirm.context["validlink"]
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "Malang-baru-2026", "new_password2": "Malang-baru-2026"},
    )
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("Malang-baru-2026")
    # Used once: the same link no longer works.
    assert not client.get(link_in(message), follow=True).context["validlink"]


def test_password_reset_tells_nothing_about_unknown_addresses(client, alice):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and mail.outbox == []


# --- invitations -------------------------------------------------------------------------


@pytest.fixture
def imported(pemda):
    user = User(username="budi", email="budi@malangkota.go.id", first_name="Budi")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, pemda=pemda, role=Role.VERIFIER)
    return user


def test_invitation_sets_the_first_password_once(
    client, imported, adam, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitation_send(user=imported, actor=adam)
    (message,) = mail.outbox
    assert "budi" in message.body and message.to == ["budi@malangkota.go.id"]
    assert AuditEvent.objects.filter(verb="invitation_sent", actor=adam).exists()
    link = link_in(message)
    page = client.get(link)
    assert page.status_code == 200 and "budi" in page.content.decode()
    weak = client.post(link, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and weak.context["form"].errors
    ok = client.post(
        link, {"new_password1": "Inovasi-Malang-7", "new_password2": "Inovasi-Malang-7"}
    )
    assert ok.status_code == 302
    imported.refresh_from_db()
    assert imported.check_password("Inovasi-Malang-7")
    client.logout()
    assert client.get(link).status_code == 400  # used


def test_invitation_expires(client, imported, settings, adam):
    token = services.invitation_token(imported)
    settings.INOVDA_INVITATION_DAYS = 0
    time.sleep(1.1)
    assert services.invitation_user(token) is None
    assert client.get(reverse("accounts:invitation", args=[token])).status_code == 400
    assert client.get(reverse("accounts:invitation", args=["forged:token"])).status_code == 400


def test_invitation_not_sent_to_users_with_a_password(alice, adam):
    alice.email = "alice@example.org"
    alice.save()
    assert not services.invitation_send(user=alice, actor=adam)
    assert mail.outbox == []


def test_admin_action_sends_invitations(
    client, imported, django_user_model, django_capture_on_commit_callbacks
):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(root)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:auth_user_changelist"),
            {"action": "send_invitations", "_selected_action": [imported.pk, root.pk]},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["budi@malangkota.go.id"]]


# --- second factor -----------------------------------------------------------------------


@pytest.fixture
def two_factor_on(settings):
    settings.INOVDA_REQUIRE_2FA = True


def test_pemda_admin_enrols_then_verifies_with_a_computed_code(client, adam, two_factor_on):
    client.force_login(adam)
    first = client.get(reverse("innovations:list"))
    assert first.status_code == 302 and first["Location"].startswith(reverse("accounts:two_factor"))
    page = client.get(first["Location"])
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # QR drawn here, nothing external
    secret = re.search(r'<code class="user-select-all">([A-Z2-7]+)</code>', html).group(1)
    wrong = client.post(
        first["Location"], {"token": "000000" if totp(secret) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and wrong.context["form"].errors
    # django-otp throttles after a wrong code: even the right one waits (1 s, then 2 s…).
    throttled = client.post(first["Location"], {"token": totp(secret)})
    assert "Terlalu banyak kode salah" in throttled.content.decode()
    time.sleep(1.1)
    right = client.post(first["Location"], {"token": totp(secret), "next": "/innovations/"})
    assert right.status_code == 302 and right["Location"] == "/innovations/"
    assert client.get(reverse("innovations:list")).status_code == 200
    assert AuditEvent.objects.filter(verb="second_factor_enrolled", actor=adam).exists()

    # Next session: the code is asked again, the confirmed device answers it.
    client.logout()
    client.force_login(adam)
    assert client.get(reverse("innovations:list")).status_code == 302
    verify = client.get(reverse("accounts:two_factor"))
    assert "two_factor_verify.html" in [t.name.split("/")[-1] for t in verify.templates]
    later = totp(secret, time.time() + 30)  # the next step's code, within the drift allowed
    assert client.post(reverse("accounts:two_factor"), {"token": later}).status_code == 302
    assert client.get(reverse("innovations:list")).status_code == 200


def test_system_administrator_needs_it_too_and_the_api_refuses(
    client, django_user_model, two_factor_on
):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(root)
    assert client.get("/admin/").status_code == 302
    api = client.get("/api/v1/innovations/")
    assert api.status_code == 403 and "TOTP" in api.json()["detail"]


def test_admin_password_alone_does_not_open_the_api(client, adam, alice, two_factor_on):
    import base64 as b64

    def basic(user):
        token = b64.b64encode(f"{user.username}:secret-pass-123".encode()).decode()
        return {"HTTP_AUTHORIZATION": f"Basic {token}"}

    refused = client.get("/api/v1/innovations/", **basic(adam))
    assert refused.status_code in (401, 403) and "faktor kedua" in refused.json()["detail"]
    assert client.get("/api/v1/innovations/", **basic(alice)).status_code == 200


def test_other_roles_are_not_asked(login, alice, vera, two_factor_on):
    assert login(alice).get(reverse("innovations:list")).status_code == 200
    assert login(vera).get(reverse("innovations:list")).status_code == 200


# --- single sign-on review ------------------------------------------------------------------


@pytest.fixture
def enrolment(pemda, agency_a):
    user = User.objects.create(username="siti")
    return SsoEnrolment.objects.create(
        user=user,
        issuer="https://sso.example",
        subject="42",
        pemda=pemda,
        agency=agency_a,
        role=Role.OPERATOR,
    )


@pytest.mark.parametrize("who", ["alice", "vera", "lina", "oscar"])
def test_only_the_pemda_admin_reviews(request, login, enrolment, who):
    client = login(request.getfixturevalue(who))
    assert client.get(reverse("accounts:sso_review")).status_code == 404 or who == "oscar"
    response = client.post(reverse("accounts:sso_approve", args=[enrolment.pk]))
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == SsoEnrolment.Status.PENDING


def test_other_pemda_admin_sees_no_enrolment(login, enrolment, other_pemda):
    from tests.organizations.factories import member

    other_admin = member("otto", Role.PEMDA_ADMIN, pemda=other_pemda)
    page = login(other_admin).get(reverse("accounts:sso_review"))
    assert page.status_code == 200 and not page.context["pending"]


def test_reject_deactivates(login, adam, enrolment):
    login(adam).post(reverse("accounts:sso_reject", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == SsoEnrolment.Status.REJECTED and not enrolment.user.is_active
    assert not Membership.objects.filter(user=enrolment.user).exists()
    assert AuditEvent.objects.filter(verb="sso_rejected", actor=adam).exists()


def test_agency_role_without_agency_cannot_be_approved(login, adam, enrolment):
    enrolment.agency = None
    enrolment.save()
    login(adam).post(reverse("accounts:sso_approve", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == SsoEnrolment.Status.PENDING
