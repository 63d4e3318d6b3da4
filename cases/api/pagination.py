"""Pages with a capped size, and cursor pagination for walking everything."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

INVALID_CURSOR = "Invalid cursor: start with an empty cursor (?cursor=) and follow the next and previous links."


class CasebookCursorPagination(CursorPagination):
    """A cursor that cannot be read, or that holds a position the list's order cannot take, is a 400 naming
    `cursor` (DRF answers a 404, as if the list did not exist)."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 1000
    page_size = 200

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound as error:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from error

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, DjangoValidationError) as error:
            # The position in a forged cursor does not fit the ordering field (text for a date, say).
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from error


class CasebookPagination(PageNumberPagination):
    """Numbered pages (`page`, `page_size` up to 500) by default; `cursor` (start with `?cursor=`)
    walks the whole list in the list's order without counting it."""

    page_size_query_param = "page_size"
    max_page_size = 500
    cursor_query_param = "cursor"

    def _use_cursor(self, request) -> bool:
        return self.cursor_query_param in request.query_params

    def paginate_queryset(self, queryset, request, view=None):
        if self._use_cursor(request):
            self._cursor = CasebookCursorPagination()
            return self._cursor.paginate_queryset(queryset, request, view)
        self._cursor = None
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self._cursor is not None:
            return self._cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = "Number of results (absent when walking with a cursor)."
        response["required"] = [name for name in response.get("required", []) if name != "count"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Walk the whole list by cursor: start with an empty value, then follow `next`.",
                "schema": {"type": "string"},
            }
        )
        return parameters

    def allowed_parameters(self) -> set[str]:
        return {self.page_query_param, self.page_size_query_param, self.cursor_query_param}
