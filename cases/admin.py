"""The analysts' admin: a case page on which a whole case can be entered, lists with the filters
analysts use, and the change history of every record."""

import nested_admin
from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin

from cases.choices import CaseCategory, DefendantDisposition, Motive, Sector
from cases.models import (
    Agency,
    Case,
    CaseAgency,
    Charge,
    Defendant,
    District,
    Employment,
    Organization,
    Person,
    Sentence,
    Source,
    Statute,
    StatutoryPenalty,
)

# ---------------------------------------------------------------------------------------------- filters


class CountryInUseFilter(admin.SimpleListFilter):
    """Lists only the foreign countries that appear in some case."""

    title = "foreign country"
    parameter_name = "foreign_country"

    def lookups(self, request, model_admin):
        codes = (
            Case.objects.exclude(foreign_country="")
            .values_list("foreign_country", flat=True)
            .distinct()
            .order_by("foreign_country")
        )
        return [(code, countries.name(code) or code) for code in codes]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(foreign_country=self.value())
        return queryset


class EmployerSectorFilter(admin.SimpleListFilter):
    """Cases in which some defendant worked for an organization of the chosen sector."""

    title = "employer sector"
    parameter_name = "employer_sector"

    def lookups(self, request, model_admin):
        return Sector.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(defendants__employments__organization__sector=self.value()).distinct()
        return queryset


