"""The data report (what blocks publication, what is weak) and the coverage report against public lists."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from cases import choices
from cases.services.coverage import coverage_report
from cases.services.quality import data_report
from tests import api_data
from tests.factories import UserFactory


class DataReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        api_data.build(cls)

    def test_findings_per_case_and_totals(self):
        report = data_report()
        by_slug = {case.slug: case for case in report.cases}
        # Case B is sentenced but Pendle's charge is still pending; nobody names a judge; every charge's statute
        # is stated (the factory's default); sources are DOJ releases (primary).
        self.assertEqual(by_slug["b"].weak.get("counts_without_fate"), 1)
        self.assertIn("no_judge", by_slug["a"].weak)
        self.assertNotIn("inferred_statutes", by_slug["a"].weak)
        self.assertNotIn("no_primary_source", by_slug["a"].weak)
        # The publication checks are the blocking findings: Pendle's pending disposition blocks case B.
        self.assertTrue(by_slug["b"].blocking)
        self.assertEqual(report.sources[choices.SourceGrade.PRIMARY], 4)  # cases a to d; e is synthetic
        self.assertNotIn("e", by_slug)  # synthetic cases are out

    def test_inferred_statutes_and_tertiary_sources_are_counted(self):
        charge = self.a1.charges.get()
        charge.statute_basis = choices.FactBasis.INFERRED
        charge.save()
        self.case_a.sources.update(grade=choices.SourceGrade.TERTIARY)
        case = {c.slug: c for c in data_report().cases}["a"]
        self.assertEqual(case.weak["inferred_statutes"], 1)
        self.assertIn("only_tertiary_sources", case.weak)
        out = StringIO()
        call_command("data_report", "--weak-only", stdout=out)
        self.assertIn("statutes read from described offences", out.getvalue())
        self.assertIn("1 inferred", out.getvalue())

    def test_admin_page(self):
        self.client.force_login(UserFactory.analyst())
        response = self.client.get("/admin/cases/case/data-report/")
        self.assertContains(response, 'data-slug="b"')
        self.assertContains(response, "counts still pending in a closed case")


class CoverageReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        api_data.build(cls)

    def lists(self, text: str) -> Path:
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, True)
        (folder / "example-list.yaml").write_text(text)
        return folder

    LIST = """name: Example list
url: https://example.org/list
entries:
  - {name: Ada Quillfeather, year: 2024, casebook: a}
  - {name: "Oakhurst, Cyril", year: 2002, casebook: null, missing_reason: null}
  - {name: Someone Abroad, year: 1999, casebook: null, missing_reason: not_a_us_prosecution}
  - {name: Not Yet, year: 2020, casebook: null, missing_reason: not_yet_entered}
"""

    def test_held_by_slug_or_by_name_and_missing_by_reason(self):
        (coverage,) = coverage_report(self.lists(self.LIST))
        self.assertEqual([e.held_by for e in coverage.entries], ["a", "c", None, None])
        self.assertEqual(coverage.missing_by_reason()["not_a_us_prosecution"], 1)
        self.assertEqual(coverage.missing_by_reason()["not_yet_entered"], 1)
        out = StringIO()
        call_command("coverage_report", lists=self.lists(self.LIST), missing=True, stdout=out)
        self.assertIn("Example list: 4 entries, 2 held, 2 missing", out.getvalue())
        self.assertIn("Someone Abroad (1999): not a US prosecution", out.getvalue())

    def test_a_bad_list_names_the_file_and_entry(self):
        with self.assertRaises(CommandError) as raised:
            call_command("coverage_report", lists=self.lists("entries:\n  - {year: 2001}\n"), stdout=StringIO())
        self.assertIn("example-list.yaml entries[0]", str(raised.exception))

    def test_admin_page(self):
        self.client.force_login(UserFactory.analyst())
        response = self.client.get("/admin/cases/case/coverage/")
        self.assertEqual(response.status_code, 200)
