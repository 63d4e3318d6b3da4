"""Streaming exports of cases and sentences as CSV, NDJSON and JSON.

Columns come in a stable, documented order (EXPORT_COLUMNS). Rows are streamed with constant memory:
on PostgreSQL the CSV comes straight from the database's COPY through psycopg; otherwise rows come
from a server-side cursor (queryset.iterator) and are encoded as they arrive.

In CSV, a text cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) gets a leading single quote, as OWASP recommends against formula injection. This is done
in the query, so both CSV paths get it; numbers, dates and flags are not text and are never changed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Case, CharField, Count, F, QuerySet, Value, When
from django.db.models.functions import Coalesce, Concat, Left
from django.db.models.lookups import In


@dataclass(frozen=True)
class Column:
    name: str
    expression: object
    description: str
    boolean: bool = False
    text: bool = False  # free or coded text: guarded against spreadsheet formulas in CSV


def _bool(path: str) -> When:
    return Case(When(**{path: True}, then=Value("true")), default=Value("false"), output_field=CharField())


SENTENCE_COLUMNS = [
    Column("sentence_id", F("pk"), "Sentence id."),
    Column("case_id", F("defendant__case_id"), "Case id."),
    Column("case_slug", F("defendant__case__slug"), "Case slug.", text=True),
    Column("caption", F("defendant__case__caption"), "Case caption.", text=True),
    Column("district", F("defendant__case__district__code"), "District code.", text=True),
    Column("docket_number", F("defendant__case__docket_number"), "Docket number.", text=True),
    Column("category", F("defendant__case__category"), "Primary case category.", text=True),
    Column("country", F("defendant__case__foreign_country"), "Foreign country (ISO code).", text=True),
    Column("sector", F("defendant__case__sector"), "Primary sector.", text=True),
    Column("defendant_id", F("defendant_id"), "Defendant id."),
    Column("person_id", F("defendant__person_id"), "Person id."),
    Column("given_name", F("defendant__person__given_name"), "Given name.", text=True),
    Column("family_name", F("defendant__person__family_name"), "Family name.", text=True),
    Column("role", F("defendant__role"), "Role in the case.", text=True),
    Column("disposition", F("defendant__disposition"), "Disposition of the defendant.", text=True),
    Column("sentenced_on", F("sentenced_on"), "Date of sentencing (YYYY-MM-DD)."),
    Column("judge", F("judge"), "Sentencing judge.", text=True),
    Column("prison_months", F("prison_months"), "Prison months (numeric terms only; empty for flags)."),
    Column("life", F("is_life"), "Life sentence (true/false).", boolean=True),
    Column("time_served", F("is_time_served"), "Time served (true/false).", boolean=True),
    Column("death", F("is_death"), "Death sentence (true/false).", boolean=True),
    Column("probation_months", F("probation_months"), "Probation months."),
    Column("supervised_release_months", F("supervised_release_months"), "Supervised release months."),
    Column("supervised_release_life", F("supervised_release_life"), "Supervised release for life.", boolean=True),
    Column("home_confinement_months", F("home_confinement_months"), "Home confinement months."),
    Column("fine", F("fine"), "Fine (USD)."),
    Column("restitution", F("restitution"), "Restitution (USD)."),
    Column("forfeiture", F("forfeiture"), "Forfeiture (USD)."),
    Column("special_assessment", F("special_assessment"), "Special assessment (USD)."),
    Column("conviction_method", F("conviction_method"), "How the conviction came about.", text=True),
    Column(
        "defendant_kind",
        Case(
            When(defendant__organization__isnull=False, then=Value("organization")),
            default=Value("person"),
            output_field=CharField(),
        ),
        "person, or organization for a company in the dock.",
    ),
    Column("organization_id", F("defendant__organization_id"), "Organization id when a company is the defendant."),
    Column("organization_name", F("defendant__organization__name"), "Name of the company in the dock.", text=True),
    Column("sentence_kind", F("kind"), "original, resentencing, reduction or commutation.", text=True),
    Column(
        "sentence_state",
        Case(
            When(is_vacated=True, then=Value("vacated")),
            When(is_operative=True, then=Value("operative")),
            default=Value("superseded"),
            output_field=CharField(),
        ),
        "operative (in force), superseded or vacated.",
    ),
    Column("time_served_months", F("time_served_months"), "Length of time served, when known (months)."),
    Column("community_service_hours", F("community_service_hours"), "Hours of community service."),
]

CASE_COLUMNS = [
    Column("case_id", F("pk"), "Case id."),
    Column("slug", F("slug"), "Case slug.", text=True),
    Column("caption", F("caption"), "Case caption.", text=True),
    Column("district", F("district__code"), "District code.", text=True),
    Column("docket_number", F("docket_number"), "Docket number.", text=True),
    Column("category", F("category"), "Primary case category.", text=True),
    Column("purpose", F("purpose"), "Purpose (CSIS).", text=True),
    Column("status", F("status"), "Legal status.", text=True),
    Column("country", F("foreign_country"), "Foreign country (ISO code).", text=True),
    Column("sector", F("sector"), "Primary sector.", text=True),
    Column("activity_start", F("activity_start"), "Activity start (first day of the known period)."),
    Column("activity_start_precision", F("activity_start_precision"), "Precision of the start.", text=True),
    Column("activity_end", F("activity_end"), "Activity end."),
    Column("activity_end_precision", F("activity_end_precision"), "Precision of the end.", text=True),
    Column("curation_status", F("curation_status"), "Curation status.", text=True),
    Column("defendants", Coalesce(Count("defendants", distinct=True), 0), "Number of defendants."),
    Column("summary", F("summary"), "Summary.", text=True),
    Column("court_kind", F("court_kind"), "federal_district, court_martial, state or other.", text=True),
    Column("court_name", F("court_name"), "Name of a court that is not a federal district court.", text=True),
    Column("judge", F("judge"), "Presiding judge.", text=True),
]

EXPORT_COLUMNS = {"sentences": SENTENCE_COLUMNS, "cases": CASE_COLUMNS}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "ndjson": "application/x-ndjson",
    "json": "application/json",
}


ALIAS = "x_"  # query aliases are prefixed so that they never clash with model field names


FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def spreadsheet_safe(expression) -> Case:
    """The text, with a single quote in front when a spreadsheet would take it for a formula."""
    return Case(
        When(In(Left(expression, 1), FORMULA_STARTS), then=Concat(Value("'"), expression)),
        default=expression,
        output_field=CharField(),
    )


def export_rows(queryset: QuerySet, kind: str, *, text_booleans: bool, for_spreadsheets: bool = False) -> QuerySet:
    """The queryset as value rows in the export's column order (keys prefixed with ALIAS). For CSV
    (`for_spreadsheets`), text cells that would start a formula are quoted."""
    expressions = {}
    for column in EXPORT_COLUMNS[kind]:
        expression = column.expression
        if column.boolean and text_booleans:
            expression = _bool(column.expression.name)
        elif column.text and for_spreadsheets:
            expression = spreadsheet_safe(expression)
        expressions[ALIAS + column.name] = expression
    return queryset.order_by("pk").values(**expressions)


def _plain(value):
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json_value(value):
    if isinstance(value, (Decimal, dt.date)):
        return _plain(value)
    if value is not None and not isinstance(value, (bool, int, str, float)):
        return str(value)
    return value


def _header(kind: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([column.name for column in EXPORT_COLUMNS[kind]])
    return buffer.getvalue().encode("utf-8")


def stream_csv(queryset: QuerySet, kind: str) -> Iterator[bytes]:
    rows = export_rows(queryset, kind, text_booleans=True, for_spreadsheets=True)
    yield _header(kind)
    if connection.vendor == "postgresql":
        yield from _postgres_copy(rows)
        return
    keys = [ALIAS + column.name for column in EXPORT_COLUMNS[kind]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # Python's writer quotes a cell with a line feed but not one with a lone carriage return, which readers
    # then take for the end of the row: such rows are written fully quoted (as valid, and read the same).
    quoting_writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for count, row in enumerate(rows.iterator(chunk_size=2000), start=1):
        cells = ["" if row[key] is None else _plain(row[key]) for key in keys]
        if any(isinstance(cell, str) and "\r" in cell for cell in cells):
            quoting_writer.writerow(cells)
        else:
            writer.writerow(cells)
        if count % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _postgres_copy(rows: QuerySet) -> Iterator[bytes]:
    """Stream PostgreSQL's own CSV of the query: the fastest path, in constant memory."""
    sql, params = rows.query.sql_with_params()
    connection.ensure_connection()
    statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
    with connection.connection.cursor() as cursor, cursor.copy(statement, params) as copy:
        pending, size = [], 0
        for block in copy:
            pending.append(bytes(block))
            size += len(block)
            if size >= 65536:
                yield b"".join(pending)
                pending, size = [], 0
        if pending:
            yield b"".join(pending)


def _json_lines(queryset: QuerySet, kind: str) -> Iterator[str]:
    cut = len(ALIAS)
    for row in export_rows(queryset, kind, text_booleans=False).iterator(chunk_size=2000):
        yield json.dumps({key[cut:]: _json_value(value) for key, value in row.items()}, ensure_ascii=False)


def _batched(lines: Iterator[str], separator: str, size: int = 500) -> Iterator[str]:
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield separator.join(batch)
            batch = []
    if batch:
        yield separator.join(batch)


def stream_ndjson(queryset: QuerySet, kind: str) -> Iterator[bytes]:
    for text in _batched(_json_lines(queryset, kind), "\n"):
        yield (text + "\n").encode("utf-8")


def stream_json(queryset: QuerySet, kind: str) -> Iterator[bytes]:
    yield b"["
    for index, text in enumerate(_batched(_json_lines(queryset, kind), ",\n")):
        yield ((",\n" if index else "") + text).encode("utf-8")
    yield b"]\n"


STREAMS = {"csv": stream_csv, "ndjson": stream_ndjson, "json": stream_json}


def export_filename(kind: str, fmt: str, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"casebook-{kind}-{now:%Y%m%dT%H%M%SZ}.{fmt}"
