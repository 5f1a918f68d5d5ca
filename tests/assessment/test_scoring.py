"""The IID formula against the official figures, with the rules read from the reference
data, and its properties (Hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inovda.assessment import scoring
from inovda.assessment.models import Aspect
from inovda.assessment.scoring import IndexInput, Row, compute_index, r2
from inovda.assessment.selectors import period_rules

pytestmark = pytest.mark.django_db
D = Decimal
FIXTURE_OK = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def rules(periods):
    return period_rules(periods[2026])


@pytest.fixture
def rules_2023(periods):
    return period_rules(periods[2023])


@pytest.fixture
def catalogue(periods):
    """(SPD rows, SID rows) of 2026 as scoring rows at level 0."""
    rows = {Aspect.SPD: [], Aspect.SID: []}
    for ind in periods[2026].indicators.all():
        rows[ind.aspect].append(
            Row(ind.code, ind.weight, 0, ind.top_level, ind.mandatory, has_evidence=True)
        )
    return rows[Aspect.SPD], rows[Aspect.SID]


def test_official_totals_and_proportions(rules, catalogue):
    spd_rows, sid_rows = catalogue
    assert len(spd_rows) == 20 and len(sid_rows) == 20
    assert (rules.spd_max, rules.sid_max, rules.count_max, rules.total_max) == (63, 111, 76, 250)
    shares = [
        r2(x / rules.total_max * 100) for x in (rules.spd_max, rules.sid_max, rules.count_max)
    ]
    assert shares == [D("25.20"), D("44.40"), D("30.40")]
    assert rules.min_divisor == 12 and rules.basic_service_minimum == 5
    assert {r.code for r in sid_rows if r.mandatory} == {"16", "17", "32", "33", "35"}


def test_perfect_region_is_100_and_sangat_inovatif(rules, catalogue):
    spd_rows, sid_rows = catalogue
    top = [Row(r.code, r.weight, r.top_level, r.top_level, accepted=True) for r in sid_rows]
    maturity = scoring.sheet_score(top).claimed.value
    spd = scoring.sheet_score(
        Row(r.code, r.weight, r.top_level, r.top_level) for r in spd_rows
    ).claimed.value
    assert (maturity, spd) == (111, 63)
    result = compute_index(rules, IndexInput.from_scores(spd, [maturity] * 200, 6))
    assert result.iid.value == 100
    assert result.predicate == "Sangat Inovatif"


def test_worked_example_of_domain_md(rules):
    eight = compute_index(rules, IndexInput.from_scores(40, [80] * 8, basic_covered=6))
    assert eight.divisor.value == 12 and eight.empty_seats == 4
    assert eight.sid_average.shown == D("53.33")
    assert eight.count_score.value == D("3.04")
    assert eight.total.shown == D("96.37")
    assert eight.iid.shown == D("38.55")
    assert eight.predicate == "Kurang Inovatif"

    twelve = compute_index(rules, IndexInput.from_scores(40, [80] * 12, basic_covered=6))
    assert twelve.sid_average.value == 80 and twelve.count_score.value == D("4.56")
    assert twelve.total.value == D("124.56")
    assert twelve.iid.shown == D("49.82")
    assert twelve.predicate == "Inovatif"
    assert twelve.empty_seats == 0


def test_figures_carry_their_inputs(rules):
    result = compute_index(rules, IndexInput.from_scores(40, [80] * 8, basic_covered=6))
    assert result.sid_average.formula == "640.00 / 12"
    assert dict(result.divisor.inputs) == {"k": 12, "n": 8}
    assert result.count_score.formula == "MIN(8, 200) × 0.38"
    assert result.iid.formula == "96.37 / 250.00 × 100"
    as_dict = result.as_dict()
    assert as_dict["iid"] == 38.55 and as_dict["figures"]["sid"]["inputs"]["count_score"] == 3.04


def _iid_at(rules, target: Decimal) -> str:
    """The predicate of an IID exactly `target` (an SPD-only region)."""
    spd = target * rules.total_max / 100
    return compute_index(rules, IndexInput(spd, D(0), 0, 0)).predicate


@pytest.mark.parametrize(
    "iid,label",
    [
        ("0", "Tidak Dapat Dinilai"),
        ("0.01", "Kurang Inovatif"),
        ("40.00", "Kurang Inovatif"),
        ("40.01", "Inovatif"),
        ("65.00", "Inovatif"),
        ("65.01", "Sangat Inovatif"),
        ("100", "Sangat Inovatif"),
    ],
)
def test_predicate_boundaries_2026(rules, iid, label):
    assert _iid_at(rules, D(iid)) == label


@pytest.mark.parametrize(
    "iid,label",
    [
        ("0", "Tidak Dapat Dinilai (disclaimer)"),
        ("0.01", "Kurang Inovatif"),
        ("34.99", "Kurang Inovatif"),
        ("35.00", "Inovatif"),
        ("60.00", "Inovatif"),
        ("60.01", "Sangat Inovatif"),
    ],
)
def test_predicate_boundaries_2023(rules_2023, iid, label):
    assert rules_2023.min_divisor == 10
    assert _iid_at(rules_2023, D(iid)) == label


def test_predicate_is_decided_on_the_rounded_iid(rules):
    assert rules.predicate(D("40.004")) == "Kurang Inovatif"
    assert rules.predicate(D("40.005")) == "Inovatif"


def test_basic_service_rule(rules):
    four = compute_index(rules, IndexInput.from_scores(40, [80] * 8, basic_covered=4))
    five = compute_index(rules, IndexInput.from_scores(40, [80] * 8, basic_covered=5))
    assert four.count_score.value == 0 and not four.basic_ok
    assert four.count_score.formula == "0 (4 < 5)"
    assert five.count_score.value == D("3.04") and five.basic_ok


def test_count_score_is_capped(rules):
    many = compute_index(rules, IndexInput.from_scores(0, [0] * 250, basic_covered=6))
    assert many.count_score.value == 200 * D("0.38") == rules.count_max


def test_divisor_is_max_of_k_and_n(rules):
    few = compute_index(rules, IndexInput.from_scores(0, [111] * 3, basic_covered=0))
    assert few.divisor.value == 12 and few.sid_average.value == D(333) / 12
    many = compute_index(rules, IndexInput.from_scores(0, [111] * 30, basic_covered=0))
    assert many.divisor.value == 30 and many.sid_average.value == 111


def test_verified_keeps_unverified_innovations_in_the_divisor(rules):
    verified = compute_index(rules, IndexInput(D(0), D(111 * 10), 10, 0, seats=20))
    assert verified.divisor.value == 20 and verified.sid_average.value == D("55.5")


def test_gain_of_one_more_innovation(rules):
    base = IndexInput.from_scores(40, [80] * 8, basic_covered=6)
    gain = scoring.gain_of_one_more(rules, base, D(80))
    nine = compute_index(rules, IndexInput.from_scores(40, [80] * 9, basic_covered=6))
    assert gain == nine.iid.value - compute_index(rules, base).iid.value
    assert r2(gain) == D("2.82")  # 80/12 + 0.38 = 7.0467 points of 250


def test_a_weak_innovation_lowers_the_index_once_n_reaches_k(rules):
    """The national rule itself: past k seats, an innovation below the average lowers it."""
    full = IndexInput.from_scores(40, [111] * 12, basic_covered=6)
    assert scoring.gain_of_one_more(rules, full, D(14)) < 0


# --- Properties ---------------------------------------------------------------------------

levels = st.integers(min_value=0, max_value=3)


@st.composite
def regions(draw, n_sid=20, n_spd=20):
    """A region: SPD rows and up to 25 innovations, each with levels, evidence, acceptance
    and the basic-service affairs it covers."""
    n = draw(st.integers(min_value=0, max_value=25))
    return {
        "spd": draw(st.lists(st.tuples(levels, st.booleans()), min_size=n_spd, max_size=n_spd)),
        "innovations": draw(
            st.lists(
                st.tuples(
                    st.lists(
                        st.tuples(levels, st.booleans(), st.booleans()),
                        min_size=n_sid,
                        max_size=n_sid,
                    ),
                    st.sets(st.integers(min_value=1, max_value=6), max_size=3),
                ),
                min_size=n,
                max_size=n,
            )
        ),
    }


def _sheet(template, values):
    return scoring.sheet_score(
        Row(t.code, t.weight, level, t.top_level, t.mandatory, evidence, accepted)
        for t, (level, evidence, accepted) in zip(template, values, strict=True)
    )


def _indexes(rules, catalogue, region, *, fixed_set=False):
    """Claimed and verified breakdowns, counting innovations as `selectors` does."""
    spd_t, sid_t = catalogue
    spd = _sheet(spd_t, [(lvl, True, acc) for lvl, acc in region["spd"]])
    claimed, verified, cov_c, cov_v = [], [], set(), set()
    for values, affairs in region["innovations"]:
        sheet = _sheet(sid_t, values)
        if fixed_set or not sheet.claimed_mandatory_missing:
            claimed.append(sheet.claimed.value)
            cov_c |= affairs
            if fixed_set or not sheet.verified_mandatory_missing:
                verified.append(sheet.verified.value)
                cov_v |= affairs
    c = compute_index(rules, IndexInput.from_scores(spd.claimed.value, claimed, len(cov_c)))
    v = compute_index(
        rules,
        IndexInput.from_scores(spd.verified.value, verified, len(cov_v), seats=len(claimed)),
    )
    return c, v


@FIXTURE_OK
@given(region=regions())
def test_iid_stays_within_0_and_100(rules, catalogue, region):
    for result in _indexes(rules, catalogue, region):
        assert 0 <= result.iid.value <= 100


@FIXTURE_OK
@given(region=regions(), data=st.data())
def test_iid_never_falls_when_a_level_rises(rules, catalogue, region, data):
    """With the set of counted innovations fixed (see the test above about n ≥ k)."""
    before, _ = _indexes(rules, catalogue, region, fixed_set=True)
    spots = [("spd", i) for i in range(20)] + [
        ("sid", (j, i)) for j in range(len(region["innovations"])) for i in range(20)
    ]
    where, index = data.draw(st.sampled_from(spots))
    if where == "spd":
        level, accepted = region["spd"][index]
        region["spd"][index] = (min(level + 1, 3), accepted)
    else:
        j, i = index
        level, evidence, accepted = region["innovations"][j][0][i]
        region["innovations"][j][0][i] = (min(level + 1, 3), evidence, accepted)
    after, _ = _indexes(rules, catalogue, region, fixed_set=True)
    assert after.iid.value >= before.iid.value


@FIXTURE_OK
@given(region=regions())
def test_verified_never_exceeds_claimed(rules, catalogue, region):
    claimed, verified = _indexes(rules, catalogue, region)
    assert verified.iid.value <= claimed.iid.value
    assert verified.spd.value <= claimed.spd.value
    assert verified.sid.value <= claimed.sid.value
