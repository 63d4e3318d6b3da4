"""Create the Analyst, Reviewer and Viewer groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here (not imported from cases.roles): a migration must create the same groups whatever the code
# says later. Permissions of models added later are granted by later migrations.
CURATED_MODELS = [
    "case", "caseagency", "defendant", "employment", "charge", "sentence", "source",
    "person", "organization", "agency", "statute", "statutorypenalty", "district",
]  # fmt: skip
DELETABLE_MODELS = ["caseagency", "defendant", "employment", "charge", "sentence", "source"]
ANALYST = [("cases", f"{a}_{m}") for m in CURATED_MODELS for a in ("add", "change", "view")]
ANALYST += [("cases", f"delete_{m}") for m in DELETABLE_MODELS] + [("cases", "view_draft_case")]
GROUP_PERMISSIONS = {
    "Analyst": lambda: ANALYST,
    "Reviewer": lambda: [*ANALYST, ("cases", "publish_case")],
    "Viewer": list,
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = permissions()
        found = [
            Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted
        ]
        group.permissions.set(found)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(GROUP_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
