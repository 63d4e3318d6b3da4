"""The loader never undoes curation: an analyst's correction, a retraction and an edited statute survive
every later load (and every start of scripts/run.sh); only an explicit --replace loads the file over them."""

import os
import shutil
import subprocess
import tempfile
import unittest
import uuid
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from cases import choices
from cases.models import Case, Statute
from cases.services.curated import FIXTURES_DIR, casebook_load
from cases.services.curation import case_edit, case_retract, record_edit
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
CASES = ["us-v-ping-li.yaml", "us-v-hanssen.yaml", "us-v-montes.yaml"]


def small_fixtures() -> Path:
    folder = Path(tempfile.mkdtemp())
    (folder / "cases").mkdir()
    for name in ("districts.yaml", "statutes.yaml", "agencies.yaml"):
        shutil.copy(FIXTURES_DIR / name, folder / name)
    for name in CASES:
        shutil.copy(FIXTURES_DIR / "cases" / name, folder / "cases" / name)
    return folder


class LoaderKeepsCurationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        folder = small_fixtures()
        casebook_load(fixtures_dir=folder)
        shutil.rmtree(folder)
        cls.analyst = UserFactory.analyst()
        cls.reviewer = UserFactory.reviewer()

    def setUp(self):
        self.fixtures = small_fixtures()  # a copy per test: tests change their files
        self.addCleanup(shutil.rmtree, self.fixtures, True)

    def correct_and_retract(self):
        li = Case.objects.get(slug="us-v-ping-li")
        self.assertEqual(li.curation_status, choices.CurationStatus.PUBLISHED)
        with case_edit(case_id=li.pk, user=self.analyst, version=li.version, reason="Summary from the plea") as case:
            case.summary = "Corrected by an analyst."
            case._change_reason = "Summary from the plea"
            case.save()
        hanssen = Case.objects.get(slug="us-v-hanssen")
        case_retract(case=hanssen, user=self.reviewer, reason="Duplicate of another record")
        statute = Statute.objects.get(citation="18 U.S.C. 951")
        with record_edit(instance=statute, user=self.analyst, reason="Title as in the code"):
            statute.short_name = "Agents of foreign governments"
            statute.save()

    def test_a_second_load_keeps_the_correction_the_retraction_and_the_statute(self):
        self.correct_and_retract()
        li_before = Case.objects.get(slug="us-v-ping-li")
        # Version 2 for the correction, 3 for the statute it shows (18 U.S.C. 951, its object offence).
        self.assertEqual((li_before.curation_status, li_before.version), (choices.CurationStatus.IN_REVIEW, 3))
        # The file changed meanwhile too: a touched case is still not overwritten.
        path = self.fixtures / "cases" / "us-v-ping-li.yaml"
        path.write_text(path.read_text().replace("four years in prison", "48 months in prison"))
        report = casebook_load(fixtures_dir=self.fixtures)
        li = Case.objects.get(slug="us-v-ping-li")
        self.assertEqual(li.summary, "Corrected by an analyst.")
        self.assertEqual((li.curation_status, li.version), (choices.CurationStatus.IN_REVIEW, 3))
        self.assertIn("us-v-ping-li", report.kept)
        self.assertTrue(any("summary" in line for line in report.kept["us-v-ping-li"]), report.kept)
        self.assertEqual(Case.objects.get(slug="us-v-hanssen").curation_status, choices.CurationStatus.RETRACTED)
        self.assertEqual(Statute.objects.get(citation="18 U.S.C. 951").short_name, "Agents of foreign governments")
        self.assertTrue(any("18 U.S.C. 951" in row for row in report.kept_rows), report.kept_rows)
        # An untouched case is unaffected and the load wrote nothing over anyone.
        self.assertEqual(Case.objects.get(slug="us-v-montes").curation_status, choices.CurationStatus.PUBLISHED)

    def test_the_command_lists_what_it_kept_and_replace_loads_the_file(self):
        self.correct_and_retract()
        for name in ("us-v-ping-li.yaml", "us-v-hanssen.yaml"):  # files edited since the load
            path = self.fixtures / "cases" / name
            path.write_text(path.read_text() + "\n# reviewed\n")
        out = StringIO()
        call_command("load_casebook", fixtures=self.fixtures, stdout=out, stderr=StringIO())
        self.assertIn("Kept as analysts left it: us-v-ping-li", out.getvalue())
        self.assertIn("Kept as analysts left it: us-v-hanssen", out.getvalue())
        call_command(
            "load_casebook", fixtures=self.fixtures, replace=["us-v-ping-li"], stdout=StringIO(), stderr=StringIO()
        )
        li = Case.objects.get(slug="us-v-ping-li")
        self.assertNotEqual(li.summary, "Corrected by an analyst.")
        self.assertEqual(li.curation_status, choices.CurationStatus.PUBLISHED)
        self.assertEqual(li.version, 4)  # raised, so an editor holding version 3 must reload
        self.assertEqual(Case.objects.get(slug="us-v-hanssen").curation_status, choices.CurationStatus.RETRACTED)

    def test_an_untouched_case_follows_its_file(self):
        path = self.fixtures / "cases" / "us-v-montes.yaml"
        text = path.read_text()
        self.assertIn("summary:", text)
        path.write_text(text.replace("summary: >-\n", "summary: >-\n  Revised.\n", 1))
        casebook_load(fixtures_dir=self.fixtures)
        montes = Case.objects.get(slug="us-v-montes")
        self.assertTrue(montes.summary.startswith("Revised."))
        self.assertEqual(montes.curation_status, choices.CurationStatus.PUBLISHED)
        report = casebook_load(fixtures_dir=self.fixtures)
        self.assertEqual((report.total_written, report.unchanged), (0, len(CASES)))


