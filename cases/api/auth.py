"""The token endpoint (/api/v1/auth/token/) and what guards it: a per-address rate for password attempts
(CASEBOOK_THROTTLE_LOGIN) on top of the API's throttles, and django-axes' lockout answered as a 429."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from cases.api.parsers import PARSER_CLASSES
from cases.logins import LOCKOUT_SHOWN, lockout_message, lockout_seconds


class LoginRateThrottle(SimpleRateThrottle):
    """Password attempts (POSTs) per client address, signed in or not; the rate is the "login" scope."""

    scope = "login"

    def get_cache_key(self, request, view):
        if request.method != "POST":
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginLocked(exceptions.APIException):
    """Too many failed logins for the user name or the address: 429 with Retry-After."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "login_locked"

    def __init__(self):
        super().__init__(detail=lockout_message())
        # Every attempt during a lockout starts the cool-off again, so it is the whole cool-off from now.
        self.wait = lockout_seconds()


class TokenView(ObtainAuthToken):
    """POST a user name and password to get (or create) your API token; DELETE with it to revoke it."""

    permission_classes = []
    parser_classes = PARSER_CLASSES
    # ObtainAuthToken turns throttling off; the API's throttles apply here too, with the login rate.
    throttle_classes = [*APIView.throttle_classes, LoginRateThrottle]

    @extend_schema(
        summary="Create or fetch your API token",
        responses={
            200: ObtainAuthToken.serializer_class,
            400: OpenApiResponse(description="Wrong user name or password."),
            429: OpenApiResponse(description="Too many attempts, or logins locked after repeated failures."),
        },
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes marks the request it refused, or whose failure reached the limit.
            if getattr(request, "axes_locked_out", False):
                setattr(request._request, LOCKOUT_SHOWN, True)
                raise LoginLocked()
            raise exceptions.ValidationError(serializer.errors)
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})

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
