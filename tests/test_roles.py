"""The user groups created by migration and what they may do."""

from io import StringIO

from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.test import TestCase
from rest_framework.authtoken.models import Token

from cases.roles import ANALYST, REVIEWER, VIEWER
from tests.factories import UserFactory


class RoleTests(TestCase):
    def test_groups_exist(self):
        self.assertEqual(set(Group.objects.values_list("name", flat=True)) >= {ANALYST, REVIEWER, VIEWER}, True)

    def test_analyst_may_curate_but_not_publish_or_delete_cases(self):
        analyst = UserFactory.analyst()
        self.assertTrue(analyst.has_perm("cases.add_case"))
        self.assertTrue(analyst.has_perm("cases.view_draft_case"))
        self.assertTrue(analyst.has_perm("cases.delete_charge"))
        self.assertFalse(analyst.has_perm("cases.delete_case"))
        self.assertFalse(analyst.has_perm("cases.publish_case"))

    def test_reviewer_may_publish(self):
        self.assertTrue(UserFactory.reviewer().has_perm("cases.publish_case"))

    def test_viewer_has_no_model_rights(self):
        viewer = UserFactory.viewer()
        self.assertFalse(viewer.is_staff)
        self.assertFalse(viewer.has_perm("cases.view_case"))
        self.assertFalse(viewer.has_perm("cases.view_draft_case"))

    def test_demo_analyst_command_prints_a_working_login(self):
        out = StringIO()
        call_command("demo_analyst", stdout=out)
        text = out.getvalue()
        password = text.split("password '")[1].split("'")[0]
        # django-axes checks every login against its client, so authenticate() needs a request.
        user = authenticate(HttpRequest(), username="analyst", password=password)
        self.assertIsNotNone(user)
        self.assertTrue(user.is_staff)
        self.assertTrue(user.has_perm("cases.add_case"))
        token = text.split("API token: ")[1].strip()
        self.assertEqual(user.auth_token.key, token)

    def test_no_token_pages_in_the_admin(self):
        """A token is its owner's credential: no admin page shows or mints one, whatever the role."""
        program = UserFactory.viewer(username="etl-program")
        Token.objects.create(user=program)
        superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
        for user in (UserFactory.analyst(), UserFactory.reviewer(), superuser):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get("/admin/authtoken/tokenproxy/").status_code, 404)
                self.assertEqual(self.client.get("/admin/authtoken/token/").status_code, 404)
                response = self.client.post("/admin/authtoken/tokenproxy/add/", {"user": superuser.pk})
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(program.auth_token.key, self.client.get("/admin/").content.decode())
        self.assertFalse(Token.objects.filter(user=superuser).exists())

    def test_issue_token_command_for_program_accounts(self):
        program = UserFactory.viewer(username="etl-program")
        out = StringIO()
        call_command("issue_token", "etl-program", stdout=out)
        key = out.getvalue().strip()
        self.assertEqual(Token.objects.get(user=program).key, key)
        out = StringIO()
        call_command("issue_token", "etl-program", "--rotate", stdout=out)
        self.assertNotEqual(out.getvalue().strip(), key)
        with self.assertRaises(CommandError):
            call_command("issue_token", "nobody")


class GroupMigrationTests(TestCase):
    def test_groups_have_exactly_the_documented_permissions(self):
        from django.contrib.auth.models import Permission

        from cases.roles import GROUP_PERMISSIONS

        for name, expected in GROUP_PERMISSIONS.items():
            with self.subTest(group=name):
                granted = Permission.objects.filter(group__name=name).values_list("content_type__app_label", "codename")
                self.assertEqual(set(granted), set(expected()))
