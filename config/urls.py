"""URL configuration: the analysts' admin at /admin/ and the API at /api/v1/."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from cases import ops
from cases.logins import AdminLoginForm

admin.site.site_header = "Casebook"
admin.site.site_title = "Casebook"
admin.site.index_title = "Insider-threat and espionage cases"
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("cases.api.urls")),
    path("nested_admin/", include("nested_admin.urls")),
]

# Under /api/ these answer in JSON, in the API's error shape; elsewhere Django's own pages.
handler400 = "cases.api.errors.bad_request"
handler403 = "cases.api.errors.permission_denied"
handler404 = "cases.api.errors.page_not_found"
handler500 = "cases.api.errors.server_error"
