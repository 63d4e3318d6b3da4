"""The history of a case and of every part of it, as readable field-by-field changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from cases.models import Case, CaseAgency, Charge, Defendant, Employment, Sentence, Source

TYPES = {"+": "created", "~": "changed", "-": "deleted"}
HIDDEN_FIELDS = {"updated_at", "created_at"}


@dataclass
class HistoryEntry:
    at: object
    user: object
    reason: str
    kind: str
    model: str
    label: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _value(record, name: str) -> str:
    value = getattr(record, name, None)
    return "" if value in (None, "") else str(value)


def _verbose(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field since removed
        return name


def case_history(case: Case) -> list[HistoryEntry]:
    """Every change to the case and its parts, newest first, with who, when, why and what."""
    defendant_ids = set(Defendant.history.filter(case_id=case.pk).values_list("id", flat=True))
    streams = [
        (Case, Case.history.filter(id=case.pk)),
        (Source, Source.history.filter(case_id=case.pk)),
        (CaseAgency, CaseAgency.history.filter(case_id=case.pk)),
        (Defendant, Defendant.history.filter(case_id=case.pk)),
        (Employment, Employment.history.filter(defendant_id__in=defendant_ids)),
        (Charge, Charge.history.filter(defendant_id__in=defendant_ids)),
        (Sentence, Sentence.history.filter(defendant_id__in=defendant_ids)),
    ]
    entries = []
    for model, records in streams:
        for record in records.select_related("history_user").order_by("history_date"):
            entry = HistoryEntry(
                at=record.history_date,
                user=record.history_user,
                reason=record.history_change_reason or "",
                kind=TYPES.get(record.history_type, record.history_type),
                model=str(model._meta.verbose_name),
                label=_label(model, record),
            )
            previous = record.prev_record
            if record.history_type == "~" and previous is not None:
                delta = record.diff_against(previous)
                entry.changes = [
                    (_verbose(model, change.field), _value(previous, change.field), _value(record, change.field))
                    for change in delta.changes
                    if change.field not in HIDDEN_FIELDS
                ]
                if not entry.changes and not entry.reason:
                    continue
            entries.append(entry)
    return sorted(entries, key=lambda e: e.at, reverse=True)


def _label(model, record) -> str:
    try:
        return str(record.instance)
    except Exception:  # noqa: BLE001 - a part whose related record is gone
        return f"{model._meta.verbose_name} #{record.id}"
