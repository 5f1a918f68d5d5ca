"""Writes of the competition: one audit event per state change, in the same transaction."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inovda.core import audit, bounds, files
from inovda.core.notifications import notify
from inovda.innovations.models import Innovation, count_words
from inovda.innovations.selectors import handover_people_for
from inovda.organizations import access as org
from inovda.organizations.models import AGENCY_ROLES

from . import access, selectors
from .models import (
    PHASE_ORDER,
    Assignment,
    Category,
    CategorySection,
    Competition,
    Criterion,
    Entry,
    EntryAttachment,
    EntrySection,
    Phase,
    PhaseDate,
    ProposalSection,
    Result,
    Reviewer,
    Score,
)

ENTERABLE = {Innovation.Status.TRIAL, Innovation.Status.IMPLEMENTED}


def _run_check(actor, competition: Competition) -> None:
    if not access.can_run(actor, competition.pemda_id):
        raise PermissionDenied(_("Only the Pemda admin or the innovation unit run competitions."))


def _locked(competition: Competition) -> Competition:
    return Competition.objects.select_for_update().select_related("pemda").get(pk=competition.pk)


# Set-up -----------------------------------------------------------------------------------


@transaction.atomic
def competition_create(
    *, actor, pemda, data: dict[str, Any], dates: dict[str, tuple] | None = None
) -> Competition:
    if not access.can_run(actor, pemda.pk):
        raise PermissionDenied(_("Only the Pemda admin or the innovation unit run competitions."))
    fields = ["name", "year", "description", "challenge", "blind", "reviewers_per_entry"]
    fields += ["shortlist_size", "winners_per_category"]
    competition = Competition(pemda=pemda, **{k: data[k] for k in fields if k in data})
    if competition.challenge_id and competition.challenge.problem.pemda_id != pemda.pk:
        raise ValidationError(_("The challenge belongs to another Pemda."))
    competition.full_clean()
    competition.save()
    for phase, (start, end) in (dates or {}).items():
        if end < start:
            raise ValidationError(_("A phase cannot end before it starts."))
        PhaseDate.objects.create(competition=competition, phase=phase, starts_on=start, ends_on=end)
    audit.record(actor=actor, verb="created", subject=competition, pemda=pemda)
    return competition


def default_dates(start: datetime.date) -> dict[str, tuple]:
    """A plausible timeline from `start`: two weeks per phase."""
    return {
        phase: (
            start + datetime.timedelta(days=14 * i),
            start + datetime.timedelta(days=14 * i + 13),
        )
        for i, phase in enumerate(PHASE_ORDER)
    }


@transaction.atomic
def category_create(
    *, actor, competition: Competition, name: str, description: str = ""
) -> Category:
    _run_check(actor, competition)
    if competition.phase != Phase.REGISTRATION:
        raise ValidationError(_("Categories are set before submission opens."))
    category = Category.objects.create(competition=competition, name=name, description=description)
    CategorySection.objects.bulk_create(
        CategorySection(
            category=category,
            title=s.title,
            max_words=s.max_words,
            asks=s.asks,
            wants_attachment=s.is_attachments,
            prefill=s.prefill,
            position=s.position,
        )
        for s in ProposalSection.objects.all()
    )
    audit.record(actor=actor, verb="competition_category_saved", subject=competition, target=name)
    return category


@transaction.atomic
def criterion_save(
    *,
    actor,
    competition: Competition,
    name: str,
    weight: Decimal,
    descriptors: dict[str, str],
    criterion: Criterion | None = None,
) -> Criterion:
    _run_check(actor, competition)
    if competition.phase not in (Phase.REGISTRATION, Phase.SUBMISSION):
        raise ValidationError(_("The rubric is fixed once the desk evaluation starts."))
    if weight is None or weight <= 0:
        raise ValidationError(_("A criterion's weight must be above zero."))
    criterion = criterion or Criterion(competition=competition)
    criterion.name, criterion.weight = name, weight
    criterion.descriptors = {str(k): v for k, v in descriptors.items() if v}
    if not criterion.pk:
        criterion.position = competition.criteria.count() + 1
    criterion.save()
    audit.record(
        actor=actor,
        verb="competition_criterion_saved",
        subject=competition,
        target=f"{name} ({weight})",
    )
    return criterion


def _home_agency(user, pemda_id: int):
    for m in org.memberships(user):
        if m.pemda_id == pemda_id and m.agency_id and m.role in AGENCY_ROLES:
            return m.agency
    return None


@transaction.atomic
def reviewer_add(*, actor, competition: Competition, user, agency=None) -> Reviewer:
    _run_check(actor, competition)
    if agency is not None and agency.pemda_id != competition.pemda_id:
        raise ValidationError(_("The agency belongs to another Pemda."))
    if competition.reviewers.filter(user=user).exists():
        raise ValidationError(_("This person is already a reviewer."))
    reviewer = Reviewer.objects.create(
        competition=competition,
        user=user,
        agency=agency or _home_agency(user, competition.pemda_id),
    )
    audit.record(
        actor=actor, verb="competition_reviewer_added", subject=competition, target=str(reviewer)
    )
    return reviewer


# Entries ----------------------------------------------------------------------------------


@transaction.atomic
def entry_create(*, actor, competition: Competition, category: Category, innovation) -> Entry:
    if category.competition_id != competition.pk:
        raise ValidationError(_("The category belongs to another competition."))
    if not access.can_enter(actor, innovation) or innovation.pemda_id != competition.pemda_id:
        raise PermissionDenied(_("You may enter only your own agency's innovations."))
    if competition.phase not in (Phase.REGISTRATION, Phase.SUBMISSION):
        raise ValidationError(_("Registration is closed."))
    if innovation.status not in ENTERABLE:
        raise ValidationError(
            _("Only innovations in trial or implementation can enter (this one is “%(s)s”).")
            % {"s": innovation.get_status_display()}
        )
    if competition.entries.filter(innovation=innovation).exists():
        raise ValidationError(_("This innovation is already entered."))
    entry = Entry.objects.create(competition=competition, category=category, innovation=innovation)
    EntrySection.objects.bulk_create(
        EntrySection(
            entry=entry,
            section=section,
            text=getattr(innovation, section.prefill, "") if section.prefill else "",
        )
        for section in category.sections.all()
    )
    audit.record(
        actor=actor, verb="created", subject=entry, pemda=competition.pemda, target=category.name
    )
    return entry


def word_problems(entry: Entry, texts: dict[int, str]) -> dict[int, str]:
    """{section id: problem} for answers over their word limit."""
    problems = {}
    for section in entry.category.sections.all():
        words = count_words(texts.get(section.pk, ""))
        if section.max_words and words > section.max_words:
            problems[section.pk] = _("%(n)d words; the limit is %(max)d.") % {
                "n": words,
                "max": section.max_words,
            }
    return problems


def _edit_check(actor, entry: Entry) -> None:
    if not access.can_edit_entry(actor, entry):
        raise PermissionDenied(_("This entry cannot be changed now."))


@transaction.atomic
def entry_save(*, actor, entry: Entry, texts: dict[int, str]) -> Entry:
    _edit_check(actor, entry)
    problems = word_problems(entry, texts)
    if problems:
        raise ValidationError({str(k): v for k, v in problems.items()})
    changed = []
    for answer in entry.answers.select_related("section"):
        new = texts.get(answer.section_id, answer.text)
        if new != answer.text:
            answer.text = new
            answer.save(update_fields=["text"])
            changed.append(answer.section.title)
    if changed:
        audit.record(
            actor=actor,
            verb="competition_entry_saved",
            subject=entry,
            pemda=entry.competition.pemda,
            target=", ".join(changed)[:300],
        )
    return entry


@transaction.atomic
def entry_attach(*, actor, entry: Entry, upload, section: CategorySection | None = None):
    _edit_check(actor, entry)
    attachment = EntryAttachment(entry=entry, section=section, uploaded_by=actor)
    files.store(attachment, upload=upload, prefix="competitions")
    attachment.save()
    audit.record(
        actor=actor,
        verb="attachment_added",
        subject=entry,
        pemda=entry.competition.pemda,
        target=attachment.original_name,
    )
    return attachment


def submission_problems(entry: Entry) -> list[str]:
    problems = []
    answers = {a.section_id: a.text for a in entry.answers.all()}
    for section in entry.category.sections.all():
        if section.wants_attachment:
            if not entry.attachments.exists():
                problems.append(_("%(s)s: attach at least one file.") % {"s": section.title})
        elif not answers.get(section.pk, "").strip():
            problems.append(_("%(s)s: this section is empty.") % {"s": section.title})
    problems += [f"{k}: {v}" for k, v in word_problems(entry, answers).items()]
    return problems


@transaction.atomic
def entry_submit(*, actor, entry: Entry) -> Entry:
    entry = (
        Entry.objects.select_for_update()
        .select_related("competition", "innovation")
        .get(pk=entry.pk)
    )
    _edit_check(actor, entry)
    if entry.competition.phase != Phase.SUBMISSION:
        raise ValidationError(_("Entries are submitted during the submission phase."))
    problems = submission_problems(entry)
    if problems:
        raise ValidationError(problems)
    entry.status, entry.submitted_at, entry.submitted_by = (
        Entry.Status.SUBMITTED,
        timezone.now(),
        actor,
    )
    entry.save()
    audit.record(
        actor=actor,
        verb="competition_entry_submitted",
        subject=entry,
        pemda=entry.competition.pemda,
    )
    return entry


# Reviewers ------------------------------------------------------------------------------


def _eligible(entry: Entry, reviewers: list[Reviewer], loads: Counter) -> list[Reviewer]:
    """Reviewers free of conflict for this entry, least loaded first (then oldest)."""
    taken = set(entry.assignments.values_list("reviewer_id", flat=True))
    return sorted(
        (r for r in reviewers if r.pk not in taken and r.agency_id != entry.innovation.agency_id),
        key=lambda r: (loads[r.pk], r.pk),
    )


def _loads(competition: Competition) -> Counter:
    rows = (
        Assignment.objects.filter(entry__competition=competition)
        .exclude(status=Assignment.Status.CONFLICT)
        .values("reviewer_id")
        .annotate(n=Count("id"))
    )
    return Counter({row["reviewer_id"]: row["n"] for row in rows})


def _assign(actor, entry: Entry, reviewer: Reviewer, loads: Counter) -> Assignment:
    assignment = Assignment.objects.create(entry=entry, reviewer=reviewer)
    loads[reviewer.pk] += 1
    audit.record(
        actor=actor,
        verb="competition_assigned",
        subject=entry,
        pemda=entry.competition.pemda,
        target=str(reviewer),
    )
    return assignment


@transaction.atomic
def reviewers_assign(*, actor, competition: Competition) -> list[str]:
    """Give every submitted entry its reviewers, least-loaded first; returns the problems
    (entries that could not get enough reviewers free of conflict)."""
    _run_check(actor, competition)
    reviewers = list(competition.reviewers.all())
    loads = _loads(competition)
    problems = []
    entries = competition.entries.filter(status=Entry.Status.SUBMITTED).select_related("innovation")
    # The most constrained entries (fewest reviewers free of conflict) are served first,
    # so the free reviewers' load stays even.
    entries = sorted(entries, key=lambda e: (len(_eligible(e, reviewers, loads)), e.pk))
    for entry in entries:
        active = entry.assignments.exclude(status=Assignment.Status.CONFLICT).count()
        for reviewer in _eligible(entry, reviewers, loads)[
            : max(0, competition.reviewers_per_entry - active)
        ]:
            _assign(actor, entry, reviewer, loads)
            active += 1
        if active < competition.reviewers_per_entry:
            problems.append(
                _("%(entry)s has %(n)d of %(want)d reviewers free of conflict.")
                % {"entry": entry.code, "n": active, "want": competition.reviewers_per_entry}
            )
    notify(
        recipients=[r.user for r in reviewers],
        verb="competition_assigned",
        message=_("You have entries to score in “%(c)s”.") % {"c": competition.name},
        link=competition.get_absolute_url() + "review/",
        key=f"competition-{competition.pk}-assigned-{timezone.localdate()}",
    )
    return problems


@transaction.atomic
def conflict_declare(*, actor, assignment: Assignment, reason: str) -> Assignment | None:
    """The reviewer declares a conflict: the entry goes to the least-loaded free reviewer.
    Returns the new assignment (None if nobody is free: the runners are told)."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("reviewer", "entry__competition", "entry__innovation")
        .get(pk=assignment.pk)
    )
    if assignment.reviewer.user_id != actor.pk:
        raise PermissionDenied(_("Only the reviewer declares their own conflict."))
    if not reason.strip():
        raise ValidationError(_("Say what the conflict is."))
    if assignment.status == Assignment.Status.CONFLICT:
        raise ValidationError(_("This conflict is already declared."))
    assignment.status, assignment.conflict_reason = Assignment.Status.CONFLICT, reason.strip()
    assignment.save()
    assignment.scores.all().delete()
    entry, competition = assignment.entry, assignment.entry.competition
    audit.record(
        actor=actor,
        verb="competition_conflict_declared",
        subject=entry,
        pemda=competition.pemda,
        message=reason,
    )
    candidates = _eligible(entry, list(competition.reviewers.all()), _loads(competition))
    if not candidates:
        return None
    new = _assign(actor, entry, candidates[0], _loads(competition))
    notify(
        recipients=[candidates[0].user],
        verb="competition_assigned",
        message=_("An entry was reassigned to you in “%(c)s”.") % {"c": competition.name},
        link=competition.get_absolute_url() + "review/",
    )
    return new


