"""Load reference data and curated cases from the YAML files in fixtures/ (see fixtures/README.md).

Every load runs in one transaction: a bad row stops the load, names the file and the row, and leaves
the database as it was. Rows are written only when they differ, so a second load changes nothing.

The loader never undoes curation. It creates what is missing and updates only what it wrote itself and
nobody changed since: a case whose version moved after the load, or that went through a review step (a
correction, a retraction), and a reference record (statute, agency, person, organization) whose last
change was an analyst's are kept as they are, and the load reports what differs from the file. Replacing
them takes an explicit `replace` (the command's --replace SLUG or --replace-all).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from cases.choices import (
    CONVICTED_DISPOSITIONS,
    ChargeDisposition,
    CourtKind,
    CurationStatus,
    DatePrecision,
    EntryMethod,
    FactBasis,
    Plea,
    SentenceKind,
    StatuteJurisdiction,
)
from cases.models import (
    Agency,
    Case,
    CaseAgency,
    CaseEvent,
    Charge,
    Defendant,
    District,
    Employment,
    Organization,
    Person,
    Sentence,
    Source,
    Statute,
    StatutoryPenalty,
)
from cases.models.sources import grade_for_publisher
from cases.services.curation import case_publish_problems
from cases.services.upsert import RowError, last_change_reason, upsert

FIXTURES_DIR = Path(__file__).resolve().parent.parent.parent / "fixtures"
REASON = "Loaded from fixtures"


@dataclass
class LoadReport:
    """What a load did: rows created or changed per kind, and rows removed."""

    files: int = 0
    written: dict[str, int] = field(default_factory=dict)
    removed: int = 0
    held: dict[str, list[str]] = field(default_factory=dict)  # cases kept in review, with their open problems
    kept: dict[str, list[str]] = field(default_factory=dict)  # cases analysts changed: what differs from the file
    kept_rows: list[str] = field(default_factory=list)  # reference rows analysts changed, kept as they are
    unchanged: int = 0  # case files already loaded as they are
    replace: frozenset = frozenset()  # slugs to load even over analysts' changes
    replace_all: bool = False

    def count(self, kind: str, changed: bool) -> None:
        if changed:
            self.written[kind] = self.written.get(kind, 0) + 1

    @property
    def total_written(self) -> int:
        return sum(self.written.values())

    def summary(self) -> str:
        held = f" {len(self.held)} cases stay in review until their open problems are fixed." if self.held else ""
        if self.kept or self.kept_rows:
            held += (
                f" Kept analysts' changes to {len(self.kept)} cases and {len(self.kept_rows)} records "
                "(listed above; --replace SLUG to load the file over them)."
            )
        if not self.total_written and not self.removed:
            return f"Read {self.files} files; nothing to change.{held}"
        parts = ", ".join(f"{n} {kind}" for kind, n in sorted(self.written.items()))
        return f"Read {self.files} files; wrote {parts or 'nothing'}; removed {self.removed} rows.{held}"


def _read_yaml(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise RowError(str(path.name), f"not valid YAML: {error}") from error


def parse_partial_date(value, where: str) -> tuple[dt.date | None, str]:
    """'2012' -> (2012-01-01, year); '2012-08' -> month; '2012-08-14' -> day."""
    if value in (None, ""):
        return None, ""
    if isinstance(value, dt.date):
        return value, DatePrecision.DAY
    text = str(value).strip()
    try:
        if len(text) == 4:
            return dt.date(int(text), 1, 1), DatePrecision.YEAR
        if len(text) == 7:
            return dt.date(int(text[:4]), int(text[5:7]), 1), DatePrecision.MONTH
        return dt.date.fromisoformat(text), DatePrecision.DAY
    except ValueError as error:
        raise RowError(where, f"'{text}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)") from error


def _dated(value, where: str) -> tuple[dt.date | None, str]:
    """A date known to the day, the month or the year, with its precision (day when there is none)."""
    day, precision = parse_partial_date(value, where)
    return day, precision or DatePrecision.DAY


def parse_date(value, where: str) -> dt.date | None:
    day, precision = parse_partial_date(value, where)
    if day is not None and precision != DatePrecision.DAY:
        raise RowError(where, f"'{value}' must be a full date YYYY-MM-DD")
    return day


def parse_decimal(value, where: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "").replace("$", ""))
    except InvalidOperation as error:
        raise RowError(where, f"'{value}' is not a number") from error


def _text(value) -> str:
    return "" if value is None else str(value).strip()


# ---------------------------------------------------------------------------------------------- reference


def load_districts(path: Path, report: LoadReport) -> None:
    for index, row in enumerate(_read_yaml(path) or []):
        where = f"{path.name}[{index}] {row.get('code')}"
        _, changed = upsert(
            District,
            where,
            {"code": row["code"]},
            {"name": row["name"], "state": row["state"], "circuit": str(row["circuit"])},
            REASON,
        )
        report.count("districts", changed)


FEDERAL_CITATION = re.compile(r"(?P<title>\d+) U\.S\.C\. (?P<section>\S+)")
UCMJ_CITATION = re.compile(r"UCMJ Art\. (?P<section>\d+[a-z]?)")


def _split_citation(citation: str, row: dict, where: str) -> dict:
    """Jurisdiction, title and section of '18 U.S.C. 951', 'UCMJ Art. 106a' or a state's citation."""
    if match := FEDERAL_CITATION.fullmatch(citation):
        return {"jurisdiction": StatuteJurisdiction.FEDERAL, "state": "", "title_number": int(match["title"]),
                "section": match["section"]}  # fmt: skip
    if match := UCMJ_CITATION.fullmatch(citation):
        return {"jurisdiction": StatuteJurisdiction.MILITARY, "state": "", "title_number": None,
                "section": match["section"]}  # fmt: skip
    if row.get("jurisdiction") == StatuteJurisdiction.STATE and row.get("state"):
        return {"jurisdiction": StatuteJurisdiction.STATE, "state": str(row["state"]), "title_number": None,
                "section": citation.split()[-1]}  # fmt: skip
    raise RowError(
        where,
        f"citation '{citation}' must look like '18 U.S.C. 951' or 'UCMJ Art. 106a', or be a state's "
        "citation with jurisdiction: state and its state",
    )


