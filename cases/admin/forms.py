"""Admin forms: checkboxes for code lists, the edit guard of a case (version and reason), and the
duplicate warning for people and organizations."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from cases.choices import CaseCategory, Motive
from cases.models import Case
from cases.services.curation import (
    CurationError,
    case_check_edit,
    cases_showing,
    edit_needs_reason,
    record_check_edit,
)
from cases.services.duplicates import organization_similar, person_similar


def _checkboxes(choices, label, help_text):
    return forms.MultipleChoiceField(
        choices=choices, required=False, widget=forms.CheckboxSelectMultiple, label=label, help_text=help_text
    )


REASON_HELP = "Required when the case is published or retracted: why it changes. Kept in the history."


class CaseEditGuardMixin:
    """Refuses a save based on an older version of the case (someone else saved meanwhile) and asks for a
    reason when the case is public. The case row stays locked until the save ends."""

    def guarded_case(self) -> Case | None:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        case = self.guarded_case()
        if case is None or case.pk is None:
            return cleaned
        locked = Case.objects.select_for_update().get(pk=case.pk)
        version = cleaned.get("edit_version")
        try:
            case_check_edit(case=locked, version=version, reason=cleaned.get("change_reason") or "")
        except CurationError as error:
            field = "change_reason" if version in (None, locked.version) else None
            raise forms.ValidationError({field: error.problems} if field else error.problems) from error
        self.was_public = edit_needs_reason(locked)
        return cleaned


class CaseForm(CaseEditGuardMixin, forms.ModelForm):
    """The admin supplies model and fields; this form adds the category checkboxes and the edit guard."""

    secondary_categories = _checkboxes(
        CaseCategory.choices, "other categories", "Further case categories the case touches."
    )
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label="reason for this change", required=False, help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_public = False
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version
            self.fields["change_reason"].required = edit_needs_reason(self.instance)

    def guarded_case(self):
        return self.instance


class CasePartForm(CaseEditGuardMixin, forms.ModelForm):
    """A part of a case edited on its own page: the same guard as the case page."""

    change_reason = forms.CharField(
        label="reason for this change", required=False, help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )  # fmt: skip
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    case_path = "case"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_public = False
        case = self.guarded_case()
        if case is not None:
            self.fields["edit_version"].initial = case.version
            self.fields["change_reason"].required = edit_needs_reason(case)

    def guarded_case(self):
        """The case this part belongs to: from the submitted data when given, else from the record."""
        first, *rest = self.case_path.split(".")
        obj = getattr(self, "cleaned_data", {}).get(first)
        if obj is None and getattr(self.instance, f"{first}_id", None):
            obj = getattr(self.instance, first)
        for part in rest:
            obj = getattr(obj, part) if obj is not None else None
        return obj


class DefendantForm(forms.ModelForm):
    """Checkboxes for the motives."""

    motives = _checkboxes(Motive.choices, "motives", "Only motives a source states.")


class DefendantPartForm(CasePartForm):
    motives = _checkboxes(Motive.choices, "motives", "Only motives a source states.")


class DefendantFactForm(CasePartForm):
    case_path = "defendant.case"


def _match_list(matches, url_name):
    return format_html_join(
        "", '<li><a href="{}" target="_blank">{}</a> ({})</li>',
        ((reverse(url_name, args=[m.record.pk]), str(m.record), ", ".join(m.reasons)) for m in matches),
    )  # fmt: skip


class DuplicateWarningMixin:
    """On a new record, lists the records it probably duplicates and asks to confirm."""

    confirm_help = "Tick to confirm this is not one of the records listed above."
    url_name = ""

    def find_matches(self, cleaned):
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk or cleaned.get("not_a_duplicate") or self.errors:
            return cleaned
        matches = self.find_matches(cleaned)
        if matches:
            self.add_error(
                None,
                format_html(
                    "This probably exists already: <ul>{}</ul>Open one of them instead, or tick "
                    "“not a duplicate” and save again.",
                    _match_list(matches, self.url_name),
                ),
            )
        return cleaned


def record_fingerprint(instance) -> str:
    """The last history entry of a record: it moves with every saved change."""
    latest = instance.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(latest or 0)


class RecordEditGuardMixin(forms.ModelForm):
    """A record around cases (person, organization, agency, statute, maximum) is shown by cases, so a
    change to it is a change to each of them: a reason when one is public (they go back into review), the
    editor recorded on each. A save based on an older state of the record is refused."""

    change_reason = forms.CharField(
        label="reason for this change", required=False,
        help_text="Required when a published or retracted case shows this record: why it changes. Kept in "
        "the history; those cases go back into review.",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )  # fmt: skip
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.guarded_cases = []
        if self.instance.pk:
            self.fields["edit_token"].initial = record_fingerprint(self.instance)
            self.fields["change_reason"].required = bool(self._public_case_ids())

    def _public_case_ids(self):
        from cases.models import PUBLIC_STATUSES, Case

        ids = cases_showing(self.instance)
        return list(Case.objects.filter(pk__in=ids, curation_status__in=PUBLIC_STATUSES).values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        model = type(self.instance)
        list(
            model.objects.select_for_update(of=("self",))
            .filter(pk=self.instance.pk)
            .order_by()
            .values_list("pk", flat=True)
        )
        token = cleaned.get("edit_token")
        if token and token != record_fingerprint(self.instance):
            raise forms.ValidationError(
                "Someone else saved this record since you opened it. Reload the page and make your change again."
            )
        try:
            self.guarded_cases = record_check_edit(
                case_ids=cases_showing(self.instance),
                reason=cleaned.get("change_reason") or "",
                label=str(self.instance),
            )
        except CurationError as error:
            self.add_error("change_reason", error.problems)
        return cleaned


class AgencyForm(RecordEditGuardMixin, forms.ModelForm):
    pass


class StatuteForm(RecordEditGuardMixin, forms.ModelForm):
    pass


class StatutoryPenaltyForm(RecordEditGuardMixin, forms.ModelForm):
    pass


class PersonForm(DuplicateWarningMixin, RecordEditGuardMixin, forms.ModelForm):
    url_name = "admin:cases_person_change"
    not_a_duplicate = forms.BooleanField(
        required=False, label="not a duplicate", help_text=DuplicateWarningMixin.confirm_help
    )

    def find_matches(self, cleaned):
        if not cleaned.get("family_name"):
            return []
        return person_similar(
            given_name=cleaned.get("given_name", ""), middle_name=cleaned.get("middle_name", ""),
            family_name=cleaned["family_name"], birth_year=cleaned.get("birth_year"),
            birth_country=str(cleaned.get("birth_country") or ""),
        )  # fmt: skip


class OrganizationForm(DuplicateWarningMixin, RecordEditGuardMixin, forms.ModelForm):
    url_name = "admin:cases_organization_change"
    not_a_duplicate = forms.BooleanField(
        required=False, label="not a duplicate", help_text=DuplicateWarningMixin.confirm_help
    )

    def find_matches(self, cleaned):
        if not cleaned.get("name"):
            return []
        return organization_similar(name=cleaned["name"], country=str(cleaned.get("country") or ""))


class ReviewCommentForm(forms.Form):
    """The comment or reason of a review step taken on several cases at once."""

    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 80}), label="comment")


class RevertForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "cols": 80}), label="reason for the revert")
    at = forms.DateTimeField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    keep = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, label="keep this record")

    def __init__(self, *args, records=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(r.pk, f"#{r.pk} {r}") for r in records]
