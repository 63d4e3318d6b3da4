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


def upsert(model: type[models.Model], where: str, lookup: dict, values: dict, reason: str):
    """Fetch the row matching `lookup`, create or update it with `values`, validate it, and save only
    when something changed. Returns (instance, changed)."""
    instance = model.objects.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**lookup)
    changed = created
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    if not changed:
        return instance, False
    try:
        instance.full_clean()
    except ValidationError as error:
        raise RowError(where, validation_message(error)) from error
    instance._change_reason = reason
    instance.save()
    return instance, True
