"""The case page: a whole case entered on one page (sources, agencies, defendants with their jobs,
charges and sentence), and the case list with the filters analysts use."""

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from cases.admin.filters import (
    CountryInUseFilter,
    DispositionFilter,
    DistrictInUseFilter,
    EmployerSectorFilter,
    SentencingYearFilter,
    StatuteFilter,
)
from cases.admin.forms import CaseForm, DefendantForm, RevertForm, ReviewCommentForm
from cases.admin.intake import from_release_view
from cases.admin.statistics import statistics_view
from cases.choices import CurationStatus, ReviewAction
from cases.models import Case, CaseAgency, CaseEvent, Charge, Defendant, Employment, ReviewEvent, Sentence, Source
from cases.services.coverage import MISSING_REASONS, coverage_report
from cases.services.curation import (
    PUBLISH_PERMISSION,
    CurationError,
    case_publish,
    case_publish_problems,
    case_record_edit,
    case_retract,
    case_return,
    case_revert,
    case_submit,
)
from cases.services.history import case_history
from cases.services.quality import WEAKNESSES, data_report, report_lines

# Source addresses without a scheme are taken as https.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}

# ---------------------------------------------------------------------------------------------- inlines


class CaseSourceChoicesMixin:
    """Offers only the sources of the case being edited for a fact's own source."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            case = getattr(request, "_casebook_case", None)
            kwargs["queryset"] = Source.objects.filter(case=case) if case else Source.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SourceInline(nested_admin.NestedTabularInline):
    """Sources as a compact table: a row each (a case may have a dozen)."""

    model = Source
    formfield_overrides = URL_FIELDS
    extra = 0
    fields = ["url", "publisher", "grade", "stage", "title", "published_on"]


class CaseEventInline(CaseSourceChoicesMixin, nested_admin.NestedTabularInline):
    model = CaseEvent
    extra = 0
    fields = ["date", "date_precision", "kind", "description", "source"]
    classes = ["collapse"]
    verbose_name = "timeline step"
    verbose_name_plural = "timeline"


class CaseAgencyInline(CaseSourceChoicesMixin, nested_admin.NestedTabularInline):
    model = CaseAgency
    extra = 0
    fields = ["agency", "relation", "source"]
    autocomplete_fields = ["agency"]
    verbose_name = "foreign principal or US agency"
    verbose_name_plural = "foreign principals and US agencies"


class EmploymentInline(CaseSourceChoicesMixin, nested_admin.NestedTabularInline):
    model = Employment
    extra = 0
    fields = ["organization", "title", "is_technical", "clearance", "start_date", "end_date", "employer_was_victim",
              "source"]  # fmt: skip
    autocomplete_fields = ["organization"]


class ChargeInline(CaseSourceChoicesMixin, nested_admin.NestedTabularInline):
    """The charge sheet: a row per statute and fate."""

    model = Charge
    fk_name = "defendant"
    extra = 0
    fields = ["statute", "statute_basis", "counts", "is_conspiracy", "object_statute", "plea", "disposition",
              "disposition_basis", "is_conviction", "source"]  # fmt: skip
    autocomplete_fields = ["statute", "object_statute"]
    verbose_name = "count"
    verbose_name_plural = "charge sheet (every count and its fate)"


class SentenceInline(CaseSourceChoicesMixin, nested_admin.NestedStackedInline):
    model = Sentence
    extra = 0
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("kind", "is_operative", "sentenced_on", "sentenced_on_precision", "judge", "conviction_method"),
                    ("prison_months", "is_life", "is_time_served", "time_served_months", "is_death"),
                    ("probation_months", "supervised_release_months", "supervised_release_life",
                     "home_confinement_months"),
                    ("fine", "restitution", "forfeiture", "special_assessment"),
                    ("raw_text", "source"),
                ]
            },
        ),
        (
            "Vacated, court-martial, other conditions",
            {
                "classes": ["collapse"],
                "fields": [
                    ("is_vacated", "vacated_on", "vacated_reason"),
                    ("discharge", "reduction_to_grade", "forfeiture_of_pay", "community_service_hours"),
                    ("conditions", "above_maximum_reason"),
                ],
            },
        ),
    ]  # fmt: skip
    verbose_name = "sentencing event"
    verbose_name_plural = "sentencing events (the operative one and earlier or vacated ones)"


class ReviewEventInline(nested_admin.NestedTabularInline):
    """The review steps of the case, read-only: kept with the case for good."""

    model = ReviewEvent
    extra = 0
    fields = ["created_at", "action", "user", "comment"]
    readonly_fields = fields
    can_delete = False
    verbose_name = "review step"
    verbose_name_plural = "review"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DefendantInline(CaseSourceChoicesMixin, nested_admin.NestedStackedInline):
    model = Defendant
    form = DefendantForm
    extra = 0
    fields = [
        ("person", "organization", "role", "disposition"),
        ("age", "age_at", "insider_status", "recruitment"),
        ("motives", "source"),
    ]
    autocomplete_fields = ["person", "organization"]
    inlines = [EmploymentInline, ChargeInline, SentenceInline]


# ---------------------------------------------------------------------------------------------- admins


def case_summary(case: Case) -> dict:
    """What the case page says at the top, before the long form: court, status, each defendant's outcome
    and operative sentence, and what still stops publication."""
    court = (f"{case.district.name}" if case.district_id else case.court_name or case.get_court_kind_display()) + (
        f", Judge {case.judge}" if case.judge else ""
    )
    lines = []
    defendants = case.defendants.select_related("person", "organization").prefetch_related("sentences", "charges")
    for defendant in defendants:
        charges = list(defendant.charges.all())
        counts = sum(c.counts for c in charges)
        convicted = sum(c.counts for c in charges if c.is_conviction)
        sentence = defendant.sentence
        earlier = len(defendant.sentences.all()) - (1 if sentence else 0)
        line = (
            f"{defendant.name}: {defendant.get_disposition_display().lower()}; {convicted} of {counts} counts convicted"
        )
        if sentence is not None:
            line += f"; sentence in force: {sentence.prison_label}"
        if earlier:
            line += f" ({earlier} earlier or vacated)"
        lines.append(line)
    return {
        "caption": case.caption,
        "court": court,
        "status": case.get_status_display(),
        "curation": case.get_curation_status_display(),
        "sources": case.sources.count(),
        "defendants": lines,
        "problems": case_publish_problems(case),
    }


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin, nested_admin.NestedModelAdmin):
    form = CaseForm
    list_display = [
        "caption",
        "category",
        "foreign_country",
        "sector",
        "district",
        "status",
        "curation_status",
        "is_synthetic",
    ]
    list_filter = [
        CountryInUseFilter,
        "sector",
        EmployerSectorFilter,
        StatuteFilter,
        "category",
        "status",
        "curation_status",
        SentencingYearFilter,
        DistrictInUseFilter,
        DispositionFilter,
        "is_synthetic",
    ]
    list_select_related = ["district"]
    search_fields = [
        "caption",
        "docket_number",
        "summary",
        "defendants__person__family_name",
        "defendants__person__given_name",
        "defendants__organization__name",
    ]
    search_help_text = "Search by caption, docket number, summary or a defendant's name."
    prepopulated_fields = {"slug": ["caption"]}
    autocomplete_fields = ["district"]
    readonly_fields = ["curation_status", "published_at", "created_at", "updated_at", "version", "last_edited_by"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("caption", "slug"),
                    ("court_kind", "district", "docket_number"),
                    ("court_name", "court_state", "judge"),
                    ("status", "curation_status", "entry_method"),
                ]
            },
        ),
        (
            "Classification",
            {"fields": [("category", "purpose"), "secondary_categories", ("foreign_country", "sector")]},
        ),
        (
            "Activity period",
            {
                "fields": [("activity_start", "activity_start_precision"), ("activity_end", "activity_end_precision")],
                "classes": ["collapse"],
            },
        ),
        ("Summary", {"fields": ["summary"]}),
        (
            "Record",
            {
                "fields": [
                    ("published_at", "is_synthetic"),
                    ("created_at", "updated_at"),
                    ("version", "last_edited_by"),
                ],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [SourceInline, CaseAgencyInline, CaseEventInline, DefendantInline, ReviewEventInline]
    list_per_page = 50
    actions = ["submit_cases", "publish_cases", "return_cases", "retract_cases"]

    def has_delete_permission(self, request, obj=None):
        # Cases are retracted with a reason, never deleted: not even by a superuser.
        return False

    change_form_template = "admin/cases/case/change_form.html"
    change_list_template = "admin/cases/case/change_list.html"

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        request._casebook_case = obj
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), "case_summary": case_summary(case) if case else None}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_inlines(self, request, obj):
        # A new case has no review steps yet.
        return self.inlines if obj is not None else [i for i in self.inlines if i is not ReviewEventInline]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append(("This change", {"fields": ["change_reason", "edit_version"]}))
        return fieldsets

    # --- saving: reasons in the history, version and editor recorded, public cases back into review

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("change_reason") or None
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        for deleted in getattr(formset, "deleted_objects", []) or []:
            deleted._change_reason = reason
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        case_record_edit(
            case_id=form.instance.pk, user=request.user, reason=form.cleaned_data.get("change_reason") or "",
            was_public=getattr(form, "was_public", False),
        )  # fmt: skip

    # --- review actions

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def _apply(self, request, queryset, service, done: str, **kwargs):
        ok = 0
        for case in queryset:
            try:
                service(case=case, user=request.user, **kwargs)
                ok += 1
            except CurationError as error:
                problems = format_html_join("", "<li>{}</li>", ((problem,) for problem in error.problems))
                self.message_user(request, format_html("{}: <ul>{}</ul>", case.caption, problems), messages.ERROR)
        if ok:
            self.message_user(request, f"{ok} case(s) {done}.", messages.SUCCESS)

    @admin.action(description="Submit for review", permissions=["change"])
    def submit_cases(self, request, queryset):
        self._apply(request, queryset, case_submit, "submitted for review")

    @admin.action(description="Publish (reviewers)", permissions=["publish"])
    def publish_cases(self, request, queryset):
        self._apply(request, queryset, case_publish, "published")

    def _with_comment(self, request, queryset, service, done, title, field):
        if "apply" in request.POST:
            form = ReviewCommentForm(request.POST)
            if form.is_valid():
                self._apply(request, queryset, service, done, **{field: form.cleaned_data["comment"]})
                return None
        else:
            form = ReviewCommentForm()
        return TemplateResponse(
            request, "admin/cases/case/review_comment.html",
            {**self.admin_site.each_context(request), "title": title, "cases": queryset, "form": form,
             "action": request.POST.get("action"), "opts": self.model._meta,
             "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME},
        )  # fmt: skip

    @admin.action(description="Return to the analyst with a comment… (reviewers)", permissions=["publish"])
    def return_cases(self, request, queryset):
        return self._with_comment(request, queryset, case_return, "returned", "Return with a comment", "comment")

    @admin.action(description="Retract… (reviewers)", permissions=["publish"])
    def retract_cases(self, request, queryset):
        return self._with_comment(request, queryset, case_retract, "retracted", "Retract: give the reason", "reason")

    # --- review queue and full history

    def get_urls(self):
        urls = [
            path("review-queue/", self.admin_site.admin_view(self.review_queue_view), name="cases_case_review_queue"),
            path("statistics/", self.admin_site.admin_view(statistics_view), name="cases_case_statistics"),
            path("data-report/", self.admin_site.admin_view(self.data_report_view), name="cases_case_data_report"),
            path("coverage/", self.admin_site.admin_view(self.coverage_view), name="cases_case_coverage"),
            path(
                "from-release/",
                self.admin_site.admin_view(lambda request: from_release_view(request, self)),
                name="cases_case_from_release",
            ),
            path(
                "<int:object_id>/full-history/",
                self.admin_site.admin_view(self.full_history_view),
                name="cases_case_full_history",
            ),
        ]
        return urls + super().get_urls()

    def data_report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = data_report()
        rows = [
            {"slug": c.slug, "caption": c.caption, "curation_status": c.curation_status, "blocking": c.blocking,
             "weak": [WEAKNESSES[code] + (f" ({n})" if n > 1 else "") for code, n in c.weak.items()]}
            for c in report.cases if c.blocking or c.weak
        ]  # fmt: skip
        context = {**self.admin_site.each_context(request), "title": "Data report", "rows": rows,
                   "totals": [line for line in report_lines(report)[-3:] if line]}  # fmt: skip
        return TemplateResponse(request, "admin/cases/case/data_report.html", context)

    def coverage_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        lists = coverage_report()
        for coverage in lists:
            for entry in coverage.missing:
                entry.reason_label = MISSING_REASONS[entry.reason or "not_yet_entered"]
        context = {**self.admin_site.each_context(request), "title": "Coverage against public case lists",
                   "lists": lists}  # fmt: skip
        return TemplateResponse(request, "admin/cases/case/coverage.html", context)

    def review_queue_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        cases = (
            Case.objects.filter(curation_status=CurationStatus.IN_REVIEW)
            .select_related("last_edited_by", "district")
            .order_by("last_edited_at")
        )
        rows = []
        for case in cases:
            submitted = case.review_events.filter(action__in=[ReviewAction.SUBMITTED, ReviewAction.CORRECTED]).first()
            rows.append({"case": case, "submitted": submitted, "problems": case_publish_problems(case)})
        return TemplateResponse(
            request, "admin/cases/case/review_queue.html",
            {**self.admin_site.each_context(request), "title": "Review queue", "rows": rows,
             "opts": self.model._meta, "can_publish": self.has_publish_permission(request)},
        )  # fmt: skip

    def full_history_view(self, request, object_id):
        case = self.get_object(request, object_id)
        if case is None or not self.has_view_permission(request, case):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, case):
                raise PermissionDenied
            form = RevertForm(request.POST)
            if form.is_valid():
                try:
                    case_revert(
                        case=case, at=form.cleaned_data["at"], user=request.user, reason=form.cleaned_data["reason"]
                    )
                    self.message_user(request, "The case is back as it was then.", messages.SUCCESS)
                    return HttpResponseRedirect(request.path)
                except CurationError as error:
                    for problem in error.problems:
                        self.message_user(request, problem, messages.ERROR)
            else:
                self.message_user(request, "Give a reason for the revert.", messages.ERROR)
        return TemplateResponse(
            request, "admin/cases/case/full_history.html",
            {**self.admin_site.each_context(request), "title": f"History of {case}", "case": case,
             "entries": case_history(case), "opts": self.model._meta, "original": case,
             "can_revert": self.has_change_permission(request, case)},
        )  # fmt: skip
