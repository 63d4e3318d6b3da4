"""The sentencing-statistics page of the admin: the API's statistics service, as a table and charts."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.template.response import TemplateResponse
from django.urls import reverse
from django_countries import countries

from cases.choices import CaseCategory, Sector
from cases.filtersets import SentenceFilterSet
from cases.models import Case, District, Sentence
from cases.services.charts import Bar, bar_chart, box_plot, shade
from cases.services.statistics import (
    GROUPINGS,
    counted_sentences,
    facet_counts,
    left_out_counts,
    sentence_statistics,
)
from cases.services.visibility import has_analyst_rights, published_filter, scoped

# The filters offered on the page, with their labels (the URL accepts every filter of the API).
PAGE_FILTERS = {
    "country": "Foreign country", "sector": "Sector", "employer_sector": "Employer sector",
    "category": "Case category", "statute": "Statute (citation)", "district": "District (code)",
    "year_from": "Sentenced from year", "year_to": "Sentenced to year", "conviction_method": "Conviction method",
    "life": "Life sentences (true/false)", "time_served": "Time served (true/false)",
}  # fmt: skip


class StatisticsForm(forms.Form):
    group_by = forms.ChoiceField(
        choices=[(key, grouping.label) for key, grouping in GROUPINGS.items()], initial="country", label="Group by"
    )
    drafts = forms.BooleanField(required=False, label="include drafts (analysts; marked as such)")


def group_label(group_by: str, key: str) -> str:
    if not key:
        return "(none)"
    if group_by == "country":
        return countries.name(key) or key
    if group_by == "sector":
        return Sector(key).label if key in Sector.values else key
    if group_by == "category":
        return CaseCategory(key).label if key in CaseCategory.values else key
    return key


def case_list_link(group_by: str, key: str, data: dict, districts: dict[str, int]) -> str | None:
    """The admin case list filtered to the group and to the page's main filters."""
    params = {}
    first = lambda name: (data.get(name) or [None])[0]  # noqa: E731
    if first("country"):
        params["foreign_country"] = first("country")
    if first("sector"):
        params["sector__exact"] = first("sector")
    if first("category"):
        params["category__exact"] = first("category")
    if first("employer_sector"):
        params["employer_sector"] = first("employer_sector")
    if first("statute"):
        params["statute"] = first("statute")
    if first("district") and first("district") in districts:
        params["district"] = districts[first("district")]
    group_params = {
        "country": ("foreign_country", key),
        "sector": ("sector__exact", key),
        "category": ("category__exact", key),
        "statute": ("statute", key),
        "year": ("sentenced_year", key),
        "district": ("district", districts.get(key)),
    }
    name, value = group_params[group_by]
    if value in (None, ""):
        return None
    params[name] = value
    return f"{reverse('admin:cases_case_changelist')}?{urlencode(params)}"


def statistics_view(request):
    if not request.user.has_perm("cases.view_case"):
        raise PermissionDenied
    analyst = has_analyst_rights(request.user)
    form = StatisticsForm(request.GET or None)
    group_by = "country"
    drafts = False
    if form.is_valid():
        group_by = form.cleaned_data["group_by"]
        drafts = form.cleaned_data["drafts"] and analyst
    filter_data = request.GET.copy()
    for name in ("group_by", "drafts"):
        filter_data.pop(name, None)
    if drafts:
        base = scoped(Sentence.objects.all(), request.user, "defendant__case__", retracted=False)
    else:
        base = Sentence.objects.filter(**published_filter("defendant__case__", retracted=False))
    filterset = SentenceFilterSet(filter_data, queryset=base)
    for name, label in PAGE_FILTERS.items():
        filterset.form.fields[name].label = label
    context = {
        "title": "Sentencing statistics",
        "form": form,
        "filterset": filterset,
        "page_filters": [filterset.form[name] for name in PAGE_FILTERS],
        "group_by": group_by,
        "group_label": GROUPINGS[group_by].label,
        "drafts": drafts,
        "analyst": analyst,
    }
    if filterset.is_valid():
        sentences = counted_sentences(filterset.qs, filter_data)
        left_out = left_out_counts(filterset.qs, filter_data).get(None, {})
        rows = sentence_statistics(sentences, group_by)
        overall = sentence_statistics(sentences, None)[0]
        districts = dict(District.objects.values_list("code", "pk"))
        cleaned = {k: v for k, v in filterset.form.cleaned_data.items() if isinstance(v, list)}
        for row in rows:
            row["label"] = group_label(group_by, row["key"])
            row["link"] = case_list_link(group_by, row["key"], cleaned, districts)
        years = facet_counts(sentences)["year"]
        export_params = {k: v for k, v in filter_data.lists() if v and any(v)}
        # The export is over curated records unless asked otherwise: say which records the page shows.
        export_params["curation_status"] = ["draft,in_review,published"] if drafts else ["published"]
        context.update(
            left_out=[(reason, n) for reason, n in left_out.items() if n],
            rows=rows,
            overall=overall,
            years=years,
            box_plot=box_plot(
                rows,
                [Bar(r["label"], r["link"]) for r in rows],
                title=f"Prison terms by {GROUPINGS[group_by].label.lower()}",
            ),  # fmt: skip
            timeline=bar_chart(
                [(y["value"], y["count"]) for y in years],
                title="Sentences per year",
                x_label="Year of sentencing",
                y_label="Defendants sentenced",
            ),  # fmt: skip
            matrix=country_sector_matrix(sentences),
            csv_url=f"{reverse('api:export-sentences', args=['csv'])}?{urlencode(export_params, doseq=True)}",
            case_count=Case.objects.filter(defendants__sentences__in=sentences).distinct().count(),
        )
    return TemplateResponse(request, "admin/cases/statistics.html", context)


def country_sector_matrix(sentences) -> dict:
    counts = (
        sentences.order_by()
        .values(country=F("defendant__case__foreign_country"), sector=F("defendant__case__sector"))
        .annotate(n=Count("*"))
    )
    cells = {(row["country"] or "", row["sector"] or ""): row["n"] for row in counts}
    country_codes = sorted({c for c, _ in cells}, key=lambda c: (c == "", c))
    sector_codes = sorted({s for _, s in cells}, key=lambda s: (s == "", s))
    maximum = max(cells.values(), default=0)
    return {
        "sectors": [(s, group_label("sector", s)) for s in sector_codes],
        "rows": [
            {
                "label": group_label("country", c),
                "cells": [
                    {"count": cells.get((c, s), 0), "colour": shade(cells.get((c, s), 0), maximum)}
                    for s in sector_codes
                ],
            }
            for c in country_codes
        ],
    }
