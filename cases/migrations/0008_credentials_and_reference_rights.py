"""No group may view, add or change API tokens (a token is its owner's credential: seeing or minting one
for another user is acting as that user), and the 94 federal districts are reference data that no group
edits."""

from django.db import migrations

REVOKED = [
    ("authtoken", "add_tokenproxy"),
    ("authtoken", "view_tokenproxy"),
    ("authtoken", "change_tokenproxy"),
    ("authtoken", "delete_tokenproxy"),
    ("authtoken", "add_token"),
    ("authtoken", "view_token"),
    ("authtoken", "change_token"),
    ("authtoken", "delete_token"),
    ("cases", "add_district"),
    ("cases", "change_district"),
    ("cases", "delete_district"),
]


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_label, codename in REVOKED:
        for permission in Permission.objects.filter(content_type__app_label=app_label, codename=codename):
            for group in Group.objects.all():
                group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_review_event_permissions"), ("authtoken", "0004_alter_tokenproxy_options")]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
