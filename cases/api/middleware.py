"""Query parameters and headers with a NUL character are refused in one place, before any view sees them:
a database cannot compare with such text (PostgreSQL refuses it), and no honest request carries one.
Under /api/ the 400 is JSON naming the parameter or header; elsewhere it is a plain 400."""

from django.http import HttpResponseBadRequest

from cases.api.errors import error_response, is_api
from cases.api.text import unstorable_message


def _problems(request) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, values in request.GET.lists():
        for text in (name, *values):
            message = unstorable_message(text)
            if message:
                errors.setdefault(name, [message])
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str):
            message = unstorable_message(value)
            if message:
                errors.setdefault(key[5:].replace("_", "-").title(), [message])
    return errors


class RefuseUnstorableTextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        errors = _problems(request)
        if errors:
            if is_api(request):
                return error_response(400, errors)
            return HttpResponseBadRequest("Null characters are not allowed in parameters or headers.")
        return self.get_response(request)
