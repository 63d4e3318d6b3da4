"""Operations: health endpoints for load balancers and orchestrators, and one JSON line per request."""

from __future__ import annotations

import json
import logging
import time

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

REQUEST_LOG = logging.getLogger("casebook.requests")
RETRY_AFTER_SECONDS = 5


@never_cache
def healthz(request):
    """The process is up and answering; nothing else is checked."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Ready to serve: the database answers a query and the cache a write and a read. 503 with Retry-After
    when either does not."""
    checks = {}
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means not ready; its class is reported
        checks["database"] = f"unavailable: {type(error).__name__}"
    try:
        cache.set("casebook:readyz", "1", 10)
        checks["cache"] = "ok" if cache.get("casebook:readyz") == "1" else "unavailable: no read-back"
    except Exception as error:  # noqa: BLE001
        checks["cache"] = f"unavailable: {type(error).__name__}"
    ready = all(value == "ok" for value in checks.values())
    response = JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)
    if not ready:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class RequestLogMiddleware:
    """Logs every request as one JSON line: time, method, path, status, duration, user (id and name, or
    anonymous) and client address. Query strings are left out (they may carry search terms)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and getattr(user, "is_authenticated", False))
        REQUEST_LOG.info(
            json.dumps(
                {
                    "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": user.get_username() if authenticated else None,
                    "user_id": user.pk if authenticated else None,
                    "client": request.META.get("REMOTE_ADDR"),
                },
                separators=(",", ":"),
            )
        )
        return response
