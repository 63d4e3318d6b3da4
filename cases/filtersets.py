"""FilterSets shared by the API, the statistics, the exports and the admin.

Every filter is written once, against the level of the record it concerns (case, defendant or
sentence), and applied to whichever list is being filtered: a sentence list filters on its own
defendant and case; a case list keeps the cases that have a matching defendant or sentence, with all
of a request's defendant and sentence conditions met by the same sentence.
"""

from __future__ import annotations

from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django_countries import countries
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from cases.choices import (
    CaseCategory,
    ConvictionMethod,
    CurationStatus,
    DefendantDisposition,
    DefendantKind,
    Purpose,
    Sector,
    SentenceState,
)
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
)

CASE, DEFENDANT, SENTENCE = "case", "defendant", "sentence"
COUNTRY_CHOICES = [(code, name) for code, name in countries]  # includes the ISO 3166-3 codes of settings


class CommaOrRepeatedWidget(forms.SelectMultiple):
    """Reads several values given as `?x=a&x=b` or `?x=a,b`."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if values is None or values == []:
            return None
        if isinstance(values, str):
            values = [values]
        return [part.strip() for value in values for part in str(value).split(",") if part.strip()]


class CommaTextInput(forms.TextInput):
    """A text box for several values separated by commas (also reads repeated parameters)."""

    value_from_datadict = CommaOrRepeatedWidget.value_from_datadict

    def format_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return super().format_value(value)


class MultiValueField(forms.Field):
    """A list of values; `coerce` converts each one and names the bad one in its error."""

    widget = CommaTextInput

    def __init__(self, *args, coerce=str, **kwargs):
        self.coerce = coerce
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if not value:
            return []
        result = []
        for item in value:
            try:
                result.append(self.coerce(item))
            except (TypeError, ValueError) as error:
                raise forms.ValidationError(f"'{item}' is not a valid value.") from error
        return result


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class MultipleCharFilter(filters.Filter):
    """Several free-text values (slugs, keys, citations, codes), repeated or comma-separated."""

    field_class = MultiValueField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", "filter_noop")
        super().__init__(*args, **kwargs)


MAX_ID = 2**63 - 1


def database_id(value) -> int:
    """A positive integer that fits a database id; anything else is a ValueError."""
    number = int(value)
    if not 0 < number <= MAX_ID:
        raise ValueError(value)
    return number


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class MultipleIdFilter(MultipleCharFilter):
    """Several numeric ids, repeated or comma-separated."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", database_id)
        super().__init__(*args, **kwargs)


class IdFilter(filters.NumberFilter):
    """One database id."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(filters.NumberFilter):
    """A calendar year."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", "filter_noop")
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class AmountFilter(filters.NumberFilter):
    """A number of months or dollars."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", "filter_noop")
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no); anything else is an error rather than silently ignored."""

    TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(f"'{value}' is not true or false.")


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


