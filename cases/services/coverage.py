"""The coverage report: Casebook against the public case lists analysts compare it with.

Each list lives in fixtures/lists/<name>.yaml as facts only: the list's name and address, and its entries
(a name, a year, an address, the Casebook case that holds it or the reason it is missing). An entry counts
as held when its case is in the database, or when a defendant's name matches the entry's name.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cases.models import Case, Defendant
from cases.services.curated import FIXTURES_DIR

LISTS_DIR = FIXTURES_DIR / "lists"
MISSING_REASONS = {
    "not_a_us_prosecution": "not a US prosecution",
    "out_of_scope": "out of scope",
    "no_source_in_reach": "no source in reach",
    "not_yet_entered": "not yet entered",
}


class ListError(ValueError):
    """A list file that cannot be read, naming the file and the entry."""


@dataclass
class Entry:
    name: str
    year: int | None
    url: str | None
    slug: str | None  # the Casebook case the list file names
    reason: str | None
    held_by: str | None = None  # the case found in the database
    status: str = ""  # curation status of that case


@dataclass
class ListCoverage:
    key: str
    name: str
    url: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def held(self) -> list[Entry]:
        return [e for e in self.entries if e.held_by]

    @property
    def missing(self) -> list[Entry]:
        return [e for e in self.entries if not e.held_by]

    def missing_by_reason(self) -> dict[str, int]:
        counts = dict.fromkeys(MISSING_REASONS, 0)
        for entry in self.missing:
            counts[entry.reason or "not_yet_entered"] += 1
        return counts


def _normal(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def _name_index() -> dict[str, str]:
    """'given family' and 'family given' of every defendant (and companies' names) -> case slug."""
    index = {}
    rows = Defendant.objects.filter(case__is_synthetic=False).values_list(
        "person__given_name", "person__family_name", "organization__name", "case__slug"
    )
    for given, family, organization, slug in rows:
        if organization:
            index.setdefault(_normal(organization), slug)
        if family:
            index.setdefault(_normal(f"{given or ''} {family}"), slug)
            index.setdefault(_normal(f"{family} {given or ''}"), slug)
    return index


def read_list(path: Path) -> ListCoverage:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ListError(f"{path.name}: not valid YAML: {error}") from error
    coverage = ListCoverage(key=path.stem, name=str(data.get("name") or path.stem), url=str(data.get("url") or ""))
    for index, row in enumerate(data.get("entries") or []):
        if not isinstance(row, dict) or not row.get("name"):
            raise ListError(f"{path.name} entries[{index}]: an entry needs a name")
        reason = row.get("missing_reason")
        if reason is not None and reason not in MISSING_REASONS:
            raise ListError(f"{path.name} entries[{index}]: unknown missing_reason '{reason}'")
        coverage.entries.append(
            Entry(
                name=str(row["name"]),
                year=row.get("year"),
                url=row.get("url"),
                slug=row.get("casebook"),
                reason=reason,
            )  # fmt: skip
        )
    return coverage


def coverage_report(directory: Path = LISTS_DIR) -> list[ListCoverage]:
    """Every list with each entry marked held (and by which case) or missing (and why)."""
    statuses = dict(Case.objects.filter(is_synthetic=False).values_list("slug", "curation_status"))
    names = _name_index()
    lists = [read_list(path) for path in sorted(directory.glob("*.yaml"))]
    for coverage in lists:
        for entry in coverage.entries:
            slug = entry.slug if entry.slug in statuses else names.get(_normal(entry.name))
            if slug:
                entry.held_by, entry.status = slug, statuses[slug]
    return lists