@transaction.atomic
def score_save(
    *, actor, assignment: Assignment, levels: dict[int, int], comment: str = ""
) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("reviewer", "entry__competition", "entry__innovation")
        .get(pk=assignment.pk)
    )
    competition = assignment.entry.competition
    if assignment.reviewer.user_id != actor.pk:
        raise PermissionDenied(_("You may score only the entries given to you."))
    if assignment.reviewer.agency_id == assignment.entry.innovation.agency_id:
        raise PermissionDenied(_("You cannot score an entry of your own agency."))
    if assignment.status == Assignment.Status.CONFLICT:
        raise ValidationError(_("You declared a conflict on this entry."))
    if not competition.is_scoring:
        raise ValidationError(_("Scores are entered during the evaluation phases."))
    criteria = list(competition.criteria.all())
    missing = [c.name for c in criteria if c.pk not in levels]
    if missing:
        raise ValidationError(_("Give a level for: %(names)s.") % {"names": ", ".join(missing)})
    if any(not 1 <= int(levels[c.pk]) <= 5 for c in criteria):
        raise ValidationError(_("Levels run from 1 to 5."))
    before = {s.criterion_id: s.level for s in assignment.scores.all()}
    for c in criteria:
        Score.objects.update_or_create(
            assignment=assignment, criterion=c, defaults={"level": int(levels[c.pk])}
        )
    assignment.status, assignment.comment = Assignment.Status.DONE, comment
    assignment.scored_at = timezone.now()
    assignment.save()
    audit.record(
        actor=actor,
        verb="competition_scored",
        subject=assignment.entry,
        pemda=competition.pemda,
        target=str(assignment.reviewer),
        changes={
            c.name: {"before": before.get(c.pk), "after": int(levels[c.pk])}
            for c in criteria
            if before.get(c.pk) != int(levels[c.pk])
        },
    )
    return assignment


