"""“New case from a press release”: paste the text and its address, check every value the parser read
beside the words it came from, correct it, and create a draft case with the release as its source."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from cases.choices import CaseCategory, ConvictionMethod, SourceStage
from cases.services.intake import SENTENCE_FIELDS, case_from_release, span_text, value
from cases.services.release_parser import release_parse

BOOLEAN_SENTENCE_FIELDS = {"life", "time_served", "supervised_release_life"}
DEFENDANT_FIELDS = ["given_name", "middle_name", "family_name", "age", "city", "state", "country", "plea",
                    "conviction_method"]  # fmt: skip
LIST_FIELDS = ["statutes", "agencies", "foreign_agencies", "employers"]


class ReleaseTextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 18, "cols": 100}), label="Text of the release")
    url = forms.URLField(label="Address (URL)", assume_scheme="https")
    published_on = forms.DateField(required=False, label="Published on", help_text="YYYY-MM-DD")


def _blank(choices):
    return [("", "---------"), *choices]


class ReleaseReviewForm(forms.Form):
    """Every value read from the release, editable; `sources` holds the words each came from."""

    caption = forms.CharField(required=False, help_text="Leave empty for 'United States v. <names>'.")
    stage = forms.ChoiceField(choices=_blank(SourceStage.choices), required=False)
    category = forms.ChoiceField(choices=_blank(CaseCategory.choices), required=False)
    statutes = forms.CharField(
        required=False, help_text="Citations, one per line.", widget=forms.Textarea(attrs={"rows": 3})
    )
    judge = forms.CharField(required=False)
    district = forms.CharField(required=False, help_text="District code, e.g. flmd.")
    agencies = forms.CharField(
        required=False, help_text="US agency keys, one per line.", widget=forms.Textarea(attrs={"rows": 2})
    )
    foreign_country = forms.CharField(required=False, max_length=4, help_text="ISO code.")
    foreign_agencies = forms.CharField(
        required=False, help_text="Agency keys, one per line.", widget=forms.Textarea(attrs={"rows": 2})
    )
    employers = forms.CharField(
        required=False, help_text="Names, one per line.", widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, defendants: int = 0, sources: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.defendant_count = defendants
        self.sources = sources or {}
        for index in range(defendants):
            for name in DEFENDANT_FIELDS:
                field = forms.IntegerField(required=False, min_value=10, max_value=110) if name == "age" else (
                    forms.ChoiceField(choices=_blank(ConvictionMethod.choices), required=False)
                    if name == "conviction_method" else forms.CharField(required=False)
                )  # fmt: skip
                field.label = f"Defendant {index + 1}: {name.replace('_', ' ')}"
                self.fields[f"d{index}_{name}"] = field
            for name in SENTENCE_FIELDS:
                if name in BOOLEAN_SENTENCE_FIELDS:
                    field = forms.BooleanField(required=False)
                else:
                    field = forms.DecimalField(required=False, min_value=0, max_digits=14, decimal_places=2)
                field.label = f"Defendant {index + 1}: {name.replace('_', ' ')}"
                self.fields[f"d{index}_s_{name}"] = field

    def rows(self):
        """(bound field, the words it was read from) for the template."""
        return [(self[name], self.sources.get(name, "")) for name in self.fields]

    def draft(self) -> dict:
        data = self.cleaned_data
        lines = lambda name: [line.strip() for line in (data.get(name) or "").splitlines() if line.strip()]  # noqa: E731
        draft = {name: data.get(name) or None for name in ("stage", "category", "judge", "district", "foreign_country")}
        draft.update({name: lines(name) for name in LIST_FIELDS})
        draft["defendants"] = []
        for index in range(self.defendant_count):
            defendant = {name: data.get(f"d{index}_{name}") for name in DEFENDANT_FIELDS}
            defendant["sentence"] = {name: data.get(f"d{index}_s_{name}") for name in SENTENCE_FIELDS}
            draft["defendants"].append(defendant)
        return draft


def review_initial(parsed: dict) -> tuple[dict, dict, int]:
    """Initial values and source words of the review form, from the parser's as_dict()."""
    initial, sources = {}, {}
    for name in ("stage", "category", "judge", "district", "foreign_country"):
        initial[name], sources[name] = value(parsed.get(name)) or "", span_text(parsed.get(name))
    for name in LIST_FIELDS:
        items = parsed.get(name) or []
        initial[name] = "\n".join(str(value(item)) for item in items)
        sources[name] = " · ".join(span_text(item) for item in items if span_text(item))
    defendants = parsed.get("defendants") or []
    for index, defendant in enumerate(defendants):
        for name in DEFENDANT_FIELDS:
            item = defendant.get(name)
            initial[f"d{index}_{name}"] = value(item) if value(item) is not None else ""
            sources[f"d{index}_{name}"] = span_text(item)
        sentence = defendant.get("sentence") or {}
        for name in SENTENCE_FIELDS:
            item = sentence.get(name)
            initial[f"d{index}_s_{name}"] = value(item)
            sources[f"d{index}_s_{name}"] = span_text(item)
    return initial, sources, len(defendants)


def from_release_view(request, model_admin):
    if not request.user.has_perm("cases.add_case"):
        raise PermissionDenied
    context = {**model_admin.admin_site.each_context(request), "title": "New case from a press release",
               "opts": model_admin.model._meta}  # fmt: skip
    text_form = ReleaseTextForm(request.POST or None)
    if request.method == "POST" and text_form.is_valid():
        text = text_form.cleaned_data["text"]
        if "create" in request.POST:
            words = zip(request.POST.getlist("source_name"), request.POST.getlist("source_text"), strict=False)
            count = request.POST.get("defendant_count") or "0"
            review = ReleaseReviewForm(
                request.POST, defendants=min(int(count), 50) if count.isdigit() else 0, sources=dict(words)
            )
            if review.is_valid():
                try:
                    result = case_from_release(
                        draft=review.draft(), text=text, url=text_form.cleaned_data["url"], user=request.user,
                        published_on=text_form.cleaned_data["published_on"], caption=review.cleaned_data["caption"],
                    )  # fmt: skip
                except ValidationError as error:
                    review.add_error(None, error.messages)
                else:
                    for note in result.notes:
                        messages.info(request, note)
                    messages.success(request, "Draft case created from the release; check it and submit it for review.")
                    return HttpResponseRedirect(reverse("admin:cases_case_change", args=[result.case.pk]))
        else:
            parsed = release_parse(text).as_dict()
            initial, sources, count = review_initial(parsed)
            review = ReleaseReviewForm(initial=initial, defendants=count, sources=sources)
            context["parser_messages"] = parsed.get("messages") or []
        context.update(review=review, defendant_count=review.defendant_count)
    context["text_form"] = text_form
    return TemplateResponse(request, "admin/cases/case/from_release.html", context)
