"""Curation: the review of a case before publication, and the comments reviewers leave."""

from django.conf import settings
from django.db import models

from cases.choices import ReviewAction


class ReviewEvent(models.Model):
    """One step of a case's review (submitted, published, returned, retracted, corrected), with who took
    it, when, and the comment or reason given. Kept with the case for good."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="review_events",
        verbose_name="case",
        help_text="The case reviewed.",
    )
    action = models.CharField("action", max_length=12, choices=ReviewAction.choices, help_text="What was done.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_events",
        verbose_name="by",
        help_text="Who did it.",
    )
    comment = models.TextField("comment", blank=True, help_text="The reviewer's comment or the reason given.")
    created_at = models.DateTimeField("at", auto_now_add=True, help_text="When it was done.")

    class Meta:
        ordering = ["case", "-created_at", "-pk"]
        verbose_name = "review event"
        verbose_name_plural = "review events"

    def __str__(self):
        return f"{self.get_action_display()} by {self.user} on {self.created_at:%Y-%m-%d %H:%M}"
