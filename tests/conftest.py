"""The named cast, reused everywhere (Healthchecks' alice/bob/charlie):

- Kota Malang (35.73) with agency A (Dinas Kominfo) and agency B (Dinas Kesehatan);
- alice: operator of A; bob: operator of B; ivan: innovator of A;
- adam: Pemda admin; vera: verifier; carl: change agent; una: innovation unit;
  lina: leadership; oscar: operator of another Pemda (Kota Batu); anonymous.
"""

import pytest
from django.core.cache import cache

from inovda.organizations.models import LocalGovernment, Role
from tests.organizations.factories import AgencyFactory, LocalGovernmentFactory, member


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploads in a temporary folder, no lock-out, and fast password hashing: the cast is
    made with passwords and Argon2 is slow on purpose (the product keeps Argon2)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.INOVDA_BACKUP_DIR = tmp_path / "backups"
    settings.INOVDA_REQUIRE_2FA = False  # tests/accounts turn it on
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Figures computed afresh in every test (tests/core/test_cache.py tests the cache itself).
    # Tests of the rate limits give themselves a real cache (`real_cache`).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    # Cards drawn inside the innovation page, so tests read them there (the lazy path is
    # tested in tests/innovations/test_lazy_cards.py and by the query-count test).
    settings.INOVDA = {**settings.INOVDA, "LAZY_CARDS": False}


@pytest.fixture
def real_cache(settings):
    """A working, empty cache of this test's own (rate-limit counters start at zero)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{id(settings)}",
        }
    }
    cache.clear()


@pytest.fixture
def province(db):
    return LocalGovernmentFactory(code="35", name="Jawa Timur", kind=LocalGovernment.Kind.PROVINCE)


@pytest.fixture
def pemda(province):
    return LocalGovernmentFactory(code="35.73", name="Kota Malang", province=province)


@pytest.fixture
def other_pemda(province):
    return LocalGovernmentFactory(code="35.79", name="Kota Batu", province=province)


@pytest.fixture
def agency_a(pemda):
    return AgencyFactory(pemda=pemda, name="Dinas Komunikasi dan Informatika")


@pytest.fixture
def agency_b(pemda):
    return AgencyFactory(pemda=pemda, name="Dinas Kesehatan")


@pytest.fixture
def other_agency(other_pemda):
    return AgencyFactory(pemda=other_pemda, name="Dinas Kominfo Kota Batu")


@pytest.fixture
def alice(agency_a):
    return member("alice", Role.OPERATOR, pemda=agency_a.pemda, agency=agency_a)


@pytest.fixture
def bob(agency_b):
    return member("bob", Role.OPERATOR, pemda=agency_b.pemda, agency=agency_b)


@pytest.fixture
def ivan(agency_a):
    return member("ivan", Role.INNOVATOR, pemda=agency_a.pemda, agency=agency_a)


@pytest.fixture
def adam(pemda):
    return member("adam", Role.PEMDA_ADMIN, pemda=pemda)


@pytest.fixture
def vera(pemda):
    return member("vera", Role.VERIFIER, pemda=pemda)


@pytest.fixture
def carl(pemda):
    return member("carl", Role.CHANGE_AGENT, pemda=pemda)


@pytest.fixture
def una(pemda):
    return member("una", Role.INNOVATION_UNIT, pemda=pemda)


@pytest.fixture
def lina(pemda):
    return member("lina", Role.LEADERSHIP, pemda=pemda)


@pytest.fixture
def oscar(other_agency):
    return member("oscar", Role.OPERATOR, pemda=other_agency.pemda, agency=other_agency)


@pytest.fixture
def cast(alice, bob, ivan, adam, vera, carl, una, lina, oscar):
    return {
        "alice": alice,
        "bob": bob,
        "ivan": ivan,
        "adam": adam,
        "vera": vera,
        "carl": carl,
        "una": una,
        "lina": lina,
        "oscar": oscar,
    }


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def run_worker():
    """Run `manage.py db_worker` once over the ready tasks, as worker `worker_id`."""
    from django.core.management import call_command

    def _run(worker_id: str, *extra: str) -> None:
        call_command(
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--worker-id",
            worker_id,
            "--heartbeat",
            "30",
            *extra,
            verbosity=0,
        )

    return _run
