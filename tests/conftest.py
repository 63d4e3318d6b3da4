"""Shared test set-up."""

import pytest
from django.core.cache import cache
from django.test import SimpleTestCase


def _reaches_database(request) -> bool:
    if request.node.get_closest_marker("django_db"):
        return True
    cls = request.cls
    return cls is not None and issubclass(cls, SimpleTestCase) and bool(cls.databases)


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Throttle counters live in the shared cache; every test starts with none. The cache is a database
    table (or, with REDIS_URL set, that Redis database, which is emptied), so only tests that may reach
    the test database clear it; the others cannot touch it either. Not again after the test: a
    TransactionTestCase has closed its connections by then, and one opened here would outlive it."""
    if _reaches_database(request):
        cache.clear()
    yield
