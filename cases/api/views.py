"""API views over the published records. Analysts also see drafts and may write; nobody else sees
anything that is not published, through any path."""

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import filtersets
from cases.api import serializers as s
from cases.api.filters import StrictFilterBackend
from cases.api.permissions import has_analyst_rights
from cases.choices import CurationStatus
from cases.models import (
    Agency,
    Case,
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
from cases.services.export import CONTENT_TYPES, STREAMS, export_filename
from cases.services.statistics import GROUPINGS, STAT_FIELDS, facet_counts, sentence_statistics


def published_filter(case_path: str = "") -> dict:
    """Lookups that keep only curated cases, relative to `case_path`."""
    lookups = {f"{case_path}curation_status": CurationStatus.PUBLISHED}
    if not settings.CASEBOOK_SYNTHETIC_PUBLIC:
        lookups[f"{case_path}is_synthetic"] = False
    return lookups


def scoped(queryset, user, case_path: str):
    """Drafts too for analysts; only rows of published cases for anybody else. Synthetic cases stay out
    for everybody (unless CASEBOOK_SYNTHETIC_PUBLIC): they never mix with the curated records."""
    if not has_analyst_rights(user):
        return queryset.filter(**published_filter(case_path))
    if settings.CASEBOOK_SYNTHETIC_PUBLIC:
        return queryset
    return queryset.filter(**{f"{case_path}is_synthetic": False})


class AtomicWritesMixin:
    """Each write runs in one transaction: it is stored whole or not at all."""

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()


class CasebookViewSet(AtomicWritesMixin, viewsets.ModelViewSet):
    write_serializer_class = None
    lookup_value_regex = r"[0-9]{1,18}"

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update") and self.write_serializer_class:
            return self.write_serializer_class
        return super().get_serializer_class()


# ---------------------------------------------------------------------------------------------- cases


@extend_schema_view(
    list=extend_schema(summary="List cases (brief form)", description="Published cases; analysts also see drafts."),
    retrieve=extend_schema(summary="A case with its defendants, charges, sentences, agencies and sources"),
)
class CaseViewSet(CasebookViewSet):
    queryset = Case.objects.all()
    serializer_class = s.CaseDetailSerializer
    write_serializer_class = s.CaseWriteSerializer
    filterset_class = filtersets.CaseFilterSet
    ordering_fields = ["caption", "activity_start", "published_at", "id", "slug"]
    ordering = ["-activity_start", "id"]

    def get_serializer_class(self):
        if self.action == "list":
            return s.CaseBriefSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        queryset = scoped(Case.objects.all(), self.request.user, "")
        if self.action == "list":
            return queryset.select_related("district")
        return queryset.select_related("district").prefetch_related(
            Prefetch(
                "defendants",
                queryset=Defendant.objects.select_related("person", "sentence").prefetch_related(
                    Prefetch("employments", queryset=Employment.objects.select_related("organization")),
                    Prefetch("charges", queryset=Charge.objects.select_related("statute", "object_statute")),
                ),
            ),
            "agency_links__agency",
            "sources",
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if (
            self.request.query_params.get("q")
            and "ordering" not in self.request.query_params
            and "search_rank" in queryset.query.annotations
        ):
            queryset = queryset.order_by("-search_rank", "id")
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary="List sentences (one flat row per sentenced defendant)",
        description="Each row carries its case's country, sector and category.",
    )
)
class SentenceViewSet(CasebookViewSet):
    queryset = Sentence.objects.all()
    serializer_class = s.SentenceRowSerializer
    write_serializer_class = s.SentenceSerializer
    filterset_class = filtersets.SentenceFilterSet
    ordering_fields = ["sentenced_on", "prison_months", "fine", "id"]
    ordering = ["-sentenced_on", "id"]

    def get_queryset(self):
        queryset = Sentence.objects.select_related("defendant__person", "defendant__case__district")
        return scoped(queryset, self.request.user, "defendant__case__")


class DefendantViewSet(CasebookViewSet):
    queryset = Defendant.objects.all()
    serializer_class = s.DefendantSerializer
    filterset_class = filtersets.DefendantFilterSet
    ordering_fields = ["id"]
    ordering = ["id"]

    def get_queryset(self):
        return scoped(Defendant.objects.all(), self.request.user, "case__")