class SentencingYearFilter(admin.SimpleListFilter):
    """Cases with a defendant sentenced in the chosen year."""

    title = "sentencing year"
    parameter_name = "sentenced_year"

    def lookups(self, request, model_admin):
        years = (
            Sentence.objects.exclude(sentenced_on=None)
            .annotate(year=ExtractYear("sentenced_on"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(defendants__sentence__sentenced_on__year=int(self.value())).distinct()
        return queryset


class DispositionFilter(admin.SimpleListFilter):
    """Cases with a defendant of the chosen disposition."""

    title = "disposition"
    parameter_name = "disposition"

    def lookups(self, request, model_admin):
        return DefendantDisposition.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(defendants__disposition=self.value()).distinct()
        return queryset


class DistrictInUseFilter(admin.SimpleListFilter):
    title = "district"
    parameter_name = "district"

    def lookups(self, request, model_admin):
        used = District.objects.annotate(n=Count("cases")).filter(n__gt=0).order_by("name")
        return [(str(d.pk), d.name) for d in used]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(district_id=int(self.value()))
        return queryset


# ---------------------------------------------------------------------------------------------- forms


def _checkboxes(choices, label, help_text):
    return forms.MultipleChoiceField(
        choices=choices, required=False, widget=forms.CheckboxSelectMultiple, label=label, help_text=help_text
    )


class CaseForm(forms.ModelForm):
    """The admin supplies model and fields; this form adds checkboxes for the category list."""

    secondary_categories = _checkboxes(
        CaseCategory.choices, "other categories", "Further case categories the case touches."
    )


class DefendantForm(forms.ModelForm):
    """The admin supplies model and fields; this form adds checkboxes for the motives."""

    motives = _checkboxes(Motive.choices, "motives", "Only motives a source states.")


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


class SourceInline(nested_admin.NestedStackedInline):
    model = Source
    formfield_overrides = URL_FIELDS
    extra = 0
    fields = [
        ("url", "publisher", "stage"),
        ("title", "publisher_name"),
        ("published_on", "accessed_on", "content_sha256"),
    ]
    classes = ["collapse-open"]


class CaseAgencyInline(CaseSourceChoicesMixin, nested_admin.NestedTabularInline):
    model = CaseAgency
    extra = 0
    fields = ["agency", "relation", "source"]
    autocomplete_fields = ["agency"]
    verbose_name = "foreign principal or US agency"
    verbose_name_plural = "foreign principals and US agencies"


class EmploymentInline(CaseSourceChoicesMixin, nested_admin.NestedStackedInline):
    model = Employment
    extra = 0
    fields = [
        ("organization", "title", "is_technical", "clearance"),
        ("start_date", "start_precision", "end_date", "end_precision"),
        ("employer_was_victim", "source"),
    ]
    autocomplete_fields = ["organization"]


class ChargeInline(CaseSourceChoicesMixin, nested_admin.NestedStackedInline):
    model = Charge
    fk_name = "defendant"
    extra = 0
    fields = [
        ("statute", "subsection", "counts", "is_conspiracy", "is_attempt", "object_statute"),
        ("instrument", "plea", "disposition", "is_conviction", "source"),
    ]
    autocomplete_fields = ["statute", "object_statute"]


class SentenceInline(CaseSourceChoicesMixin, nested_admin.NestedStackedInline):
    model = Sentence
    extra = 0
    max_num = 1
    fields = [
        ("sentenced_on", "judge", "conviction_method"),
        ("prison_months", "is_life", "is_time_served", "is_death"),
        ("probation_months", "supervised_release_months", "supervised_release_life", "home_confinement_months"),
        ("fine", "restitution", "forfeiture", "special_assessment"),
        "raw_text",
        "source",
    ]


class DefendantInline(CaseSourceChoicesMixin, nested_admin.NestedStackedInline):
    model = Defendant
    form = DefendantForm
    extra = 0
    fields = [
        ("person", "role", "disposition"),
        ("age", "age_at", "insider_status", "recruitment"),
        ("motives", "source"),
    ]
    autocomplete_fields = ["person"]
    inlines = [EmploymentInline, ChargeInline, SentenceInline]


# ---------------------------------------------------------------------------------------------- admins


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
        EmployerSectorFilter,
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
    ]
    search_help_text = "Search by caption, docket number, summary or a defendant's name."
    prepopulated_fields = {"slug": ["caption"]}
    autocomplete_fields = ["district"]
    readonly_fields = ["curation_status", "published_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": [("caption", "slug"), ("district", "docket_number"), ("status", "curation_status")]}),
        (
            "Classification",
            {"fields": [("category", "purpose"), "secondary_categories", ("foreign_country", "sector")]},
        ),
        (
            "Activity period",
            {"fields": [("activity_start", "activity_start_precision"), ("activity_end", "activity_end_precision")]},
        ),
        ("Summary", {"fields": ["summary"]}),
        ("Record", {"fields": [("published_at", "is_synthetic"), ("created_at", "updated_at")]}),
    ]
    inlines = [SourceInline, CaseAgencyInline, DefendantInline]
    list_per_page = 50

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        request._casebook_case = obj
        return obj


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "birth_year", "residence_city", "residence_state", "birth_country", "citizenship_status"]
    list_filter = ["sex", "citizenship_status"]
    search_fields = ["given_name", "middle_name", "family_name", "aliases"]
    fieldsets = [
        (None, {"fields": [("given_name", "middle_name", "family_name", "suffix"), "aliases", ("sex", "birth_year")]}),
        ("Residence", {"fields": [("residence_city", "residence_state", "residence_country")]}),
        ("Citizenship", {"fields": ["birth_country", "citizenships", "citizenship_status"]}),
        ("Notes", {"fields": ["notes"]}),
    ]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "sector", "country", "parent"]
    list_filter = ["kind", "sector"]
    list_select_related = ["parent"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = [("name", "slug"), "aliases", ("kind", "sector", "naics2"), ("country", "parent")]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "abbreviation", "country", "side", "kind", "parent"]
    list_filter = ["side", "kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "abbreviation", "key"]
    autocomplete_fields = ["parent"]
    fields = [("key", "abbreviation"), "name", ("country", "side", "kind"), "parent"]


class StatutoryPenaltyInline(admin.TabularInline):
    model = StatutoryPenalty
    extra = 0
    fields = [
        "effective_from",
        "effective_to",
        "max_prison_months",
        "max_prison_life",
        "death_eligible",
        "max_fine",
        "fine_rule",
    ]


@admin.register(Statute)
class StatuteAdmin(SimpleHistoryAdmin):
    list_display = ["citation", "short_name", "category"]
    list_filter = ["category", "title_number"]
    search_fields = ["citation", "short_name", "section"]
    fields = [("citation", "title_number", "section"), "short_name", "category", "notes"]
    inlines = [StatutoryPenaltyInline]


@admin.register(StatutoryPenalty)
class StatutoryPenaltyAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "statute",
        "effective_from",
        "effective_to",
        "max_prison_months",
        "max_prison_life",
        "max_fine",
    ]
    list_select_related = ["statute"]
    autocomplete_fields = ["statute"]
    search_fields = ["statute__citation"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "state", "circuit"]
    list_filter = ["circuit"]
    search_fields = ["name", "code", "state"]