def load_statutes(path: Path, report: LoadReport) -> None:
    for index, row in enumerate(_read_yaml(path) or []):
        citation = _text(row.get("citation"))
        where = f"{path.name}[{index}] {citation}"
        statute, changed = upsert(
            Statute,
            where,
            {"citation": citation},
            {
                **_split_citation(citation, row, where),
                "short_name": _text(row.get("short_name")),
                "category": row.get("category", "other"),
                "notes": _text(row.get("notes")),
            },
            REASON,
            keep_others=report.kept_rows,
        )
        report.count("statutes", changed)
        if last_change_reason(statute) not in (None, REASON):
            continue  # an analyst changed this statute (or its maxima) since: keep them as they are
        keep = []
        for p_index, penalty in enumerate(row.get("penalties") or []):
            p_where = f"{where} penalties[{p_index}]"
            instance, changed = upsert(
                StatutoryPenalty,
                p_where,
                {"statute": statute, "effective_from": parse_date(penalty.get("effective_from"), p_where)},
                {
                    "effective_to": parse_date(penalty.get("effective_to"), p_where),
                    "max_prison_months": penalty.get("max_prison_months"),
                    "max_prison_life": bool(penalty.get("max_prison_life", False)),
                    "death_eligible": bool(penalty.get("death_eligible", False)),
                    "max_fine": parse_decimal(penalty.get("max_fine"), p_where),
                    "fine_rule": penalty.get("fine_rule", "title_18_3571"),
                },
                REASON,
            )
            report.count("statutory maxima", changed)
            keep.append(instance.pk)
        report.removed += statute.penalties.exclude(pk__in=keep).delete()[0]


