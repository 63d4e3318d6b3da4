from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using="default", **kwargs):
    """Every `migrate` leaves the database cache's table in place (no-op when it exists or when the cache
    is Redis), so a fresh clone, a deployment and the test databases all have the shared cache."""
    call_command("createcachetable", database=using, verbosity=0)


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = "Casebook"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="cases.create_cache_table")
