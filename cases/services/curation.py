"""Curation: the review workflow, the checks a case must pass to be published, edits that keep the
version and the reviewer's separation of duties, and revert to an earlier state.

draft -> in review -> published -> (retracted). An edit to a published or retracted case needs a reason
and sends the case back into review (a correction). The reviewer who publishes may not be the last
person who edited the case.

One rule says what counts as an edit to a case: a change to the case, to one of its parts (defendants,
charges, sentences, jobs, agency links, sources), or to a record that the case shows (the people and
organizations in it, its agencies, statutes and their maxima). The admin, the API and the commands all
go through `case_edit` (parts) or `record_edit` (records around cases).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from cases.choices import (
    CONVICTED_DISPOSITIONS,
    CaseStatus,
    CourtKind,
    CurationStatus,
    DefendantDisposition,
    ReviewAction,
)
from cases.models import (
    PUBLIC_STATUSES,
    Agency,
    Case,
    CaseAgency,
    Charge,
    Defendant,
    Employment,
    Organization,
    Person,
    ReviewEvent,
    Sentence,
    Source,
    Statute,
    StatutoryPenalty,
)

PUBLISH_PERMISSION = "cases.publish_case"
EDIT_PERMISSION = "cases.change_case"
# Case statuses in which a defendant may still have no outcome.
OPEN_STATUSES = {CaseStatus.INVESTIGATION, CaseStatus.CHARGED, CaseStatus.ON_APPEAL}
GENERAL_CONSPIRACY = "18 U.S.C. 371"


class CurationError(Exception):
    """A workflow step that cannot be taken, with every reason in plain words."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(self.problems))


class StaleVersionError(CurationError):
    """The case changed since the editor loaded it."""


# ---------------------------------------------------------------------------------------------- checks


def _maximum_months(charges: list[Charge], on: dt.date | None) -> Decimal | None:
    """The longest total term the counts of conviction allow (counts served consecutively), or None when
    a count allows life or a maximum is not recorded."""
    total = Decimal(0)
    for charge in charges:
        penalty = charge.statute.penalty_on(on)
        if penalty is None or penalty.max_prison_life or penalty.max_prison_months is None:
            return None
        total += Decimal(penalty.max_prison_months) * charge.counts
    return total


def case_publish_problems(case: Case) -> list[str]:
    """Everything that stops the case from being published, in plain words (empty when it may be)."""
    problems = []
    if not case.sources.exists():
        problems.append("Add at least one source.")
    if case.court_kind == CourtKind.FEDERAL_DISTRICT and case.district_id is None:
        problems.append("Give the district of the court.")
    if case.court_kind != CourtKind.FEDERAL_DISTRICT and not case.court_name.strip():
        problems.append("Name the court (a court-martial, a state or another court).")
    if "defendants" in getattr(case, "_prefetched_objects_cache", {}):
        defendants = list(case.defendants.all())  # a report over many cases fetched them once
    else:
        defendants = list(
            case.defendants.select_related("person", "organization").prefetch_related(
                "sentences", "charges__statute__penalties", "charges__object_statute"
            )
        )
    if not defendants:
        problems.append("Add at least one defendant.")
    for defendant in defendants:
        name = defendant.name
        charges = list(defendant.charges.all())
        events = list(defendant.sentences.all())
        sentence = defendant.sentence
        if events and sentence is None and not all(event.is_vacated for event in events):
            problems.append(f"{name}: mark which sentence is in force (operative), or the others vacated.")
        for event in events:
            if event is not sentence and event.sentenced_on is None:
                problems.append(f"{name}: give the date of each sentencing event.")
                break
        if defendant.disposition == DefendantDisposition.PENDING and case.status not in OPEN_STATUSES:
            problems.append(
                f"{name}: give a disposition (the case is {case.get_status_display().lower()}, "
                "but this defendant's outcome is still pending)."
            )
        if not charges:
            problems.append(f"{name}: add the charges, each with its statute.")
        for charge in charges:
            # 18 U.S.C. 371 has two clauses: a conspiracy to commit an offence names it; one to defraud the
            # United States has no object offence (recorded as subsection "defraud clause").
            defraud = "defraud" in charge.subsection.lower()
            if (
                charge.is_conspiracy
                and charge.statute.citation == GENERAL_CONSPIRACY
                and not charge.object_statute_id
                and not defraud
            ):
                problems.append(f"{name}: the conspiracy under {GENERAL_CONSPIRACY} needs its object offence.")
        convicted = defendant.disposition in (
            DefendantDisposition.CONVICTED_PLEA,
            DefendantDisposition.CONVICTED_TRIAL,
        )
        if convicted and case.status in (CaseStatus.SENTENCED, CaseStatus.CLOSED) and sentence is None:
            problems.append(f"{name}: the case is {case.get_status_display().lower()}; add the sentence.")
        if sentence is not None:
            if sentence.sentenced_on is None:
                problems.append(f"{name}: give the date of the sentence.")
            if sentence.prison_months is not None and not sentence.above_maximum_reason.strip():
                convictions = [c for c in charges if c.is_conviction and c.disposition in CONVICTED_DISPOSITIONS]
                maximum = _maximum_months(convictions, sentence.sentenced_on) if convictions else None
                if maximum is not None and sentence.prison_months > maximum:
                    problems.append(
                        f"{name}: the prison term of {sentence.prison_months.normalize():f} months is above "
                        f"the statutory maximum of {maximum.normalize():f} months for the counts of conviction; "
                        "correct it or give the reason."
                    )
    return problems


