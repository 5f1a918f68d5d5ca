"""A competition of Kota Malang with two categories, a three-criterion rubric and four
reviewers (vera, carl, lina and rudi, an operator of agency B), entries from agencies A
and B."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import translation

from inovda.competitions import reference, services
from inovda.organizations.models import Role
from tests.innovations.factories import implemented, pdf_upload
from tests.organizations.factories import member


@pytest.fixture(autouse=True)
def _english():
    """Refusals are asserted in English whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def rudi(agency_b):
    return member("rudi", Role.OPERATOR, pemda=agency_b.pemda, agency=agency_b)


@pytest.fixture
def competition(db, una, pemda):
    reference.load(io.StringIO())
    competition = services.competition_create(
        actor=una,
        pemda=pemda,
        data={"name": "Malang Innovation Award", "year": 2026, "reviewers_per_entry": 3},
        dates=services.default_dates(datetime.date(2026, 3, 1)),
    )
    services.category_create(actor=una, competition=competition, name="Pelayanan publik")
    for name, weight in (("Kebaruan", "3"), ("Signifikansi", "5"), ("Keberlanjutan", "2")):
        services.criterion_save(
            actor=una,
            competition=competition,
            name=name,
            weight=Decimal(weight),
            descriptors={"1": "lemah", "5": "sangat kuat"},
        )
    return competition


@pytest.fixture
def reviewers(competition, una, vera, carl, lina, rudi):
    return [
        services.reviewer_add(actor=una, competition=competition, user=u)
        for u in (vera, carl, lina, rudi)
    ]


def fill_and_submit(actor, entry):
    texts = {a.section_id: "Isi bagian proposal." for a in entry.answers.all()}
    services.entry_save(actor=actor, entry=entry, texts=texts)
    services.entry_attach(actor=actor, entry=entry, upload=pdf_upload("pernyataan.pdf"))
    return services.entry_submit(actor=actor, entry=entry)


@pytest.fixture
def entries(competition, reviewers, una, alice, bob, agency_a, agency_b):
    """Three submitted entries (two of agency A, one of agency B), desk evaluation open."""
    services.phase_advance(actor=una, competition=competition)  # → submission
    category = competition.categories.get()
    made = []
    for actor, agency, name in (
        (alice, agency_a, "Ngalam Command Center"),
        (alice, agency_a, "Sambang Kelurahan"),
        (bob, agency_b, "Puskesmas Ramah"),
    ):
        entry = services.entry_create(
            actor=actor,
            competition=competition,
            category=category,
            innovation=implemented(agency, name=name),
        )
        made.append(fill_and_submit(actor, entry))
    services.phase_advance(actor=una, competition=competition)  # → desk, reviewers assigned
    competition.refresh_from_db()
    return made


def score_all(competition, levels_by_user):
    """levels_by_user: {user: level for every criterion, or {entry name: level}}."""
    from inovda.competitions.models import Assignment

    for a in Assignment.objects.filter(
        entry__competition=competition, status=Assignment.Status.ASSIGNED
    ).select_related("reviewer__user", "entry__innovation"):
        spec = levels_by_user[a.reviewer.user]
        level = spec.get(a.entry.innovation.name, 3) if isinstance(spec, dict) else spec
        services.score_save(
            actor=a.reviewer.user,
            assignment=a,
            levels={c.pk: level for c in competition.criteria.all()},
        )


from tests.assessment.conftest import period, periods  # noqa: E402, F401
