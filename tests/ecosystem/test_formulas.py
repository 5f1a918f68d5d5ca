"""The five-factor formulas: crafted cases and properties (range, monotony, no data)."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from inovda.ecosystem import conf, formulas

W = conf.DEFAULTS["HEALTH_WEIGHTS"]
counts = st.integers(min_value=0, max_value=500)


def f1(innovators, trained, time_allotted, recognised):
    return formulas.f1_capability(
        innovators=innovators,
        trained=trained,
        time_allotted=time_allotted,
        recognised=recognised,
        weights=W["F1"],
    )


def f3(running, covered, due, on_time):
    return formulas.f3_risks(
        running=running, covered=covered, reviews_due=due, reviews_on_time=on_time, weights=W["F3"]
    )


def f5(allocated=0, realised=0, running=0, funded=0, days=(), target=14):
    return formulas.f5_budget(
        allocated=Decimal(allocated),
        realised=Decimal(realised),
        running=running,
        funded=funded,
        turnaround_days=list(days),
        target_days=target,
        weights=W["F5"],
    )


# ----------------------------------------------------------------- crafted data


def test_f1_crafted():
    score = f1(innovators=10, trained=5, time_allotted=10, recognised=0)
    # 100 × (0.4 × 0.5 + 0.3 × 1 + 0.3 × 0) = 50
    assert score.score == 50.0
    assert [p.key for p in score.parts] == ["trained", "time_allotted", "recognised"]
    assert score.parts[0].numerator == 5 and score.parts[0].denominator == 10


def test_f1_empty_agency_is_no_data_not_zero():
    score = f1(innovators=0, trained=0, time_allotted=0, recognised=0)
    assert score.score is None
    assert not score.has_data
    assert all(p.ratio is None for p in score.parts)


def test_f2_crafted_and_empty():
    assert formulas.f2_barriers(on_time=3, late=1, weights=W["F2"]).score == 75.0
    assert formulas.f2_barriers(on_time=0, late=0, weights=W["F2"]).score is None
    assert formulas.f2_barriers(on_time=0, late=4, weights=W["F2"]).score == 0.0


def test_f3_crafted():
    # coverage 2/4 and currency 3/3 → 100 × (0.5 × 0.5 + 0.5 × 1) = 75
    assert f3(running=4, covered=2, due=3, on_time=3).score == 75.0


def test_f3_innovations_without_any_risk_score_zero_not_no_data():
    """Running innovations and no register at all is a measured weakness."""
    score = f3(running=5, covered=0, due=0, on_time=0)
    assert score.score == 0.0
    assert score.parts[1].ratio is None  # no review was due: that part has no data


def test_f3_no_running_innovation_is_no_data():
    assert f3(running=0, covered=0, due=0, on_time=0).score is None


def test_f4_leaves_out_inputs_without_a_source():
    score = formulas.f4_knowledge(
        running=10,
        counts={
            "profile_complete": 8,
            "evidence_attached": 4,
            "progress_current": None,
            "kpi_data": None,
            "lessons_recorded": None,
        },
        weights=W["F4"],
        notes={"progress_current": "no source yet"},
    )
    assert score.score == 60.0  # mean of 0.8 and 0.4
    provisional = [p.key for p in score.parts if p.provisional]
    assert provisional == ["progress_current", "kpi_data", "lessons_recorded"]
    assert score.parts[2].note == "no source yet"


def test_f4_no_source_at_all_is_no_data():
    score = formulas.f4_knowledge(running=10, counts={}, weights=W["F4"])
    assert score.score is None


def test_f5_crafted():
    # realisation 80/100, turnaround median 28 vs 14 → 0.5, funded 1/2
    score = f5(allocated=100, realised=80, running=2, funded=1, days=[20, 28, 40])
    assert score.score == pytest.approx(100 * (0.5 * 0.8 + 0.3 * 0.5 + 0.2 * 0.5) / 1.0)
    assert "28" in score.parts[1].note


def test_f5_overspending_counts_as_fully_realised():
    assert f5(allocated=100, realised=150).score == 100.0


def test_f5_nothing_is_no_data():
    assert f5().score is None


def test_turnaround_within_target_is_full_marks():
    assert formulas.turnaround_ratio([3, 14, 30], 14) == 1.0
    assert formulas.turnaround_ratio([], 14) is None


def test_weights_are_settings(settings):
    settings.INOVDA_ECOSYSTEM = {"HEALTH_WEIGHTS": {"F1": {"trained": 0, "recognised": 0}}}
    weights = conf.get("HEALTH_WEIGHTS")["F1"]
    score = formulas.f1_capability(
        innovators=4, trained=0, time_allotted=4, recognised=0, weights=weights
    )
    assert score.score == 100.0  # only time allotted counts now


def test_weakest_ignores_factors_without_data():
    scores = {
        "F1": formulas.FactorScore("F1", 40.0),
        "F2": formulas.FactorScore("F2", None),
        "F3": formulas.FactorScore("F3", 20.0),
    }
    assert formulas.weakest(scores) == "F3"
    assert formulas.weakest({"F2": formulas.FactorScore("F2", None)}) is None


def test_maturity_mean_rounded_half_up_and_none_without_answers():
    factor_of = {"a": "F1", "b": "F1", "c": "F2", "d": "F3"}
    assert formulas.maturity({"a": 2, "b": 3, "c": 5}, factor_of) == {
        "F1": 3,
        "F2": 5,
        "F3": None,
    }


def test_every_formula_explains_itself():
    for code in ("F1", "F2", "F3", "F4", "F5"):
        assert formulas.FactorScore(code, None).formula.startswith(code)


# ----------------------------------------------------------------- properties


def in_range(score):
    return score is None or 0 <= score <= 100


@given(counts, counts, counts, counts)
def test_f1_in_range(n, a, b, c):
    assert in_range(f1(n, a, b, c).score)


@given(st.integers(1, 500), counts, counts, counts, st.integers(1, 50))
def test_f1_monotone_in_training(n, trained, time_allotted, recognised, more):
    trained, time_allotted, recognised = (min(x, n) for x in (trained, time_allotted, recognised))
    assume(trained + more <= n)
    before = f1(n, trained, time_allotted, recognised).score
    after = f1(n, trained + more, time_allotted, recognised).score
    assert after >= before


@given(counts, counts)
def test_f2_in_range_and_none_only_without_barriers(on_time, late):
    score = formulas.f2_barriers(on_time=on_time, late=late, weights=W["F2"]).score
    assert in_range(score)
    assert (score is None) == (on_time + late == 0)


@given(counts, counts, st.integers(1, 50))
def test_f2_monotone(on_time, late, more):
    assume(on_time + late > 0)
    base = formulas.f2_barriers(on_time=on_time, late=late, weights=W["F2"]).score
    better = formulas.f2_barriers(on_time=on_time + more, late=late, weights=W["F2"]).score
    worse = formulas.f2_barriers(on_time=on_time, late=late + more, weights=W["F2"]).score
    assert worse <= base <= better


@given(counts, counts, counts, counts)
def test_f3_in_range(running, covered, due, on_time):
    assert in_range(f3(running, min(covered, running), due, min(on_time, due)).score)


@given(st.integers(1, 300), counts, st.integers(1, 300), counts)
def test_f3_monotone_in_coverage_and_currency(running, covered, due, on_time):
    covered, on_time = min(covered, running - 1), min(on_time, due - 1)
    assume(covered >= 0 and on_time >= 0)
    base = f3(running, covered, due, on_time).score
    assert f3(running, covered + 1, due, on_time).score >= base
    assert f3(running, covered, due, on_time + 1).score >= base


@given(
    st.integers(0, 10**12),
    st.integers(0, 10**12),
    counts,
    counts,
    st.lists(st.integers(0, 400), max_size=30),
    st.integers(1, 60),
)
def test_f5_in_range(allocated, realised, running, funded, days, target):
    score = f5(allocated, realised, running, min(funded, running), days, target).score
    assert in_range(score)
    if allocated == 0 and running == 0 and not days:
        assert score is None


@given(st.lists(st.integers(0, 400), min_size=1, max_size=30), st.integers(1, 60))
def test_f5_faster_decisions_never_score_lower(days, target):
    slower = f5(100, 50, 2, 1, [d + 10 for d in days], target).score
    faster = f5(100, 50, 2, 1, days, target).score
    assert faster >= slower


@given(st.integers(1, 10**9), st.integers(0, 10**9), st.integers(1, 10**6))
def test_f5_more_realised_never_scores_lower(allocated, realised, more):
    assert f5(allocated, realised + more).score >= f5(allocated, realised).score


@given(
    st.lists(
        st.tuples(st.floats(0, 1), st.floats(0, 10)) | st.tuples(st.none(), st.floats(0, 10)),
        max_size=6,
    )
)
def test_weighted_score_in_range_and_none_without_data(pairs):
    parts = [
        formulas.Part(key=str(i), label="", ratio=r, weight=w) for i, (r, w) in enumerate(pairs)
    ]
    score = formulas.weighted_score(parts)
    assert in_range(score)
    if all(r is None or w == 0 for r, w in pairs):
        assert score is None


@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(1, 5)))
def test_maturity_in_range(answers):
    factor_of = {"a": "F1", "b": "F1", "c": "F2", "d": "F3", "e": "F4", "f": "F5"}
    for level in formulas.maturity(answers, factor_of).values():
        assert level is None or 1 <= level <= 5
