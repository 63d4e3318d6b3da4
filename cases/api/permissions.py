"""Who may read and write through the API."""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions

from cases.services.visibility import has_analyst_rights

__all__ = ["CasebookPermission", "has_analyst_rights"]


class CasebookPermission(BasePermission):
    """Reading: any signed-in user (or anybody, where CASEBOOK_API_ANONYMOUS_READ is on).
    Writing: users with the model's add/change/delete permission, i.e. analysts."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return bool(request.user and request.user.is_authenticated) or settings.CASEBOOK_API_ANONYMOUS_READ
        if not (request.user and request.user.is_authenticated and has_analyst_rights(request.user)):
            return False
        if getattr(view, "queryset", None) is None and not hasattr(view, "get_queryset"):
            return False
        return DjangoModelPermissions().has_permission(request, view)
