"""Login lockout (django-axes) on the token endpoint and the admin login: the right password is refused
after repeated failures, the rules per user name and per address, the unlock paths, and a lockout that
lives in the database rather than in one process."""

from unittest import mock

from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client, SimpleTestCase, TestCase, override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import UserFactory
from tests.test_throttling import another_process_cache, settings_in_a_new_process

PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.5"
ELSEWHERE = "198.51.100.7"
TOKEN_URL = "/api/v1/auth/token/"
LOGIN_URL = "/admin/login/"
LOCKED = "Too many failed logins"


class LockoutTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.alice = UserFactory.analyst(username="alice")
        cls.bob = UserFactory.analyst(username="bob")

    def setUp(self):
        # The per-address login rate would answer before the lockout does; these tests are about the lockout.
        rates = {**SimpleRateThrottle.THROTTLE_RATES, "login": "1000/minute"}
        patcher = mock.patch.object(SimpleRateThrottle, "THROTTLE_RATES", rates)
        patcher.start()
        self.addCleanup(patcher.stop)

    def token(self, username, password, address=ATTACKER):
        return APIClient().post(TOKEN_URL, {"username": username, "password": password}, REMOTE_ADDR=address)

    def admin_login(self, username, password, address=ATTACKER):
        client = Client()
        response = client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address)
        return client, response

    def fail_logins(self, username, times=None, address=ATTACKER):
        return [self.token(username, "wrong", address).status_code for _ in range(times or settings.AXES_FAILURE_LIMIT)]

    def assertTokenLocked(self, response):
        self.assertEqual(response.status_code, 429)
        self.assertIn(LOCKED, response.json()["detail"])
        self.assertNotIn("token", response.json())
        self.assertEqual(response["Retry-After"], str(int(settings.AXES_COOLOFF_TIME.total_seconds())))

    def assertAdminRefused(self, username, password=PASSWORD, address=ATTACKER):
        client, response = self.admin_login(username, password, address)
        self.assertEqual(response.status_code, 200)  # the login page again, with the reason as its form error
        self.assertIn(LOCKED, " ".join(response.context["form"].non_field_errors()))
        self.assertNotIn("_auth_user_id", client.session)


class TokenLockoutTests(LockoutTestCase):
    def test_right_password_refused_after_the_failure_limit(self):
        codes = self.fail_logins("alice")
        # Every failure before the limit is an ordinary "wrong password"; the one that reaches it locks.
        self.assertEqual(codes, [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429])
        self.assertTokenLocked(self.token("alice", PASSWORD))
        self.assertFalse(Token.objects.filter(user=self.alice).exists())

    def test_below_the_limit_the_right_password_works(self):
        self.fail_logins("alice", times=settings.AXES_FAILURE_LIMIT - 1)
        response = self.token("alice", PASSWORD)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["token"], Token.objects.get(user=self.alice).key)

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_the_limit_is_a_setting(self):
        self.assertEqual(self.fail_logins("alice", times=3), [400, 400, 429])
        self.assertTokenLocked(self.token("alice", PASSWORD))

    def test_failures_on_the_admin_count_for_the_api_too(self):
        half = settings.AXES_FAILURE_LIMIT // 2
        for _ in range(settings.AXES_FAILURE_LIMIT - half):
            self.admin_login("alice", "wrong")
        self.fail_logins("alice", times=half)
        self.assertTokenLocked(self.token("alice", PASSWORD))


class AdminLockoutTests(LockoutTestCase):
    def test_right_password_refused_after_the_failure_limit(self):
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            _, response = self.admin_login("alice", "wrong")
            self.assertEqual(response.status_code, 200)
            errors = " ".join(response.context["form"].non_field_errors())
            if attempt < settings.AXES_FAILURE_LIMIT - 1:
                self.assertIn("correct username and password", errors)
            else:
                self.assertIn(LOCKED, errors)
        self.assertAdminRefused("alice")

    def test_the_right_password_logs_in_before_the_limit(self):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.admin_login("alice", "wrong")
        client, response = self.admin_login("alice", PASSWORD)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(client.session["_auth_user_id"], str(self.alice.pk))

    def test_failures_on_the_api_lock_the_admin_too(self):
        self.fail_logins("alice")
        self.assertAdminRefused("alice")


