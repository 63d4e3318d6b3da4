"""List filters for the case list: only values in use, and filters through a case's parts."""

from django.contrib import admin
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django_countries import countries

from cases.choices import DefendantDisposition, Sector
from cases.models import Case, District, Sentence, Statute

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
            return queryset.filter(defendants__sentences__sentenced_on__year=int(self.value())).distinct()
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


class StatuteFilter(admin.SimpleListFilter):
    """Cases with a count of conviction under the chosen statute."""

    title = "statute of conviction"
    parameter_name = "statute"

    def lookups(self, request, model_admin):
        used = Statute.objects.filter(charges__is_conviction=True).distinct().order_by("title_number", "section")
        return [(s.citation, s.citation) for s in used]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                defendants__charges__is_conviction=True, defendants__charges__statute__citation=self.value()
            ).distinct()
        return queryset