class ChargeViewSet(CasebookViewSet):
    queryset = Charge.objects.all()
    serializer_class = s.ChargeSerializer
    filterset_class = filtersets.ChargeFilterSet
    ordering_fields = ["id", "statute__citation"]
    ordering = ["id"]

    def get_queryset(self):
        queryset = Charge.objects.select_related("statute", "object_statute")
        return scoped(queryset, self.request.user, "defendant__case__")


class SourceViewSet(CasebookViewSet):
    queryset = Source.objects.all()
    serializer_class = s.SourceSerializer
    filterset_class = filtersets.SourceFilterSet
    ordering_fields = ["id", "published_on"]
    ordering = ["id"]

    def get_queryset(self):
        return scoped(Source.objects.all(), self.request.user, "case__")


class PersonViewSet(CasebookViewSet):
    queryset = Person.objects.all()
    serializer_class = s.PersonSerializer
    filterset_class = filtersets.PersonFilterSet
    ordering_fields = ["family_name", "given_name", "id"]
    ordering = ["family_name", "given_name", "id"]

    def get_queryset(self):
        if has_analyst_rights(self.request.user):
            return Person.objects.all()
        in_published = Defendant.objects.filter(person=OuterRef("pk"), **published_filter("case__"))
        return Person.objects.filter(Exists(in_published))


class OrganizationViewSet(CasebookViewSet):
    queryset = Organization.objects.all()
    serializer_class = s.OrganizationSerializer
    filterset_class = filtersets.OrganizationFilterSet
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        if has_analyst_rights(self.request.user):
            return Organization.objects.all()
        in_published = Employment.objects.filter(organization=OuterRef("pk"), **published_filter("defendant__case__"))
        return Organization.objects.filter(Exists(in_published))


class AgencyViewSet(CasebookViewSet):
    queryset = Agency.objects.all()
    serializer_class = s.AgencySerializer
    filterset_class = filtersets.AgencyFilterSet
    ordering_fields = ["name", "key", "id"]
    ordering = ["key"]


class StatuteViewSet(CasebookViewSet):
    queryset = Statute.objects.prefetch_related("penalties")
    serializer_class = s.StatuteSerializer
    filterset_class = filtersets.StatuteFilterSet
    ordering_fields = ["citation", "id"]
    ordering = ["title_number", "section"]


class DistrictViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"[0-9]{1,18}"
    queryset = District.objects.all()
    serializer_class = s.DistrictSerializer
    filterset_class = filtersets.DistrictFilterSet
    ordering_fields = ["name", "code"]
    ordering = ["name"]


# ---------------------------------------------------------------------------------------------- statistics


class SentenceFilterMixin:
    """Applies the sentence filters (the same as the sentence list) to the visible sentences."""

    filterset_class = filtersets.SentenceFilterSet
    filter_backends = [StrictFilterBackend]
    queryset = Sentence.objects.all()

    def filtered_sentences(self, request):
        queryset = scoped(Sentence.objects.all(), request.user, "defendant__case__")
        return StrictFilterBackend().filter_queryset(request, queryset, self)


GROUP_PARAMETER = OpenApiParameter(
    "group_by",
    str,
    enum=list(GROUPINGS),
    description="Group by foreign country, sector, category, statute of conviction, year of sentencing or district.",
)


def MONTHS(help_text):  # noqa: N802 - reads as a field type
    return serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, help_text=help_text)


STAT_ROW = inline_serializer(
    "SentenceStatisticsRow",
    {
        "key": serializers.CharField(help_text="The group's value (empty for none)."),
        "sentenced": serializers.IntegerField(help_text="Defendants sentenced."),
        "with_prison": serializers.IntegerField(help_text="Sentences with a numeric prison term."),
        "prison_mean": MONTHS("Mean prison months over numeric terms."),
        "prison_median": MONTHS("Median prison months over numeric terms."),
        "prison_p25": MONTHS("25th percentile of prison months."),
        "prison_p75": MONTHS("75th percentile of prison months."),
        "prison_min": MONTHS("Shortest numeric prison term."),
        "prison_max": MONTHS("Longest numeric prison term."),
        "life": serializers.IntegerField(help_text="Life sentences (not in the prison statistics)."),
        "time_served": serializers.IntegerField(help_text="Time-served sentences (not in the prison statistics)."),
        "probation_only": serializers.IntegerField(help_text="Probation without prison."),
        "fine_total": MONTHS("Sum of fines (USD)."),
        "fine_median": MONTHS("Median fine (USD) over sentences with a fine."),
        "with_fine": serializers.IntegerField(help_text="Sentences with a fine recorded."),
    },
)


