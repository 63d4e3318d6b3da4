"""Reference data: federal judicial districts and statutes with their statutory maxima."""

from django.db import models
from simple_history.models import HistoricalRecords

from cases.choices import CaseCategory, FineRule, StatuteJurisdiction
from cases.models.base import TimeStampedModel, non_negative


class District(models.Model):
    """A US federal judicial district: the court in which a case is prosecuted."""

    code = models.SlugField(
        "code",
        max_length=8,
        unique=True,
        help_text="Court code: state postal code, district letter and 'd' in lower case (flmd, vaed, dcd).",
    )
    name = models.CharField(
        "name", max_length=100, unique=True, help_text="Full name, e.g. 'Middle District of Florida'."
    )
    state = models.CharField("state", max_length=2, help_text="Two-letter postal code of the state or territory.")
    circuit = models.CharField("circuit", max_length=16, help_text="Court of appeals circuit: 1 to 11, or DC.")

    class Meta:
        ordering = ["name"]
        verbose_name = "district"
        verbose_name_plural = "districts"

    def __str__(self):
        return self.name


class Statute(TimeStampedModel):
    """A criminal statute that a charge is brought under, identified by its citation."""

    citation = models.CharField(
        "citation",
        max_length=40,
        unique=True,
        help_text="Citation without the section sign, as '18 U.S.C. 951'.",
    )
    jurisdiction = models.CharField(
        "jurisdiction",
        max_length=12,
        choices=StatuteJurisdiction.choices,
        default=StatuteJurisdiction.FEDERAL,
        help_text="Whose law: the United States Code, the Uniform Code of Military Justice, or a state's code.",
    )
    state = models.CharField(
        "state", max_length=2, blank=True, help_text="For a state statute: the state's postal code (CA, TX)."
    )
    title_number = models.PositiveSmallIntegerField(
        "title",
        null=True,
        blank=True,
        help_text="Title of the United States Code (18, 22, 50, ...); empty for UCMJ articles and state codes.",
    )
    section = models.CharField("section", max_length=16, help_text="Section number within the title.")
    short_name = models.CharField("short name", max_length=200, help_text="What the statute prohibits, in a few words.")
    category = models.CharField(
        "typical case category",
        max_length=40,
        choices=CaseCategory.choices,
        help_text="The case category a charge under this statute usually belongs to.",
    )
    notes = models.TextField("notes", blank=True, help_text="Qualifications of the maxima and other remarks.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["title_number", "section"]
        verbose_name = "statute"
        verbose_name_plural = "statutes"

    def __str__(self):
        return f"{self.citation} ({self.short_name})"

    def penalty_on(self, day):
        """The statutory maximum in force on `day` (the latest period when `day` is None)."""
        periods = sorted(self.penalties.all(), key=lambda p: (p.effective_from is not None, p.effective_from))
        if day is None:
            return periods[-1] if periods else None
        for period in reversed(periods):
            started = period.effective_from is None or period.effective_from <= day
            if started and (period.effective_to is None or day <= period.effective_to):
                return period
        return None


class StatutoryPenalty(models.Model):
    """The maximum penalty a statute carries for an individual during one period of time."""

    statute = models.ForeignKey(
        Statute,
        on_delete=models.CASCADE,
        related_name="penalties",
        verbose_name="statute",
        help_text="The statute this maximum belongs to.",
    )
    effective_from = models.DateField(
        "effective from", null=True, blank=True, help_text="First day this maximum applied; empty if unknown."
    )
    effective_to = models.DateField(
        "effective to", null=True, blank=True, help_text="Last day this maximum applied; empty while in force."
    )
    max_prison_months = models.PositiveIntegerField(
        "maximum prison (months)",
        null=True,
        blank=True,
        help_text="Statutory maximum prison term in months; empty when it is life or varies by subsection.",
    )
    max_prison_life = models.BooleanField(
        "life maximum", default=False, help_text="The statute allows a life sentence."
    )
    death_eligible = models.BooleanField(
        "death eligible", default=False, help_text="The statute allows the death penalty in some cases."
    )
    max_fine = models.DecimalField(
        "maximum fine (USD)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Fixed fine amount in USD for an individual, read with the fine rule.",
    )
    fine_rule = models.CharField(
        "fine rule",
        max_length=32,
        choices=FineRule.choices,
        default=FineRule.TITLE_18_3571,
        help_text="How the maximum fine is determined.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["statute", "effective_from"]
        verbose_name = "statutory maximum"
        verbose_name_plural = "statutory maxima"
        constraints = [
            models.UniqueConstraint(
                fields=["statute", "effective_from"],
                name="penalty_unique_statute_period",
                violation_error_message="This statute already has a maximum starting on that date.",
            ),
            models.CheckConstraint(
                condition=~models.Q(max_prison_life=True, max_prison_months__isnull=False),
                name="penalty_life_excludes_months",
                violation_error_message="A life maximum cannot also have a number of months.",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_from__isnull=True)
                | models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="penalty_period_ordered",
                violation_error_message="The period cannot end before it starts.",
            ),
            non_negative("max_fine", "penalty_max_fine_non_negative"),
        ]

    def __str__(self):
        if self.max_prison_life:
            prison = "life"
        elif self.max_prison_months is not None:
            prison = f"{self.max_prison_months} months"
        else:
            prison = "varies"
        since = f" from {self.effective_from}" if self.effective_from else ""
        return f"{self.statute.citation}: {prison}{since}"
