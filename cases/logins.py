"""Login protection around django-axes: the client address it counts failures by, the message a locked-out
login gets, and the admin login form that shows that message as its error."""

import ipaddress

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from rest_framework.throttling import BaseThrottle

# Set on a request whose login view has already told the user that logins are locked.
LOCKOUT_SHOWN = "casebook_lockout_shown"


def client_address(request) -> str | None:
    """The client's address by the same rule as the API throttles: REMOTE_ADDR, or behind
    CASEBOOK_PROXY_COUNT trusted proxies the address the nearest of them saw."""
    address = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or None


def lockout_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_message() -> str:
    minutes = lockout_seconds() // 60
    return (
        f"Too many failed logins for this user name or from this address. Logins are refused until "
        f"{minutes} minutes have passed without a failed attempt, or until an administrator unlocks them."
    )


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' response to a locked-out login. The admin login form and the token endpoint say it
    themselves, so their response stands; a login anywhere else gets a 429 with the message."""
    if original_response is not None and getattr(request, LOCKOUT_SHOWN, False):
        return original_response
    response = JsonResponse({"detail": lockout_message()}, status=429)
    response["Retry-After"] = str(lockout_seconds())
    return response


class AdminLoginForm(AdminAuthenticationForm):
    """The admin login form: a locked-out login gets a form error that says so, not a bare error page."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if self.request is not None and getattr(self.request, "axes_locked_out", False):
                setattr(self.request, LOCKOUT_SHOWN, True)
                raise ValidationError(lockout_message(), code="locked_out") from None
            raise