class ChoicesFilter(filters.MultipleChoiceFilter):
    """Several values from a fixed vocabulary, repeated or comma-separated; an unknown value is named."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", "filter_noop")
        kwargs.setdefault("widget", CommaOrRepeatedWidget)
        super().__init__(*args, **kwargs)


class CasebookFilterSet(filters.FilterSet):
    """Filters common to cases and sentences. Subclasses say how a condition of each level applies."""

    country = ChoicesFilter(
        choices=COUNTRY_CHOICES, help_text="Foreign country of the principal (ISO code); several allowed."
    )
    citizenship = ChoicesFilter(
        choices=COUNTRY_CHOICES, help_text="A citizenship of the defendant (ISO code); several allowed."
    )
    sector = ChoicesFilter(choices=Sector.choices, help_text="Primary sector of the case (victim or employer).")
    employer_sector = ChoicesFilter(
        choices=Sector.choices, help_text="Sector of an organization that employed the defendant."
    )
    employer = MultipleCharFilter(help_text="Employer by slug; several allowed.")
    employer_id = MultipleIdFilter(help_text="Employer by id; several allowed.")
    agency = MultipleCharFilter(help_text="Foreign principal or US agency by key (CN-MSS, US-FBI); several allowed.")
    agency_id = MultipleIdFilter(help_text="Agency by id; several allowed.")
    category = ChoicesFilter(choices=CaseCategory.choices, help_text="Primary case category; several allowed.")
    purpose = ChoicesFilter(choices=Purpose.choices, help_text="Purpose (CSIS); several allowed.")
    statute = MultipleCharFilter(
        help_text="Statute of a charge (or its object offence) by citation, e.g. '18 U.S.C. 951'; several allowed."
    )
    statute_id = MultipleIdFilter(help_text="Statute by id; several allowed.")
    disposition = ChoicesFilter(
        choices=DefendantDisposition.choices, help_text="Disposition of the defendant; several allowed."
    )
    conviction_method = ChoicesFilter(
        choices=ConvictionMethod.choices, help_text="How the conviction came about; several allowed."
    )
    defendant_kind = ChoicesFilter(
        choices=DefendantKind.choices,
        help_text="person or organization (a company in the dock). Sentence lists, statistics, facets and "
        "exports count individuals unless this is given.",
    )
    sentence_state = ChoicesFilter(
        choices=SentenceState.choices,
        help_text="operative (in force), superseded (by a resentencing, reduction or commutation) or vacated. "
        "Sentence lists, statistics, facets and exports count operative sentences unless this is given.",
    )
    district = MultipleCharFilter(help_text="District by code (flmd, vaed); several allowed.")
    sentenced_from = filters.DateFilter(method="filter_noop", help_text="Sentenced on or after (YYYY-MM-DD).")
    sentenced_to = filters.DateFilter(method="filter_noop", help_text="Sentenced on or before (YYYY-MM-DD).")
    year_from = YearFilter(help_text="Sentenced in or after this year.")
    year_to = YearFilter(help_text="Sentenced in or before this year.")
    activity_year_from = YearFilter(help_text="Activity began in or after this year.")
    activity_year_to = YearFilter(help_text="Activity began in or before this year.")
    prison_min = AmountFilter(help_text="Prison term of at least this many months.")
    prison_max = AmountFilter(help_text="Prison term of at most this many months.")
    fine_min = AmountFilter(help_text="Fine of at least this many USD.")
    fine_max = AmountFilter(help_text="Fine of at most this many USD.")
    life = StrictBooleanFilter(method="filter_noop", help_text="Life sentence (true) or not (false).")
    time_served = StrictBooleanFilter(method="filter_noop", help_text="Time-served sentence (true) or not.")
    q = filters.CharFilter(
        method="filter_noop",
        help_text="Full-text search over captions, summaries and defendants' names (ranked on PostgreSQL).",
    )
    curation_status = ChoicesFilter(
        choices=CurationStatus.choices,
        help_text="Curation status of the case; several allowed. Without analyst rights only published and "
        "retracted cases exist. Statistics, facets and exports are over curated records unless this is given.",
    )

    def filter_noop(self, queryset, name, value):
        # Conditions are gathered by filter_queryset and applied together.
        return queryset

    # --- conditions, by level ---------------------------------------------------------------------

    def conditions(self) -> dict[str, list]:
        """Each condition is a function of the path prefix to the level's record."""
        data = self.form.cleaned_data
        conds: dict[str, list] = {CASE: [], DEFENDANT: [], SENTENCE: []}

        def add(level, build):
            conds[level].append(build)

        if data.get("country"):
            add(CASE, lambda p, v=data["country"]: Q(**{f"{p}foreign_country__in": v}))
        if data.get("sector"):
            add(CASE, lambda p, v=data["sector"]: Q(**{f"{p}sector__in": v}))
        if data.get("category"):
            add(CASE, lambda p, v=data["category"]: Q(**{f"{p}category__in": v}))
        if data.get("purpose"):
            add(CASE, lambda p, v=data["purpose"]: Q(**{f"{p}purpose__in": v}))
        if data.get("district"):
            add(CASE, lambda p, v=data["district"]: Q(**{f"{p}district__code__in": v}))
        if data.get("curation_status"):
            add(CASE, lambda p, v=data["curation_status"]: Q(**{f"{p}curation_status__in": v}))
        if data.get("activity_year_from") is not None:
            add(CASE, lambda p, v=data["activity_year_from"]: Q(**{f"{p}activity_start__year__gte": v}))
        if data.get("activity_year_to") is not None:
            add(CASE, lambda p, v=data["activity_year_to"]: Q(**{f"{p}activity_start__year__lte": v}))
        if data.get("agency"):
            add(CASE, lambda p, v=data["agency"]: self._case_exists(CaseAgency, p, agency__key__in=v))
        if data.get("agency_id"):
            add(CASE, lambda p, v=data["agency_id"]: self._case_exists(CaseAgency, p, agency_id__in=v))

        if data.get("citizenship"):
            add(DEFENDANT, lambda p, v=data["citizenship"]: citizenship_q(f"{p}person__citizenships", v))
        if data.get("disposition"):
            add(DEFENDANT, lambda p, v=data["disposition"]: Q(**{f"{p}disposition__in": v}))
        if data.get("defendant_kind"):
            add(DEFENDANT, lambda p, v=data["defendant_kind"]: kind_q(p, v))
        if data.get("sentence_state"):
            add(SENTENCE, lambda p, v=data["sentence_state"]: state_q(p, v))
        if data.get("employer_sector"):
            add(DEFENDANT, lambda p, v=data["employer_sector"]: self._defendant_exists(
                Employment, p, organization__sector__in=v))  # fmt: skip
        if data.get("employer"):
            add(DEFENDANT, lambda p, v=data["employer"]: self._defendant_exists(
                Employment, p, organization__slug__in=v))  # fmt: skip
        if data.get("employer_id"):
            add(DEFENDANT, lambda p, v=data["employer_id"]: self._defendant_exists(
                Employment, p, organization_id__in=v))  # fmt: skip
        if data.get("statute"):
            add(DEFENDANT, lambda p, v=data["statute"]: self._defendant_exists(
                Charge, p, Q(statute__citation__in=v) | Q(object_statute__citation__in=v)))  # fmt: skip
        if data.get("statute_id"):
            add(DEFENDANT, lambda p, v=data["statute_id"]: self._defendant_exists(
                Charge, p, Q(statute_id__in=v) | Q(object_statute_id__in=v)))  # fmt: skip

        if data.get("conviction_method"):
            add(SENTENCE, lambda p, v=data["conviction_method"]: Q(**{f"{p}conviction_method__in": v}))
        for name, lookup in (
            ("sentenced_from", "sentenced_on__gte"),
            ("sentenced_to", "sentenced_on__lte"),
            ("year_from", "sentenced_on__year__gte"),
            ("year_to", "sentenced_on__year__lte"),
            ("prison_min", "prison_months__gte"),
            ("prison_max", "prison_months__lte"),
            ("fine_min", "fine__gte"),
            ("fine_max", "fine__lte"),
            ("life", "is_life"),
            ("time_served", "is_time_served"),
        ):
            value = data.get(name)
            if value is not None and value != "":
                add(SENTENCE, lambda p, lk=lookup, v=value: Q(**{f"{p}{lk}": v}))
        return conds

    @staticmethod
    def _case_exists(model, prefix, *args, **lookups):
        return Exists(model.objects.filter(*args, case=OuterRef(f"{prefix}pk"), **lookups))

    @staticmethod
    def _defendant_exists(model, prefix, *args, **lookups):
        return Exists(model.objects.filter(*args, defendant=OuterRef(f"{prefix}pk"), **lookups))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        queryset = self.apply_conditions(queryset, self.conditions())
        text = self.form.cleaned_data.get("q")
        if text and text.strip():
            queryset = self.apply_search(queryset, text.strip())
        return queryset

    def apply_conditions(self, queryset, conds):
        raise NotImplementedError

    def apply_search(self, queryset, text):
        raise NotImplementedError