@transaction.atomic
def moderate(*, actor, assignment: Assignment, reason: str, exclude: bool = True) -> Assignment:
    """Leave one review out of its entry's score (an outlier), with the reason; or put it
    back (`exclude=False`)."""
    assignment = (
        Assignment.objects.select_for_update().select_related("reviewer").get(pk=assignment.pk)
    )
    competition = _locked(assignment.entry.competition)
    _run_check(actor, competition)
    if competition.published_at:
        raise ValidationError(_("The results are published; scores are final."))
    reason = bounds.checked_note(reason)
    if exclude and not reason:
        raise ValidationError(_("Give the reason for leaving this score out."))
    before = assignment.excluded_reason
    assignment.excluded_reason = reason if exclude else ""
    assignment.moderated_by = actor
    assignment.save()
    competition.calibrated_at = None
    competition.save(update_fields=["calibrated_at"])
    audit.record(
        actor=actor,
        verb="competition_moderated",
        subject=assignment.entry,
        pemda=competition.pemda,
        target=str(assignment.reviewer),
        message=reason,
        changes={"excluded_reason": {"before": before, "after": assignment.excluded_reason}},
    )
    return assignment


@transaction.atomic
def calibration_confirm(*, actor, competition: Competition) -> Competition:
    competition = _locked(competition)
    _run_check(actor, competition)
    competition.calibrated_at, competition.calibrated_by = timezone.now(), actor
    competition.save()
    audit.record(actor=actor, verb="competition_calibrated", subject=competition)
    return competition


