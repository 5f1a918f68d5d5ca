"""The demo city loads fully, from the reference files, and loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from inovda.innovations.models import Innovation
from inovda.organizations.models import Agency, GovernmentAffair, LocalGovernment, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command as cc

        cc("flush", "--noinput", verbosity=0)


def test_reference_data(demo):
    assert LocalGovernment.objects.count() == 552
    assert LocalGovernment.objects.filter(kind="provinsi").count() == 38
    assert LocalGovernment.objects.get(code="35.73").province.code == "35"
    assert GovernmentAffair.objects.filter(is_basic_service=True).count() == 6


def test_demo_city(demo):
    malang = LocalGovernment.objects.get(code="35.73")
    assert Innovation.objects.filter(pemda=malang).count() == 118
    assert Agency.objects.filter(pemda=malang, kind="kelurahan").count() == 57
    assert Innovation.objects.filter(pemda=malang, name__startswith="GAMPIL").exists()
    years = set(Innovation.objects.filter(pemda=malang).values_list("year", flat=True))
    assert years <= {2018, 2019, 2020, 2021, 2022}
    assert len(set(Innovation.objects.values_list("agency", flat=True))) > 20
    assert len(set(Innovation.objects.values_list("stage", flat=True))) == 3
    assert len(set(Innovation.objects.values_list("form", flat=True))) == 3
    roles = set(Membership.objects.filter(pemda=malang).values_list("role", flat=True))
    assert roles == {r for r, _ in Membership._meta.get_field("role").choices}


def test_seed_is_idempotent(demo):
    before = (Innovation.objects.count(), Agency.objects.count(), Membership.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert before == (
        Innovation.objects.count(),
        Agency.objects.count(),
        Membership.objects.count(),
    )


def test_submitted_demo_innovations_meet_the_submission_rules(demo):
    from inovda.innovations.rules import submission_problems

    for innovation in Innovation.objects.exclude(status="draft"):
        assert submission_problems(innovation) == [], innovation.name


@pytest.mark.parametrize(
    "username",
    [
        "admin",
        "operator.kominfo",
        "operator.dinkes",
        "inovator",
        "verifikator",
        "agen",
        "unit",
        "pimpinan",
    ],
)
def test_every_demo_desk_shows_something(demo, username):
    from django.contrib.auth import get_user_model

    from inovda.core.desk import desk_for

    desk = desk_for(get_user_model().objects.get(username=username))
    assert desk and any(b.waiting or b.figures for b in desk), username