def kind_q(prefix: str, kinds) -> Q:
    q = Q()
    if DefendantKind.PERSON in kinds:
        q |= Q(**{f"{prefix}organization__isnull": True})
    if DefendantKind.ORGANIZATION in kinds:
        q |= Q(**{f"{prefix}organization__isnull": False})
    return q


STATE_Q = {
    SentenceState.OPERATIVE: {"is_operative": True, "is_vacated": False},
    SentenceState.SUPERSEDED: {"is_operative": False, "is_vacated": False},
    SentenceState.VACATED: {"is_vacated": True},
}


def state_q(prefix: str, states) -> Q:
    q = Q()
    for state in states:
        q |= Q(**{f"{prefix}{field}": value for field, value in STATE_Q[state].items()})
    return q


def citizenship_q(field: str, codes) -> Q:
    """Matches a multiple-country field (stored 'CN,US') holding any of `codes`, without partial matches."""
    q = Q()
    for code in codes:
        q |= (
            Q(**{field: code})
            | Q(**{f"{field}__startswith": f"{code},"})
            | Q(**{f"{field}__endswith": f",{code}"})
            | Q(**{f"{field}__contains": f",{code},"})
        )
    return q


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def search_cases_q(text: str, case_prefix: str = "") -> Q:
    """Simple search for SQLite: every word must appear in the caption, the summary or a defendant's name."""
    q = Q()
    for word in text.split():
        name_match = Exists(
            Defendant.objects.filter(case=OuterRef(f"{case_prefix}pk")).filter(
                Q(person__given_name__icontains=word)
                | Q(person__family_name__icontains=word)
                | Q(person__middle_name__icontains=word)
            )
        )
        q &= (Q(**{f"{case_prefix}caption__icontains": word}) | Q(**{f"{case_prefix}summary__icontains": word})) | Q(
            name_match
        )
    return q


