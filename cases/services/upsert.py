"""Write a row only when it differs, so that loading the same data twice changes nothing."""

from django.core.exceptions import ValidationError
from django.db import models


class RowError(Exception):
    """A row of input that cannot be stored, with where it came from."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def last_change_reason(instance) -> str | None:
    """The reason recorded with the last change of a record that keeps a history (None without one)."""
    history = getattr(instance, "history", None)
    if history is None or instance.pk is None:
        return None
    return history.order_by("-history_id").values_list("history_change_reason", flat=True).first()


def upsert(
    model: type[models.Model],
    where: str,
    lookup: dict,
    values: dict,
    reason: str,
    *,
    changes: list[str] | None = None,
    keep_others: list[str] | None = None,
):
    """Fetch the row matching `lookup`, create or update it with `values`, validate it, and save only
    when something changed. Returns (instance, changed).

    `changes` collects "where.field" for every value that differs. With `keep_others`, an existing row
    whose last change was made by someone other than this writer (its history's reason is not `reason`)
    is left as it is: what differs is added to `keep_others` instead."""
    instance = model.objects.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**lookup)
    differing = [field for field, value in values.items() if getattr(instance, field) != value]
    if changes is not None:
        changes.extend(f"{where}.{field}" for field in (differing or (["(new)"] if created else [])))
    if differing and not created and keep_others is not None:
        last = last_change_reason(instance)
        if last is not None and last != reason:
            keep_others.append(f"{where}: kept as edited ({', '.join(differing)} differ from the file)")
            return instance, False
    changed = created or bool(differing)
    for field in differing:
        setattr(instance, field, values[field])
    if not changed:
        return instance, False
    try:
        instance.full_clean()
    except ValidationError as error:
        raise RowError(where, validation_message(error)) from error
    instance._change_reason = reason
    instance.save()
    return instance, True