def load_agencies(path: Path, report: LoadReport) -> None:
    rows = _read_yaml(path) or []
    by_key = {}
    # Two passes: parents may be listed after their children.
    for index, row in enumerate(rows):
        where = f"{path.name}[{index}] {row.get('key')}"
        agency, changed = upsert(
            Agency,
            where,
            {"key": row["key"]},
            {
                "name": row["name"],
                "abbreviation": _text(row.get("abbreviation")),
                "aliases": list(row.get("aliases") or []),
                "country": row["country"],
                "side": row["side"],
                "kind": row["kind"],
            },
            REASON,
            keep_others=report.kept_rows,
        )
        by_key[row["key"]] = agency
        report.count("agencies", changed)
    for index, row in enumerate(rows):
        where = f"{path.name}[{index}] {row.get('key')}"
        parent_key = row.get("parent")
        if parent_key and parent_key not in by_key:
            raise RowError(where, f"parent '{parent_key}' is not an agency key in this file")
        parent = by_key.get(parent_key) if parent_key else None
        _, changed = upsert(
            Agency, where, {"key": row["key"]}, {"parent": parent}, REASON, keep_others=report.kept_rows
        )
        report.count("agencies", changed)


# ---------------------------------------------------------------------------------------------- cases


def case_touched(case: Case) -> bool:
    """A case is analysts' work once anybody but the loader changed it: it was not made by the loader, its
    version moved since the load (an edit to it, its parts or the records it shows), or its last recorded
    change is a review step or a correction."""
    if case.loaded_version is None or case.version != case.loaded_version:
        return True
    return last_change_reason(case) not in (None, REASON)


