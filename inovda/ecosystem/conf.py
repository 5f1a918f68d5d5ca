"""Rules of the five factors that a Pemda may tune: SLAs, risk appetite, formula weights.

Override any key in the project settings, e.g.
    INOVDA_ECOSYSTEM = {"BARRIER_SLA_DAYS": {"regulation": 60}, "RISK_APPETITE": {...}}
Read through `get()` at call time; the override rule is the one of every app
(`inovda.core.conf`: dictionaries merge key by key, other values replace).
"""

from __future__ import annotations

from typing import Any

from inovda.core.conf import AppSettings

DEFAULTS: dict[str, Any] = {
    # F2 — calendar days the innovation unit has to resolve a barrier, per barrier type.
    "BARRIER_SLA_DAYS": {
        "regulation": 45,
        "budget": 30,
        "procurement": 30,
        "staffing": 21,
        "it_data": 14,
        "coordination": 14,
        "leadership": 14,
        "culture": 60,
        "other": 21,
    },
    # Precedents offered while a barrier is typed: at most this many, at least this similar
    # (cosine similarity of TF-IDF vectors over title, description and resolution, 0–1).
    "PRECEDENT_LIMIT": 5,
    "PRECEDENT_MIN_SIMILARITY": 0.08,
    # A precedent of the barrier's own type scores this much higher (0.25 = +25 %, at most
    # 1): the type helps the ranking, it never hides a precedent filed under another type.
    "PRECEDENT_SAME_KIND_BOOST": 0.25,
    # F3 — ISO 31000 style 5×5 matrix. A score is likelihood × impact (1–25); a level is
    # the first band whose upper bound the score does not pass.
    "RISK_LEVELS": [(4, "low"), (9, "medium"), (16, "high"), (25, "extreme")],
    # Highest current score of a *threat* tolerated per lifecycle stage (innovation.stage):
    # more tolerant while trying, stricter once the service depends on it.
    "RISK_APPETITE": {"inisiatif": 12, "uji_coba": 15, "penerapan": 9},
    # F3 at scale: the appetite of an implemented innovation whose confirmed evidence is
    # below the innovations app's "risk_at_scale" gate (less proof, less tolerated harm).
    "RISK_APPETITE_UNPROVEN_AT_SCALE": 6,
    # Days until the next review, proposed when a risk is registered or reviewed.
    "RISK_REVIEW_DAYS": 90,
    # F5 — the people who approve reallocations and release tranches (membership roles).
    "BUDGET_APPROVER_ROLES": ["pemda_admin"],
    # Lifecycle gates at which a tranche may be released, in order; a tranche is
    # releasable once the innovation's status is this gate or a later one.
    "TRANCHE_GATES": ["adopted", "trial", "implemented"],
    # Innovations counted as "running" when coverage is measured (F3, F4, F5).
    "ACTIVE_STATUSES": ["adopted", "trial", "implemented"],
    # F4: a progress report is current when its period ended within these days.
    "CURRENT_REPORT_DAYS": 183,
    # F1 — recognition counts if given in the year measured or this many years before.
    "RECOGNITION_WINDOW_YEARS": 3,
    # F5 — target days from a reallocation request to its decision.
    "REALLOCATION_TARGET_DAYS": 14,
    # Weights of the parts of each factor score (0–100 = 100 × weighted mean of the parts
    # that have data; parts without data are left out and the weights renormalised).
    "HEALTH_WEIGHTS": {
        "F1": {"trained": 0.4, "time_allotted": 0.3, "recognised": 0.3},
        "F2": {"resolved_within_sla": 1.0},
        "F3": {"coverage": 0.5, "review_currency": 0.5},
        "F4": {
            "profile_complete": 0.2,
            "evidence_attached": 0.2,
            "progress_current": 0.2,
            "kpi_data": 0.2,
            "lessons_recorded": 0.2,
        },
        "F5": {"realisation": 0.5, "reallocation_turnaround": 0.3, "funded": 0.2},
    },
    # Years shown in the health trend (the current year and the ones before it).
    "HEALTH_TREND_YEARS": 4,
    # Records linked from each suggestion for the weakest factor.
    "SUGGESTION_RECORDS": 5,
}

app_settings = AppSettings("INOVDA_ECOSYSTEM", DEFAULTS)
get = app_settings.get
