"""Each health rule on crafted histories, at and around its boundary."""

import datetime

import pytest

from inovda.innovations import health
from inovda.innovations.health import Facts, ReportFact

D = datetime.date
Q1_2025 = D(2025, 3, 31)
SPONSOR = D(2025, 1, 10)
START = D(2023, 1, 1)


@pytest.fixture
def cfg(settings):
    settings.INOVDA_INNOVATIONS = {}
    return health.Config.from_settings()


def quarterly(n, *, last_end=Q1_2025, attainments=None, allocated=None, realised=None):
    """n consecutive quarterly reports ending with the quarter that ends on `last_end`."""
    ends = []
    end = last_end
    for _ in range(n):
        ends.append(end)
        first = end.replace(day=1)
        start_month = first.month - 2
        end = (
            D(first.year, start_month, 1) - datetime.timedelta(days=1)
            if start_month > 1
            else D(first.year - 1, 12, 31)
        )
    ends.reverse()
    attainments = attainments or [0.2 + 0.1 * i for i in range(n)]
    return [ReportFact(e, a, allocated, realised) for e, a in zip(ends, attainments, strict=True)]


def facts(reports=(), *, status="implemented", sponsor=SPONSOR, start=START):
    return Facts(
        status=status,
        cadence="quarterly",
        implementation_start=start,
        reports=tuple(reports),
        last_sponsor_confirmation=sponsor,
    )


def test_on_track(cfg):
    result = health.evaluate(facts(quarterly(4)), D(2025, 5, 1), cfg)
    assert (result.status, result.rule) == ("growing", "on_track")
    assert result.inputs["next_report_due"] == "2025-07-15"


def test_explicit_discontinuation_wins_over_everything(cfg):
    result = health.evaluate(facts(quarterly(4), status="discontinued"), D(2025, 5, 1), cfg)
    assert (result.status, result.rule) == ("discontinued", "discontinued_explicitly")


@pytest.mark.parametrize(
    "status", ["draft", "submitted", "under_review", "feasible", "adopted", "trial", "rejected"]
)
def test_not_applicable_before_implementation(cfg, status):
    result = health.evaluate(facts(quarterly(4), status=status), D(2025, 5, 1), cfg)
    assert (result.status, result.rule) == ("not_applicable", "not_implemented")


@pytest.mark.parametrize(
    "day,expected", [(D(2025, 7, 15), "growing"), (D(2025, 7, 16), "stagnant")]
)
def test_report_overdue_boundary(cfg, day, expected):
    result = health.evaluate(facts(quarterly(4)), day, cfg)
    assert result.status == expected
    if expected == "stagnant":
        assert result.rule == "report_overdue" and result.inputs["days_overdue"] == 1


def test_grace_is_a_setting(settings):
    settings.INOVDA_INNOVATIONS = {"REPORT_GRACE_DAYS": 0}
    cfg = health.Config.from_settings()
    assert health.evaluate(facts(quarterly(4)), D(2025, 7, 1), cfg).rule == "report_overdue"


def test_new_innovation_without_reports_is_growing_until_its_first_report_is_due(cfg):
    new = facts((), start=D(2025, 2, 10), sponsor=None)
    assert health.evaluate(new, D(2025, 4, 15), cfg).status == "growing"
    late = health.evaluate(new, D(2025, 4, 16), cfg)
    assert late.rule == "report_overdue"  # Q1 (from Feb 10) was due on Apr 15


@pytest.mark.parametrize(
    "day,sponsor,expected",
    [
        (D(2026, 3, 31), D(2023, 1, 1), ("stagnant", "report_overdue")),  # 365 days silent
        (D(2026, 4, 1), D(2023, 1, 1), ("discontinued", "silent")),  # 366 days silent
        (D(2026, 4, 1), D(2025, 6, 1), ("stagnant", "report_overdue")),  # sponsor says go on
    ],
)
def test_silent_boundary(cfg, day, sponsor, expected):
    result = health.evaluate(facts(quarterly(4), sponsor=sponsor), day, cfg)
    assert (result.status, result.rule) == expected


@pytest.mark.parametrize(
    "series,expected",
    [
        ([0.5, 0.4, 0.3], "kpi_declining"),  # fell twice in a row
        ([0.3, 0.5, 0.4], "on_track"),  # fell once
        ([0.5, 0.4, 0.45], "on_track"),  # the last report improved
    ],
)
def test_kpi_declining(cfg, series, expected):
    result = health.evaluate(facts(quarterly(3, attainments=series)), D(2025, 5, 1), cfg)
    assert result.rule == expected


@pytest.mark.parametrize(
    "series,expected",
    [
        ([0.5, 0.5, 0.5, 0.5], "kpi_flat"),  # no rise in 3 reports, below target
        ([0.4, 0.5, 0.5, 0.5], "on_track"),  # only 2 without a rise
        ([1.2, 1.2, 1.2, 1.2], "on_track"),  # flat at the target is fine
        ([0.99, 0.99, 0.99, 0.99], "kpi_flat"),  # just under the target
    ],
)
def test_kpi_flat(cfg, series, expected):
    result = health.evaluate(facts(quarterly(4, attainments=series)), D(2025, 5, 1), cfg)
    assert result.rule == expected


