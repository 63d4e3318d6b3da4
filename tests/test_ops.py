"""Operations: health endpoints, a 503 with Retry-After while the database is unreachable, one JSON line
per request, and production settings that pass Django's deployment checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.db import OperationalError
from django.test import TestCase, override_settings

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


class HealthTests(TestCase):
    def test_healthz_and_readyz(self):
        self.assertEqual(self.client.get("/healthz").json(), {"status": "ok"})
        body = self.client.get("/readyz").json()
        self.assertEqual(body, {"status": "ok", "database": "ok", "cache": "ok"})

    def test_readyz_says_what_is_down(self):
        with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("x")):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "5")
        self.assertEqual(response.json()["database"], "unavailable: OperationalError")


class DatabaseOutageTests(TestCase):
    def test_api_answers_503_json_with_retry_after(self):
        viewer = UserFactory.viewer()
        self.client.force_login(viewer)
        self.client.raise_request_exception = False
        with mock.patch("cases.api.views.CaseViewSet.list", side_effect=OperationalError("server closed")):
            response = self.client.get("/api/v1/cases/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response["Retry-After"], "5")
        self.assertIn("database", response.json()["detail"])

    def test_other_errors_stay_500(self):
        self.client.force_login(UserFactory.viewer())
        self.client.raise_request_exception = False
        with mock.patch("cases.api.views.CaseViewSet.list", side_effect=ValueError("bug")):
            response = self.client.get("/api/v1/cases/")
        self.assertEqual(response.status_code, 500)


class RequestLogTests(TestCase):
    def test_one_json_line_per_request_with_user_status_and_duration(self):
        user = UserFactory.viewer(username="reader")
        self.client.force_login(user)
        with self.assertLogs("casebook.requests", level="INFO") as logs:
            self.client.get("/api/v1/cases/?q=secret")
        line = json.loads(logs.records[-1].getMessage())
        self.assertEqual(
            (line["method"], line["path"], line["status"], line["user"]), ("GET", "/api/v1/cases/", 200, "reader")
        )
        self.assertGreaterEqual(line["duration_ms"], 0)
        self.assertNotIn("secret", logs.records[-1].getMessage())


class ProductionSettingsTests(TestCase):
    """The README's production configuration passes `check --deploy` with no warning."""

    def run_manage(self, *args, **env):
        environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
        environment.update(env)
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
        )

    def test_check_deploy_is_clean(self):
        result = self.run_manage(
            "check", "--deploy", "--fail-level", "WARNING",
            CASEBOOK_ENV="production", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="casebook.example.org",
            CASEBOOK_BEHIND_TLS_PROXY="true", CASEBOOK_HSTS_PRELOAD="true",
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_static_files_are_compressed_and_hashed_in_production(self):
        code = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
        result = self.run_manage(
            "shell", "-v0", "-c", code, CASEBOOK_ENV="production", SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="casebook.example.org",
        )  # fmt: skip
        self.assertEqual(
            result.stdout.strip(), "whitenoise.storage.CompressedManifestStaticFilesStorage", result.stderr
        )


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz$", r"^readyz$"])
class HealthOverPlainHTTPTests(TestCase):
    def test_health_is_not_redirected_to_https(self):
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        self.assertEqual(self.client.get("/api/v1/cases/").status_code, 301)
