"""URLs of the API, under /api/v1/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from cases.api import auth, releases, views

app_name = "api"

router = DefaultRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("sentences", views.SentenceViewSet, basename="sentence")
router.register("defendants", views.DefendantViewSet, basename="defendant")
router.register("charges", views.ChargeViewSet, basename="charge")
router.register("sources", views.SourceViewSet, basename="source")
router.register("people", views.PersonViewSet, basename="person")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("statutes", views.StatuteViewSet, basename="statute")
router.register("districts", views.DistrictViewSet, basename="district")

urlpatterns = [
    path("stats/sentences/", views.SentenceStatisticsView.as_view(), name="stats-sentences"),
    path("stats/facets/", views.FacetsView.as_view(), name="stats-facets"),
    path("export/sentences.<str:fmt>", views.SentenceExportView.as_view(), name="export-sentences"),
    path("export/cases.<str:fmt>", views.CaseExportView.as_view(), name="export-cases"),
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("releases/parse/", releases.ReleaseParseView.as_view(), name="release-parse"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
]