# ---------------------------------------------------------------------------------------------- edits


def edit_needs_reason(case: Case) -> bool:
    return case.curation_status in PUBLIC_STATUSES


@contextmanager
def case_edit(*, case_id: int, user, version: int | None = None, reason: str = ""):
    """Wrap a change to a case or its parts: the case row is locked, the version checked (when given),
    a reason demanded for a public case; afterwards the version is raised, the editor recorded, and a
    public case goes back into review as a correction. All in one transaction."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        case_check_edit(case=case, version=version, reason=reason)
        was_public = case.curation_status in PUBLIC_STATUSES
        yield case
        case_record_edit(case_id=case_id, user=user, reason=reason, was_public=was_public)


def case_check_edit(*, case: Case, version: int | None, reason: str) -> None:
    if version is not None and int(version) != case.version:
        raise StaleVersionError(
            "Someone else saved this case since you opened it (it is now at version "
            f"{case.version}, you started from {version}). Reload it and make your change again."
        )
    if edit_needs_reason(case) and not reason.strip():
        raise CurationError(
            f"This case is {case.get_curation_status_display().lower()}: say why you change it (the reason "
            "is kept in its history), and it will go back into review."
        )


def case_record_edit(*, case_id: int, user, reason: str = "", was_public: bool | None = None) -> Case:
    """After a change: raise the version and record the editor (bookkeeping, kept out of the history);
    a public case goes back into review as a correction (which the history shows, with the reason)."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if was_public is None:
        was_public = case.curation_status in PUBLIC_STATUSES
    Case.objects.filter(pk=case_id).update(version=F("version") + 1, last_edited_by=user, last_edited_at=timezone.now())
    case.refresh_from_db()
    if was_public:
        case.curation_status = CurationStatus.IN_REVIEW
        case._change_reason = f"Correction: {reason}"
        case.save(update_fields=["curation_status"])
        ReviewEvent.objects.create(case=case, action=ReviewAction.CORRECTED, user=user, comment=reason)
    return case


# ---------------------------------------------------------------------------------------------- records around cases


def cases_showing(instance) -> list[int]:
    """Ids of the cases whose record shows `instance` (a person, organization, agency, statute or maximum):
    a change to it is a change to each of them."""
    if instance is None or instance.pk is None:
        return []
    if isinstance(instance, Person):
        condition = Q(defendants__person=instance)
    elif isinstance(instance, Organization):
        condition = Q(defendants__employments__organization=instance) | Q(defendants__organization=instance)
    elif isinstance(instance, Agency):
        condition = Q(agency_links__agency=instance)
    elif isinstance(instance, Statute):
        condition = Q(defendants__charges__statute=instance) | Q(defendants__charges__object_statute=instance)
    elif isinstance(instance, StatutoryPenalty):
        return cases_showing(instance.statute) if instance.statute_id else []
    else:
        raise TypeError(f"{type(instance).__name__} is not a record around cases")
    return sorted(set(Case.objects.filter(condition).values_list("pk", flat=True)))


