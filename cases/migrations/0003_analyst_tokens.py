"""Analysts manage API tokens for programs: create, view and revoke them in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TOKEN_PERMISSIONS = ["add_tokenproxy", "view_tokenproxy", "delete_tokenproxy"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="authtoken", codename__in=TOKEN_PERMISSIONS)
    for group in Group.objects.filter(name__in=["Analyst", "Reviewer"]):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="authtoken", codename__in=TOKEN_PERMISSIONS)
    for group in Group.objects.filter(name__in=["Analyst", "Reviewer"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_groups"), ("authtoken", "0004_alter_tokenproxy_options")]

    operations = [migrations.RunPython(grant, revoke)]
