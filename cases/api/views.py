"""API views over the published records. Analysts also see drafts and may write; nobody else sees
anything that is not published, through any path."""

import hashlib
import json
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, ProtectedError, RestrictedError
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import filtersets
from cases.api import serializers as s
from cases.api.filters import StrictFilterBackend
from cases.api.permissions import has_analyst_rights
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
from cases.services.curation import (
    PUBLISH_PERMISSION,
    CurationError,
    StaleVersionError,
    case_edit,
    case_publish,
    case_record_edit,
    case_retract,
    case_return,
    case_revert,
    case_submit,
    record_edit,
)
from cases.services.export import CONTENT_TYPES, STREAMS, export_filename
from cases.services.history import case_history
from cases.services.statistics import (
    GROUPINGS,
    STAT_FIELDS,
    counted_sentences,
    facet_counts,
    left_out_counts,
    sentence_statistics,
)
from cases.services.visibility import published_filter, scoped, visible_sentences


def curated_unless_asked(queryset, request, case_path: str, *, retracted: bool = True):
    """Statistics, facets and exports are over the curated records for everybody, analysts included;
    an analyst who wants drafts (or, for sentences, retracted cases) in them asks with the curation_status
    filter."""
    if "curation_status" in request.query_params:
        return queryset
    return queryset.filter(**published_filter(case_path, retracted=retracted))


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The case changed since you read it."
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the case's ETag (from GET), so that no one else's change is overwritten."
    default_code = "precondition_required"


REASON_HEADER = "X-Change-Reason"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This record is still used by other records."
    default_code = "conflict"


def if_match_version(request) -> int | None:
    """The case version the client based its change on (If-Match: "7" or W/"7"), or None."""
    value = request.headers.get("If-Match")
    if not value:
        return None
    text = value.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise PreconditionFailed(f"If-Match must be the ETag of the case (a quoted version number), not {value!r}.")
    return int(text)


def etag(version: int) -> str:
    return f'"{version}"'


def _delete(instance):
    """Delete a record, or say with a 409 which records still need it (never a 500)."""
    try:
        with transaction.atomic():
            instance.delete()
    except (ProtectedError, RestrictedError) as error:
        used_by = sorted({type(obj)._meta.verbose_name_plural for obj in error.protected_objects})
        raise Conflict(f"This record is still used by {', '.join(used_by)}; change or remove those first.") from error


class GuardedWritesMixin:
    """Each write to a part of a case runs in one transaction through the case's edit guard: a public case
    needs a reason (X-Change-Reason header) and goes back into review, the editor is recorded, the case's
    version raised. The part's own ETag (OptimisticLockMixin) guards against lost updates."""

    def case_id_for(self, instance=None, data=None) -> int | None:
        raise NotImplementedError

    @contextmanager
    def guarded(self, case_id, *, version=None):
        reason = self.request.headers.get(REASON_HEADER, "")
        try:
            with case_edit(case_id=case_id, user=self.request.user, version=version, reason=reason) as case:
                yield case
        except StaleVersionError as error:
            raise PreconditionFailed(" ".join(error.problems)) from error
        except CurationError as error:
            raise ValidationError({"change_reason": error.problems}) from error

    def perform_create(self, serializer):
        with self.guarded(self.case_id_for(data=serializer.validated_data)):
            serializer.save()

    def perform_update(self, serializer):
        old_case = self.case_id_for(instance=serializer.instance)
        new_case = self.case_id_for(data={**self._current_links(serializer.instance), **serializer.validated_data})
        with self.guarded(old_case):
            if new_case != old_case:
                # Moving a part to another case edits that case too (its guard, its review).
                with self.guarded(new_case):
                    serializer.save()
            else:
                serializer.save()

    def _current_links(self, instance) -> dict:
        return {name: getattr(instance, name) for name in ("case", "defendant") if hasattr(instance, f"{name}_id")}

    def perform_destroy(self, instance):
        with self.guarded(self.case_id_for(instance=instance)):
            _delete(instance)


