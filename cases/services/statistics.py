"""Sentence statistics and facet counts, computed in the database.

Prison statistics are over numeric terms only (prison_months recorded); life, death and time-served
sentences are flags and are counted beside them, never folded into the months. Percentiles are
continuous (linear interpolation, as PostgreSQL's percentile_cont): on PostgreSQL in SQL, on SQLite
from the sorted terms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear

from cases.models import Sentence

# What a sentence list, statistic, facet or export counts unless asked otherwise: the operative sentence
# (not one superseded by a resentencing, reduction or commutation, never a vacated one) of an individual
# (a company's fine or probation never enters the prison-term figures).
LEFT_OUT = {
    "organizations": ("defendant_kind", Q(defendant__organization__isnull=False)),
    "superseded": ("sentence_state", Q(is_operative=False, is_vacated=False)),
    "vacated": ("sentence_state", Q(is_vacated=True)),
}


def counted_sentences(queryset: QuerySet[Sentence], params) -> QuerySet[Sentence]:
    """The sentences that count by default, unless the request chose its own with defendant_kind or
    sentence_state."""
    for parameter, condition in LEFT_OUT.values():
        if parameter not in params:
            queryset = queryset.exclude(condition)
    return queryset


def left_out_counts(queryset: QuerySet[Sentence], params, group_by: str | None = None) -> dict:
    """How many sentences matching the other filters the defaults left out, and why, overall (key None) and
    per group: {key: {"organizations": n, "superseded": n, "vacated": n}}. A reason the request chose itself
    (by defendant_kind or sentence_state) is not counted."""
    reasons = {name: condition for name, (parameter, condition) in LEFT_OUT.items() if parameter not in params}
    if not reasons:
        return {}
    queryset = queryset.order_by()
    counts = {name: Count("pk", filter=condition, distinct=True) for name, condition in reasons.items()}
    result = {None: {name: int(value or 0) for name, value in queryset.aggregate(**counts).items()}}
    grouping = GROUPINGS[group_by] if group_by else None
    if grouping is not None:
        rows = queryset.filter(defendant__charges__is_conviction=True) if grouping.many else queryset
        for row in rows.values(key=grouping.expression).annotate(**counts):
            key = "" if row["key"] is None else str(row["key"])
            result[key] = {name: int(row[name] or 0) for name in reasons}
    return result


@dataclass(frozen=True)
class Grouping:
    name: str
    expression: object
    label: str
    many: bool = False  # a sentence may fall in several groups (one per statute of conviction)


GROUPINGS = {
    "country": Grouping("country", F("defendant__case__foreign_country"), "Foreign country"),
    "sector": Grouping("sector", F("defendant__case__sector"), "Sector"),
    "category": Grouping("category", F("defendant__case__category"), "Case category"),
    "statute": Grouping("statute", F("defendant__charges__statute__citation"), "Statute of conviction", many=True),
    "year": Grouping("year", ExtractYear("sentenced_on"), "Year of sentencing"),
    "district": Grouping("district", F("defendant__case__district__code"), "District"),
}
STAT_FIELDS = [
    "sentenced", "with_prison", "prison_mean", "prison_median", "prison_p25", "prison_p75", "prison_min",
    "prison_max", "life", "time_served", "probation_only", "fine_total", "fine_median", "with_fine",
]  # fmt: skip
TWO_PLACES = Decimal("0.01")


def _round(value) -> str | None:
    """Two decimal places, as a string so that no float rounding creeps in (as DRF renders decimals)."""
    if value is None:
        return None
    return str(Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP))


def percentile(sorted_values: list[Decimal], fraction: float) -> Decimal | None:
    """Continuous percentile with linear interpolation (PostgreSQL's percentile_cont)."""
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * Decimal(str(fraction))
    lower = int(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    weight = position - lower
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * weight


def _rows(queryset: QuerySet, grouping: Grouping | None) -> QuerySet:
    """One row per (sentence, group) with what the statistics need."""
    queryset = queryset.order_by()
    if grouping is not None and grouping.many:
        queryset = queryset.filter(defendant__charges__is_conviction=True)
    fields = {
        "pk_": F("pk"),
        "prison": F("prison_months"),
        "life_": F("is_life"),
        "served": F("is_time_served"),
        "death": F("is_death"),
        "probation": F("probation_months"),
        "fine_": F("fine"),
    }
    if grouping is not None:
        fields["key"] = grouping.expression
    rows = queryset.values(**fields)
    return rows.distinct() if grouping is not None and grouping.many else rows


PROBATION_ONLY_SQL = (
    "prison IS NULL AND NOT life_ AND NOT served AND NOT death AND probation IS NOT NULL AND probation > 0"
)


def _postgres(rows: QuerySet, grouped: bool) -> list[dict]:
    sql, params = rows.query.sql_with_params()
    key = "key" if grouped else "NULL"
    statement = f"""
        SELECT {key} AS key,
               COUNT(*) AS sentenced,
               COUNT(prison) AS with_prison,
               AVG(prison) AS prison_mean,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY prison) AS prison_median,
               percentile_cont(0.25) WITHIN GROUP (ORDER BY prison) AS prison_p25,
               percentile_cont(0.75) WITHIN GROUP (ORDER BY prison) AS prison_p75,
               MIN(prison) AS prison_min,
               MAX(prison) AS prison_max,
               COUNT(*) FILTER (WHERE life_) AS life,
               COUNT(*) FILTER (WHERE served) AS time_served,
               COUNT(*) FILTER (WHERE {PROBATION_ONLY_SQL}) AS probation_only,
               SUM(fine_) AS fine_total,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY fine_) AS fine_median,
               COUNT(fine_) AS with_fine
        FROM ({sql}) AS rows
        {"GROUP BY key ORDER BY key" if grouped else ""}
    """
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _python(rows: QuerySet, grouped: bool) -> list[dict]:
    groups: dict = defaultdict(list)
    if not grouped:
        groups[None] = []  # one overall row, even over nothing (as SQL's aggregate without GROUP BY)
    for row in rows.iterator(chunk_size=5000):
        groups[row["key"] if grouped else None].append(row)
    results = []
    for key in sorted(groups, key=lambda k: (k is None, k)):
        members = groups[key]
        prison = sorted(Decimal(r["prison"]) for r in members if r["prison"] is not None)
        fines = sorted(Decimal(r["fine_"]) for r in members if r["fine_"] is not None)
        results.append(
            {
                "key": key,
                "sentenced": len(members),
                "with_prison": len(prison),
                "prison_mean": sum(prison) / len(prison) if prison else None,
                "prison_median": percentile(prison, 0.5),
                "prison_p25": percentile(prison, 0.25),
                "prison_p75": percentile(prison, 0.75),
                "prison_min": prison[0] if prison else None,
                "prison_max": prison[-1] if prison else None,
                "life": sum(1 for r in members if r["life_"]),
                "time_served": sum(1 for r in members if r["served"]),
                "probation_only": sum(
                    1
                    for r in members
                    if r["prison"] is None
                    and not (r["life_"] or r["served"] or r["death"])
                    and r["probation"] is not None
                    and r["probation"] > 0
                ),
                "fine_total": sum(fines) if fines else None,
                "fine_median": percentile(fines, 0.5),
                "with_fine": len(fines),
            }
        )
    return results


def sentence_statistics(queryset: QuerySet[Sentence], group_by: str | None) -> list[dict]:
    """Statistics per group (or for the whole queryset when `group_by` is None), in key order."""
    grouping = GROUPINGS[group_by] if group_by else None
    rows = _rows(queryset, grouping)
    raw = (
        _postgres(rows, grouping is not None)
        if connection.vendor == "postgresql"
        else _python(rows, grouping is not None)
    )
    results = []
    for row in raw:
        key = row["key"]
        result = {"key": "" if key is None else str(key)}
        for name in STAT_FIELDS:
            value = row[name]
            if name in ("sentenced", "with_prison", "life", "time_served", "probation_only", "with_fine"):
                result[name] = int(value or 0)
            else:
                result[name] = _round(value)
        results.append(result)
    return results


FACETS = {
    "country": "defendant__case__foreign_country",
    "sector": "defendant__case__sector",
    "category": "defendant__case__category",
}


def facet_counts(queryset: QuerySet[Sentence]) -> dict[str, list[dict]]:
    """Sentences per country, sector, category and year of sentencing, for the current filters."""
    queryset = queryset.order_by()
    facets = {}
    for name, path in FACETS.items():
        rows = queryset.values(value=F(path)).annotate(count=Count("*")).order_by("value")
        facets[name] = [{"value": row["value"] or "", "count": row["count"]} for row in rows]
    years = (
        queryset.filter(~Q(sentenced_on=None))
        .values(value=ExtractYear("sentenced_on"))
        .annotate(count=Count("*"))
        .order_by("value")
    )
    facets["year"] = [{"value": str(row["value"]), "count": row["count"]} for row in years]
    return facets
