"""Likely duplicates of people and organizations, and merging two records into one.

On PostgreSQL candidates are ranked by trigram similarity (pg_trgm); elsewhere by difflib's ratio over
the same text. Same birth year or country raises a candidate's score.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Concat

from cases.models import PUBLIC_STATUSES, Case, Defendant, Employment, Organization, Person
from cases.services.curation import CurationError, case_record_edit, cases_showing, record_check_edit

THRESHOLD = 0.45


@dataclass(frozen=True)
class Match:
    record: object
    score: float
    reasons: tuple[str, ...]

    def __str__(self):
        return f"{self.record} ({', '.join(self.reasons)})"


def _normalize(text: str) -> str:
    return " ".join(text.lower().replace(".", " ").replace(",", " ").split())


def _ratio(a: str, b: str) -> float:
    a, b = _normalize(a), _normalize(b)
    # Names come in either order ("Li Ping" / "Ping Li"): compare the sorted words as well.
    return max(
        difflib.SequenceMatcher(None, a, b).ratio(),
        difflib.SequenceMatcher(None, " ".join(sorted(a.split())), " ".join(sorted(b.split()))).ratio(),
    )


def _candidates(queryset, expression, text: str, limit: int):
    """(record, name similarity) pairs, best first."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        rows = (
            queryset.annotate(similarity=TrigramSimilarity(expression, text))
            .filter(similarity__gte=THRESHOLD * 0.6)
            .order_by("-similarity")[: limit * 4]
        )
        return [(row, max(float(row.similarity), _ratio(_label(row), text))) for row in rows]
    scored = [(row, _ratio(_label(row), text)) for row in queryset.iterator()]
    return sorted((pair for pair in scored if pair[1] >= THRESHOLD * 0.6), key=lambda p: -p[1])[: limit * 4]


def _label(record) -> str:
    return record.full_name if isinstance(record, Person) else record.name


def person_similar(
    *, given_name: str, family_name: str, middle_name: str = "", birth_year: int | None = None,
    birth_country: str = "", exclude_pk: int | None = None, limit: int = 5,
) -> list[Match]:  # fmt: skip
    """People who are probably the one described: a similar name, the same birth year or country."""
    text = " ".join(part for part in (given_name, middle_name, family_name) if part)
    queryset = Person.objects.filter(is_synthetic=False)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    expression = Concat("given_name", Value(" "), "middle_name", Value(" "), "family_name")
    matches = []
    for person, similarity in _candidates(queryset, expression, text, limit):
        score, reasons = similarity, [f"name {similarity:.0%} alike"]
        if birth_year and person.birth_year == birth_year:
            score, reasons = score + 0.25, [*reasons, f"born {birth_year}"]
        if birth_country and person.birth_country == birth_country:
            score, reasons = score + 0.1, [*reasons, f"born in {person.birth_country.name}"]
        if birth_year and person.birth_year and person.birth_year != birth_year:
            score -= 0.3
        if score >= THRESHOLD:
            matches.append(Match(person, round(score, 3), tuple(reasons)))
    return sorted(matches, key=lambda m: -m.score)[:limit]


def organization_similar(*, name: str, country: str = "", exclude_pk: int | None = None, limit: int = 5) -> list[Match]:
    """Organizations probably the one named: a similar name (or alias), the same country."""
    queryset = Organization.objects.filter(is_synthetic=False)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    matches = []
    for organization, similarity in _candidates(queryset, "name", name, limit):
        aliases = [_ratio(alias, name) for alias in organization.aliases or []]
        similarity = max([similarity, *aliases])
        score, reasons = similarity, [f"name {similarity:.0%} alike"]
        if country and organization.country == country:
            score, reasons = score + 0.1, [*reasons, f"in {organization.country.name}"]
        if score >= THRESHOLD:
            matches.append(Match(organization, round(score, 3), tuple(reasons)))
    return sorted(matches, key=lambda m: -m.score)[:limit]


# ---------------------------------------------------------------------------------------------- merge


