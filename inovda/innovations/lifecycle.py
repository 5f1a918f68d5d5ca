"""The PP 38/2017 lifecycle as one transition table, used by services, pages and the API.

usulan (submit) → kajian kelayakan (start_review; approve / reject / return) → penetapan
(adopt, with its instrument) → uji coba (start_trial) → penerapan (implement, with its
instrument); discontinue at any stage with a reason, and resume.

Each row says: from which statuses, to which status, which roles (agency roles count only
in the innovation's own agency), which preconditions, and which data it takes. A
precondition is `check(innovation, data) -> [problem, …]` in words a user understands;
called with `data=None` it judges only the innovation (for showing what is missing).

A row also declares what the step does besides changing the status: its `effects` (named
functions of `services.lifecycle.EFFECTS`, run in order inside the step's transaction), the
legal instrument it records, the review decision it takes, whom it `notify`s, the `stage`
its target belongs to and the `milestone` of the stepper on the innovation page. The stage
(`STAGE_OF`), the stepper (`MILESTONES`) and the ecosystem's tranche gates (`has_reached`)
are all read from these rows. Other apps react to a step through the
`innovation_transitioned` hook (inovda.core.hooks), never by being called from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inovda.organizations.models import STEERING_ROLES, Role

from . import conf, rules
from .access import require_step, roles_for
from .dates import instrument_date_problems
from .models import Innovation, LegalInstrument

S = Innovation.Status
Check = Callable[[Innovation, dict | None], list[str]]
AGENCY_TEAM = frozenset({Role.OPERATOR, Role.INNOVATOR})
ADMIN = frozenset({Role.PEMDA_ADMIN})
STEERING = STEERING_ROLES

# The discontinue step's four closure fields (form and API names) and the Lesson fields
# they fill.
CLOSURE_LESSON_FIELDS = {
    "results": "results_impact",
    "challenges_and_failures": "challenges",
    "conditions_for_success": "success_conditions",
    "lessons": "lessons",
}
LESSONS_FIELDS = tuple(CLOSURE_LESSON_FIELDS)
INSTRUMENT_FIELDS = ("instrument_kind", "instrument_number", "instrument_date", "instrument_file")


def complete_proposal(innovation, data):
    return rules.submission_problems(innovation)


def panel_complete(innovation, data):
    """A decision needs the panel's recommendations (only while a review is open)."""
    if innovation.status != S.UNDER_REVIEW:
        return []
    review = innovation.reviews.filter(decided_at=None).first()
    members = list(review.members.all()) if review else []
    minimum = conf.get("REVIEW_MIN_PANEL")
    problems = []
    if len(members) < minimum:
        problems.append(
            _("The review panel has %(n)d members; at least %(min)d are needed.")
            % {"n": len(members), "min": minimum}
        )
    waiting = [m.name for m in members if not m.recommendation]
    if waiting:
        problems.append(
            _("Recommendations still missing from: %(names)s.")
            % {"names": ", ".join(waiting).rstrip(".")}
        )
    return problems


def reason_given(innovation, data):
    if data is None or (data.get("reason") or "").strip():
        return []
    return [_("A reason is required.")]


def instrument_given(innovation, data):
    if data is None:
        return []
    missing = [name for name in INSTRUMENT_FIELDS if not data.get(name)]
    if not missing:
        return instrument_date_problems(
            today=timezone.localdate(), issued_on=data.get("instrument_date")
        )
    return [
        _(
            "The legal instrument is required: its kind (SK, Perkada or Perda), number, date "
            "and the signed document."
        )
    ]


def trial_planned(innovation, data):
    start = (data or {}).get("planned_start") or innovation.trial_start
    end = (data or {}).get("planned_end") or innovation.trial_end
    if data is None or (start and end and end >= start):
        return []
    return [_("The planned trial period (start and end) is required.")]