def record_check_edit(*, case_ids: list[int], reason: str, label: str) -> list[Case]:
    """Lock the cases that show a record and demand a reason when any of them is public."""
    cases = list(Case.objects.select_for_update().filter(pk__in=case_ids).order_by("pk"))
    public = [case for case in cases if case.curation_status in PUBLIC_STATUSES]
    if public and not reason.strip():
        shown = ", ".join(case.caption for case in public[:5]) + (" and others" if len(public) > 5 else "")
        raise CurationError(
            f"{label} is shown by {len(public)} public case(s) ({shown}): say why you change it (the reason is "
            "kept in the history), and those cases will go back into review."
        )
    return cases


@contextmanager
def record_edit(*, instance, user, reason: str = "", extra_case_ids=()):
    """Wrap a change to a record around cases (or its removal): every case that shows it is locked, a
    reason demanded when one is public; afterwards each such case has its version raised and the editor
    recorded (so the editor cannot publish it), and the public ones go back into review. One transaction."""
    with transaction.atomic():
        case_ids = sorted(set(cases_showing(instance)) | set(extra_case_ids))
        cases = record_check_edit(case_ids=case_ids, reason=reason, label=str(instance) or "This record")
        if instance is not None and instance.pk is not None:
            instance._change_reason = reason or None
        yield cases
        for case in cases:
            case_record_edit(
                case_id=case.pk, user=user, reason=reason, was_public=case.curation_status in PUBLIC_STATUSES
            )


# ---------------------------------------------------------------------------------------------- workflow


def _require(user, permission: str, message: str) -> None:
    if not (user and user.is_authenticated and user.has_perm(permission)):
        raise CurationError(message)


def _transition(case: Case, *, allowed_from, to, user, action, comment="") -> Case:
    if case.curation_status not in allowed_from:
        names = " or ".join(CurationStatus(s).label.lower() for s in allowed_from)
        raise CurationError(
            f"Only a case that is {names} can be {ReviewAction(action).label.lower()}; this one is "
            f"{case.get_curation_status_display().lower()}."
        )
    case.curation_status = to
    fields = ["curation_status"]
    if to == CurationStatus.PUBLISHED:
        case.published_at = timezone.now()
        fields.append("published_at")
    case._change_reason = f"{ReviewAction(action).label}: {comment}" if comment else ReviewAction(action).label
    case.save(update_fields=fields)
    ReviewEvent.objects.create(case=case, action=action, user=user, comment=comment)
    return case


@transaction.atomic
def case_submit(*, case: Case, user, comment: str = "") -> Case:
    """Draft -> in review. The case must already pass the publication checks."""
    _require(user, EDIT_PERMISSION, "Only analysts can submit a case for review.")
    case = Case.objects.select_for_update().get(pk=case.pk)
    problems = case_publish_problems(case)
    if problems:
        raise CurationError(problems)
    return _transition(
        case, allowed_from={CurationStatus.DRAFT}, to=CurationStatus.IN_REVIEW, user=user,
        action=ReviewAction.SUBMITTED, comment=comment,
    )  # fmt: skip


@transaction.atomic
def case_publish(*, case: Case, user, comment: str = "") -> Case:
    """In review -> published, by a reviewer who did not make the last edit, when every check passes."""
    _require(user, PUBLISH_PERMISSION, "Only reviewers can publish a case.")
    case = Case.objects.select_for_update().get(pk=case.pk)
    problems = []
    if case.last_edited_by_id is not None and case.last_edited_by_id == user.pk:
        problems.append("You made the last change to this case; another reviewer must publish it.")
    problems += case_publish_problems(case)
    if problems:
        raise CurationError(problems)
    return _transition(
        case, allowed_from={CurationStatus.IN_REVIEW}, to=CurationStatus.PUBLISHED, user=user,
        action=ReviewAction.PUBLISHED, comment=comment,
    )  # fmt: skip


@transaction.atomic
def case_return(*, case: Case, user, comment: str) -> Case:
    """In review -> draft, with the reviewer's comment for the analyst."""
    _require(user, PUBLISH_PERMISSION, "Only reviewers can return a case.")
    if not comment.strip():
        raise CurationError("Say what needs to change: the comment goes to the analyst.")
    case = Case.objects.select_for_update().get(pk=case.pk)
    return _transition(
        case, allowed_from={CurationStatus.IN_REVIEW}, to=CurationStatus.DRAFT, user=user,
        action=ReviewAction.RETURNED, comment=comment,
    )  # fmt: skip


