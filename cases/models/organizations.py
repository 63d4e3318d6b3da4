"""Organizations: employers of defendants and victims of their conduct."""

from django.db import models
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cases.choices import OrganizationKind, Sector
from cases.models.base import ListOfValidator, TimeStampedModel


class Organization(TimeStampedModel):
    """A company, government body, military service, university or NGO that employed a defendant
    or was harmed by one."""

    name = models.CharField("name", max_length=200, help_text="Name in common use, such as 'Verizon'.")
    slug = models.SlugField(
        "slug", max_length=200, unique=True, help_text="Unique identifier used in URLs and imports."
    )
    aliases = models.JSONField(
        "aliases",
        default=list,
        blank=True,
        validators=[ListOfValidator()],
        help_text="Other names, former names and the anonymized wording DOJ used, as a list of strings.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name="parent organization",
        help_text="The organization this one belongs to, if any.",
    )
    kind = models.CharField(
        "kind",
        max_length=32,
        choices=OrganizationKind.choices,
        default=OrganizationKind.COMPANY,
        help_text="What sort of organization this is.",
    )
    country = CountryField(
        "headquarters country", blank=True, help_text="ISO 3166 code of the country of its headquarters."
    )
    sector = models.CharField(
        "sector",
        max_length=32,
        choices=Sector.choices,
        blank=True,
        help_text="Critical-infrastructure sector it belongs to (or academia and research).",
    )
    naics2 = models.CharField(
        "NAICS sector",
        max_length=2,
        blank=True,
        help_text="Two-digit NAICS code of its main industry, where useful.",
    )
    is_synthetic = models.BooleanField(
        "synthetic", default=False, help_text="Generated test data for scale; never part of the curated records."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "organization"
        verbose_name_plural = "organizations"
        indexes = [models.Index(fields=["sector"], name="org_sector_idx")]

    def __str__(self):
        return self.name