class RecordWritesMixin:
    """Writes to the records around cases (people, organizations, agencies, statutes) follow the same rule
    as edits to a case: every case that shows the record is edited too. A public one needs a reason
    (X-Change-Reason) and goes back into review; the editor is recorded on each, so that he cannot
    publish them himself."""

    @contextmanager
    def guarded_record(self, instance):
        reason = self.request.headers.get(REASON_HEADER, "")
        try:
            with record_edit(instance=instance, user=self.request.user, reason=reason):
                yield
        except CurationError as error:
            raise ValidationError({"change_reason": error.problems}) from error

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        with self.guarded_record(serializer.instance):
            serializer.save()

    def perform_destroy(self, instance):
        with self.guarded_record(instance):
            _delete(instance)


class OptimisticLockMixin:
    """No lost updates on any record: GET of a record returns an ETag (a digest of its editable fields);
    PUT, PATCH and DELETE need If-Match with it (428 without, 412 when the record changed since). The row
    is locked while the check and the write run, so of two writers with the same ETag exactly one wins."""

    def record_etag(self, instance) -> str:
        serializer_class = self.write_serializer_class or self.serializer_class
        data = serializer_class(instance, context=self.get_serializer_context()).data
        payload = json.dumps([instance._meta.label, instance.pk, data], sort_keys=True, default=str)
        return f'"{hashlib.sha256(payload.encode()).hexdigest()[:32]}"'

    def check_if_match(self, request, instance) -> None:
        value = request.headers.get("If-Match")
        if not value:
            raise PreconditionRequired(
                "Send If-Match with this record's ETag (from GET), so that no one else's change is overwritten."
            )
        current = self.record_etag(instance)
        sent = [tag.strip().removeprefix("W/") for tag in value.split(",")]
        if current not in sent and "*" not in sent:
            raise PreconditionFailed("This record changed since you read it: GET it again and redo your change.")

    def _locked_object(self):
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        # Lock the row first, then read it: a writer that waited for the lock reads the winner's change.
        model = self.queryset.model
        list(model.objects.select_for_update(of=("self",)).filter(pk=lookup).order_by().values_list("pk", flat=True))
        return self.get_object()

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = self.record_etag(instance)
        return response

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self._locked_object()
            self.check_if_match(request, instance)
            response = super().update(request, *args, **kwargs)
            response["ETag"] = self.record_etag(self.get_object())
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self._locked_object()
            self.check_if_match(request, instance)
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CasebookViewSet(OptimisticLockMixin, viewsets.ModelViewSet):
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
class CaseViewSet(GuardedWritesMixin, CasebookViewSet):
    # Cases are never deleted: they are retracted, with the reason.
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    queryset = Case.objects.all()
    serializer_class = s.CaseDetailSerializer
    write_serializer_class = s.CaseWriteSerializer
    filterset_class = filtersets.CaseFilterSet
    # Cases are never deleted (a published case is retracted instead): DELETE is not allowed, even for a superuser.
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
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
                queryset=Defendant.objects.select_related("person", "organization").prefetch_related(
                    "sentences",
                    Prefetch("employments", queryset=Employment.objects.select_related("organization")),
                    Prefetch("charges", queryset=Charge.objects.select_related("statute", "object_statute")),
                ),
            ),
            "agency_links__agency",
            "sources",
            "events",
        )

    def case_id_for(self, instance=None, data=None):
        return instance.pk

    def perform_create(self, serializer):
        with transaction.atomic():
            case = serializer.save()
            case_record_edit(case_id=case.pk, user=self.request.user, was_public=False)

    def record_etag(self, instance) -> str:
        # A case's ETag is its version, raised by every change to the case or its parts.
        return etag(instance.version)

    def perform_update(self, serializer):
        with self.guarded(serializer.instance.pk, version=if_match_version(self.request)):
            serializer.save()

    # --- review workflow

    def _review(self, request, service, field: str, *, reviewer: bool):
        case = self.get_object()
        if reviewer and not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied("Only reviewers can do this.")
        serializer = s.ReviewStepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            case = service(case=case, user=request.user, **{field: serializer.validated_data.get("comment", "")})
        except CurationError as error:
            raise ValidationError({"problems": error.problems}) from error
        return Response({"id": case.pk, "curation_status": case.curation_status, "version": case.version})

    @extend_schema(
        summary="Submit a draft for review", request=s.ReviewStepSerializer, responses=s.ReviewResultSerializer
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._review(request, case_submit, "comment", reviewer=False)

    @extend_schema(summary="Publish a case in review (reviewers; not the last editor)", request=s.ReviewStepSerializer,
                   responses=s.ReviewResultSerializer)  # fmt: skip
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._review(request, case_publish, "comment", reviewer=True)

    @extend_schema(summary="Return a case to the analyst with a comment (reviewers)", request=s.ReviewStepSerializer,
                   responses=s.ReviewResultSerializer)  # fmt: skip
    @action(detail=True, methods=["post"], url_path="return")
    def return_case(self, request, pk=None):
        return self._review(request, case_return, "comment", reviewer=True)

    @extend_schema(summary="Retract a published case, with the reason (reviewers)", request=s.ReviewStepSerializer,
                   responses=s.ReviewResultSerializer)  # fmt: skip
    @action(detail=True, methods=["post"])
    def retract(self, request, pk=None):
        return self._review(request, case_retract, "reason", reviewer=True)

    @extend_schema(
        summary="Every change to the case and its parts (analysts)", responses=s.HistoryEntrySerializer(many=True)
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        if not has_analyst_rights(request.user):
            raise PermissionDenied("The change history is for analysts.")
        return Response(s.HistoryEntrySerializer(case_history(self.get_object()), many=True).data)

    @extend_schema(summary="Revert the case and its parts to an earlier moment (analysts)", request=s.RevertSerializer,
                   responses=s.ReviewResultSerializer)  # fmt: skip
    @action(detail=True, methods=["post"])
    def revert(self, request, pk=None):
        if not has_analyst_rights(request.user) or not request.user.has_perm("cases.change_case"):
            raise PermissionDenied("Only analysts can revert a case.")
        case = self.get_object()
        serializer = s.RevertSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            case = case_revert(
                case=case, at=serializer.validated_data["at"], user=request.user,
                reason=serializer.validated_data["reason"], version=if_match_version(request),
            )  # fmt: skip
        except StaleVersionError as error:
            raise PreconditionFailed(" ".join(error.problems)) from error
        except CurationError as error:
            raise ValidationError({"problems": error.problems}) from error
        return Response({"id": case.pk, "curation_status": case.curation_status, "version": case.version})

    def filter_queryset(self, queryset):
        if self.action in ("history", "revert", "submit", "publish", "return_case", "retract"):
            return queryset
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
class SentenceViewSet(GuardedWritesMixin, CasebookViewSet):
    queryset = Sentence.objects.all()
    serializer_class = s.SentenceRowSerializer
    write_serializer_class = s.SentenceSerializer
    filterset_class = filtersets.SentenceFilterSet
    ordering_fields = ["sentenced_on", "prison_months", "fine", "id"]
    ordering = ["-sentenced_on", "id"]

    def get_queryset(self):
        queryset = Sentence.objects.select_related(
            "defendant__person", "defendant__organization", "defendant__case__district"
        )
        queryset = visible_sentences(queryset, self.request.user)
        if self.action == "list":
            # A row per counted sentence: operative ones of individuals unless the request asks otherwise;
            # any event is still reachable by its id.
            queryset = counted_sentences(queryset, self.request.query_params)
        return queryset

    def case_id_for(self, instance=None, data=None):
        return (instance.defendant if instance else data["defendant"]).case_id


class DefendantViewSet(GuardedWritesMixin, CasebookViewSet):
    queryset = Defendant.objects.all()
    serializer_class = s.DefendantSerializer
    filterset_class = filtersets.DefendantFilterSet
    ordering_fields = ["id"]
    ordering = ["id"]

    def get_queryset(self):
        return scoped(Defendant.objects.all(), self.request.user, "case__")

    def case_id_for(self, instance=None, data=None):
        return instance.case_id if instance else data["case"].pk


class ChargeViewSet(GuardedWritesMixin, CasebookViewSet):
    queryset = Charge.objects.all()
    serializer_class = s.ChargeSerializer
    filterset_class = filtersets.ChargeFilterSet
    ordering_fields = ["id", "statute__citation"]
    ordering = ["id"]

    def get_queryset(self):
        queryset = Charge.objects.select_related("statute", "object_statute")
        return scoped(queryset, self.request.user, "defendant__case__")

    def case_id_for(self, instance=None, data=None):
        return (instance.defendant if instance else data["defendant"]).case_id


class SourceViewSet(GuardedWritesMixin, CasebookViewSet):
    queryset = Source.objects.all()
    serializer_class = s.SourceSerializer
    filterset_class = filtersets.SourceFilterSet
    ordering_fields = ["id", "published_on"]
    ordering = ["id"]

    def get_queryset(self):
        return scoped(Source.objects.all(), self.request.user, "case__")

    def case_id_for(self, instance=None, data=None):
        return instance.case_id if instance else data["case"].pk


class PersonViewSet(RecordWritesMixin, CasebookViewSet):
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


class OrganizationViewSet(RecordWritesMixin, CasebookViewSet):
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


class AgencyViewSet(RecordWritesMixin, CasebookViewSet):
    queryset = Agency.objects.all()
    serializer_class = s.AgencySerializer
    filterset_class = filtersets.AgencyFilterSet
    ordering_fields = ["name", "key", "id"]
    ordering = ["key"]


class StatuteViewSet(RecordWritesMixin, CasebookViewSet):
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

    def matching_sentences(self, request):
        """Every sentencing event the filters match, before the counting rule."""
        queryset = visible_sentences(Sentence.objects.all(), request.user)
        queryset = curated_unless_asked(queryset, request, "defendant__case__", retracted=False)
        return StrictFilterBackend().filter_queryset(request, queryset, self)

    def filtered_sentences(self, request):
        """The sentences that count: operative ones of individuals unless the request chose otherwise."""
        return counted_sentences(self.matching_sentences(request), request.query_params)


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
        "left_out": inline_serializer(
            "SentencesLeftOut",
            {
                "organizations": serializers.IntegerField(
                    required=False, help_text="Sentences of companies, left out of individuals' figures."
                ),
                "superseded": serializers.IntegerField(
                    required=False, help_text="Earlier sentences replaced by a resentencing, reduction or commutation."
                ),
                "vacated": serializers.IntegerField(
                    required=False, help_text="Sentences set aside on appeal: never counted."
                ),
            },
            help_text="Sentences matching the filters that the figures leave out, by reason (a reason the request "
            "chose itself with defendant_kind or sentence_state is not listed).",
        ),
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
        filters=True,
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
        left_out = left_out_counts(self.matching_sentences(request), request.query_params, group_by)
        nothing = dict.fromkeys(left_out.get(None, {}), 0)
        overall = sentence_statistics(sentences, None)
        overall = overall[0] if overall else {"key": "", **dict.fromkeys(STAT_FIELDS)}
        overall["left_out"] = left_out.get(None, {})
        groups = sentence_statistics(sentences, group_by) if group_by else []
        for group in groups:
            group["left_out"] = left_out.get(group["key"], nothing)
        return Response({"group_by": group_by, "overall": overall, "groups": groups})


class FacetsView(SentenceFilterMixin, APIView):
    @extend_schema(
        summary="Sentence counts per country, sector, category and year for the current filters",
        filters=True,
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
        filters=True,
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
        queryset = visible_sentences(Sentence.objects.all(), request.user)
        queryset = curated_unless_asked(queryset, request, "defendant__case__", retracted=False)
        return counted_sentences(queryset, request.query_params)


class CaseExportView(ExportView):
    kind = "cases"
    filterset_class = filtersets.CaseFilterSet
    queryset = Case.objects.all()

    def base_queryset(self, request):
        return curated_unless_asked(scoped(Case.objects.all(), request.user, ""), request, "")
