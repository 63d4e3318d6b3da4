"""Every API error in one shape, as JSON: `{"detail": message}`, or for bad input `{field: [messages]}`
naming each field or parameter. DRF's own errors already have that shape; model validation and database
integrity errors become field messages here, and the errors Django answers itself under /api/ (unknown
addresses, bodies too large, server errors) are given the same shape instead of an HTML page."""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from cases.ops import RETRY_AFTER_SECONDS

API_PREFIX = "/api/"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self):
        super().__init__(
            f"The request body is too large: at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes are accepted."
        )


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "message_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError({"non_field_errors": ["This change conflicts with existing records."]})
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    return drf_exception_handler(exc, context)


# ---------------------------------------------------------------------------------------------- Django's own


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(status_code: int, detail) -> JsonResponse:
    body = detail if isinstance(detail, dict) else {"detail": detail}
    return JsonResponse(body, status=status_code)


def bad_request(request, exception, template_name="400.html"):
    if not is_api(request):
        return defaults.bad_request(request, exception, template_name)
    if isinstance(exception, RequestDataTooBig):
        return error_response(RequestTooLarge.status_code, RequestTooLarge().detail)
    return error_response(400, "Bad request.")


def permission_denied(request, exception, template_name="403.html"):
    if not is_api(request):
        return defaults.permission_denied(request, exception, template_name)
    return error_response(403, "You do not have permission to perform this action.")


def page_not_found(request, exception, template_name="404.html"):
    if not is_api(request):
        return defaults.page_not_found(request, exception, template_name)
    return error_response(404, "Not found.")


DATABASE_DOWN = (OperationalError, InterfaceError)


def server_error(request, template_name="500.html"):
    """A 500, except while the database is unreachable: then a 503 with Retry-After, so that clients and
    load balancers wait and try again (the app recovers by itself when the database is back)."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        if is_api(request):
            response = error_response(503, "The database is unavailable for a moment; try again shortly.")
        else:
            response = HttpResponse(
                "<!doctype html><title>503 Service Unavailable</title><h1>Service unavailable</h1>"
                "<p>The database is unavailable for a moment; try again shortly.</p>",
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if not is_api(request):
        return defaults.server_error(request, template_name)
    return error_response(500, "A server error occurred.")