@transaction.atomic
def reviewers_remind(*, actor, competition: Competition) -> int:
    _run_check(actor, competition)
    pending = (
        Reviewer.objects.filter(
            competition=competition, assignments__status=Assignment.Status.ASSIGNED
        )
        .annotate(n=Count("assignments", filter=Q(assignments__status=Assignment.Status.ASSIGNED)))
        .select_related("user")
    )
    sent = 0
    for reviewer in pending:
        sent += len(
            notify(
                recipients=[reviewer.user],
                verb="competition_reminder",
                message=_("%(n)d entries still wait for your scores in “%(c)s”.")
                % {"n": reviewer.n, "c": competition.name},
                link=competition.get_absolute_url() + "review/",
                key=f"competition-{competition.pk}-remind-{timezone.localdate()}",
            )
        )
    audit.record(actor=actor, verb="competition_reminded", subject=competition, message=str(sent))
    return sent


# Phases and results ----------------------------------------------------------------------


def advance_problems(competition: Competition) -> list[str]:
    """What stops the competition from moving to the next phase."""
    phase = competition.phase
    if phase == Phase.ANNOUNCEMENT:
        return [_("The competition is over.")]
    problems = []
    if phase == Phase.REGISTRATION:
        if not competition.categories.exists():
            problems.append(_("Add at least one category."))
        if not competition.criteria.exists():
            problems.append(_("Add the rubric's criteria."))
        if competition.reviewers.count() < competition.reviewers_per_entry:
            problems.append(
                _("Add at least %(n)d reviewers.") % {"n": competition.reviewers_per_entry}
            )
    elif phase == Phase.SUBMISSION:
        if not competition.entries.filter(status=Entry.Status.SUBMITTED).exists():
            problems.append(_("No entry has been submitted."))
    elif phase == Phase.DESK:
        waiting = Assignment.objects.filter(
            entry__competition=competition, status=Assignment.Status.ASSIGNED
        ).count()
        if waiting:
            problems.append(_("%(n)d reviews are not scored yet.") % {"n": waiting})
    elif phase == Phase.FIELD and competition.calibrated_at is None:
        problems.append(_("Review the calibration view before the results are final."))
    return problems