def trial_reported(innovation, data):
    if innovation.trial_actual_end and innovation.trial_report.strip():
        return []
    return [_("The trial report (actual end of the trial and its findings) must be recorded.")]


def implementation_date_given(innovation, data):
    if data is None or data.get("implementation_start"):
        return []
    return [_("The implementation start date is required.")]


def lessons_given(innovation, data):
    """A no-blame closure of a trial or an implemented innovation records its lessons."""
    if data is None or innovation.status not in (S.TRIAL, S.IMPLEMENTED):
        return []
    if all((data.get(name) or "").strip() for name in LESSONS_FIELDS):
        return []
    return [
        _(
            "Closing an innovation that ran needs its lessons: results, challenges and "
            "failures, conditions for success and lessons."
        )
    ]


@dataclass(frozen=True)
class Transition:
    name: str
    label: object  # lazy text
    verb: str  # audit verb and timeline entry
    sources: frozenset[str]
    target: str | None  # None: back to the status before the discontinuation
    roles: frozenset[str]
    checks: tuple[Check, ...] = ()
    instrument: str = ""  # LegalInstrument.Purpose recorded by this transition
    decision: str = ""  # Recommendation recorded on the open feasibility review
    style: str = "primary"
    effects: tuple[str, ...] = ()  # names in services.lifecycle.EFFECTS, run in order
    notify: str = "team"  # "team", "steering" (review requested) or "" (nobody)
    stage: str = ""  # the stage (tahapan) of the target status; "" keeps the stage
    milestone: str = ""  # the stepper's step the target status belongs to


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "submit",
            gettext_lazy("Submit the proposal"),
            "submitted",
            frozenset({S.DRAFT, S.NEEDS_REVISION}),
            S.SUBMITTED,
            AGENCY_TEAM | ADMIN,
            (complete_proposal,),
            style="success",
            effects=("stamp_submitted",),
            notify="steering",
            stage=Innovation.Stage.INITIATIVE,
            milestone="usulan",
        ),
        Transition(
            "start_review",
            gettext_lazy("Start the feasibility review"),
            "review_started",
            frozenset({S.SUBMITTED}),
            S.UNDER_REVIEW,
            STEERING,
            effects=("open_review",),
            notify="",
            stage=Innovation.Stage.INITIATIVE,
            milestone="kajian",
        ),
        Transition(
            "approve",
            gettext_lazy("Declare feasible"),
            "found_feasible",
            frozenset({S.UNDER_REVIEW}),
            S.FEASIBLE,
            STEERING,
            (panel_complete,),
            decision="feasible",
            style="success",
            stage=Innovation.Stage.INITIATIVE,
            milestone="kajian",
        ),
        Transition(
            "return",
            gettext_lazy("Return for revision"),
            "returned",
            frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.FEASIBLE}),
            S.NEEDS_REVISION,
            STEERING,
            (reason_given, panel_complete),
            decision="needs_revision",
            style="warning",
            stage=Innovation.Stage.INITIATIVE,
            milestone="usulan",
        ),
        Transition(
            "reject",
            gettext_lazy("Reject"),
            "rejected",
            frozenset({S.SUBMITTED, S.UNDER_REVIEW}),
            S.REJECTED,
            STEERING,
            (reason_given, panel_complete),
            decision="not_feasible",
            style="danger",
            stage=Innovation.Stage.INITIATIVE,
            milestone="kajian",
        ),
        Transition(
            "adopt",
            gettext_lazy("Adopt (penetapan)"),
            "adopted",
            frozenset({S.FEASIBLE}),
            S.ADOPTED,
            ADMIN,
            (instrument_given,),
            instrument=LegalInstrument.Purpose.ADOPTION,
            style="success",
            stage=Innovation.Stage.INITIATIVE,
            milestone="penetapan",
        ),
        Transition(
            "start_trial",
            gettext_lazy("Start the trial (uji coba)"),
            "trial_started",
            frozenset({S.ADOPTED}),
            S.TRIAL,
            AGENCY_TEAM | ADMIN,
            (trial_planned,),
            effects=("start_trial",),
            stage=Innovation.Stage.TRIAL,
            milestone="uji coba",
        ),
        Transition(
            "implement",
            gettext_lazy("Start implementation (penerapan)"),
            "implemented",
            frozenset({S.TRIAL}),
            S.IMPLEMENTED,
            frozenset({Role.OPERATOR}) | ADMIN,
            (trial_reported, implementation_date_given, instrument_given),
            instrument=LegalInstrument.Purpose.IMPLEMENTATION,
            style="success",
            effects=("start_implementation",),
            stage=Innovation.Stage.IMPLEMENTATION,
            milestone="penerapan",
        ),
        Transition(
            "discontinue",
            gettext_lazy("Discontinue"),
            "discontinued",
            frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.FEASIBLE, S.ADOPTED, S.TRIAL, S.IMPLEMENTED}),
            S.DISCONTINUED,
            frozenset({Role.OPERATOR}) | ADMIN,
            (reason_given, lessons_given),
            style="danger",
            effects=("remember_source", "closure_lesson"),
        ),
        Transition(
            "resume",
            gettext_lazy("Resume"),
            "resumed",
            frozenset({S.DISCONTINUED}),
            None,
            ADMIN,
            (reason_given,),
            effects=("forget_source",),
        ),
    ]
}


