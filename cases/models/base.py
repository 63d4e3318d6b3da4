"""Shared model pieces: timestamps and helpers for dates known to a precision."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible

from cases.choices import DatePrecision


class TimeStampedModel(models.Model):
    """Adds creation and last-modification timestamps."""

    created_at = models.DateTimeField("created at", auto_now_add=True, help_text="When this record was first saved.")
    updated_at = models.DateTimeField("updated at", auto_now=True, help_text="When this record was last saved.")

    class Meta:
        abstract = True


def format_partial_date(value, precision):
    """Render a date at the precision it is known to ("2012", "2012-08", "2012-08-14", "c. 2012")."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{value:%Y-%m}"
    if precision == DatePrecision.APPROXIMATE:
        return f"c. {value:%Y}"
    return value.isoformat()


def non_negative(field: str, name: str) -> models.CheckConstraint:
    """A named database check that `field` is NULL or not below zero."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=f"{field.replace('_', ' ').capitalize()} cannot be negative.",
    )


@deconstructible
class ListOfValidator:
    """A JSON field holding a list of strings, each (when `allowed` is given) one of the allowed codes."""

    def __init__(self, allowed=None):
        self.allowed = tuple(allowed) if allowed is not None else None

    def __call__(self, value):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError("Enter a list of text values.", code="not_a_list")
        if self.allowed is not None:
            unknown = [item for item in value if item not in self.allowed]
            if unknown:
                raise ValidationError(f"Unknown value(s): {', '.join(unknown)}.", code="unknown_value")

    def __eq__(self, other):
        return isinstance(other, ListOfValidator) and self.allowed == other.allowed