class RunScriptKeepsCurationTests(unittest.TestCase):
    """`bash scripts/run.sh` twice in a row (serving skipped) keeps an analyst's correction and a retraction."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        db = settings.DATABASES["default"]
        if connection.vendor == "postgresql":
            name = f"casebook_runsh_{uuid.uuid4().hex[:8]}"
            self.admin_sql(f'CREATE DATABASE "{name}"')
            self.addCleanup(self.admin_sql, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            user, host, port = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
            self.url = f"postgres://{user}@{host}:{port}/{name}"
        else:
            self.url = f"sqlite:///{self.folder / 'run.sqlite3'}"
        self.addCleanup(shutil.rmtree, self.folder, True)

    def admin_sql(self, sql):
        import psycopg

        db = settings.DATABASES["default"]
        with psycopg.connect(
            host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432, user=db.get("USER") or "postgres",
            dbname="postgres", autocommit=True,
        ) as conn:  # fmt: skip
            conn.execute(sql)

    def run_script(self, *args, **env):
        environment = {**os.environ, "DATABASE_URL": self.url, "CASEBOOK_SETUP_ONLY": "1", **env}
        environment.pop("DJANGO_SETTINGS_MODULE", None)
        result = subprocess.run(args, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900)
        self.assertEqual(result.returncode, 0, result.stdout[-2000:] + result.stderr[-2000:])
        return result.stdout

    def test_run_twice_keeps_a_correction_and_a_retraction(self):
        self.run_script("bash", "scripts/run.sh")
        edit = """
from cases.models import Case
from cases.services.curation import case_edit, case_retract
from tests.factories import UserFactory
analyst, reviewer = UserFactory.analyst(), UserFactory.reviewer()
li = Case.objects.get(slug="us-v-ping-li")
with case_edit(case_id=li.pk, user=analyst, version=li.version, reason="From the plea") as case:
    case.summary = "Corrected by an analyst."
    case.save()
case_retract(case=Case.objects.get(slug="us-v-hanssen"), user=reviewer, reason="Duplicate")
"""
        self.run_script(".venv/bin/python", "manage.py", "shell", "-c", edit)
        self.run_script("bash", "scripts/run.sh")
        check = """
from cases.models import Case
li, h = Case.objects.get(slug="us-v-ping-li"), Case.objects.get(slug="us-v-hanssen")
print(li.summary, li.curation_status, li.version, h.curation_status, sep="|")
"""
        result = self.run_script(".venv/bin/python", "manage.py", "shell", "-c", check).strip().splitlines()[-1]
        self.assertEqual(result, "Corrected by an analyst.|in_review|2|retracted")
