"""The IID eligibility message names the real reason an innovation is outside the window."""

import datetime

from django.utils import translation

from inovda.assessment import explain, scoring

D = datetime.date
RULES = scoring.EligibilityRules(D(2024, 1, 1), D(2025, 12, 31), 300)


def _text(impl, dev=None):
    facts = scoring.EligibilityFacts(
        implementation_start=impl, development_date=dev, design_words=300
    )
    (problem,) = scoring.eligibility_problems(RULES, facts)
    with translation.override("id"):
        return explain.problem_text(problem)


def test_started_after_the_window():
    text = _text(D(2026, 2, 1))
    assert text.startswith("Penerapan dimulai 1 Feb 2026, setelah jendela")
    assert "ditutup" in text and "tidak ada pengembangan" in text


def test_started_before_the_window():
    assert "sebelum jendela 1 Jan 2024 – 31 Des 2025 dibuka" in _text(D(2023, 5, 1))


def test_never_started_and_development_outside():
    assert _text(None).startswith("Tanggal mulai penerapan belum tercatat; tidak ada pengembangan")
    assert "pengembangan (1 Mar 2026) berada setelah jendela" in _text(D(2023, 1, 1), D(2026, 3, 1))
