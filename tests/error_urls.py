"""The project's URLs plus an API view that fails, to see what a server error looks like."""

from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def failing_view(request):
    raise RuntimeError("A deliberate failure.")


urlpatterns = [path("api/v1/failing/", failing_view), path("failing/", failing_view), *urlpatterns]