@transaction.atomic
def case_retract(*, case: Case, user, reason: str) -> Case:
    """Published -> retracted: kept and shown as retracted, never deleted."""
    _require(user, PUBLISH_PERMISSION, "Only reviewers can retract a case.")
    if not reason.strip():
        raise CurationError("Give the reason for the retraction; it is shown with the case.")
    case = Case.objects.select_for_update().get(pk=case.pk)
    return _transition(
        case, allowed_from={CurationStatus.PUBLISHED}, to=CurationStatus.RETRACTED, user=user,
        action=ReviewAction.RETRACTED, comment=reason,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------- revert

# Parts of a case in the order they can be written (a fact's source before the fact).
PARTS_BY_CASE = [Source, CaseAgency, Defendant]
PARTS_BY_DEFENDANT = [Employment, Charge, Sentence]
CASE_CONTENT_EXCLUDED = {"id", "curation_status", "published_at", "version", "last_edited_by", "last_edited_at",
                         "created_at", "updated_at", "is_synthetic"}  # fmt: skip


def case_snapshot(case_id: int, at: dt.datetime | None = None) -> dict:
    """The case's content and parts as they were at `at` (now when None), keyed by model and pk."""
    if at is None:
        case = Case.objects.get(pk=case_id)
        parts = {model: list(model.objects.filter(case_id=case_id)) for model in PARTS_BY_CASE}
        defendant_ids = [d.pk for d in parts[Defendant]]
        for model in PARTS_BY_DEFENDANT:
            parts[model] = list(model.objects.filter(defendant_id__in=defendant_ids))
    else:
        case = Case.history.as_of(at).filter(id=case_id).first()
        if case is None:
            raise CurationError("The case did not exist at that time.")
        parts = {model: list(model.history.as_of(at).filter(case_id=case_id)) for model in PARTS_BY_CASE}
        defendant_ids = [d.pk for d in parts[Defendant]]
        for model in PARTS_BY_DEFENDANT:
            parts[model] = list(model.history.as_of(at).filter(defendant_id__in=defendant_ids))
    return {"case": case, "parts": parts}


def _content(instance) -> dict:
    """The stored values of a case or part that a revert restores."""
    skip = {"created_at", "updated_at"} | (CASE_CONTENT_EXCLUDED if isinstance(instance, Case) else set())
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if f.attname not in skip}


def case_revert(*, case: Case, at: dt.datetime, user, reason: str, version: int | None = None) -> Case:
    """Restore the case's content and every part to what they were at `at`. The curation status is not
    reverted: a public case goes back into review, like any edit. All or nothing."""
    if not reason.strip():
        raise CurationError("Say why the case is reverted; the reason is kept in its history.")
    past = case_snapshot(case.pk, at)
    try:
        with case_edit(case_id=case.pk, user=user, version=version, reason=reason) as current_case:
            for field, value in _content(past["case"]).items():
                setattr(current_case, field, value)
            current_case._change_reason = reason
            current_case.save()
            now = case_snapshot(case.pk)
            wanted = {model: {obj.pk: obj for obj in objs} for model, objs in past["parts"].items()}
            # Remove what did not exist then: facts first, their sources last.
            for model in [*reversed(PARTS_BY_DEFENDANT), *reversed(PARTS_BY_CASE)]:
                for obj in now["parts"][model]:
                    if obj.pk not in wanted[model]:
                        obj._change_reason = reason
                        obj.delete()
            for model in [*PARTS_BY_CASE, *PARTS_BY_DEFENDANT]:
                existing = {obj.pk: obj for obj in model.objects.filter(pk__in=list(wanted[model]))}
                for pk, old in wanted[model].items():
                    target = existing.get(pk) or model(pk=pk)
                    changed = pk not in existing
                    for field, value in _content(old).items():
                        if getattr(target, field) != value:
                            setattr(target, field, value)
                            changed = True
                    if changed:
                        target._change_reason = reason
                        target.save()
    except IntegrityError as error:
        raise CurationError(
            "The earlier state refers to a record that no longer exists (a person or organization merged "
            "since, for example); it cannot be restored exactly."
        ) from error
    return Case.objects.get(pk=case.pk)
