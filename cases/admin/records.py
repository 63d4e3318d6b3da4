"""Admin pages of the records around cases: people, organizations, agencies, statutes, districts,
and lists of case parts."""

import nested_admin
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from cases.admin.case import URL_FIELDS, ChargeInline, EmploymentInline, SentenceInline
from cases.admin.forms import (
    AgencyForm,
    CasePartForm,
    DefendantFactForm,
    DefendantPartForm,
    MergeForm,
    OrganizationForm,
    PersonForm,
    StatuteForm,
    StatutoryPenaltyForm,
)
from cases.models import (
    PUBLIC_STATUSES,
    Agency,
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
from cases.services.curation import CurationError, case_record_edit, cases_showing, edit_needs_reason
from cases.services.duplicates import organization_merge, person_merge


class CasePartAdminMixin:
    """A part of a case edited on its own page: the same guard as the case page (version, reason when
    the case is public), the editor recorded on the case, and a public case back into review."""

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        case = form.guarded_case()
        if case is not None:
            case_record_edit(
                case_id=case.pk, user=request.user, reason=form.cleaned_data.get("change_reason") or "",
                was_public=form.was_public,
            )  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        # A part of a public case is removed on the case page, where the reason is given.
        if obj is not None and edit_needs_reason(self.case_of(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def case_of(self, obj):
        return obj.case


GUARD_FIELDS = ["change_reason", "edit_token"]


class RecordAdminMixin:
    """Records around cases: a change is a change to every case that shows the record (see
    RecordEditGuardMixin): the reason goes into the history, each case gets its version raised and the
    editor recorded, and the public ones go back into review."""

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reason = form.cleaned_data.get("change_reason") or ""
        for case in getattr(form, "guarded_cases", []):
            case_record_edit(
                case_id=case.pk, user=request.user, reason=reason,
                was_public=case.curation_status in PUBLIC_STATUSES,
            )  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        # A record that cases show is merged or corrected, never deleted from under them.
        if obj is not None and cases_showing(obj):
            return False
        return super().has_delete_permission(request, obj)


class MergeActionMixin:
    """An action that merges two selected records into the one the analyst keeps."""

    merge_service = None

    def _merge(self, request, queryset, label):
        records = list(queryset[:3])
        if len(records) != 2:
            self.message_user(request, f"Select exactly two {label} to merge.", messages.ERROR)
            return None
        if "apply" in request.POST:
            form = MergeForm(request.POST, records=records)
            if form.is_valid():
                keep = next(r for r in records if r.pk == form.cleaned_data["keep"])
                remove = next(r for r in records if r.pk != keep.pk)
                try:
                    type(self).merge_service(keep=keep, remove=remove, user=request.user)
                except CurationError as error:
                    self.message_user(request, " ".join(error.problems), messages.ERROR)
                    return None
                self.message_user(request, f"Merged into {keep}.", messages.SUCCESS)
                return None
        else:
            form = MergeForm(records=records)
        return TemplateResponse(
            request, "admin/cases/merge.html",
            {**self.admin_site.each_context(request), "title": f"Merge two {label}", "records": records,
             "form": form, "action": request.POST.get("action"), "opts": self.model._meta,
             "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME},
        )  # fmt: skip


@admin.register(Person)
class PersonAdmin(RecordAdminMixin, MergeActionMixin, SimpleHistoryAdmin):
    form = PersonForm
    merge_service = person_merge
    actions = ["merge_people"]
    list_display = ["__str__", "birth_year", "residence_city", "residence_state", "birth_country", "citizenship_status"]
    list_filter = ["sex", "citizenship_status"]
    search_fields = ["given_name", "middle_name", "family_name", "aliases"]
    fieldsets = [
        (None, {"fields": [("given_name", "middle_name", "family_name", "suffix"), "aliases", ("sex", "birth_year")]}),
        ("Residence", {"fields": [("residence_city", "residence_state", "residence_country")]}),
        ("Citizenship", {"fields": ["birth_country", "citizenships", "citizenship_status"]}),
        ("Notes", {"fields": ["notes"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            fieldsets.append(("Duplicates", {"fields": ["not_a_duplicate"]}))
        else:
            fieldsets.append(("This change", {"fields": GUARD_FIELDS}))
        return fieldsets

    @admin.action(description="Merge two selected people…", permissions=["change"])
    def merge_people(self, request, queryset):
        return self._merge(request, queryset, "people")


@admin.register(Organization)
class OrganizationAdmin(RecordAdminMixin, MergeActionMixin, SimpleHistoryAdmin):
    form = OrganizationForm
    merge_service = organization_merge
    actions = ["merge_organizations"]
    list_display = ["name", "kind", "sector", "country", "parent"]
    list_filter = ["kind", "sector"]
    list_select_related = ["parent"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = [("name", "slug"), "aliases", ("kind", "sector", "naics2"), ("country", "parent")]

    def get_fields(self, request, obj=None):
        return [*self.fields, "not_a_duplicate"] if obj is None else [*self.fields, *GUARD_FIELDS]

    @admin.action(description="Merge two selected organizations…", permissions=["change"])
    def merge_organizations(self, request, queryset):
        return self._merge(request, queryset, "organizations")


@admin.register(Agency)
class AgencyAdmin(RecordAdminMixin, SimpleHistoryAdmin):
    form = AgencyForm
    list_display = ["name", "abbreviation", "country", "side", "kind", "parent"]
    list_filter = ["side", "kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "abbreviation", "key"]
    autocomplete_fields = ["parent"]
    fields = [("key", "abbreviation"), "name", ("country", "side", "kind"), "parent", *GUARD_FIELDS]


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
class StatuteAdmin(RecordAdminMixin, SimpleHistoryAdmin):
    form = StatuteForm
    list_display = ["citation", "short_name", "category"]
    list_filter = ["category", "title_number"]
    search_fields = ["citation", "short_name", "section"]
    fields = [("citation", "title_number", "section"), "short_name", "category", "notes", *GUARD_FIELDS]
    inlines = [StatutoryPenaltyInline]


@admin.register(StatutoryPenalty)
class StatutoryPenaltyAdmin(RecordAdminMixin, SimpleHistoryAdmin):
    form = StatutoryPenaltyForm
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
class DefendantAdmin(CasePartAdminMixin, SimpleHistoryAdmin, nested_admin.NestedModelAdmin):
    form = DefendantPartForm
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
        ("change_reason", "edit_version"),
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


class DefendantFactAdmin(CasePartAdminMixin, SimpleHistoryAdmin):
    """Lists of the facts that hang off a defendant (charges, sentences, jobs)."""

    form = DefendantFactForm

    def case_of(self, obj):
        return obj.defendant.case

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
class CaseAgencyAdmin(CasePartAdminMixin, SimpleHistoryAdmin):
    form = CasePartForm
    list_display = ["case", "agency", "relation"]
    list_filter = ["relation", "agency__side"]
    list_select_related = ["case", "agency"]
    autocomplete_fields = ["case", "agency"]
    search_fields = ["case__caption", "agency__name", "agency__abbreviation"]


@admin.register(Source)
class SourceAdmin(CasePartAdminMixin, SimpleHistoryAdmin):
    form = CasePartForm
    formfield_overrides = URL_FIELDS
    list_display = ["__str__", "case", "publisher", "stage", "published_on", "accessed_on"]
    list_filter = ["publisher", "stage"]
    list_select_related = ["case"]
    search_fields = ["url", "title", "case__caption"]
    autocomplete_fields = ["case"]