class LockoutPolicyTests(LockoutTestCase):
    """Failures count per user name (from any address) and per client address (for any name): guessing one
    account from many addresses and trying many names from one address are both stopped. A user with
    another name, from another address, is not affected."""

    def test_another_user_from_another_address_logs_in(self):
        self.fail_logins("alice")
        self.assertEqual(self.token("bob", PASSWORD, address=ELSEWHERE).status_code, 200)
        _, response = self.admin_login("bob", PASSWORD, address=ELSEWHERE)
        self.assertEqual(response.status_code, 302)

    def test_the_guessed_name_is_locked_from_every_address(self):
        self.fail_logins("alice")
        self.assertTokenLocked(self.token("alice", PASSWORD, address=ELSEWHERE))
        self.assertAdminRefused("alice", address=ELSEWHERE)

    def test_the_guessing_address_is_locked_for_every_name(self):
        for number in range(settings.AXES_FAILURE_LIMIT):
            self.token(f"nobody{number}", "wrong")  # spraying: one try per name
        self.assertTokenLocked(self.token("bob", PASSWORD))
        self.assertEqual(self.token("bob", PASSWORD, address=ELSEWHERE).status_code, 200)

    @override_settings(AXES_LOCKOUT_PARAMETERS=[["username", "ip_address"]])
    def test_per_pair_policy_locks_only_that_name_from_that_address(self):
        # CASEBOOK_LOGIN_LOCKOUT_BY=username+ip_address
        self.fail_logins("alice")
        self.assertTokenLocked(self.token("alice", PASSWORD))
        self.assertEqual(self.token("alice", PASSWORD, address=ELSEWHERE).status_code, 200)
        self.assertEqual(self.token("bob", PASSWORD).status_code, 200)

    def test_the_lockout_is_not_kept_in_process_memory(self):
        # Failures are rows in the database: a worker that never saw them (its own memory and cache
        # client fresh, the shared cache emptied) still refuses.
        self.fail_logins("alice")
        another_process_cache().clear()
        self.assertTokenLocked(self.token("alice", PASSWORD, address=ELSEWHERE))


class UnlockTests(LockoutTestCase):
    def test_command_unlocks_a_user_name(self):
        self.fail_logins("alice")
        call_command("axes_reset_username", "alice", stdout=mock.MagicMock())
        self.assertEqual(self.token("alice", PASSWORD).status_code, 200)

    def test_command_unlocks_an_address(self):
        for number in range(settings.AXES_FAILURE_LIMIT):
            self.token(f"nobody{number}", "wrong")
        self.assertTokenLocked(self.token("bob", PASSWORD))
        call_command("axes_reset_ip", ATTACKER, stdout=mock.MagicMock())
        self.assertEqual(self.token("bob", PASSWORD).status_code, 200)

    def test_administrator_unlocks_in_the_admin(self):
        self.fail_logins("alice")
        admin = Client()
        admin.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
        listing = admin.get("/admin/axes/accessattempt/")
        self.assertContains(listing, "alice")
        ids = list(AccessAttempt.objects.filter(username="alice").values_list("pk", flat=True))
        response = admin.post(
            "/admin/axes/accessattempt/",
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(AccessAttempt.objects.filter(username="alice").exists())
        _, response = self.admin_login("alice", PASSWORD)
        self.assertEqual(response.status_code, 302)

    def test_analysts_cannot_unlock(self):
        analyst = Client()
        analyst.force_login(self.bob)
        self.assertEqual(analyst.get("/admin/axes/accessattempt/").status_code, 403)


class LockoutSettingsTests(SimpleTestCase):
    def lockout_by(self, value):
        return settings_in_a_new_process("settings.AXES_LOCKOUT_PARAMETERS", CASEBOOK_LOGIN_LOCKOUT_BY=value)

    def test_defaults(self):
        result = settings_in_a_new_process(
            "settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds(), "
            "settings.AXES_LOCKOUT_PARAMETERS, settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['login']",
            CASEBOOK_LOGIN_FAILURE_LIMIT="",
            CASEBOOK_LOGIN_COOLOFF_MINUTES="",
            CASEBOOK_LOGIN_LOCKOUT_BY="",
            CASEBOOK_THROTTLE_LOGIN="",
        )
        self.assertEqual(result.stdout.strip(), "10 900.0 ['username', 'ip_address'] 10/minute")

    def test_rules_from_the_environment(self):
        self.assertEqual(self.lockout_by("username+ip_address").stdout.strip(), "[['username', 'ip_address']]")
        self.assertEqual(self.lockout_by("ip_address").stdout.strip(), "['ip_address']")

    def test_unknown_rule_refused(self):
        result = self.lockout_by("username,password")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("CASEBOOK_LOGIN_LOCKOUT_BY", result.stderr)

    def test_limits_from_the_environment(self):
        result = settings_in_a_new_process(
            "settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds(), "
            "settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['login']",
            CASEBOOK_LOGIN_FAILURE_LIMIT="5",
            CASEBOOK_LOGIN_COOLOFF_MINUTES="60",
            CASEBOOK_THROTTLE_LOGIN="3/minute",
        )
        self.assertEqual(result.stdout.strip(), "5 3600.0 3/minute")
        self.assertNotEqual(settings_in_a_new_process(CASEBOOK_LOGIN_FAILURE_LIMIT="0").returncode, 0)
