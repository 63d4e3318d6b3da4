"""In a real browser (Debian's Chromium driven by Playwright): the statistics page, and a whole case
entered through the admin as an analyst would. Skipped, with the reason, where Chromium is missing."""

import os
import re
import shutil
import unittest
from decimal import Decimal

from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from cases import choices
from cases.models import Case
from cases.roles import ensure_groups
from tests import api_data
from tests.factories import AgencyFactory, DistrictFactory, PersonFactory, StatuteFactory, UserFactory

CHROMIUM = os.environ.get("CASEBOOK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - requirements.txt installs it
    sync_playwright = None

REASON = (
    "needs Chromium (Debian package 'chromium'; .ci/run installs it) and the playwright package"
    if not (os.path.exists(CHROMIUM) and sync_playwright)
    else ""
)
PASSWORD = "correct horse battery staple"
if REASON and os.environ.get("CASEBOOK_REQUIRE_BROWSER"):
    raise RuntimeError(f"Browser tests are required here but cannot run: {REASON}")


@unittest.skipIf(REASON, REASON)
class BrowserTestCase(StaticLiveServerTestCase):
    @classmethod
    def setUpClass(cls):
        # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are safe.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )  # fmt: skip

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()

    def setUp(self):
        ensure_groups()  # a live-server test empties the tables after each test, groups included
        self.page = self.browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.set_default_timeout(15000)
        self.addCleanup(self.page.close)

    def login(self, username):
        self.page.goto(f"{self.live_server_url}/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("input[type=submit]")
        self.page.wait_for_url(re.compile(r".*/admin/$"))


class StatisticsInBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        api_data.build(self)
        UserFactory.analyst(username="ana")

    def test_pick_sector_filter_china_and_click_through(self):
        self.login("ana")
        self.page.goto(f"{self.live_server_url}/admin/cases/case/statistics/")
        self.page.select_option("#id_group_by", "sector")
        self.page.select_option("#id_country", ["CN"])
        self.page.click("#stats-form input[type=submit]")
        self.page.wait_for_selector("#stats-table")
        rows = {
            row.get_attribute("data-key"): row.locator("td.median").inner_text()
            for row in self.page.locator("#stats-table tbody tr[data-key]").all()
        }
        # China: chemical (b1 24 months; b2 time served) and communications (a1 48 months).
        self.assertEqual(rows, {"chemical": "24.00", "communications": "48.00"})
        self.assertEqual(self.page.locator("#chart-box-plot svg rect.box").count(), 2)
        self.assertTrue(self.page.locator("#chart-timeline svg rect.bar").count() >= 2)
        self.page.locator("#chart-box-plot svg a.group-link rect.box").first.click()  # chemical: the first group
        self.page.wait_for_url(re.compile(r".*/admin/cases/case/\?.*"))
        self.assertIn("United States v. Brightwater", self.page.content())
        self.assertNotIn("United States v. Quillfeather", self.page.content())


class CaseEntryInBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        UserFactory.analyst(username="ana")
        DistrictFactory(code="flmd", name="Middle District of Florida")
        StatuteFactory(section="371", short_name="Conspiracy")
        StatuteFactory(section="951", short_name="Agent of a foreign government")
        AgencyFactory(key="CN-MSS", name="Ministry of State Security", abbreviation="MSS")
        PersonFactory(given_name="Ping", family_name="Li")

    def autocomplete(self, field_id, text, choice):
        self.page.locator(f"#{field_id} + .select2 .select2-selection").click()
        self.page.locator(".select2-container--open .select2-search__field").fill(text)
        self.page.locator(".select2-results__option", has_text=choice).first.click()

    def add_inline(self, model):
        """Click the visible 'Add another ...' of a nested inline (the first defendant's, for its parts)."""
        self.page.locator(f"a.djn-add-handler.djn-model-cases-{model}:visible").first.click()

    def test_enter_a_whole_case(self):
        self.login("ana")
        page = self.page
        page.goto(f"{self.live_server_url}/admin/cases/case/add/")
        page.locator("#id_caption").press_sequentially("United States v. Ping Li")
        self.assertEqual(page.input_value("#id_slug"), "united-states-v-ping-li")  # filled in by the page
        self.autocomplete("id_district", "Middle", "Middle District of Florida")
        page.select_option("#id_category", choices.CaseCategory.AGENT_OF_FOREIGN_GOVERNMENT)
        page.select_option("#id_status", choices.CaseStatus.SENTENCED)
        page.select_option("#id_foreign_country", "CN")

        self.add_inline("source")
        page.fill("#id_sources-0-url", "https://www.justice.gov/opa/pr/example")
        page.select_option("#id_sources-0-publisher", choices.Publisher.DOJ_OPA)
        page.select_option("#id_sources-0-grade", choices.SourceGrade.PRIMARY)
        self.add_inline("caseagency")
        self.autocomplete("id_agency_links-0-agency", "State Security", "Ministry of State Security")
        page.select_option("#id_agency_links-0-relation", choices.AgencyRelation.DIRECTED_BY)

        self.add_inline("defendant")
        self.autocomplete("id_defendants-0-person", "Li", "Ping Li")
        page.select_option("#id_defendants-0-disposition", choices.DefendantDisposition.CONVICTED_PLEA)
        self.add_inline("charge")
        self.autocomplete("id_defendants-0-charges-0-statute", "371", "18 U.S.C. 371")
        page.check("#id_defendants-0-charges-0-is_conspiracy")
        self.autocomplete("id_defendants-0-charges-0-object_statute", "951", "18 U.S.C. 951")
        page.select_option("#id_defendants-0-charges-0-disposition", choices.ChargeDisposition.CONVICTED_PLEA)
        page.check("#id_defendants-0-charges-0-is_conviction")
        self.add_inline("sentence")
        page.check("#id_defendants-0-sentences-0-is_operative")
        page.fill("#id_defendants-0-sentences-0-sentenced_on", "2024-11-25")
        page.fill("#id_defendants-0-sentences-0-prison_months", "48")
        page.fill("#id_defendants-0-sentences-0-fine", "250000.00")
        page.fill("#id_defendants-0-sentences-0-supervised_release_months", "36")

        page.click("input[name=_save]")
        page.wait_for_url(re.compile(r".*/admin/cases/case/$"))
        case = Case.objects.get(slug="united-states-v-ping-li")
        defendant = case.defendants.get()
        self.assertEqual(defendant.person.full_name, "Ping Li")
        charge = defendant.charges.get()
        self.assertEqual((charge.statute.citation, charge.object_statute.citation), ("18 U.S.C. 371", "18 U.S.C. 951"))
        self.assertEqual(defendant.sentence.prison_months, Decimal("48"))
        self.assertEqual(case.agency_links.get().agency.key, "CN-MSS")
        self.assertEqual(case.sources.count(), 1)
        self.assertEqual(case.curation_status, choices.CurationStatus.DRAFT)


class CasePageInBrowserTests(BrowserTestCase):
    """The page of a real, fully recorded case stays usable: a summary at the top, sources and charges as
    compact tables, the long sections folded; a screenshot of the whole page is taken and measured."""

    def setUp(self):
        super().setUp()
        import tempfile
        from pathlib import Path

        from cases.services.curated import FIXTURES_DIR, casebook_load

        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, True)
        (folder / "cases").mkdir()
        for name in ("districts.yaml", "statutes.yaml", "agencies.yaml"):
            shutil.copy(FIXTURES_DIR / name, folder / name)
        shutil.copy(FIXTURES_DIR / "cases" / "us-v-ping-li.yaml", folder / "cases" / "us-v-ping-li.yaml")
        casebook_load(fixtures_dir=folder)
        UserFactory.analyst(username="ana")
        self.screenshots = Path(os.environ.get("CASEBOOK_SCREENSHOTS") or tempfile.mkdtemp())

    def test_ping_li_page_is_compact_with_its_summary_first(self):
        self.login("ana")
        case = Case.objects.get(slug="us-v-ping-li")
        self.page.goto(f"{self.live_server_url}/admin/cases/case/{case.pk}/change/")
        summary = self.page.locator("#case-summary")
        self.assertIn("Ping Li", summary.inner_text())
        self.assertIn("sentence in force: 48 months", summary.inner_text())
        box = summary.bounding_box()
        self.assertLess(box["y"], 400)  # the summary is what an analyst sees first
        # Sources are a table (a row each), not stacked forms.
        self.assertGreaterEqual(self.page.locator("#sources-group table tbody tr.form-row.has_original").count(), 5)
        height = self.page.evaluate("document.documentElement.scrollHeight")
        path = self.screenshots / "case-page-ping-li.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.assertTrue(path.exists())
        self.assertLess(height, 7000, f"the case page is {height} pixels tall ({path})")