def _merge_aliases(keep, remove) -> list[str]:
    names = [*(keep.aliases or []), _label(remove), *(remove.aliases or [])]
    seen, result = {_normalize(_label(keep))}, []
    for name in names:
        if _normalize(name) not in seen:
            seen.add(_normalize(name))
            result.append(name)
    return result


@transaction.atomic
def person_merge(*, keep: Person, remove: Person, user) -> Person:
    """Move every case of `remove` to `keep`, keep its names as aliases and fill keep's blanks from it,
    then delete `remove`. The history of both says so. All or nothing."""
    if keep.pk == remove.pk:
        raise CurationError("Choose two different people to merge.")
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    remove = Person.objects.select_for_update().get(pk=remove.pk)
    reason = f"Merged person #{remove.pk} ({remove.full_name}) into #{keep.pk} ({keep.full_name})"
    # Both people's cases change what they show: each is edited (public ones go back into review).
    cases = record_check_edit(
        case_ids=sorted(set(cases_showing(keep)) | set(cases_showing(remove))), reason=reason, label="A merge"
    )
    shared = Case.objects.filter(defendants__person=keep).filter(defendants__person=remove)
    if shared.exists():
        raise CurationError(
            f"Both are defendants in {', '.join(c.caption for c in shared)}: they are different people "
            "there, so they cannot be merged."
        )
    for defendant in remove.defendants.select_for_update(of=("self",)).order_by():
        defendant.person = keep
        defendant._change_reason = reason
        defendant.save()
    for field in ("middle_name", "suffix", "birth_year", "residence_city", "residence_state",
                  "residence_country", "birth_country", "notes"):  # fmt: skip
        if not getattr(keep, field) and getattr(remove, field):
            setattr(keep, field, getattr(remove, field))
    keep.citizenships = sorted({c.code for c in keep.citizenships} | {c.code for c in remove.citizenships})
    keep.aliases = _merge_aliases(keep, remove)
    keep._change_reason = reason
    keep.save()
    remove._change_reason = reason
    remove.delete()
    for case in cases:
        case_record_edit(case_id=case.pk, user=user, reason=reason, was_public=case.curation_status in PUBLIC_STATUSES)
    return keep


@transaction.atomic
def organization_merge(*, keep: Organization, remove: Organization, user) -> Organization:
    """Move every job and subsidiary of `remove` to `keep`, keep its name as an alias, delete it."""
    if keep.pk == remove.pk:
        raise CurationError("Choose two different organizations to merge.")
    keep = Organization.objects.select_for_update().get(pk=keep.pk)
    remove = Organization.objects.select_for_update().get(pk=remove.pk)
    reason = f"Merged organization #{remove.pk} ({remove.name}) into #{keep.pk} ({keep.name})"
    cases = record_check_edit(
        case_ids=sorted(set(cases_showing(keep)) | set(cases_showing(remove))), reason=reason, label="A merge"
    )
    for employment in Employment.objects.select_related("defendant").filter(organization=remove):
        employment.organization = keep
        employment._change_reason = reason
        employment.save()
    for defendant in Defendant.objects.filter(organization=remove):
        if Defendant.objects.filter(case_id=defendant.case_id, organization=keep).exists():
            raise CurationError(f"Both are defendants in {defendant.case}: they cannot be merged.")
        defendant.organization = keep
        defendant._change_reason = reason
        defendant.save()
    for subsidiary in remove.subsidiaries.all():
        subsidiary.parent = None if subsidiary.pk == keep.pk else keep
        subsidiary._change_reason = reason
        subsidiary.save()
    if keep.parent_id == remove.pk:
        keep.parent = remove.parent
    for field in ("country", "sector", "naics2"):
        if not getattr(keep, field) and getattr(remove, field):
            setattr(keep, field, getattr(remove, field))
    keep.aliases = _merge_aliases(keep, remove)
    keep._change_reason = reason
    keep.save()
    remove._change_reason = reason
    remove.delete()
    for case in cases:
        case_record_edit(case_id=case.pk, user=user, reason=reason, was_public=case.curation_status in PUBLIC_STATUSES)
    return keep