# Read from the rows: the stage that goes with each status (a draft is an initiative; a
# discontinued innovation keeps its own), the stepper's milestones in order and the
# milestone each status belongs to.
STAGE_OF = {
    S.DRAFT: Innovation.Stage.INITIATIVE,
    **{t.target: t.stage for t in TRANSITIONS.values() if t.target and t.stage},
}
MILESTONES = list(dict.fromkeys(t.milestone for t in TRANSITIONS.values() if t.milestone))
MILESTONE_OF = {
    S.DRAFT: MILESTONES[0],
    **{t.target: t.milestone for t in TRANSITIONS.values() if t.target and t.milestone},
}
# The status at which each milestone is first reached (the row that opens it).
MILESTONE_STATUS = {
    m: next(t.target for t in TRANSITIONS.values() if t.milestone == m) for m in MILESTONES
}


def milestone_index(status: str) -> int | None:
    milestone = MILESTONE_OF.get(status)
    return MILESTONES.index(milestone) if milestone else None


def has_reached(status: str, gate: str) -> bool:
    """Whether an innovation in `status` stands at or past the milestone of status `gate`
    (a discontinued one has reached nothing)."""
    here, needed = milestone_index(status), milestone_index(gate)
    return here is not None and needed is not None and here >= needed


def get(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise ValidationError(_("Unknown step “%(name)s”.") % {"name": name}) from None


def target_of(transition: Transition, innovation: Innovation) -> str:
    return transition.target or innovation.discontinued_from or S.IMPLEMENTED


def refusal(user, innovation: Innovation, transition: Transition, data: dict | None):
    """Raise PermissionDenied (role) or ValidationError (status, preconditions) saying why."""
    require_step(user, innovation, transition)
    if innovation.status not in transition.sources:
        raise ValidationError(
            _("“%(step)s” is possible only from: %(from)s; this innovation is %(status)s.")
            % {
                "step": transition.label,
                "from": ", ".join(str(S(s).label) for s in sorted(transition.sources)),
                "status": innovation.get_status_display(),
            }
        )
    problems = [p for check in transition.checks for p in check(innovation, data)]
    if problems:
        raise ValidationError(problems)


def available(user, innovation: Innovation) -> list[tuple[Transition, list[str]]]:
    """Steps this user may take from the current status, each with what still blocks it."""
    held = roles_for(user, innovation)
    return [
        (t, [p for check in t.checks for p in check(innovation, None)])
        for t in TRANSITIONS.values()
        if innovation.status in t.sources and held & t.roles
    ]
