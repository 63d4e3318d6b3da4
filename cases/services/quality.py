"""The data report: per case, what stops publication and what is weak, with totals.

Two kinds of finding, from one set of rules:
- blocking: the publication checks (`case_publish_problems`); a case with any is kept in review;
- weak: publishable but thinner than it should be (no judge named, statutes read from described offences,
  counts without a fate, only tertiary sources, a sentence without its date, no primary source).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch

from cases.choices import (
    CaseStatus,
    ChargeDisposition,
    CurationStatus,
    FactBasis,
    SourceGrade,
)
from cases.models import Case, Charge, Defendant
from cases.services.curation import case_publish_problems

CLOSED_STATUSES = {CaseStatus.SENTENCED, CaseStatus.CLOSED, CaseStatus.ACQUITTED, CaseStatus.DISMISSED}

# Weaknesses, by code: what each means, in the report's words.
WEAKNESSES = {
    "no_judge": "no judge named",
    "inferred_statutes": "statutes read from described offences",
    "counts_without_fate": "counts still pending in a closed case",
    "only_tertiary_sources": "only tertiary sources",
    "no_primary_source": "no primary source",
    "no_sentencing_date": "a sentence without its date",
    "sources_without_hash": "sources without a content hash",
}


@dataclass
class CaseQuality:
    slug: str
    caption: str
    curation_status: str
    blocking: list[str] = field(default_factory=list)
    weak: dict[str, int] = field(default_factory=dict)  # code -> how many (statutes, counts, sources...)

    @property
    def publishable(self) -> bool:
        return not self.blocking


@dataclass
class QualityReport:
    cases: list[CaseQuality]
    statutes: Counter  # stated / inferred, over charge lines
    sources: Counter  # primary / secondary / tertiary
    curation: Counter

    def weakness_totals(self) -> dict[str, int]:
        """Cases with each weakness."""
        return {code: sum(1 for c in self.cases if code in c.weak) for code in WEAKNESSES}


def case_weaknesses(case: Case) -> dict[str, int]:
    """Weaknesses of a case whose defendants, charges, sentences and sources are prefetched."""
    weak: dict[str, int] = {}
    defendants = list(case.defendants.all())
    charges = [charge for d in defendants for charge in d.charges.all()]
    sentences = [s for d in defendants for s in d.sentences.all()]
    sources = list(case.sources.all())
    if not case.judge and not any(s.judge for s in sentences):
        weak["no_judge"] = 1
    inferred = sum(1 for c in charges if c.statute_basis == FactBasis.INFERRED)
    if inferred:
        weak["inferred_statutes"] = inferred
    if case.status in CLOSED_STATUSES:
        pending = sum(c.counts for c in charges if c.disposition == ChargeDisposition.PENDING)
        if pending:
            weak["counts_without_fate"] = pending
    grades = {s.grade for s in sources}
    if sources and grades == {SourceGrade.TERTIARY}:
        weak["only_tertiary_sources"] = 1
    if sources and SourceGrade.PRIMARY not in grades:
        weak["no_primary_source"] = 1
    undated = sum(1 for s in sentences if s.sentenced_on is None)
    if undated:
        weak["no_sentencing_date"] = undated
    unhashed = sum(1 for s in sources if not s.content_sha256)
    if unhashed:
        weak["sources_without_hash"] = unhashed
    return weak


def data_report(queryset=None) -> QualityReport:
    """The report over the curated cases (synthetic ones left out)."""
    queryset = (queryset if queryset is not None else Case.objects.filter(is_synthetic=False)).order_by("slug")
    queryset = queryset.prefetch_related(
        "sources",
        Prefetch(
            "defendants",
            queryset=Defendant.objects.select_related("person", "organization").prefetch_related(
                "sentences",
                Prefetch(
                    "charges",
                    queryset=Charge.objects.select_related("statute", "object_statute").prefetch_related(
                        "statute__penalties"
                    ),
                ),
            ),
        ),
    )
    cases, statutes, sources, curation = [], Counter(), Counter(), Counter()
    for case in queryset:
        cases.append(
            CaseQuality(
                slug=case.slug,
                caption=case.caption,
                curation_status=case.curation_status,
                blocking=case_publish_problems(case),
                weak=case_weaknesses(case),
            )
        )
        curation[case.curation_status] += 1
        for source in case.sources.all():
            sources[source.grade] += 1
        for defendant in case.defendants.all():
            for charge in defendant.charges.all():
                statutes[charge.statute_basis] += 1
    return QualityReport(cases=cases, statutes=statutes, sources=sources, curation=curation)


def report_lines(report: QualityReport, *, only_weak: bool = False) -> list[str]:
    """The report as plain lines (the command prints them; tests read them)."""
    lines = []
    for case in report.cases:
        if only_weak and not (case.blocking or case.weak):
            continue
        parts = [f"{WEAKNESSES[code]} ({n})" if n > 1 else WEAKNESSES[code] for code, n in case.weak.items()]
        status = "blocks publication: " + " ".join(case.blocking) if case.blocking else "publishable"
        lines.append(
            f"{case.slug} [{case.curation_status}] {status}" + (f"; weak: {', '.join(parts)}" if parts else "")
        )
    totals = report.weakness_totals()
    lines.append("")
    lines.append(
        f"{len(report.cases)} cases: {report.curation.get(CurationStatus.PUBLISHED, 0)} published, "
        f"{report.curation.get(CurationStatus.IN_REVIEW, 0)} in review, "
        f"{sum(1 for c in report.cases if c.blocking)} with problems that block publication."
    )
    lines.append("Cases with each weakness: " + "; ".join(f"{WEAKNESSES[k]}: {v}" for k, v in totals.items()) + ".")
    lines.append(
        f"Charge lines: {report.statutes.get(FactBasis.STATED, 0)} statutes stated, "
        f"{report.statutes.get(FactBasis.INFERRED, 0)} inferred. Sources: "
        f"{report.sources.get(SourceGrade.PRIMARY, 0)} primary, {report.sources.get(SourceGrade.SECONDARY, 0)} "
        f"secondary, {report.sources.get(SourceGrade.TERTIARY, 0)} tertiary."
    )
    return lines
