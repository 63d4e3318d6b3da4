"""Configuration: production refuses to start without a real SECRET_KEY and ALLOWED_HOSTS."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def start(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", PROGRAM],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


class ProductionSettingsTests(SimpleTestCase):
    def test_refuses_without_secret_key(self):
        result = start(CASEBOOK_ENV="production", ALLOWED_HOSTS="casebook.example.org")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_refuses_short_secret_key(self):
        result = start(CASEBOOK_ENV="production", SECRET_KEY="short", ALLOWED_HOSTS="casebook.example.org")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_refuses_without_allowed_hosts(self):
        result = start(CASEBOOK_ENV="production", SECRET_KEY="x" * 50)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ALLOWED_HOSTS", result.stderr)

    def test_refuses_debug_in_production(self):
        result = start(CASEBOOK_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="a.example", DEBUG="true")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEBUG", result.stderr)

    def test_starts_when_configured(self):
        result = start(CASEBOOK_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="casebook.example.org")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "False")

    def test_development_defaults(self):
        result = start(CASEBOOK_ENV="development")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "True")


class EnvironmentNameTests(SimpleTestCase):
    """CASEBOOK_ENV is development or production (case and surrounding spaces aside); anything else refuses
    to start rather than run in development with DEBUG on."""

    def test_unknown_environment_refuses_to_start(self):
        for value in ("prod", "Prod", "staging", "dev", "production1", "development production", "test"):
            with self.subTest(value=value):
                result = start(CASEBOOK_ENV=value, SECRET_KEY="x" * 50, ALLOWED_HOSTS="casebook.example.org")
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("ImproperlyConfigured", result.stderr)
                self.assertIn("CASEBOOK_ENV must be development or production", result.stderr)

    def test_case_and_spaces_do_not_matter(self):
        for value in ("production ", " PRODUCTION", "Production\n"):
            with self.subTest(value=value):
                self.assertIn("SECRET_KEY", start(CASEBOOK_ENV=value).stderr)
                result = start(CASEBOOK_ENV=value, SECRET_KEY="x" * 50, ALLOWED_HOSTS="casebook.example.org")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout.strip(), "False")
        for value in ("Development ", ""):
            with self.subTest(value=value):
                result = start(CASEBOOK_ENV=value)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout.strip(), "True")
