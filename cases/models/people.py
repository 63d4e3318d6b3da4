"""People: the individuals who appear in cases as defendants."""

from django.db import models
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cases.choices import CitizenshipStatus, Sex
from cases.models.base import ListOfValidator, TimeStampedModel


class Person(TimeStampedModel):
    """An individual, independent of any one case; a Defendant places a person in a case."""

    given_name = models.CharField(
        "given name",
        max_length=100,
        blank=True,
        help_text="First name, as DOJ spells it; empty when sources give only the family name (as military "
        "appeals courts often do).",
    )
    middle_name = models.CharField("middle name", max_length=100, blank=True, help_text="Middle name(s) or initial.")
    family_name = models.CharField("family name", max_length=100, help_text="Surname.")
    suffix = models.CharField("suffix", max_length=20, blank=True, help_text="Jr., Sr., III and the like.")
    aliases = models.JSONField(
        "aliases",
        default=list,
        blank=True,
        validators=[ListOfValidator()],
        help_text="Other names the person used or is known by, as a list of strings.",
    )
    sex = models.CharField(
        "sex", max_length=8, choices=Sex.choices, default=Sex.UNKNOWN, help_text="Sex as the sources give it."
    )
    birth_year = models.PositiveSmallIntegerField(
        "birth year", null=True, blank=True, help_text="Year of birth, only when a source states it."
    )
    residence_city = models.CharField(
        "city of residence", max_length=100, blank=True, help_text="City of residence when charged."
    )
    residence_state = models.CharField(
        "state of residence", max_length=2, blank=True, help_text="US postal code of the state of residence."
    )
    residence_country = CountryField(
        "country of residence", blank=True, help_text="ISO 3166 code of the country of residence."
    )
    birth_country = CountryField("country of birth", blank=True, help_text="ISO 3166 code of the birth country.")
    citizenships = CountryField(
        "citizenships", multiple=True, blank=True, help_text="Every citizenship the person holds (ISO codes)."
    )
    citizenship_status = models.CharField(
        "citizenship status",
        max_length=32,
        choices=CitizenshipStatus.choices,
        default=CitizenshipStatus.UNKNOWN,
        help_text="Immigration or citizenship status in the United States.",
    )
    notes = models.TextField("notes", blank=True, help_text="Anything else an analyst should know.")
    is_synthetic = models.BooleanField(
        "synthetic", default=False, help_text="Generated test data for scale; never part of the curated records."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = "person"
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["family_name", "given_name"], name="person_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True) | models.Q(birth_year__gte=1880, birth_year__lte=2030),
                name="person_birth_year_plausible",
                violation_error_message="Birth year must be between 1880 and 2030.",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        parts = [self.given_name, self.middle_name, self.family_name]
        name = " ".join(p for p in parts if p)
        return f"{name}, {self.suffix}" if self.suffix else name