@transaction.atomic
def phase_advance(*, actor, competition: Competition) -> Competition:
    competition = _locked(competition)
    _run_check(actor, competition)
    problems = advance_problems(competition)
    if problems:
        raise ValidationError(problems)
    before = competition.phase
    competition.phase = PHASE_ORDER[competition.phase_index + 1]
    competition.save()
    audit.record(
        actor=actor,
        verb="competition_phase_advanced",
        subject=competition,
        changes={"phase": {"before": before, "after": competition.phase}},
    )
    if competition.phase == Phase.DESK:
        reviewers_assign(actor=actor, competition=competition)
    elif competition.phase == Phase.PRESENTATION:
        _shortlist(competition)
    elif competition.phase == Phase.ANNOUNCEMENT:
        _publish(actor, competition)
    return competition


def _shortlist(competition: Competition) -> None:
    chosen = [
        row.entry
        for rows in selectors.standings(competition).values()
        for row in rows
        if row.rank <= competition.shortlist_size
    ]
    Entry.objects.filter(pk__in=chosen).update(shortlisted=True)


def _publish(actor, competition: Competition) -> None:
    Result.objects.filter(entry__competition=competition).delete()
    winners: list[Entry] = []
    entries = {e.pk: e for e in competition.entries.select_related("innovation")}
    for rows in selectors.standings(competition).values():
        for row in rows:
            is_winner = row.rank <= competition.winners_per_category
            Result.objects.create(
                entry_id=row.entry,
                rank=row.rank,
                total=Decimal(str(round(row.score, 2))),
                tie_note=row.tie_note[:300],
                is_winner=is_winner,
            )
            if is_winner:
                winners.append(entries[row.entry])
    competition.published_at = timezone.now()
    competition.save()
    from . import recognition

    recognition.record(actor=actor, competition=competition, winners=winners)
    audit.record(
        actor=actor,
        verb="competition_published",
        subject=competition,
        message=_("%(n)d winners.") % {"n": len(winners)},
    )
    people = handover_people_for(e.innovation for e in winners)
    notify(
        recipients=[user for users in people.values() for user in users],
        verb="competition_published",
        message=_("The results of “%(c)s” are published.") % {"c": competition.name},
        link=competition.get_absolute_url() + "results/",
    )
