"""Release intake: a DOJ press release (or a news report quoting one) becomes a draft case.

The parser (release_parser) reads the text; the analyst checks and corrects what was read; this module
turns the corrected values into a draft case with the release as its source. People, organizations,
agencies, statutes and districts that exist are matched, not duplicated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cases.choices import (
    AgeMeasuredAt,
    AgencyRelation,
    CaseCategory,
    CaseStatus,
    ChargeDisposition,
    ConvictionMethod,
    DefendantDisposition,
    Plea,
    Publisher,
    SourceStage,
)
from cases.models import (
    Agency,
    Case,
    CaseAgency,
    Charge,
    Defendant,
    District,
    Employment,
    Organization,
    Person,
    Sentence,
    Source,
    Statute,
)
from cases.models.sources import grade_for_publisher
from cases.services.curation import case_record_edit
from cases.services.duplicates import organization_similar

SENTENCE_FIELDS = [
    "prison_months", "life", "time_served", "probation_months", "supervised_release_months",
    "supervised_release_life", "home_confinement_months", "fine", "restitution", "forfeiture",
    "special_assessment",
]  # fmt: skip
MONEY_OR_MONTHS = {
    "prison_months", "probation_months", "supervised_release_months", "home_confinement_months", "fine",
    "restitution", "forfeiture", "special_assessment",
}  # fmt: skip
STAGE_STATUS = {
    SourceStage.CHARGE: CaseStatus.CHARGED,
    SourceStage.PLEA: CaseStatus.CONVICTED,
    SourceStage.VERDICT: CaseStatus.CONVICTED,
    SourceStage.SENTENCING: CaseStatus.SENTENCED,
}


def value(item):
    """The value of an extracted field as the parser's as_dict() gives it ({"value": ..., "span": ...})."""
    if isinstance(item, dict) and "value" in item:
        return item["value"]
    return item


def span_text(item) -> str:
    if isinstance(item, dict) and isinstance(item.get("span"), dict):
        return item["span"].get("text", "")
    return ""


def publisher_for(url: str) -> str:
    if "justice.gov/usao" in url:
        return Publisher.USAO
    if "justice.gov" in url:
        return Publisher.DOJ_OPA
    return Publisher.NEWS if url else Publisher.OTHER


@dataclass
class IntakeResult:
    case: Case
    notes: list[str] = field(default_factory=list)


def _decimal(raw) -> Decimal | None:
    if raw in (None, "", False):
        return None
    try:
        return Decimal(str(raw).replace(",", "").replace("$", ""))
    except InvalidOperation:
        return None


def _unique_slug(text: str) -> str:
    base = slugify(text)[:100] or "case"
    slug, n = base, 2
    while Case.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _person(defendant: dict, notes: list[str]) -> Person:
    given, family = (
        (value(defendant.get("given_name")) or "").strip(),
        (value(defendant.get("family_name")) or "").strip(),
    )
    middle = (value(defendant.get("middle_name")) or "").strip()
    existing = Person.objects.filter(given_name__iexact=given, family_name__iexact=family, is_synthetic=False)
    if middle:
        existing = existing.filter(middle_name__iexact=middle) | existing.filter(middle_name="")
    person = existing.order_by("pk").first()
    if person is not None:
        notes.append(f"{person.full_name}: matched the existing person #{person.pk}.")
        return person
    return Person.objects.create(
        given_name=given, middle_name=middle, family_name=family,
        suffix=(value(defendant.get("suffix")) or "").strip(),
        residence_city=(value(defendant.get("city")) or "").strip(),
        residence_state=(value(defendant.get("state")) or "").strip()[:2],
        residence_country=(value(defendant.get("country")) or "").strip(),
    )  # fmt: skip


def _organization(name: str, notes: list[str]) -> Organization:
    existing = Organization.objects.filter(slug=slugify(name)).first()
    if existing is None:
        matches = [m for m in organization_similar(name=name) if m.score >= 0.85]
        existing = matches[0].record if matches else None
    if existing is not None:
        notes.append(f"Employer '{name}': matched {existing.name}.")
        return existing
    slug, n = slugify(name)[:190] or "organization", 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{slugify(name)[:180]}-{n}", n + 1
    return Organization.objects.create(name=name, slug=slug)


def _save(instance):
    """Validate like the admin (a bad value is a ValidationError naming the field), then save."""
    instance.full_clean()
    instance.save()
    return instance


def _sentence(defendant, sentence: dict, *, source, method: str, judge: str, on) -> Sentence:
    values = {name: value(sentence.get(name)) for name in SENTENCE_FIELDS}
    flagged = bool(values["life"] or values["time_served"])
    amounts = {name: _decimal(values[name]) for name in MONEY_OR_MONTHS if not (name == "prison_months" and flagged)}
    if values["supervised_release_life"]:
        amounts["supervised_release_months"] = None
    words = [span_text(sentence.get(name)) for name in SENTENCE_FIELDS if span_text(sentence.get(name))]
    return Sentence(
        defendant=defendant, source=source, sentenced_on=on, judge=judge,
        is_life=bool(values["life"]), is_time_served=bool(values["time_served"]),
        supervised_release_life=bool(values["supervised_release_life"]),
        conviction_method=method if method in ConvictionMethod.values else "",
        raw_text="; ".join(words)[:2000], **amounts,
    )  # fmt: skip