@admin.register(Defendant)
class DefendantAdmin(SimpleHistoryAdmin, nested_admin.NestedModelAdmin):
    form = DefendantForm
    list_display = ["person", "case", "role", "disposition", "insider_status"]
    list_filter = ["role", "disposition", "insider_status", "recruitment"]
    list_select_related = ["person", "case"]
    search_fields = ["person__family_name", "person__given_name", "case__caption"]
    autocomplete_fields = ["person", "case"]
    fields = [
        ("case", "person"),
        ("role", "disposition"),
        ("age", "age_at"),
        ("insider_status", "recruitment"),
        "motives",
        "source",
    ]
    inlines = [EmploymentInline, ChargeInline, SentenceInline]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        request._casebook_case = obj.case if obj else None
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            case = getattr(request, "_casebook_case", None)
            kwargs["queryset"] = Source.objects.filter(case=case) if case else Source.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DefendantFactAdmin(SimpleHistoryAdmin):
    """Lists of the facts that hang off a defendant (charges, sentences, jobs)."""

    list_select_related = ["defendant__person", "defendant__case"]
    autocomplete_fields = ["defendant"]
    search_fields = ["defendant__person__family_name", "defendant__case__caption"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            kwargs["queryset"] = Source.objects.select_related("case")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Charge)
class ChargeAdmin(DefendantFactAdmin):
    list_display = ["defendant", "statute", "counts", "is_conspiracy", "object_statute", "disposition", "is_conviction"]
    list_filter = ["disposition", "is_conviction", "is_conspiracy", "instrument", "plea"]
    list_select_related = [*DefendantFactAdmin.list_select_related, "statute", "object_statute"]
    autocomplete_fields = ["defendant", "statute", "object_statute"]
    search_fields = [*DefendantFactAdmin.search_fields, "statute__citation"]


@admin.register(Sentence)
class SentenceAdmin(DefendantFactAdmin):
    list_display = [
        "defendant",
        "sentenced_on",
        "prison_label",
        "fine",
        "supervised_release_months",
        "conviction_method",
    ]
    list_filter = ["conviction_method", "is_life", "is_time_served"]
    date_hierarchy = "sentenced_on"

    @admin.display(description="prison")
    def prison_label(self, obj):
        return obj.prison_label


@admin.register(Employment)
class EmploymentAdmin(DefendantFactAdmin):
    list_display = ["defendant", "organization", "title", "clearance", "employer_was_victim"]
    list_filter = ["clearance", "employer_was_victim", "organization__sector"]
    list_select_related = [*DefendantFactAdmin.list_select_related, "organization"]
    autocomplete_fields = ["defendant", "organization"]


@admin.register(CaseAgency)
class CaseAgencyAdmin(SimpleHistoryAdmin):
    list_display = ["case", "agency", "relation"]
    list_filter = ["relation", "agency__side"]
    list_select_related = ["case", "agency"]
    autocomplete_fields = ["case", "agency"]
    search_fields = ["case__caption", "agency__name", "agency__abbreviation"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["__str__", "case", "publisher", "stage", "published_on", "accessed_on"]
    list_filter = ["publisher", "stage"]
    list_select_related = ["case"]
    search_fields = ["url", "title", "case__caption"]
    autocomplete_fields = ["case"]