class CaseFileLoader:
    """Loads one case file. Children not in the file are removed, so the file is the truth for its case."""

    def __init__(self, path: Path, report: LoadReport):
        self.path = path
        self.report = report
        self.sources: dict[str, Source] = {}
        self.changes: list[str] = []

    def where(self, *parts) -> str:
        return " ".join([self.path.name, *[str(p) for p in parts]])

    def load(self) -> Case | None:
        """Load the file unless the case is analysts' work (see the module's docstring)."""
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        existing = Case.objects.filter(slug=self.path.stem).first()
        replace = self.report.replace_all or self.path.stem in self.report.replace
        if existing is not None and not replace:
            if existing.fixture_sha256 == digest:
                self.report.unchanged += 1
                return existing
            if case_touched(existing):
                self.report.kept[existing.slug] = self.differences()
                return existing
        case = self.load_content()
        if self.changes and existing is not None:
            # Someone with the case open in the admin or the API must reload it before saving.
            Case.objects.filter(pk=case.pk).update(version=F("version") + 1)
        Case.objects.filter(pk=case.pk).update(fixture_sha256=digest, loaded_version=F("version"))
        return case

    def load_content(self) -> Case:
        data = _read_yaml(self.path)
        if not isinstance(data, dict):
            raise RowError(self.path.name, "expected a mapping with the case's fields")
        slug = _text(data.get("slug"))
        if slug != self.path.stem:
            raise RowError(self.where("slug"), f"slug '{slug}' must match the file name '{self.path.stem}'")
        case = self.load_case(data)
        self.load_sources(case, data.get("sources") or [])
        self.load_events(case, data.get("events") or [])
        self.load_agencies(case, data.get("agencies") or [])
        self.load_defendants(case, data.get("defendants") or [])
        self.publish_if_ready(case)
        return case

    def differences(self) -> list[str]:
        """What loading the file would change, found by loading it in a savepoint that is rolled back."""
        trial = CaseFileLoader(self.path, LoadReport())
        savepoint = transaction.savepoint()
        try:
            trial.load_content()
        except RowError as error:
            trial.changes.append(f"the file does not load: {error}")
        finally:
            transaction.savepoint_rollback(savepoint)
        if trial.report.removed:
            trial.changes.append(f"{trial.report.removed} rows not in the file")
        return trial.changes or ["nothing in the file differs"]

    def publish_if_ready(self, case: Case) -> None:
        """A curated file is published when it passes the same checks as a reviewed case; otherwise it
        stays in review and the load reports what is missing."""
        problems = case_publish_problems(case)
        if problems:
            self.report.held[case.slug] = problems
            values = {"curation_status": CurationStatus.IN_REVIEW}
        else:
            values = {"curation_status": CurationStatus.PUBLISHED, "published_at": case.published_at or timezone.now()}
        _, changed = upsert(Case, self.where("case"), {"pk": case.pk}, values, REASON, changes=self.changes)
        self.report.count("cases", changed)

    def load_case(self, data) -> Case:
        where = self.where("case")
        # Version 1 files name only a federal district; version 2 files describe the court.
        court = data.get("court") or {"kind": CourtKind.FEDERAL_DISTRICT, "district": data.get("district")}
        kind = court.get("kind") or CourtKind.FEDERAL_DISTRICT
        if kind not in CourtKind.values:
            raise RowError(self.where("court.kind"), f"unknown kind of court '{kind}' ({', '.join(CourtKind.values)})")
        district = None
        if court.get("district"):
            if kind != CourtKind.FEDERAL_DISTRICT:
                raise RowError(self.where("court.district"), "a district is only for a federal_district court")
            district = District.objects.filter(code=court["district"]).first()
            if district is None:
                raise RowError(
                    self.where("court.district"), f"unknown court '{court['district']}' (use a code of districts.yaml)"
                )
        elif kind != CourtKind.FEDERAL_DISTRICT and not _text(court.get("name")):
            raise RowError(self.where("court.name"), "name the court-martial, state or other court")
        entry = data.get("entry") or {}
        entry_method = entry.get("method") or EntryMethod.UNKNOWN
        if entry_method not in EntryMethod.values:
            raise RowError(self.where("entry.method"), f"unknown entry method '{entry_method}'")
        activity = data.get("activity") or {}
        start, start_precision = parse_partial_date(activity.get("start"), self.where("activity.start"))
        end, end_precision = parse_partial_date(activity.get("end"), self.where("activity.end"))
        existing = Case.objects.filter(slug=data["slug"]).first()
        values = {
            "caption": _text(data.get("caption")),
            "docket_number": _text(data.get("docket_number")),
            "court_kind": kind,
            "court_name": _text(court.get("name")),
            "court_state": _text(court.get("state")),
            "judge": _text(data.get("judge")),
            "entry_method": entry_method,
            "district": district,
            "category": data.get("category"),
            "secondary_categories": list(data.get("secondary_categories") or []),
            "purpose": _text(data.get("purpose")),
            "status": data.get("status"),
            "foreign_country": _text(data.get("foreign_country")),
            "sector": _text(data.get("sector")),
            "activity_start": start,
            "activity_start_precision": activity.get("start_precision") or start_precision if start else "",
            "activity_end": end,
            "activity_end_precision": activity.get("end_precision") or end_precision if end else "",
            "summary": " ".join(_text(data.get("summary")).split()),
            # Published only once every part is loaded and the publication checks pass (see load()).
            "curation_status": existing.curation_status if existing else CurationStatus.IN_REVIEW,
            "is_synthetic": False,
        }
        case, changed = upsert(Case, where, {"slug": data["slug"]}, values, REASON, changes=self.changes)
        self.report.count("cases", changed)
        return case

    def load_sources(self, case: Case, rows) -> None:
        keep = []
        for index, row in enumerate(rows):
            where = self.where(f"sources[{index}]")
            key = _text(row.get("key"))
            if not key or key in self.sources:
                raise RowError(where, f"each source needs a unique key (got '{key}')")
            source, changed = upsert(
                Source,
                where,
                {"case": case, "url": _text(row.get("url"))},
                {
                    "publisher": row.get("publisher") or "other",
                    "grade": row.get("grade") or grade_for_publisher(row.get("publisher")),
                    "republishes": _text(row.get("republishes")),
                    "content_sha256": _text(row.get("sha256")),
                    "publisher_name": _text(row.get("publisher_name")),
                    "title": _text(row.get("title")),
                    **dict(
                        zip(("published_on", "published_precision"), _dated(row.get("published"), where), strict=True)
                    ),
                    "stage": row.get("stage") or "other",
                    "accessed_on": parse_date(row.get("accessed"), where),
                },
                REASON,
                changes=self.changes,
            )
            self.report.count("sources", changed)
            self.sources[key] = source
            keep.append(source.pk)
        if not keep:
            raise RowError(self.where("sources"), "a curated case needs at least one source")
        self.stale_sources = case.sources.exclude(pk__in=keep)

    def source(self, key, where: str) -> Source | None:
        if key in (None, ""):
            return None
        if key not in self.sources:
            raise RowError(where, f"source '{key}' is not one of this case's source keys")
        return self.sources[key]

    def load_agencies(self, case: Case, rows) -> None:
        keep = []
        for index, row in enumerate(rows):
            where = self.where(f"agencies[{index}]")
            agency = Agency.objects.filter(key=row.get("agency")).first()
            if agency is None:
                raise RowError(where, f"unknown agency key '{row.get('agency')}' (add it to agencies.yaml)")
            link, changed = upsert(
                CaseAgency,
                where,
                {"case": case, "agency": agency, "relation": row.get("relation")},
                {"source": self.source(row.get("source"), where)},
                REASON,
                changes=self.changes,
            )
            self.report.count("agency links", changed)
            keep.append(link.pk)
        self.report.removed += case.agency_links.exclude(pk__in=keep).delete()[0]

    def person(self, row, where: str) -> Person:
        residence = row.get("residence") or {}
        lookup = {
            "given_name": _text(row.get("given_name")),
            "middle_name": _text(row.get("middle_name")),
            "family_name": _text(row.get("family_name")),
            "suffix": _text(row.get("suffix")),
        }
        values = {
            "aliases": list(row.get("aliases") or []),
            "sex": row.get("sex") or "unknown",
            "birth_year": row.get("birth_year"),
            "residence_city": _text(residence.get("city")),
            "residence_state": _text(residence.get("state")),
            "residence_country": _text(residence.get("country")),
            "birth_country": _text(row.get("birth_country")),
            # django-countries stores several countries sorted; compare like with like.
            "citizenships": sorted(set(row.get("citizenships") or [])),
            "citizenship_status": row.get("citizenship_status") or "unknown",
        }
        person, changed = upsert(
            Person, where, lookup, values, REASON, changes=self.changes, keep_others=self.report.kept_rows
        )
        self.report.count("people", changed)
        return person

    def organization(self, row, where: str) -> Organization:
        name = _text(row.get("name"))
        if not name:
            raise RowError(where, "an organization needs a name")
        values = {
            "name": name,
            "kind": row.get("kind") or "company",
            **({"aliases": list(row["aliases"])} if row.get("aliases") else {}),
            "country": _text(row.get("country")),
            "sector": _text(row.get("sector")),
        }
        organization, changed = upsert(
            Organization, where, {"slug": slugify(name)}, values, REASON, changes=self.changes,
            keep_others=self.report.kept_rows,
        )  # fmt: skip
        self.report.count("organizations", changed)
        return organization

    def statute(self, citation, where: str) -> Statute | None:
        if citation in (None, ""):
            return None
        statute = Statute.objects.filter(citation=_text(citation)).first()
        if statute is None:
            raise RowError(where, f"unknown statute '{citation}' (add it to statutes.yaml)")
        return statute

    def load_defendants(self, case: Case, rows) -> None:
        keep = []
        for index, row in enumerate(rows):
            where = self.where(f"defendants[{index}]")
            if bool(row.get("person")) == bool(row.get("organization")):
                raise RowError(where, "a defendant is either a person or an organization: give exactly one")
            if row.get("person"):
                party = {"person": self.person(row["person"], f"{where}.person")}
            else:
                party = {"organization": self.organization(row["organization"], f"{where}.organization")}
            defendant, changed = upsert(
                Defendant,
                where,
                {"case": case, **party},
                {
                    "role": row.get("role") or "primary",
                    "age": row.get("age"),
                    "age_at": _text(row.get("age_at")),
                    "motives": list(row.get("motives") or []),
                    "recruitment": row.get("recruitment") or "unknown",
                    "insider_status": _text(row.get("insider_status")),
                    "disposition": row.get("disposition") or "pending",
                    "source": self.source(row.get("source"), where),
                },
                REASON,
                changes=self.changes,
            )
            self.report.count("defendants", changed)
            keep.append(defendant.pk)
            self.load_employments(defendant, row.get("employments") or [], where)
            self.load_charges(defendant, row.get("charges") or [], where)
            events = row.get("sentences")
            if events is None and row.get("sentence"):
                events = [row["sentence"]]  # version 1: one sentence
            self.load_sentences(defendant, events or [], where)
        self.report.removed += case.defendants.exclude(pk__in=keep).delete()[0]
        self.report.removed += self.stale_sources.delete()[0]

    def load_employments(self, defendant: Defendant, rows, parent: str) -> None:
        keep = []
        for index, row in enumerate(rows):
            where = f"{parent}.employments[{index}]"
            organization = self.organization(row.get("organization") or {}, f"{where}.organization")
            start, start_precision = parse_partial_date(row.get("start"), where)
            end, end_precision = parse_partial_date(row.get("end"), where)
            employment, changed = upsert(
                Employment,
                where,
                {"defendant": defendant, "organization": organization},
                {
                    "title": _text(row.get("title")),
                    "is_technical": row.get("is_technical"),
                    "clearance": row.get("clearance") or "unknown",
                    "start_date": start,
                    "start_precision": start_precision,
                    "end_date": end,
                    "end_precision": end_precision,
                    "employer_was_victim": bool(row.get("employer_was_victim", False)),
                    "source": self.source(row.get("source"), where),
                },
                REASON,
                changes=self.changes,
            )
            self.report.count("employments", changed)
            keep.append(employment.pk)
        self.report.removed += defendant.employments.exclude(pk__in=keep).delete()[0]

    def load_charges(self, defendant: Defendant, rows, parent: str) -> None:
        keep = []
        for index, row in enumerate(rows):
            where = f"{parent}.charges[{index}]"
            statute = self.statute(row.get("statute"), where)
            if statute is None:
                raise RowError(where, "a charge needs a statute")
            charge, changed = upsert(
                Charge,
                where,
                {
                    "defendant": defendant,
                    "statute": statute,
                    "subsection": _text(row.get("subsection")),
                    "object_statute": self.statute(row.get("object_statute"), where),
                    "is_conspiracy": bool(row.get("conspiracy", False)),
                    "is_attempt": bool(row.get("attempt", False)),
                    "disposition": row.get("disposition") or ChargeDisposition.PENDING,
                },
                {
                    "counts": row.get("counts") or 1,
                    "count_numbers": _text(row.get("count_numbers")),
                    "statute_basis": row.get("statute_basis") or FactBasis.STATED,
                    "object_basis": _text(row.get("object_basis")) if row.get("object_statute") else "",
                    "disposition_basis": row.get("basis") or FactBasis.STATED,
                    "instrument": row.get("instrument") or "indictment",
                    "plea": row.get("plea") or Plea.NONE,
                    # Version 2 files give each count's fate; a count convicted is a count of conviction.
                    "is_conviction": bool(row["conviction"])
                    if "conviction" in row
                    else row.get("disposition") in CONVICTED_DISPOSITIONS,
                    "source": self.source(row.get("source"), where),
                },
                REASON,
                changes=self.changes,
            )
            self.report.count("charges", changed)
            if charge.pk in keep:
                raise RowError(
                    where,
                    "repeats an earlier charge of this defendant (same statute, subsection, "
                    "object, conspiracy, attempt and disposition); merge their counts",
                )
            keep.append(charge.pk)
        self.report.removed += defendant.charges.exclude(pk__in=keep).delete()[0]

    def load_sentences(self, defendant: Defendant, rows, parent: str) -> None:
        """Sentencing events, oldest first. Exactly one is operative unless every one is vacated."""
        operative = [i for i, row in enumerate(rows) if row.get("operative", len(rows) == 1 and not row.get("vacated"))]
        if len(operative) > 1:
            raise RowError(
                f"{parent}.sentences",
                f"sentences {operative} are all marked operative; exactly one sentence is in force",
            )
        if rows and not operative and not all(row.get("vacated") for row in rows):
            raise RowError(
                f"{parent}.sentences", "mark the sentence in force with operative: true (or the others vacated)"
            )
        lookups, precisions = [], []
        for index, row in enumerate(rows):
            where = f"{parent}.sentences[{index}]"
            kind = row.get("kind") or SentenceKind.ORIGINAL
            on, precision = _dated(row.get("date"), f"{where}.date")
            lookup = {"defendant": defendant, "kind": kind, "sentenced_on": on}
            precisions.append(precision)
            if lookup in lookups:
                raise RowError(where, "repeats an earlier sentencing event (same kind and date)")
            lookups.append(lookup)
        # Events no longer in the file go first, and the operative one is written last, so that one
        # defendant never has two operative events, even for a moment.
        stale = defendant.sentences.all()
        for lookup in lookups:
            stale = stale.exclude(kind=lookup["kind"], sentenced_on=lookup["sentenced_on"])
        self.report.removed += stale.delete()[0]
        order = sorted(range(len(rows)), key=lambda i: i in operative)
        for index in order:
            row, where = rows[index], f"{parent}.sentences[{index}]"
            values = {
                "is_operative": index in operative,
                "sentenced_on_precision": precisions[index],
                "is_vacated": bool(row.get("vacated", False)),
                "vacated_on": parse_date(row.get("vacated_on"), f"{where}.vacated_on"),
                "vacated_reason": _text(row.get("vacated_reason")),
                "judge": _text(row.get("judge")),
                "prison_months": parse_decimal(row.get("prison_months"), f"{where}.prison_months"),
                "is_life": bool(row.get("life", False)),
                "is_death": bool(row.get("death", False)),
                "is_time_served": bool(row.get("time_served", False)),
                "supervised_release_life": bool(row.get("supervised_release_life", False)),
                "community_service_hours": row.get("community_service_hours"),
                "discharge": _text(row.get("discharge")),
                "reduction_to_grade": _text(row.get("reduction_to_grade")),
                "forfeiture_of_pay": bool(row.get("forfeiture_of_pay", False)),
                "conditions": _text(row.get("conditions")),
                "conviction_method": _text(row.get("conviction_method")),
                "raw_text": _text(row.get("text")),
                "above_maximum_reason": _text(row.get("above_maximum_reason")),
                "source": self.source(row.get("source"), where),
            }
            for name in ("probation_months", "supervised_release_months", "home_confinement_months",
                         "time_served_months", "fine", "restitution", "forfeiture", "special_assessment"):  # fmt: skip
                values[name] = parse_decimal(row.get(name), f"{where}.{name}")
            _, changed = upsert(Sentence, where, lookups[index], values, REASON, changes=self.changes)
            self.report.count("sentences", changed)

    def load_events(self, case: Case, rows) -> None:
        keep = []
        for index, row in enumerate(rows):
            where = self.where(f"events[{index}]")
            date, precision = parse_partial_date(row.get("date"), f"{where}.date")
            if date is None:
                raise RowError(f"{where}.date", "a timeline step needs a date")
            event, changed = upsert(
                CaseEvent,
                where,
                {"case": case, "date": date, "kind": row.get("kind") or "other"},
                {
                    "date_precision": row.get("precision") or precision,
                    "description": _text(row.get("text")),
                    "source": self.source(row.get("source"), where),
                },
                REASON,
                changes=self.changes,
            )
            self.report.count("timeline steps", changed)
            keep.append(event.pk)
        self.report.removed += case.events.exclude(pk__in=keep).delete()[0]


def case_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if not p.name.startswith("_"))


@transaction.atomic
def casebook_load(
    *,
    fixtures_dir: Path = FIXTURES_DIR,
    cases: bool = True,
    progress=None,
    replace: frozenset | set = frozenset(),
    replace_all: bool = False,
) -> LoadReport:
    """Load districts, statutes, agencies and (unless `cases` is False) every curated case file.
    All or nothing: a bad row raises RowError naming the file and the row, and nothing is kept.
    Analysts' changes are kept unless their case is named in `replace` (or `replace_all`)."""
    report = LoadReport(replace=frozenset(replace), replace_all=replace_all)
    for name, loader in (
        ("districts.yaml", load_districts),
        ("statutes.yaml", load_statutes),
        ("agencies.yaml", load_agencies),
    ):
        loader(fixtures_dir / name, report)
        report.files += 1
    if cases:
        files = case_files(fixtures_dir / "cases")
        for path in progress(files) if progress else files:
            CaseFileLoader(path, report).load()
            report.files += 1
    return report
