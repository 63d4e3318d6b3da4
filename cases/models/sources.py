"""Sources: the pages (press releases, court records, news reports) that the facts of a case come from."""

import hashlib

from django.db import models
from simple_history.models import HistoricalRecords

from cases.choices import DatePrecision, Publisher, SourceGrade, SourceStage
from cases.models.base import TimeStampedModel


def grade_for_publisher(publisher) -> str:
    """A source's grade when nobody graded it: by who published it (DOJ, a US Attorney's Office, a court or
    a military service: primary; news: secondary; anything else: tertiary)."""
    if publisher in (Publisher.DOJ_OPA, Publisher.USAO, Publisher.COURT, Publisher.MILITARY):
        return SourceGrade.PRIMARY
    return SourceGrade.SECONDARY if publisher == Publisher.NEWS else SourceGrade.TERTIARY


class Source(TimeStampedModel):
    """A public document that states facts of a case. Its hash and access date let a later change
    of the page be noticed."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="sources",
        verbose_name="case",
        help_text="The case this source documents.",
    )
    url = models.URLField("URL", max_length=500, help_text="Address of the page as it was read.")
    publisher = models.CharField(
        "publisher type",
        max_length=20,
        choices=Publisher.choices,
        help_text="Who published it: DOJ, a US Attorney's Office, a court, the news.",
    )
    publisher_name = models.CharField(
        "publisher", max_length=200, blank=True, help_text="Name of the publisher, such as a newspaper."
    )
    grade = models.CharField(
        "grade",
        max_length=12,
        choices=SourceGrade.choices,
        help_text="How much the source weighs: primary (DOJ, a US Attorney's Office, a court record, a "
        "military service's release, or a faithful reprint of one), secondary (established news), tertiary "
        "(blogs, aggregators, forums, reprints of unknown fidelity).",
    )
    republishes = models.CharField(
        "republishes",
        max_length=20,
        choices=Publisher.choices,
        blank=True,
        help_text="When the page says it reprints another publisher's text (a DOJ release on a news wire): whose.",
    )
    title = models.CharField("title", max_length=500, blank=True, help_text="Title of the page.")
    published_on = models.DateField(
        "published on",
        null=True,
        blank=True,
        help_text="Publication date (the first day of the month or year when known only to that precision).",
    )
    published_precision = models.CharField(
        "publication date precision",
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How precisely the publication date is known.",
    )
    stage = models.CharField(
        "stage",
        max_length=12,
        choices=SourceStage.choices,
        default=SourceStage.OTHER,
        help_text="Stage of the case the source reports: charge, plea, verdict or sentencing.",
    )
    accessed_on = models.DateField(
        "accessed on", null=True, blank=True, help_text="When an analyst last read the page."
    )
    content_sha256 = models.CharField(
        "content hash",
        max_length=64,
        blank=True,
        help_text="SHA-256 of the text as read, to notice later changes to the page.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "published_on", "pk"]
        verbose_name = "source"
        verbose_name_plural = "sources"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__in=SourceGrade.values),
                name="source_grade_valid",
                violation_error_message="Grade the source: primary, secondary or tertiary.",
            ),
            models.UniqueConstraint(
                fields=["case", "url"],
                name="source_unique_url_per_case",
                violation_error_message="This URL is already a source of the case.",
            ),
        ]

    def __str__(self):
        label = self.title or self.url
        return f"{label} ({self.published_on})" if self.published_on else label

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
