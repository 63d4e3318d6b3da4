"""Cases: one criminal matter (a docket) and the foreign principals and US agencies tied to it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cases.choices import (
    FOREIGN_RELATIONS,
    AgencyRelation,
    AgencySide,
    CaseCategory,
    CaseEventKind,
    CaseStatus,
    CourtKind,
    CurationStatus,
    DatePrecision,
    EntryMethod,
    Purpose,
    Sector,
)
from cases.models.base import ListOfValidator, TimeStampedModel, format_partial_date

# Curation statuses that people without analyst rights can see.
PUBLIC_STATUSES = (CurationStatus.PUBLISHED, CurationStatus.RETRACTED)


class CaseQuerySet(models.QuerySet):
    def published(self):
        """Curated records: published and not synthetic. The only cases people without analyst rights see.
        (A benchmark deployment may let published synthetic cases count, by CASEBOOK_SYNTHETIC_PUBLIC.)"""
        published = self.filter(curation_status=CurationStatus.PUBLISHED)
        return published if settings.CASEBOOK_SYNTHETIC_PUBLIC else published.filter(is_synthetic=False)

    def public(self):
        """What people without analyst rights may see: published cases, and retracted ones (labelled as
        such, never silently gone)."""
        public = self.filter(curation_status__in=PUBLIC_STATUSES)
        return public if settings.CASEBOOK_SYNTHETIC_PUBLIC else public.filter(is_synthetic=False)

    def visible_to(self, user):
        """Every case for analysts; only the curated ones for anybody else."""
        if user is not None and user.is_authenticated and user.has_perm("cases.view_draft_case"):
            return self
        return self.public()


class Case(TimeStampedModel):
    """One criminal matter: a docket in a federal district court, with its defendants, charges,
    sentences, foreign principals and sources."""

    caption = models.CharField("caption", max_length=300, help_text="Case caption, such as 'United States v. Ping Li'.")
    slug = models.SlugField(
        "slug", max_length=120, unique=True, help_text="Stable identifier used in URLs and imports."
    )
    court_kind = models.CharField(
        "court",
        max_length=20,
        choices=CourtKind.choices,
        default=CourtKind.FEDERAL_DISTRICT,
        help_text="Which kind of court tried the case: a US district court (then the district below), a "
        "court-martial, a state court or another court.",
    )
    court_name = models.CharField(
        "court name",
        max_length=200,
        blank=True,
        help_text="For a court-martial, a state or another court: its name and place, as sources give it.",
    )
    court_state = models.CharField(
        "court's state", max_length=2, blank=True, help_text="For a state court: the state's postal code."
    )
    judge = models.CharField(
        "presiding judge",
        max_length=200,
        blank=True,
        help_text="The judge (or military judge) who presided, when a source names one; each sentence keeps "
        "its own sentencing judge.",
    )
    entry_method = models.CharField(
        "entered by",
        max_length=20,
        choices=EntryMethod.choices,
        default=EntryMethod.UNKNOWN,
        help_text="How the case was entered: drafted by the release intake and corrected by hand, or by hand.",
    )
    docket_number = models.CharField(
        "docket number", max_length=60, blank=True, help_text="Docket number in the district court, if known."
    )
    district = models.ForeignKey(
        "cases.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="district",
        help_text="Federal judicial district in which the case was brought.",
    )
    category = models.CharField(
        "primary category",
        max_length=40,
        choices=CaseCategory.choices,
        help_text="The case category that best describes the case.",
    )
    secondary_categories = models.JSONField(
        "other categories",
        default=list,
        blank=True,
        validators=[ListOfValidator(CaseCategory.values)],
        help_text="Further case categories the case touches, as a list of category codes.",
    )
    purpose = models.CharField(
        "purpose",
        max_length=20,
        choices=Purpose.choices,
        blank=True,
        help_text="Aim of the activity (military, political, commercial, covert influence), as CSIS classifies.",
    )
    status = models.CharField(
        "legal status",
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.CHARGED,
        help_text="Where the case stands in court.",
    )
    foreign_country = CountryField(
        "foreign country",
        blank=True,
        help_text="ISO 3166 code of the foreign principal's or beneficiary's country; empty for purely domestic cases.",
    )
    sector = models.CharField(
        "sector",
        max_length=32,
        choices=Sector.choices,
        blank=True,
        help_text="Primary sector of the victim or the defendant's employer.",
    )
    activity_start = models.DateField(
        "activity start", null=True, blank=True, help_text="When the conduct began, to the precision given."
    )
    activity_start_precision = models.CharField(
        "activity start precision",
        max_length=12,
        choices=DatePrecision.choices,
        blank=True,
        help_text="How precisely the start is known.",
    )
    activity_end = models.DateField(
        "activity end", null=True, blank=True, help_text="When the conduct ended, to the precision given."
    )
    activity_end_precision = models.CharField(
        "activity end precision",
        max_length=12,
        choices=DatePrecision.choices,
        blank=True,
        help_text="How precisely the end is known.",
    )
    summary = models.TextField("summary", blank=True, help_text="What happened, in the analyst's own words.")
    curation_status = models.CharField(
        "curation status",
        max_length=12,
        choices=CurationStatus.choices,
        default=CurationStatus.DRAFT,
        help_text="Only published cases are curated and visible to people without analyst rights.",
    )
    published_at = models.DateTimeField(
        "published at", null=True, blank=True, help_text="When the case was last published."
    )
    is_synthetic = models.BooleanField(
        "synthetic",
        default=False,
        help_text="Generated test data for scale; never part of the curated records.",
    )
    version = models.PositiveIntegerField(
        "version",
        default=1,
        help_text="Raised by every saved change to the case or its parts; a save based on an older version "
        "is refused, so that two analysts never overwrite each other.",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="last edited by",
        help_text="Who last changed the case or one of its parts (the reviewer who publishes must be another).",
    )
    last_edited_at = models.DateTimeField(
        "last edited at", null=True, blank=True, help_text="When the case or one of its parts last changed."
    )
    fixture_sha256 = models.CharField(
        "case file hash",
        max_length=64,
        blank=True,
        help_text="SHA-256 of the curated case file this case was last loaded from (empty for cases entered "
        "in the admin). The loader skips a file it has already loaded.",
    )
    loaded_version = models.PositiveIntegerField(
        "version when loaded",
        null=True,
        blank=True,
        help_text="The case's version right after the loader last wrote it. A case whose version moved since "
        "(an analyst's edit) is never overwritten by the loader without an explicit --replace.",
    )
    history = HistoricalRecords(
        excluded_fields=["version", "last_edited_by", "last_edited_at", "fixture_sha256", "loaded_version"]
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-activity_start", "caption"]
        verbose_name = "case"
        verbose_name_plural = "cases"
        permissions = [
            ("view_draft_case", "Can see cases that are not published"),
            ("publish_case", "Can publish, return and retract cases"),
        ]
        indexes = [
            models.Index(fields=["curation_status", "is_synthetic"], name="case_curation_idx"),
            models.Index(fields=["foreign_country"], name="case_country_idx"),
            models.Index(fields=["category"], name="case_category_idx"),
            models.Index(fields=["sector"], name="case_sector_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "docket_number"],
                condition=~models.Q(docket_number=""),
                name="case_unique_docket_per_district",
                violation_error_message="Another case in this district has this docket number.",
            ),
            models.CheckConstraint(
                condition=models.Q(activity_start__isnull=True)
                | models.Q(activity_end__isnull=True)
                | models.Q(activity_end__gte=models.F("activity_start")),
                name="case_activity_ordered",
                violation_error_message="The activity cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(activity_start__isnull=True, activity_start_precision="")
                | models.Q(activity_start__isnull=False) & ~models.Q(activity_start_precision=""),
                name="case_activity_start_has_precision",
                violation_error_message="Give the precision of the activity start date (and only with a date).",
            ),
            models.CheckConstraint(
                condition=models.Q(activity_end__isnull=True, activity_end_precision="")
                | models.Q(activity_end__isnull=False) & ~models.Q(activity_end_precision=""),
                name="case_activity_end_has_precision",
                violation_error_message="Give the precision of the activity end date (and only with a date).",
            ),
            models.CheckConstraint(
                condition=models.Q(court_kind=CourtKind.FEDERAL_DISTRICT) | models.Q(district__isnull=True),
                name="case_district_only_for_federal_court",
                violation_error_message="A district is for cases in a US district court; name the other court.",
            ),
            models.CheckConstraint(
                condition=models.Q(court_kind__in=CourtKind.values),
                name="case_court_kind_valid",
                violation_error_message="Unknown kind of court.",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=CaseCategory.values),
                name="case_category_valid",
                violation_error_message="Unknown case category.",
            ),
            models.CheckConstraint(
                condition=models.Q(curation_status__in=CurationStatus.values),
                name="case_curation_status_valid",
                violation_error_message="Unknown curation status.",
            ),
        ]

    def __str__(self):
        return self.caption

    def get_absolute_url(self):
        return reverse("admin:cases_case_change", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.curation_status == CurationStatus.PUBLISHED

    @property
    def activity_period(self) -> str:
        start = format_partial_date(self.activity_start, self.activity_start_precision)
        end = format_partial_date(self.activity_end, self.activity_end_precision)
        if start and end:
            return f"{start} to {end}"
        if start:
            return f"from {start}"
        return f"until {end}" if end else ""


class CaseAgency(models.Model):
    """Ties a case to a foreign principal (directed by, recipient, beneficiary) or to a US agency
    (investigated, prosecuted)."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="agency_links",
        verbose_name="case",
        help_text="The case.",
    )
    agency = models.ForeignKey(
        "cases.Agency",
        on_delete=models.PROTECT,
        related_name="case_links",
        verbose_name="agency",
        help_text="The foreign principal or US agency.",
    )
    relation = models.CharField(
        "relation", max_length=20, choices=AgencyRelation.choices, help_text="How the agency relates to the case."
    )
    source = models.ForeignKey(
        "cases.Source",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="source",
        help_text="Source for this link when it is not the case's main source.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "relation", "agency"]
        verbose_name = "case agency"
        verbose_name_plural = "case agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency", "relation"],
                name="caseagency_unique",
                violation_error_message="This agency is already linked to the case with this relation.",
            ),
        ]

    def __str__(self):
        return f"{self.get_relation_display()}: {self.agency}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.agency_id is None or not self.relation:
            return
        foreign = self.agency.side == AgencySide.FOREIGN
        if foreign != (self.relation in FOREIGN_RELATIONS):
            raise ValidationError(
                {
                    "relation": "A foreign principal can direct, receive or benefit; a US agency can "
                    "investigate or prosecute. This relation does not fit the agency chosen."
                }
            )
        if self.source_id and self.case_id and self.source.case_id != self.case_id:
            raise ValidationError({"source": "Choose one of this case's sources."})


