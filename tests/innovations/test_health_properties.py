"""Property tests of the health rules, the KPI formula and the reporting periods."""

import datetime

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from inovda.innovations import health, periods
from inovda.innovations.health import Facts, ReportFact

CFG = health.Config.from_settings()  # the defaults of inovda/innovations/conf.py
cadences = st.sampled_from(["monthly", "quarterly", "semester"])
dates = st.dates(datetime.date(2019, 1, 1), datetime.date(2026, 12, 31))
attainment = st.floats(-1, 3, allow_nan=False)
money = st.one_of(st.none(), st.integers(0, 10**9))


@st.composite
def histories(draw):
    cadence = draw(cadences)
    start = draw(st.dates(datetime.date(2019, 1, 1), datetime.date(2024, 12, 31)))
    n = draw(st.integers(0, 10))
    period = periods.period_containing(start, cadence)
    reports = []
    for _ in range(n):
        reports.append(ReportFact(period.end, draw(attainment), draw(money), draw(money)))
        period = periods.next_period(period, cadence)
    sponsor = draw(st.one_of(st.none(), st.dates(start, datetime.date(2026, 12, 31))))
    facts = Facts("implemented", cadence, start, tuple(reports), sponsor)
    last = reports[-1].period_end if reports else start
    today = last + datetime.timedelta(days=draw(st.integers(0, 800)))
    if sponsor is not None:
        assume(sponsor <= today)
    return facts, today


@st.composite
def due_now(draw):
    """A history whose next report is due now: its period is over, its grace not."""
    facts, _ = draw(histories())
    period = periods.next_expected(
        facts.reports[-1].period_end if facts.reports else None,
        facts.implementation_start,
        facts.cadence,
    )
    today = period.end + datetime.timedelta(days=draw(st.integers(0, CFG.grace_days)))
    sponsor = today - datetime.timedelta(days=draw(st.integers(0, 500)))
    return Facts(
        facts.status, facts.cadence, facts.implementation_start, facts.reports, sponsor
    ), today


@settings(max_examples=300, deadline=None)
@given(due_now(), st.floats(0.01, 2), st.data())
def test_on_time_improving_report_never_turns_growing_stagnant(history, step, data):
    facts, today = history
    before = health.evaluate(facts, today, CFG)
    assume(before.status == "growing")
    period = periods.next_expected(
        facts.reports[-1].period_end if facts.reports else None,
        facts.implementation_start,
        facts.cadence,
    )
    previous = facts.reports[-1].attainment if facts.reports else 0.0
    new = ReportFact(period.end, previous + step, data.draw(money), data.draw(money))
    improved = Facts(
        facts.status,
        facts.cadence,
        facts.implementation_start,
        (*facts.reports, new),
        facts.last_sponsor_confirmation,
    )
    after = health.evaluate(improved, today, CFG)
    assert after.status != "stagnant", after


@settings(max_examples=200, deadline=None)
@given(histories())
def test_explicit_discontinuation_always_wins(history):
    facts, today = history
    stopped = Facts("discontinued", facts.cadence, facts.implementation_start, facts.reports)
    assert health.evaluate(stopped, today, CFG).status == "discontinued"


@settings(max_examples=200, deadline=None)
@given(histories(), st.sampled_from(["draft", "submitted", "adopted", "trial", "feasible"]))
def test_not_applicable_exactly_before_implementation(history, status):
    facts, today = history
    early = Facts(status, facts.cadence, facts.implementation_start, facts.reports)
    assert health.evaluate(early, today, CFG).status == "not_applicable"


@settings(max_examples=300, deadline=None)
@given(histories())
def test_status_and_rule_agree(history):
    facts, today = history
    result = health.evaluate(facts, today, CFG)
    expected = {
        "silent": "discontinued",
        "on_track": "growing",
    }.get(result.rule, "stagnant")
    assert result.status == expected
    assert health.explain(result.rule, result.inputs, CFG)


@settings(max_examples=200, deadline=None)
@given(histories(), st.integers(1, 400))
def test_a_missing_report_only_gets_worse_with_time(history, days):
    """Without new reports, an overdue innovation never becomes growing later."""
    facts, today = history
    before = health.evaluate(facts, today, CFG)
    assume(before.rule in ("report_overdue", "silent"))
    later = health.evaluate(facts, today + datetime.timedelta(days=days), CFG)
    assert later.status in ("stagnant", "discontinued")
    assert later.inputs["days_overdue"] > before.inputs["days_overdue"]


@given(
    st.decimals(-(10**6), 10**6, places=2),
    st.decimals(-(10**6), 10**6, places=2),
    st.decimals(0, 1000, places=2),
    st.sampled_from(["increase", "decrease"]),
)
def test_kpi_attainment_moves_with_the_direction(baseline, target, delta, direction):
    better = baseline + delta if direction == "increase" else baseline - delta
    assert health.kpi_attainment(baseline, baseline, target, direction) == 0
    assert health.kpi_attainment(better, baseline, target, direction) >= 0
    if baseline != target:
        assert abs(health.kpi_attainment(target, baseline, target, direction)) == 1


@given(dates, cadences)
def test_periods_tile_the_calendar(day, cadence):
    period = periods.period_containing(day, cadence)
    assert period.start <= day <= period.end
    following = periods.next_period(period, cadence)
    assert following.start == period.end + datetime.timedelta(days=1)
    assert periods.period_containing(period.end, cadence) == period
