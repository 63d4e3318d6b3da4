"""Release intake in the API: the text of a press release in, the values read (with their words) out."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.services.release_parser import release_parse
from cases.services.visibility import has_analyst_rights

MAX_CHARACTERS = 2_000_000


class ReleaseTextSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, max_length=MAX_CHARACTERS,
        help_text="The text of the press release (or news report).",
    )  # fmt: skip


class ReleaseParseView(APIView):
    """Analysts only: read a press release and return every value found with the span of text it came
    from. Nothing is stored."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Read a press release (analysts)", request=ReleaseTextSerializer, responses=OpenApiTypes.OBJECT
    )
    def post(self, request):
        if not (has_analyst_rights(request.user) and request.user.has_perm("cases.add_case")):
            raise PermissionDenied("Release intake is for analysts.")
        serializer = ReleaseTextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(release_parse(serializer.validated_data["text"]).as_dict())
