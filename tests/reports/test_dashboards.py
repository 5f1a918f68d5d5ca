"""Dashboard figures equal independent queries over the same data, in every user's scope."""

import datetime
import random
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from inovda.core.models import AuditEvent
from inovda.core.sections import sections_for
from inovda.innovations.models import Innovation
from inovda.organizations.models import LocalGovernment, Role
from inovda.reports import selectors
from tests.innovations.factories import InnovationFactory, TagFactory
from tests.organizations.factories import member

pytestmark = pytest.mark.django_db
S = Innovation.Status
STATUS_STAGE = [
    (S.DRAFT, "inisiatif"),
    (S.SUBMITTED, "inisiatif"),
    (S.TRIAL, "uji_coba"),
    (S.IMPLEMENTED, "penerapan"),
    (S.IMPLEMENTED, "penerapan"),
    (S.DISCONTINUED, "penerapan"),
]


@pytest.fixture
def registry(agency_a, agency_b, other_agency, affairs, poverty):
    """About 60 innovations in Kota Malang (both agencies) and Kota Batu, fixed seed."""
    rng = random.Random(7)
    digital = TagFactory(code="digitalisasi-layanan", name="Digitalisasi layanan")
    affair_list = list(affairs.values())
    made = []
    for i in range(60):
        status, stage = rng.choice(STATUS_STAGE)
        innovation = InnovationFactory(
            agency=rng.choice([agency_a, agency_a, agency_b, other_agency]),
            status=status,
            stage=stage,
            form=rng.choice(list(Innovation.Form.values) + [""]),
            year=rng.choice([2019, 2020, 2021, 2022, None]),
            main_affair=rng.choice(affair_list + [None]),
            name=f"Inovasi {i}",
        )
        if rng.random() < 0.3:
            innovation.themes.add(poverty)
        if rng.random() < 0.3:
            innovation.themes.add(digital)
        if rng.random() < 0.3:
            innovation.other_affairs.add(rng.choice(affair_list))
        made.append(innovation)
    # Two discontinuations recorded through the lifecycle (as its audit event), one in 2023.
    stopped = [inn for inn in made if inn.status == S.DISCONTINUED][:2]
    for innovation in stopped:
        event = AuditEvent.objects.create(
            verb="discontinued",
            subject_type=ContentType.objects.get_for_model(Innovation),
            subject_id=innovation.pk,
            subject_repr=innovation.name,
            pemda=innovation.pemda,
            changes={"status": {"before": "implemented", "after": "discontinued"}},
        )
        AuditEvent.objects.filter(pk=event.pk).update(
            created_at=datetime.datetime(2023, 6, 1, tzinfo=datetime.UTC)
        )
    return made


def _independent(pemda, **filters):
    """The same innovations, found without the app's access helpers: non-drafts of a Pemda."""
    return [
        inn
        for inn in Innovation.objects.filter(pemda=pemda, **filters).prefetch_related("themes")
        if inn.status != S.DRAFT
    ]


def _counts(scope, dimension):
    return {row.key: row.n for row in selectors.counts_by(scope, dimension) if row.n}


@pytest.mark.parametrize("who", ["lina", "adam", "vera", "una", "carl"])
def test_leadership_figures_equal_independent_counts(cast, registry, pemda, who):
    scope = selectors.pemda_scope(cast[who])
    assert scope.pemda == pemda
    expected = _independent(pemda)
    assert selectors.total(scope) == len(expected)
    assert _counts(scope, "stage") == Counter(i.stage for i in expected)
    assert _counts(scope, "status") == Counter(i.status for i in expected)
    assert _counts(scope, "agency") == Counter(i.agency_id for i in expected)
    assert _counts(scope, "form") == Counter(i.form for i in expected if i.form) | (
        {"": sum(1 for i in expected if not i.form)} if any(not i.form for i in expected) else {}
    )
    assert _counts(scope, "affair") == Counter(i.main_affair_id or "" for i in expected)
    assert _counts(scope, "year") == Counter(i.year or "" for i in expected)
    themes = Counter(t.pk for i in expected for t in i.themes.all())
    themes[""] = sum(1 for i in expected if not i.themes.all())
    assert _counts(scope, "theme") == +themes


def test_new_vs_discontinued_per_year(lina, registry, pemda):
    flows = {f.year: f for f in selectors.new_vs_discontinued(selectors.pemda_scope(lina))}
    expected = _independent(pemda)
    for year, n in Counter(i.year for i in expected if i.year).items():
        assert flows[year].new == n
    with_event = set(
        AuditEvent.objects.filter(changes__status__after="discontinued").values_list(
            "subject_id", flat=True
        )
    )
    in_2023 = sum(1 for i in expected if i.pk in with_event)
    assert flows.get(2023, selectors.YearFlow(2023, 0, 0)).discontinued == in_2023
    unknown = sum(1 for i in expected if i.status == S.DISCONTINUED and i.pk not in with_event)
    no_year = sum(1 for i in expected if i.year is None)
    if unknown or no_year:
        assert (flows[None].discontinued, flows[None].new) == (unknown, no_year)


