"""Release intake end to end: paste a release in the admin, check what was read beside its words,
create a draft case with the release as its source; the API endpoint; the command."""

import json
import re
import tempfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from rest_framework.test import APIClient

from cases import choices
from cases.models import Case, Person
from cases.services.curated import casebook_load
from tests.factories import UserFactory
from tests.forms import form_values

# Written for these tests in the manner of a sentencing release; the facts are those of the Ping Li case.
RELEASE = """Florida Man Sentenced for Conspiring to Act as an Agent of the People's Republic of China

TAMPA, Fla. - Ping Li, 59, of Wesley Chapel, Florida, was sentenced today to 48 months in federal prison
for conspiring to act as an agent of the People's Republic of China (PRC) without first notifying the
Attorney General. U.S. District Judge Steven D. Merryday also ordered Li to pay a $250,000 fine and to serve
three years of supervised release after his prison term. Li pleaded guilty in August 2024.

According to court documents, from at least 2012 Li worked at the direction of officers of the PRC's
Ministry of State Security (MSS) and passed them information about dissidents and about his employers,
a U.S. telecommunications company and an information technology company.

The FBI investigated the case, which was prosecuted in the Middle District of Florida.
"""
URL = "https://www.justice.gov/opa/pr/example-ping-li-sentencing"


class IntakeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        casebook_load(cases=False)
        cls.analyst = UserFactory.analyst()
        cls.viewer = UserFactory.viewer()

    def test_admin_release_to_draft_case(self):
        self.client.force_login(self.analyst)
        url = "/admin/cases/case/from-release/"
        page = self.client.post(url, {"text": RELEASE, "url": URL, "published_on": "2024-11-25", "read": "1"})
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        self.assertIn("What was read", html)
        self.assertIn("48 months", html)  # the words a value came from, beside it
        data = form_values(html, "release-form")
        self.assertEqual(data["d0_family_name"], "Li")
        self.assertEqual(Decimal(data["d0_s_prison_months"]), Decimal("48"))
        data["d0_s_special_assessment"] = "100"  # the analyst adds what the release did not say
        data["create"] = "1"
        data.pop("read", None)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        case = Case.objects.get(pk=int(re.search(r"/case/(\d+)/change/", response["Location"]).group(1)))
        self.assertEqual(case.curation_status, choices.CurationStatus.DRAFT)
        self.assertEqual(case.district.code, "flmd")
        source = case.sources.get()
        self.assertEqual(
            (source.url, source.publisher, len(source.content_sha256)), (URL, choices.Publisher.DOJ_OPA, 64)
        )
        defendant = case.defendants.select_related("person").get()
        self.assertEqual(defendant.person.full_name, "Ping Li")
        sentence = defendant.sentence
        self.assertEqual((sentence.prison_months, sentence.fine), (Decimal("48"), Decimal("250000")))
        self.assertEqual(sentence.supervised_release_months, Decimal("36"))
        self.assertEqual(sentence.special_assessment, Decimal("100"))
        self.assertEqual(str(sentence.sentenced_on), "2024-11-25")
        self.assertIn("CN-MSS", set(case.agency_links.values_list("agency__key", flat=True)))

    def test_existing_person_is_matched_not_duplicated(self):
        Person.objects.create(given_name="Ping", family_name="Li")
        self.client.force_login(self.analyst)
        url = "/admin/cases/case/from-release/"
        html = self.client.post(url, {"text": RELEASE, "url": URL, "read": "1"}).content.decode()
        data = {**form_values(html, "release-form"), "create": "1"}
        data.pop("read", None)
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(Person.objects.filter(given_name="Ping", family_name="Li").count(), 1)

    def test_admin_page_refused_to_viewer(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get("/admin/cases/case/from-release/").status_code, 302)

    def test_api_endpoint(self):
        client = APIClient()
        client.force_authenticate(self.analyst)
        response = client.post("/api/v1/releases/parse/", {"text": RELEASE}, format="json")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["defendants"][0]["family_name"]["value"], "Li")
        span = body["defendants"][0]["sentence"]["prison_months"]["span"]
        self.assertEqual(RELEASE[span["start"] : span["end"]], span["text"])
        for text in ("", "Preheat the oven to 200 degrees and whisk three eggs.", "x" * 1_000_000):
            with self.subTest(length=len(text)):
                response = client.post("/api/v1/releases/parse/", {"text": text}, format="json")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()["defendants"], [])
                self.assertTrue(response.json()["messages"])
        viewer = APIClient()
        viewer.force_authenticate(self.viewer)
        self.assertEqual(viewer.post("/api/v1/releases/parse/", {"text": RELEASE}, format="json").status_code, 403)

    def test_command(self):
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "li.txt").write_text(RELEASE, encoding="utf-8")
            out, err = StringIO(), StringIO()
            call_command("parse_releases", folder, stdout=out, stderr=err)
            document = json.loads(out.getvalue())
            self.assertEqual(document["defendants"][0]["family_name"]["value"], "Li")
            self.assertIn("Parsed 1 releases; 1 defendants found.", err.getvalue())


class ChargeStageIntakeTests(TestCase):
    """A charge-stage release gives a charged case with pending charges and no sentence: the maximum
    penalty it states is never taken for a sentence."""

    @classmethod
    def setUpTestData(cls):
        casebook_load(cases=False)
        cls.analyst = UserFactory.analyst()

    def test_indictment_release(self):
        from cases.services.intake import case_from_release
        from cases.services.release_parser import release_parse

        text = (Path(__file__).parent / "releases" / "02-ping-li-indictment.txt").read_text(encoding="utf-8")
        self.assertIn("maximum", text.lower())
        result = case_from_release(draft=release_parse(text).as_dict(), text=text, url=URL, user=self.analyst)
        case = result.case
        self.assertEqual(case.status, choices.CaseStatus.CHARGED)
        defendant = case.defendants.get()
        self.assertEqual(defendant.disposition, choices.DefendantDisposition.PENDING)
        self.assertFalse(hasattr(defendant, "sentence") and defendant.sentence)
        self.assertTrue(defendant.charges.exists())
        self.assertFalse(defendant.charges.filter(is_conviction=True).exists())
        self.assertEqual(case.last_edited_by, self.analyst)
