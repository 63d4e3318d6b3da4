"""The analysts' admin: a case page on which a whole case can be entered, lists with the filters
analysts use, the review workflow, and the change history of every record."""

from django.contrib import admin
from rest_framework.authtoken import admin as _token_admin  # noqa: F401 - registered first, so it can be removed
from rest_framework.authtoken.models import TokenProxy

from cases.admin import case, records  # noqa: F401 - registers the admin pages

# A token is its owner's credential: no page lists, shows or mints tokens for other users (not even for a
# superuser, who would then act under another name). See `manage.py issue_token` for program accounts.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