def test_basic_service_coverage(lina, registry, pemda, affairs):
    coverage = {
        c.affair.code: c.n for c in selectors.basic_service_coverage(selectors.pemda_scope(lina))
    }
    expected = _independent(pemda)
    for code, affair in affairs.items():
        if not affair.is_basic_service:
            assert code not in coverage
            continue
        n = sum(
            1 for i in expected if i.main_affair_id == affair.pk or affair in i.other_affairs.all()
        )
        assert coverage[code] == n


def test_poverty_dashboard_counts_only_tagged_innovations(lina, registry, pemda, poverty):
    scope = selectors.pemda_scope(lina, theme=selectors.poverty_theme())
    tagged = [i for i in _independent(pemda) if poverty in i.themes.all()]
    assert selectors.total(scope) == len(tagged)
    assert _counts(scope, "stage") == Counter(i.stage for i in tagged)


def test_agency_dashboard_of_an_operator_is_their_agency(alice, registry, agency_a, pemda):
    scope = selectors.agency_scope(alice)
    assert scope.agency == agency_a
    expected = [i for i in _independent(pemda) if i.agency_id == agency_a.pk]
    assert selectors.total(scope) == len(expected)
    assert _counts(scope, "status") == Counter(i.status for i in expected)


def test_province_view_puts_cities_side_by_side(
    registry, province, pemda, other_pemda, affairs, poverty
):
    governor = member("gubernur", Role.LEADERSHIP, pemda=province)
    scope = selectors.province_scope(governor)
    assert {p.pk for p in scope.pemdas} == {pemda.pk, other_pemda.pk}
    rows = {r.pemda.pk: r for r in selectors.province_comparison(scope)}
    for city in (pemda, other_pemda):
        expected = _independent(city)
        row = rows[city.pk]
        assert row.total == len(expected)
        assert row.by_stage == dict(Counter(i.stage for i in expected))
        assert row.implemented == sum(1 for i in expected if i.status == S.IMPLEMENTED)
        assert row.discontinued == sum(1 for i in expected if i.status == S.DISCONTINUED)
        assert row.poverty == sum(1 for i in expected if poverty in i.themes.all())
        covered = {
            a.pk
            for i in expected
            for a in [i.main_affair, *i.other_affairs.all()]
            if a is not None and a.is_basic_service
        }
        assert row.basic_covered == len(covered)


def test_scope_never_leaks_another_pemda(oscar, registry, other_pemda, pemda):
    scope = selectors.agency_scope(oscar)
    assert scope.pemda == other_pemda
    assert not scope.innovations().filter(pemda=pemda).exists()


def test_sections_hide_what_has_no_provider(lina, registry):
    keys = [
        section.key for section, data in sections_for("leadership", selectors.pemda_scope(lina))
    ]
    # The five factors are computed from the registry itself (e.g. F3: running innovations
    # without a risk register), so they show; the others need records this data lacks.
    assert [k for k in keys if k != "factors"] == [
        "overview",
        "stage",
        "flow",
        "agency",
        "affair",
        "theme",
        "basic",
    ]
    assert not {"health", "iid", "barriers", "risks", "budget", "stagnant"} & set(keys)


def test_a_registered_section_appears(lina, registry):
    from inovda.core import sections

    saved = dict(sections._SECTIONS)
    try:
        sections.register(
            sections.Section(
                key="demo",
                title="Demo",
                build=lambda scope: sections.SectionData(
                    stats=[sections.Stat("Jumlah", selectors.total(scope))]
                ),
                dashboards={"leadership"},
                order=15,
            )
        )
        built = sections_for("leadership", selectors.pemda_scope(lina))
        assert [s.key for s, d in built][:2] == ["overview", "demo"]
    finally:
        sections._SECTIONS.clear()
        sections._SECTIONS.update(saved)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(STATUS_STAGE),
            st.sampled_from(list(Innovation.Form.values)),
            st.sampled_from([2019, 2020, 2021]),
            st.booleans(),
        ),
        max_size=12,
    )
)
@hsettings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_counts_partition_the_total(lina, agency_a, items):
    Innovation.objects.all().delete()
    for (status, stage), form, year, _flag in items:
        InnovationFactory(agency=agency_a, status=status, stage=stage, form=form, year=year)
    scope = selectors.pemda_scope(lina)
    total = selectors.total(scope)
    assert total == sum(1 for (status, _s), *_ in items if status != S.DRAFT)
    for dimension in ("stage", "status", "form", "year", "agency"):
        assert sum(r.n for r in selectors.counts_by(scope, dimension)) == total
    flows = selectors.new_vs_discontinued(scope)
    assert sum(f.new for f in flows) == total


def test_a_city_user_has_no_province_view(lina, registry):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        selectors.province_scope(lina)
    assert LocalGovernment.objects.filter(kind=LocalGovernment.Kind.PROVINCE).exists()
