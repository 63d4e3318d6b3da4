"""Generate plausible synthetic cases for scale and performance work.

Everything generated is flagged `is_synthetic`, so it never mixes with the curated records. The same
seed gives the same data. Rows are written with bulk inserts in batches, without change history.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction

from cases.choices import (
    AgencyRelation,
    AgencySide,
    CaseCategory,
    CaseStatus,
    ChargeDisposition,
    ChargingInstrument,
    CitizenshipStatus,
    Clearance,
    ConvictionMethod,
    CurationStatus,
    DatePrecision,
    DefendantDisposition,
    DefendantRole,
    InsiderStatus,
    OrganizationKind,
    Plea,
    Publisher,
    Purpose,
    Sector,
    Sex,
    SourceGrade,
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

COUNTRY_WEIGHTS = [
    ("CN", 50),
    ("RU", 14),
    ("IR", 8),
    ("KP", 4),
    ("CU", 3),
    ("", 15),
    ("IL", 1),
    ("SA", 1),
    ("VE", 1),
    ("TW", 1),
    ("KR", 1),
    ("PK", 1),
]
CATEGORY_STATUTES = {
    CaseCategory.NATIONAL_SECURITY_ESPIONAGE: ["18 U.S.C. 794", "18 U.S.C. 793"],
    CaseCategory.UNAUTHORIZED_DISCLOSURE: ["18 U.S.C. 793", "18 U.S.C. 1924"],
    CaseCategory.AGENT_OF_FOREIGN_GOVERNMENT: ["18 U.S.C. 951", "18 U.S.C. 371"],
    CaseCategory.ECONOMIC_ESPIONAGE: ["18 U.S.C. 1831", "18 U.S.C. 1832"],
    CaseCategory.TRADE_SECRET_THEFT: ["18 U.S.C. 1832", "18 U.S.C. 1343"],
    CaseCategory.EXPORT_CONTROL: ["50 U.S.C. 1705", "22 U.S.C. 2778", "18 U.S.C. 554"],
    CaseCategory.IT_SABOTAGE: ["18 U.S.C. 1030"],
    CaseCategory.FRAUD: ["18 U.S.C. 1343", "18 U.S.C. 1349", "18 U.S.C. 1956"],
}
FOREIGN_CATEGORIES = [
    (CaseCategory.NATIONAL_SECURITY_ESPIONAGE, 25),
    (CaseCategory.AGENT_OF_FOREIGN_GOVERNMENT, 20),
    (CaseCategory.ECONOMIC_ESPIONAGE, 15),
    (CaseCategory.TRADE_SECRET_THEFT, 15),
    (CaseCategory.EXPORT_CONTROL, 20),
    (CaseCategory.UNAUTHORIZED_DISCLOSURE, 5),
]
DOMESTIC_CATEGORIES = [
    (CaseCategory.TRADE_SECRET_THEFT, 40),
    (CaseCategory.IT_SABOTAGE, 25),
    (CaseCategory.FRAUD, 20),
    (CaseCategory.UNAUTHORIZED_DISCLOSURE, 15),
]
GIVEN = [
    "Wei",
    "Li",
    "Anna",
    "John",
    "Maria",
    "David",
    "Hao",
    "Olga",
    "Reza",
    "Min",
    "James",
    "Elena",
    "Robert",
    "Yan",
    "Sergei",
    "Ali",
    "Laura",
    "Chen",
    "Peter",
    "Fatima",
    "Jun",
    "Irina",
    "Kevin",
    "Mei",
]
FAMILY = [
    "Zhang",
    "Wang",
    "Smith",
    "Ivanov",
    "Petrova",
    "Hosseini",
    "Kim",
    "Garcia",
    "Chen",
    "Liu",
    "Johnson",
    "Sokolov",
    "Rahimi",
    "Park",
    "Lopez",
    "Huang",
    "Miller",
    "Volkov",
    "Tehrani",
    "Yang",
]
CITIES = [
    ("Houston", "TX"),
    ("San Jose", "CA"),
    ("Boston", "MA"),
    ("Arlington", "VA"),
    ("Chicago", "IL"),
    ("Tampa", "FL"),
    ("Seattle", "WA"),
    ("Columbus", "OH"),
    ("Newark", "NJ"),
    ("Phoenix", "AZ"),
]
ORG_WORDS = ["Aero", "Micro", "Bio", "Grid", "Quantum", "Polymer", "Signal", "Harbor", "Summit", "Vector"]
ORG_SUFFIX = ["Systems", "Technologies", "Labs", "Industries", "Corporation", "Dynamics", "Networks"]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _prison_months(rng: random.Random, category: str) -> Decimal:
    median = {
        CaseCategory.NATIONAL_SECURITY_ESPIONAGE: 150,
        CaseCategory.AGENT_OF_FOREIGN_GOVERNMENT: 40,
        CaseCategory.ECONOMIC_ESPIONAGE: 60,
        CaseCategory.EXPORT_CONTROL: 36,
    }.get(category, 24)
    return Decimal(str(round(min(600, max(1, rng.lognormvariate(0, 0.7) * median)))))


class SyntheticBuilder:
    """Builds one batch of cases in memory, then writes it with bulk inserts."""

    def __init__(self, seed: int, reference: dict):
        self.seed = seed
        self.ref = reference

    def build(self, start: int, count: int) -> None:
        ref = self.ref
        cases, plans = [], []
        for number in range(start, start + count):
            # One random stream per case: the data depends on the seed and the case number only,
            # not on the batch size.
            rng = random.Random(self.seed * 10_000_019 + number)
            country = _weighted(rng, COUNTRY_WEIGHTS)
            category = _weighted(rng, FOREIGN_CATEGORIES if country else DOMESTIC_CATEGORIES)
            organization = rng.choice(ref["organizations"])
            start_day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(0, 25 * 365))
            end_day = start_day + dt.timedelta(days=rng.randrange(30, 6 * 365))
            n_defendants = _weighted(rng, [(1, 80), (2, 15), (3, 5)])
            defendants = []
            for index in range(n_defendants):
                disposition = _weighted(
                    rng,
                    [
                        (DefendantDisposition.CONVICTED_PLEA, 70),
                        (DefendantDisposition.CONVICTED_TRIAL, 15),
                        (DefendantDisposition.ACQUITTED, 3),
                        (DefendantDisposition.DISMISSED, 4),
                        (DefendantDisposition.PENDING, 5),
                        (DefendantDisposition.FUGITIVE, 3),
                    ],
                )
                defendants.append((index, disposition))
            last = "Synthetic" if rng.random() < 0.5 else rng.choice(FAMILY)
            caption = f"United States v. {rng.choice(GIVEN)} {last} ({self.seed}-{number})"
            sector = organization.sector
            cases.append(
                Case(
                    caption=caption,
                    slug=f"synthetic-{self.seed}-{number}",
                    docket_number=f"{start_day.year % 100:02d}-cr-{number:06d}",
                    district=rng.choice(ref["districts"]),
                    category=category,
                    purpose=(
                        Purpose.COMMERCIAL
                        if category in (CaseCategory.TRADE_SECRET_THEFT, CaseCategory.ECONOMIC_ESPIONAGE)
                        else rng.choice([Purpose.MILITARY, Purpose.POLITICAL, ""])
                    )
                    if country
                    else "",
                    status=CaseStatus.SENTENCED,
                    foreign_country=country,
                    sector=sector,
                    activity_start=start_day,
                    activity_start_precision=DatePrecision.MONTH,
                    activity_end=end_day,
                    activity_end_precision=DatePrecision.MONTH,
                    summary=f"Synthetic {CaseCategory(category).label.lower()} case generated for scale testing.",
                    curation_status=CurationStatus.PUBLISHED if rng.random() < 0.9 else CurationStatus.DRAFT,
                    is_synthetic=True,
                )
            )
            plans.append((rng, category, country, organization, end_day, defendants))
        Case.objects.bulk_create(cases)
        self._children(cases, plans)

    def _children(self, cases, plans) -> None:
        ref = self.ref
        people, sources, links = [], [], []
        for case, (rng, _category, country, _org, end_day, defendants) in zip(cases, plans, strict=True):
            sources.append(
                Source(
                    case=case,
                    url=f"https://example.invalid/synthetic/{case.slug}",
                    publisher=Publisher.OTHER,
                    grade=SourceGrade.TERTIARY,
                    title=f"Synthetic source for {case.caption}",
                    published_on=end_day + dt.timedelta(days=400),
                    stage=SourceStage.SENTENCING,
                )
            )
            for agency in ref["agencies_by_country"].get(country, [])[:1]:
                links.append(CaseAgency(case=case, agency=agency, relation=AgencyRelation.DIRECTED_BY))
            links.append(CaseAgency(case=case, agency=ref["fbi"], relation=AgencyRelation.INVESTIGATED))
            for _ in defendants:
                city, state = rng.choice(CITIES)
                people.append(
                    Person(
                        given_name=rng.choice(GIVEN),
                        family_name=rng.choice(FAMILY),
                        sex=rng.choice([Sex.MALE, Sex.FEMALE]),
                        birth_year=rng.randrange(1940, 2000),
                        residence_city=city,
                        residence_state=state,
                        residence_country="US",
                        birth_country=country or "US",
                        citizenships=["US"] if rng.random() < 0.7 else [country or "US"],
                        citizenship_status=rng.choice(list(CitizenshipStatus.values)),
                        is_synthetic=True,
                    )
                )
        Source.objects.bulk_create(sources)
        CaseAgency.objects.bulk_create(links)
        Person.objects.bulk_create(people)

        defendant_rows, defendant_plans = [], []
        person_iter = iter(people)
        for case, (rng, category, _country, organization, end_day, defendants) in zip(cases, plans, strict=True):
            for index, disposition in defendants:
                defendant_rows.append(
                    Defendant(
                        case=case,
                        person=next(person_iter),
                        role=DefendantRole.PRIMARY if index == 0 else DefendantRole.CO_CONSPIRATOR,
                        age=rng.randrange(22, 75),
                        age_at="sentencing",
                        insider_status=rng.choice(
                            [InsiderStatus.CURRENT_EMPLOYEE, InsiderStatus.FORMER_EMPLOYEE, InsiderStatus.CONTRACTOR]
                        ),
                        disposition=disposition,
                    )
                )
                defendant_plans.append((rng, category, organization, end_day, disposition))
        Defendant.objects.bulk_create(defendant_rows)

        employments, charges, sentences = [], [], []
        for defendant, (rng, category, organization, end_day, disposition) in zip(
            defendant_rows, defendant_plans, strict=True
        ):
            employments.append(
                Employment(
                    defendant=defendant,
                    organization=organization,
                    title="Engineer",
                    is_technical=True,
                    clearance=rng.choice([Clearance.NONE, Clearance.SECRET, Clearance.TOP_SECRET, Clearance.UNKNOWN]),
                    employer_was_victim=True,
                )
            )
            convicted = disposition in (DefendantDisposition.CONVICTED_PLEA, DefendantDisposition.CONVICTED_TRIAL)
            charge_disposition = {
                DefendantDisposition.CONVICTED_PLEA: ChargeDisposition.CONVICTED_PLEA,
                DefendantDisposition.CONVICTED_TRIAL: ChargeDisposition.CONVICTED_TRIAL,
                DefendantDisposition.ACQUITTED: ChargeDisposition.ACQUITTED,
                DefendantDisposition.DISMISSED: ChargeDisposition.DISMISSED,
            }.get(disposition, ChargeDisposition.PENDING)
            for citation in CATEGORY_STATUTES.get(category, ["18 U.S.C. 1001"])[: rng.randrange(1, 3)]:
                charges.append(
                    Charge(
                        defendant=defendant,
                        statute=ref["statutes"][citation],
                        counts=rng.randrange(1, 5),
                        instrument=ChargingInstrument.INDICTMENT,
                        plea=Plea.GUILTY if disposition == DefendantDisposition.CONVICTED_PLEA else Plea.NOT_GUILTY,
                        disposition=charge_disposition,
                        is_conviction=convicted,
                    )
                )
            if convicted:
                sentences.append(self._sentence(rng, defendant, category, end_day, disposition))
        Employment.objects.bulk_create(employments)
        Charge.objects.bulk_create(charges)
        Sentence.objects.bulk_create(sentences)

    def _sentence(self, rng, defendant, category, end_day, disposition) -> Sentence:
        kind = _weighted(rng, [("prison", 82), ("life", 2), ("time_served", 6), ("probation", 10)])
        if category != CaseCategory.NATIONAL_SECURITY_ESPIONAGE and kind == "life":
            kind = "prison"
        prison = _prison_months(rng, category) if kind == "prison" else None
        fine = Decimal(rng.choice([0, 0, 5000, 10000, 25000, 50000, 100000, 250000])) if rng.random() < 0.5 else None
        return Sentence(
            defendant=defendant,
            sentenced_on=end_day + dt.timedelta(days=rng.randrange(200, 1200)),
            judge=f"Judge {rng.choice(FAMILY)}",
            prison_months=prison,
            is_life=kind == "life",
            is_time_served=kind == "time_served",
            probation_months=Decimal(rng.choice([12, 24, 36, 60])) if kind == "probation" else None,
            supervised_release_months=Decimal(rng.choice([12, 24, 36, 60]))
            if kind in ("prison", "time_served")
            else None,
            fine=fine,
            special_assessment=Decimal("100.00"),
            conviction_method=ConvictionMethod.PLEA
            if disposition == DefendantDisposition.CONVICTED_PLEA
            else ConvictionMethod.JURY_TRIAL,
            raw_text="Synthetic sentence.",
        )


def _reference(rng: random.Random, seed: int) -> dict:
    statutes = {s.citation: s for s in Statute.objects.all()}
    missing = {c for cits in CATEGORY_STATUTES.values() for c in cits} - set(statutes)
    if missing or not District.objects.exists():
        raise ValueError("Reference data is missing: run `manage.py load_casebook --reference-only` first.")
    agencies_by_country: dict[str, list[Agency]] = {}
    for agency in Agency.objects.filter(side=AgencySide.FOREIGN).order_by("key"):
        agencies_by_country.setdefault(agency.country.code, []).append(agency)
    sectors = list(Sector.values)
    organizations = []
    for index in range(200):
        stem = f"{rng.choice(ORG_WORDS)}{rng.choice(ORG_WORDS).lower()} {rng.choice(ORG_SUFFIX)}"
        name = f"{stem} (synthetic {seed}-{index})"
        organizations.append(
            Organization(
                name=name,
                slug=f"synthetic-{seed}-org-{index}",
                kind=OrganizationKind.COMPANY,
                country="US",
                sector=rng.choice(sectors),
                is_synthetic=True,
            )
        )
    Organization.objects.bulk_create(organizations)
    return {
        "statutes": statutes,
        "districts": list(District.objects.order_by("code")),
        "agencies_by_country": agencies_by_country,
        "fbi": Agency.objects.get(key="US-FBI"),
        "organizations": organizations,
    }


def synthetic_delete() -> int:
    """Remove every synthetic record. Returns the number of cases removed."""
    with transaction.atomic():
        cases = Case.objects.filter(is_synthetic=True)
        count = cases.count()
        defendants = Defendant.objects.filter(case__is_synthetic=True)
        # Raw deletes in dependency order: Django's collector would load every row into memory.
        for queryset in (
            Sentence.objects.filter(defendant__in=defendants),
            Charge.objects.filter(defendant__in=defendants),
            Employment.objects.filter(defendant__in=defendants),
            CaseAgency.objects.filter(case__is_synthetic=True),
        ):
            queryset._raw_delete(connection.alias)
        defendants._raw_delete(connection.alias)
        Source.objects.filter(case__is_synthetic=True)._raw_delete(connection.alias)
        cases._raw_delete(connection.alias)
        Person.objects.filter(is_synthetic=True)._raw_delete(connection.alias)
        Organization.objects.filter(is_synthetic=True)._raw_delete(connection.alias)
    return count


def synthetic_generate(
    *, count: int, seed: int, batch_size: int = 1000, progress: Callable[[int], None] | None = None
) -> int:
    """Generate `count` synthetic cases from `seed` (same seed, same data). Each batch commits on its own,
    so a long run keeps what it has written; a failed batch leaves nothing half-written."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if Case.objects.filter(slug__startswith=f"synthetic-{seed}-").exists():
        raise ValueError(f"Synthetic cases with seed {seed} exist already; delete them first (--delete).")
    rng = random.Random(seed)
    with transaction.atomic():
        reference = _reference(rng, seed)
    builder = SyntheticBuilder(seed, reference)
    written = 0
    while written < count:
        size = min(batch_size, count - written)
        with transaction.atomic():
            builder.build(written, size)
        written += size
        if progress:
            progress(size)
    return written