class SentenceStatisticsView(SentenceFilterMixin, APIView):
    extra_query_params = ("group_by",)

    @extend_schema(
        summary="Sentence statistics per group",
        description=(
            "Prison statistics (months) over numeric terms only; life and time-served sentences are counted "
            "beside them. Percentiles are continuous (percentile_cont). Combines with every sentence filter."
        ),
        parameters=[GROUP_PARAMETER],
        responses=inline_serializer(
            "SentenceStatistics",
            {
                "group_by": serializers.CharField(allow_null=True, help_text="The grouping asked for."),
                "overall": STAT_ROW.__class__(help_text="Statistics over every matching sentence."),
                "groups": STAT_ROW.__class__(many=True, help_text="Statistics per group, in key order."),
            },
        ),
    )
    def get(self, request):
        group_by = request.query_params.get("group_by") or None
        if group_by is not None and group_by not in GROUPINGS:
            raise ValidationError({"group_by": [f"Choose one of: {', '.join(GROUPINGS)}."]})
        sentences = self.filtered_sentences(request)
        overall = sentence_statistics(sentences, None)
        empty = {"key": "", **dict.fromkeys(STAT_FIELDS)}
        return Response(
            {
                "group_by": group_by,
                "overall": overall[0] if overall else empty,
                "groups": sentence_statistics(sentences, group_by) if group_by else [],
            }
        )


class FacetsView(SentenceFilterMixin, APIView):
    @extend_schema(
        summary="Sentence counts per country, sector, category and year for the current filters",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        return Response(facet_counts(self.filtered_sentences(request)))


# ---------------------------------------------------------------------------------------------- export


class ExportView(APIView):
    """Streams every matching record with the same filters as the list, in constant memory."""

    kind = ""
    filter_backends = [StrictFilterBackend]

    def base_queryset(self, request):
        raise NotImplementedError

    @extend_schema(
        summary="Export (CSV, NDJSON or JSON), streamed",
        description="Flat columns in a stable order; see the data dictionary. The file name says what and when.",
        parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(STREAMS))],
        responses={(200, "text/csv"): OpenApiTypes.STR, (200, "application/x-ndjson"): OpenApiTypes.STR},
    )
    def get(self, request, fmt: str):
        if fmt not in STREAMS:
            raise ValidationError({"format": ["Choose csv, ndjson or json."]})
        queryset = StrictFilterBackend().filter_queryset(request, self.base_queryset(request), self)
        response = StreamingHttpResponse(STREAMS[fmt](queryset, self.kind), content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{export_filename(self.kind, fmt)}"'
        return response


class SentenceExportView(ExportView):
    kind = "sentences"
    filterset_class = filtersets.SentenceFilterSet
    queryset = Sentence.objects.all()

    def base_queryset(self, request):
        return scoped(Sentence.objects.all(), request.user, "defendant__case__")


class CaseExportView(ExportView):
    kind = "cases"
    filterset_class = filtersets.CaseFilterSet
    queryset = Case.objects.all()

    def base_queryset(self, request):
        return scoped(Case.objects.all(), request.user, "")


# ---------------------------------------------------------------------------------------------- tokens


class TokenView(ObtainAuthToken):
    """POST a user name and password to get (or create) your API token; DELETE with it to revoke it."""

    permission_classes = []

    @extend_schema(summary="Create or fetch your API token")
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    @extend_schema(summary="Revoke your API token", responses={204: None})
    def delete(self, request):
        if not request.user or not request.user.is_authenticated:
            return Response({"detail": "Authentication credentials were not provided."}, status=401)
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return []