@transaction.atomic
def case_from_release(*, draft: dict, text: str, url: str, user, published_on: dt.date | None = None,
                      caption: str = "") -> IntakeResult:  # fmt: skip
    """Create a draft case from the checked values of a release: the case, the release as its source (with
    the hash of its text and today's date), defendants, charges, sentences, agencies and employers."""
    notes: list[str] = []
    stage = value(draft.get("stage")) or SourceStage.OTHER
    defendants = [d for d in draft.get("defendants") or [] if value(d.get("family_name"))]
    names = [f"{value(d.get('given_name')) or ''} {value(d.get('family_name'))}".strip() for d in defendants]
    caption = caption or ("United States v. " + " and ".join(names) if names else "United States v. (unnamed)")
    district = District.objects.filter(code=value(draft.get("district")) or "").first()
    category = value(draft.get("category"))
    case = Case.objects.create(
        caption=caption[:300], slug=_unique_slug(caption), district=district,
        category=category if category in CaseCategory.values else CaseCategory.OTHER,
        status=STAGE_STATUS.get(stage, CaseStatus.CHARGED),
        foreign_country=value(draft.get("foreign_country")) or "",
    )  # fmt: skip
    source = Source.objects.create(
        case=case, url=url, publisher=publisher_for(url), grade=grade_for_publisher(publisher_for(url)),
        stage=stage if stage in SourceStage.values else "other",
        published_on=published_on, accessed_on=timezone.localdate(),
        content_sha256=Source.hash_text(" ".join(text.split())), title=(text.strip().splitlines() or [""])[0][:500],
    )  # fmt: skip
    for key_item in draft.get("foreign_agencies") or []:
        agency = Agency.objects.filter(key=value(key_item)).first()
        if agency:
            CaseAgency.objects.get_or_create(case=case, agency=agency, relation=AgencyRelation.DIRECTED_BY)
    for key_item in draft.get("agencies") or []:
        agency = Agency.objects.filter(key=value(key_item)).first()
        if agency:
            CaseAgency.objects.get_or_create(case=case, agency=agency, relation=AgencyRelation.INVESTIGATED)
    statutes = []
    for citation in draft.get("statutes") or []:
        statute = Statute.objects.filter(citation=value(citation)).first()
        if statute is None:
            notes.append(f"{value(citation)} is not among the statutes; add it, then the charge.")
        else:
            statutes.append(statute)
    employers = [value(e) for e in draft.get("employers") or [] if value(e)]
    for item in defendants:
        person = _person(item, notes)
        method = value(item.get("conviction_method")) or ""
        plea = value(item.get("plea")) or ""
        convicted = method in ConvictionMethod.values and stage in (SourceStage.PLEA, SourceStage.VERDICT,
                                                                     SourceStage.SENTENCING)  # fmt: skip
        disposition = (
            (DefendantDisposition.CONVICTED_PLEA if method in (ConvictionMethod.PLEA, ConvictionMethod.NOLO_CONTENDERE)
             else DefendantDisposition.CONVICTED_TRIAL) if convicted else DefendantDisposition.PENDING
        )  # fmt: skip
        age = value(item.get("age"))
        defendant, created = Defendant.objects.get_or_create(
            case=case, person=person,
            defaults={"disposition": disposition, "age": age if isinstance(age, int) and 10 <= age <= 110 else None,
                      "age_at": AgeMeasuredAt(stage).value if stage in AgeMeasuredAt.values and age else ""},
        )  # fmt: skip
        if not created:
            continue
        for statute in statutes:
            Charge.objects.create(
                defendant=defendant, statute=statute, source=source,
                plea=Plea.GUILTY if plea == "guilty" else (Plea.NOT_GUILTY if plea == "not_guilty" else Plea.NONE),
                disposition=(ChargeDisposition.CONVICTED_PLEA if disposition == DefendantDisposition.CONVICTED_PLEA
                             else ChargeDisposition.CONVICTED_TRIAL if convicted else ChargeDisposition.PENDING),
                is_conviction=convicted,
            )  # fmt: skip
        for name in employers:
            Employment.objects.get_or_create(
                defendant=defendant, organization=_organization(name, notes), defaults={"source": source}
            )
        sentence = item.get("sentence") or {}
        if any(value(sentence.get(name)) not in (None, "", False) for name in SENTENCE_FIELDS):
            _save(_sentence(defendant, sentence, source=source, method=method, judge=value(draft.get("judge")) or "",
                            on=published_on if stage == SourceStage.SENTENCING else None))  # fmt: skip
    return IntakeResult(case=case_record_edit(case_id=case.pk, user=user, was_public=False), notes=notes)