class CaseEvent(models.Model):
    """A dated step in the life of a case (arrest, charge, plea, verdict, sentencing, appeal, ...), for the
    case's timeline; described in the analyst's own words."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="events", verbose_name="case", help_text="The case."
    )
    date = models.DateField(
        "date",
        help_text="When it happened (the first day of the month or year when the "
        "date is known only to that precision).",
    )
    date_precision = models.CharField(
        "date precision",
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How precisely the date is known.",
    )
    kind = models.CharField("kind", max_length=16, choices=CaseEventKind.choices, help_text="What kind of step it was.")
    description = models.CharField(
        "description", max_length=500, blank=True, help_text="What happened, in a line of the analyst's own words."
    )
    source = models.ForeignKey(
        "cases.Source",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="source",
        help_text="Source for this step when it is not the case's main source.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "date", "pk"]
        verbose_name = "case event"
        verbose_name_plural = "case events"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CaseEventKind.values),
                name="case_event_kind_valid",
                violation_error_message="Unknown kind of event.",
            ),
        ]

    def __str__(self):
        return f"{format_partial_date(self.date, self.date_precision)} {self.get_kind_display()}"

    @property
    def date_label(self) -> str:
        return format_partial_date(self.date, self.date_precision)

    def clean(self):
        from cases.models.legal import _check_own_source

        _check_own_source(self, self.case_id)
