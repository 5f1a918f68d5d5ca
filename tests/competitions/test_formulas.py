"""Property tests of the rubric total, the spread, the reviewer bias and the ranking."""

import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from inovda.competitions import formulas

levels = st.integers(min_value=1, max_value=5)
weights = st.decimals(min_value="0.5", max_value="10", places=1)
criteria = st.dictionaries(st.integers(1, 8), st.tuples(levels, weights), min_size=1, max_size=8)
totals = st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=12)


@settings(deadline=None)
@given(criteria)
def test_rubric_total_is_between_20_and_100(rows):
    total = formulas.rubric_total(
        {k: lv for k, (lv, _w) in rows.items()}, {k: w for k, (_l, w) in rows.items()}
    )
    assert 20 - 1e-9 <= total <= 100 + 1e-9


@settings(deadline=None)
@given(criteria, levels)
def test_equal_levels_give_that_level_times_20_whatever_the_weights(rows, level):
    total = formulas.rubric_total(dict.fromkeys(rows, level), {k: w for k, (_l, w) in rows.items()})
    assert math.isclose(total, level * 20)


@settings(deadline=None)
@given(criteria, st.data())
def test_raising_one_level_never_lowers_the_total(rows, data):
    lv = {k: v for k, (v, _w) in rows.items()}
    w = {k: wt for k, (_v, wt) in rows.items()}
    key = data.draw(st.sampled_from(sorted(lv)))
    before = formulas.rubric_total(lv, w)
    lv[key] = min(5, lv[key] + 1)
    assert formulas.rubric_total(lv, w) >= before - 1e-9


@settings(deadline=None)
@given(criteria, st.decimals(min_value="0.1", max_value="5", places=1))
def test_scaling_every_weight_changes_nothing(rows, factor):
    lv = {k: v for k, (v, _w) in rows.items()}
    w = {k: wt for k, (_v, wt) in rows.items()}
    assert math.isclose(
        formulas.rubric_total(lv, w),
        formulas.rubric_total(lv, {k: v * Decimal(factor) for k, v in w.items()}),
        rel_tol=1e-9,
    )


def test_a_missing_level_gives_no_total():
    assert formulas.rubric_total({1: 3}, {1: Decimal(1), 2: Decimal(2)}) is None


@settings(deadline=None)
@given(totals)
def test_spread_sd_is_at_most_half_the_range(values):
    sd, rng = formulas.spread(values)
    assert sd >= 0 and rng >= 0
    assert sd <= rng / 2 + 1e-6


@settings(deadline=None)
@given(st.floats(0, 100, allow_nan=False), st.integers(1, 10))
def test_equal_scores_have_no_spread(value, n):
    sd, rng = formulas.spread([value] * n)
    assert rng == 0 and math.isclose(sd, 0, abs_tol=1e-9)


reviews = st.lists(
    st.tuples(st.integers(1, 5), st.integers(1, 6), st.floats(0, 100, allow_nan=False)),
    min_size=1,
    max_size=40,
    unique_by=lambda r: (r[0], r[1]),
)


@settings(deadline=None)
@given(reviews)
def test_bias_deviations_cancel_out_across_reviewers(rows):
    bias = formulas.reviewer_bias(rows)
    assert math.isclose(sum(b.mean_deviation * b.entries for b in bias.values()), 0, abs_tol=1e-6)


@settings(deadline=None)
@given(reviews, st.floats(1, 30, allow_nan=False))
def test_a_reviewer_lowering_every_score_becomes_harsher(rows, shift):
    bias = formulas.reviewer_bias(rows)
    reviewer = rows[0][0]
    if reviewer not in bias:
        return
    lowered = [(r, e, t - shift if r == reviewer else t) for r, e, t in rows]
    assert formulas.reviewer_bias(lowered)[reviewer].mean_deviation < bias[reviewer].mean_deviation


def test_bias_label_needs_enough_entries():
    harsh = formulas.Bias(reviewer=1, mean_deviation=-12, entries=3)
    assert formulas.bias_label(harsh, points=8, min_entries=2) == "harsh"
    assert formulas.bias_label(harsh, points=8, min_entries=4) == ""
    lenient = formulas.Bias(reviewer=1, mean_deviation=9, entries=2)
    assert formulas.bias_label(lenient, points=8, min_entries=2) == "lenient"


ranked = st.lists(
    st.tuples(st.integers(0, 20), st.integers(1, 5), st.integers(1, 5)),
    min_size=1,
    max_size=15,
)


@settings(deadline=None)
@given(ranked)
def test_ranking_orders_by_score_and_shares_only_full_ties(items):
    rows = formulas.rank(
        formulas.Ranked(entry=i, score=s * 5.0, criteria=(float(a), float(b)))
        for i, (s, a, b) in enumerate(items)
    )
    scores = [r.score for r in rows]
    assert scores == sorted(scores, reverse=True)
    for above, below in zip(rows, rows[1:], strict=False):
        if below.rank == above.rank:
            assert (above.score, above.criteria) == (below.score, below.criteria)
        else:
            assert below.rank > above.rank
            if above.score == below.score:
                assert below.decided_by is not None
                index = below.decided_by
                assert above.criteria[index] > below.criteria[index]
                assert above.criteria[:index] == below.criteria[:index]
    assert rows[0].rank == 1