def search_vector(prefix: str = ""):
    from django.contrib.postgres.search import SearchVector

    return SearchVector(f"{prefix}caption", weight="A", config="english") + SearchVector(
        f"{prefix}summary", weight="B", config="english"
    )


def postgres_search(queryset, text: str, case_prefix: str = ""):
    """Full-text search with ranking on PostgreSQL: captions and summaries by their text vector,
    defendants' names by the same query over their name parts. A row matches by the full-text match
    operator (vector @@ query); the rank only orders the matches (ts_rank is a tiny positive number even
    for rows that do not match a query of several words, so it cannot decide what matches)."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    query = SearchQuery(text, search_type="websearch", config="english")
    names = Defendant.objects.filter(case=OuterRef(f"{case_prefix}pk")).annotate(
        names=SearchVector("person__given_name", "person__middle_name", "person__family_name", config="simple")
    )
    name_query = SearchQuery(text, search_type="websearch", config="simple")
    return (
        queryset.alias(search_document=search_vector(case_prefix), name_match=Exists(names.filter(names=name_query)))
        .filter(Q(search_document=query) | Q(name_match=True))
        .annotate(search_rank=SearchRank(search_vector(case_prefix), query))
    )


class CaseFilterSet(CasebookFilterSet):
    """Filters for the case list: a case matches when it has a defendant (and that defendant's sentence)
    meeting every defendant and sentence condition."""

    class Meta:
        model = Case
        fields = []

    def apply_conditions(self, queryset, conds):
        for build in conds[CASE]:
            queryset = queryset.filter(build(""))
        if conds[SENTENCE]:
            # Sentence conditions are met by a sentence that counts (see counted_sentences).
            from cases.services.statistics import counted_sentences

            inner = counted_sentences(Sentence.objects.filter(defendant__case=OuterRef("pk")), self.data)
            for build in conds[SENTENCE]:
                inner = inner.filter(build(""))
            for build in conds[DEFENDANT]:
                inner = inner.filter(build("defendant__"))
            queryset = queryset.filter(Exists(inner))
        elif conds[DEFENDANT]:
            inner = Defendant.objects.filter(case=OuterRef("pk"))
            for build in conds[DEFENDANT]:
                inner = inner.filter(build(""))
            queryset = queryset.filter(Exists(inner))
        return queryset

    def apply_search(self, queryset, text):
        if is_postgresql():
            return postgres_search(queryset, text)
        return queryset.filter(search_cases_q(text))


class SentenceFilterSet(CasebookFilterSet):
    """Filters for sentences (one row per sentenced defendant), used by the list, statistics and export."""

    class Meta:
        model = Sentence
        fields = []

    def apply_conditions(self, queryset, conds):
        for build in conds[CASE]:
            queryset = queryset.filter(build("defendant__case__"))
        for build in conds[DEFENDANT]:
            queryset = queryset.filter(build("defendant__"))
        for build in conds[SENTENCE]:
            queryset = queryset.filter(build(""))
        return queryset

    def apply_search(self, queryset, text):
        if is_postgresql():
            return postgres_search(queryset, text, "defendant__case__")
        return queryset.filter(search_cases_q(text, "defendant__case__"))


# ---------------------------------------------------------------------------------------------- simple lists


class PersonFilterSet(filters.FilterSet):
    name = filters.CharFilter(method="filter_name", help_text="Part of a given, middle or family name.")
    citizenship = ChoicesFilter(choices=COUNTRY_CHOICES, help_text="A citizenship (ISO code); several allowed.")
    birth_country = ChoicesFilter(choices=COUNTRY_CHOICES, help_text="Country of birth; several allowed.")

    class Meta:
        model = Person
        fields = []

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_name(self, queryset, name, value):
        return queryset.filter(
            Q(given_name__icontains=value) | Q(family_name__icontains=value) | Q(middle_name__icontains=value)
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("citizenship"):
            queryset = queryset.filter(citizenship_q("citizenships", data["citizenship"]))
        if data.get("birth_country"):
            queryset = queryset.filter(birth_country__in=data["birth_country"])
        return queryset


class OrganizationFilterSet(filters.FilterSet):
    name = filters.CharFilter(field_name="name", lookup_expr="icontains", help_text="Part of the name.")
    sector = filters.MultipleChoiceFilter(choices=Sector.choices, help_text="Sector; several allowed.")
    country = filters.CharFilter(field_name="country", help_text="Headquarters country (ISO code).")
    kind = filters.CharFilter(field_name="kind", help_text="Kind of organization.")

    class Meta:
        model = Organization
        fields = []


class AgencyFilterSet(filters.FilterSet):
    key = MultipleCharFilter(field_name="key", lookup_expr="in", method=None, help_text="Agency key; several allowed.")
    country = MultipleCharFilter(
        field_name="country", lookup_expr="in", method=None, help_text="Country (ISO code); several allowed."
    )
    side = filters.CharFilter(field_name="side", help_text="foreign or us.")
    kind = filters.CharFilter(field_name="kind", help_text="Kind of agency.")
    name = filters.CharFilter(field_name="name", lookup_expr="icontains", help_text="Part of the name.")

    class Meta:
        model = Agency
        fields = []


class StatuteFilterSet(filters.FilterSet):
    citation = MultipleCharFilter(
        field_name="citation", lookup_expr="in", method=None, help_text="Citation; several allowed."
    )
    title = IdFilter(field_name="title_number", help_text="Title of the U.S. Code.")
    category = filters.CharFilter(field_name="category", help_text="Typical case category.")

    class Meta:
        model = Statute
        fields = []


class ChargeFilterSet(filters.FilterSet):
    case = IdFilter(field_name="defendant__case_id", help_text="Case id.")
    defendant = IdFilter(field_name="defendant_id", help_text="Defendant id.")
    statute = MultipleCharFilter(
        field_name="statute__citation", lookup_expr="in", method=None, help_text="Citation; several allowed."
    )
    disposition = filters.CharFilter(field_name="disposition", help_text="Disposition of the charge.")
    is_conviction = StrictBooleanFilter(field_name="is_conviction", help_text="Counts of conviction only.")

    class Meta:
        model = Charge
        fields = []


class SourceFilterSet(filters.FilterSet):
    case = IdFilter(field_name="case_id", help_text="Case id.")
    publisher = filters.CharFilter(field_name="publisher", help_text="Publisher type.")
    stage = filters.CharFilter(field_name="stage", help_text="Stage of the case reported.")

    class Meta:
        model = Source
        fields = []


class DistrictFilterSet(filters.FilterSet):
    code = MultipleCharFilter(
        field_name="code", lookup_expr="in", method=None, help_text="District code; several allowed."
    )
    circuit = filters.CharFilter(field_name="circuit", help_text="Circuit.")

    class Meta:
        model = District
        fields = []


class DefendantFilterSet(filters.FilterSet):
    case = IdFilter(field_name="case_id", help_text="Case id.")
    person = IdFilter(field_name="person_id", help_text="Person id.")
    disposition = filters.CharFilter(field_name="disposition", help_text="Disposition.")

    class Meta:
        model = Defendant
        fields = []