@pytest.mark.parametrize(
    "realised,series,expected",
    [
        (50, [0.5, 0.5, 0.6], "on_track"),  # exactly 50 %
        (49, [0.5, 0.6, 0.5], "budget_unused"),  # 49 %, indicators fell
        (49, [0.5, 0.5, 0.6], "on_track"),  # 49 % but indicators improved
    ],
)
def test_budget_unused(cfg, realised, series, expected):
    reports = quarterly(3, attainments=series, allocated=100, realised=realised)
    result = health.evaluate(facts(reports), D(2025, 5, 1), cfg)
    assert result.rule == expected


def test_budget_outside_the_window_does_not_count(cfg):
    reports = quarterly(8, allocated=100, realised=0)
    recent = [ReportFact(r.period_end, r.attainment) for r in reports[-4:]]
    result = health.evaluate(facts([*reports[:4], *recent]), D(2025, 5, 1), cfg)
    assert result.inputs["budget_realisation"] is None
    assert result.rule == "on_track"


@pytest.mark.parametrize(
    "sponsor,expected",
    [(D(2024, 5, 1), "on_track"), (D(2024, 4, 30), "sponsor_lapsed")],  # 365 / 366 days
)
def test_sponsor_reconfirmation_boundary(cfg, sponsor, expected):
    result = health.evaluate(facts(quarterly(4), sponsor=sponsor), D(2025, 5, 1), cfg)
    assert result.rule == expected


def test_implementation_start_counts_as_the_first_confirmation(cfg):
    young = facts(quarterly(2), sponsor=None, start=D(2024, 9, 1))
    assert health.evaluate(young, D(2025, 5, 1), cfg).rule == "on_track"
    old = facts(quarterly(2), sponsor=None, start=D(2024, 4, 30))
    assert health.evaluate(old, D(2025, 5, 1), cfg).rule == "sponsor_lapsed"


def test_rules_are_configurable(settings):
    settings.INOVDA_INNOVATIONS = {
        "HEALTH_RULES": ["discontinued_explicitly", "not_implemented", "report_overdue"]
    }
    cfg = health.Config.from_settings()
    declining = facts(quarterly(3, attainments=[0.5, 0.4, 0.3]), sponsor=D(2020, 1, 1))
    assert health.evaluate(declining, D(2025, 5, 1), cfg).rule == "on_track"


def test_first_rule_in_order_wins(cfg):
    """Overdue and declining at once: the earlier rule in the list is the one shown."""
    declining = facts(quarterly(3, attainments=[0.5, 0.4, 0.3]))
    assert health.evaluate(declining, D(2025, 8, 1), cfg).rule == "report_overdue"


def test_every_rule_explains_itself(cfg):
    result = health.evaluate(facts(quarterly(3, allocated=100, realised=10)), D(2025, 5, 1), cfg)
    for rule in [*health.RULES, health.ON_TRACK]:
        assert health.explain(rule, result.inputs, cfg)
        assert health.RULE_LABELS[rule]


@pytest.mark.parametrize(
    "value,baseline,target,direction,expected",
    [
        (100, 100, 200, "increase", 0.0),
        (200, 100, 200, "increase", 1.0),
        (150, 100, 200, "increase", 0.5),
        (5, 10, 5, "decrease", 1.0),
        (12, 10, 5, "decrease", -0.4),
        (3, 0, 0, "increase", 3.0),  # no span: measured against 1
    ],
)
def test_kpi_attainment(value, baseline, target, direction, expected):
    assert health.kpi_attainment(value, baseline, target, direction) == pytest.approx(expected)


def test_on_track_says_only_what_the_inputs_show(cfg):
    """Right after implementation: no report yet, sponsor never asked — the sentence says
    so instead of claiming timely reports and a re-confirmation nobody gave."""
    today = D(2025, 5, 1)
    new = health.evaluate(facts(start=D(2025, 4, 20), sponsor=None), today, cfg)
    assert new.rule == "on_track"
    text = health.explain(new.rule, new.inputs, cfg)
    assert "mengonfirmasi ulang keberlanjutan pada" not in text
    assert "11" in text  # days since implementation began
    assert "2025" in text and "2025-" not in text  # the due date is written out

    old = health.evaluate(facts(quarterly(4)), today, cfg)
    assert "10 Januari 2025" in health.explain(old.rule, old.inputs, cfg)


def test_no_negative_days_for_a_future_start(cfg):
    result = health.evaluate(facts(start=D(2025, 6, 1), sponsor=None), D(2025, 5, 5), cfg)
    assert result.inputs["days_since_report"] == 0
    assert result.inputs["days_since_sponsor"] == 0
