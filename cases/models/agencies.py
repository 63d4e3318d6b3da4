"""Agencies: the foreign principals a defendant acted for and the US agencies that pursued a case."""

from django.db import models
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cases.choices import AgencyKind, AgencySide
from cases.models.base import ListOfValidator, TimeStampedModel


class Agency(TimeStampedModel):
    """A foreign principal (intelligence service, military unit, state-owned company, talent program)
    or a US agency (investigator or prosecutor), with the country it belongs to."""

    key = models.SlugField(
        "key",
        max_length=40,
        unique=True,
        help_text="Stable short identifier used by imports, such as 'CN-MSS' or 'US-FBI'.",
        allow_unicode=False,
    )
    name = models.CharField("name", max_length=200, help_text="Full name in English.")
    abbreviation = models.CharField(
        "abbreviation", max_length=40, blank=True, help_text="Common abbreviation, such as MSS or FBI."
    )
    aliases = models.JSONField(
        "aliases",
        default=list,
        blank=True,
        validators=[ListOfValidator()],
        help_text="Other names and abbreviations sources use for it (DGI for Cuba's Intelligence Directorate, "
        "a bureau's own name), as a list; the release intake matches them.",
    )
    country = CountryField("country", help_text="ISO 3166 code of the country the agency belongs to.")
    side = models.CharField(
        "side",
        max_length=8,
        choices=AgencySide.choices,
        help_text="Whether this is a foreign principal or a US agency.",
    )
    kind = models.CharField("kind", max_length=32, choices=AgencyKind.choices, help_text="What sort of body this is.")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent agency",
        help_text="The body this one belongs to (a provincial bureau's ministry, a unit's army).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["side", "country", "name"]
        verbose_name = "agency"
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"],
                name="agency_unique_country_name",
                violation_error_message="An agency with this name already exists for this country.",
            ),
            models.CheckConstraint(
                condition=models.Q(side__in=AgencySide.values),
                name="agency_side_valid",
                violation_error_message="Side must be foreign or US.",
            ),
        ]

    def __str__(self):
        label = f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name
        return f"{label}, {self.country.code}"
