"""What real cases contain: companies in the dock, resentencings and reversals, every count's fate,
courts-martial; entered through the API and read back faithfully, refused by the database when
inconsistent, and counted honestly by the statistics."""

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.test import TestCase
from rest_framework.test import APIClient

from cases import choices
from cases.models import Case, Charge, Defendant, Sentence
from cases.services.curated import FIXTURES_DIR, casebook_load
from cases.services.upsert import RowError
from tests.factories import (
    CaseFactory,
    DefendantFactory,
    DistrictFactory,
    OrganizationFactory,
    SentenceFactory,
    SourceFactory,
    StatuteFactory,
    UserFactory,
)


class RealCasesThroughTheAPITests(TestCase):
    """An analyst enters each shape of real case through the API; a viewer reads it back as entered."""

    @classmethod
    def setUpTestData(cls):
        cls.analyst = UserFactory.analyst()
        cls.viewer = UserFactory.viewer()
        cls.district = DistrictFactory(code="cand", name="Northern District of California", state="CA")
        cls.s1832 = StatuteFactory(section="1832", short_name="Theft of trade secrets")
        cls.s1831 = StatuteFactory(section="1831", short_name="Economic espionage")
        cls.art106a = StatuteFactory(
            citation="UCMJ Art. 106a", jurisdiction=choices.StatuteJurisdiction.MILITARY, title_number=None,
            section="106a", short_name="Espionage",
        )  # fmt: skip

    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.analyst)

    def post(self, url, data, status=201):
        response = self.api.post(url, data, format="json")
        self.assertEqual(response.status_code, status, response.content)
        return response.json()

    def new_case(self, **extra):
        data = {
            "slug": f"case-{Case.objects.count() + 1}", "caption": "United States v. Example",
            "category": choices.CaseCategory.TRADE_SECRET_THEFT, "status": choices.CaseStatus.SENTENCED,
            "court_kind": choices.CourtKind.FEDERAL_DISTRICT, "district": self.district.pk,
            "entry_method": choices.EntryMethod.MANUAL, **extra,
        }  # fmt: skip
        case = self.post("/api/v1/cases/", data)
        self.post(
            "/api/v1/sources/",
            {"case": case["id"], "url": f"https://www.justice.gov/opa/pr/{case['slug']}", "publisher": "doj_opa",
             "grade": choices.SourceGrade.PRIMARY, "stage": choices.SourceStage.SENTENCING},
        )  # fmt: skip
        return case

    def defendant(self, case, **party):
        return self.post("/api/v1/defendants/", {"case": case["id"], "role": "primary", **party})

    def charge(self, defendant, statute, disposition, counts=1, basis=choices.FactBasis.STATED):
        return self.post(
            "/api/v1/charges/",
            {"defendant": defendant["id"], "statute": statute.pk, "counts": counts, "disposition": disposition,
             "statute_basis": basis, "is_conviction": disposition in ("convicted_plea", "convicted_trial")},
        )  # fmt: skip

    def read_back(self, case):
        response = self.api.get(f"/api/v1/cases/{case['id']}/")
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_a_company_convicted_with_a_fine_and_probation(self):
        case = self.new_case()
        company = OrganizationFactory(name="Foundry Corp", slug="foundry-corp")
        defendant = self.defendant(case, organization=company.pk, disposition="convicted_plea")
        self.charge(defendant, self.s1832, "convicted_plea")
        self.post(
            "/api/v1/sentences/",
            {"defendant": defendant["id"], "sentenced_on": "2020-10-28", "probation_months": "36",
             "fine": "60000000.00", "conviction_method": "plea"},
        )  # fmt: skip
        # A company is never imprisoned: the API refuses it with the field named.
        response = self.api.post(
            "/api/v1/sentences/",
            {"defendant": defendant["id"], "kind": "resentencing", "is_operative": False, "prison_months": "12"},
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("prison_months", response.json())
        body = self.read_back(case)["defendants"][0]
        self.assertEqual(
            (body["kind"], body["person"], body["organization"]["name"]), ("organization", None, "Foundry Corp")
        )
        self.assertEqual((body["sentence"]["fine"], body["sentence"]["probation_months"]), ("60000000.00", "36.00"))

    def test_a_company_acquitted(self):
        case = self.new_case(status=choices.CaseStatus.ACQUITTED)
        company = OrganizationFactory(name="Chipmaker Co", slug="chipmaker-co")
        defendant = self.defendant(case, organization=company.pk, disposition="acquitted")
        self.charge(defendant, self.s1831, "acquitted", counts=2, basis=choices.FactBasis.INFERRED)
        body = self.read_back(case)["defendants"][0]
        self.assertEqual(body["disposition"], "acquitted")
        self.assertEqual(body["sentence"], None)
        self.assertEqual(
            [(c["statute_citation"], c["counts"], c["disposition"], c["statute_basis"]) for c in body["charges"]],
            [("18 U.S.C. 1831", 2, "acquitted", "inferred")],
        )

    def test_life_resentenced_to_a_term(self):
        case = self.new_case()
        defendant = self.defendant(case, person=self.person().pk, disposition="convicted_trial")
        first = self.post(
            "/api/v1/sentences/",
            {"defendant": defendant["id"], "sentenced_on": "2010-01-05", "is_life": True, "is_operative": True},
        )
        # A second operative sentence is refused: the earlier one must be marked superseded first.
        response = self.api.post(
            "/api/v1/sentences/",
            {
                "defendant": defendant["id"],
                "kind": "resentencing",
                "sentenced_on": "2016-03-01",
                "prison_months": "252",
            },
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("operative", str(response.json()))
        url = f"/api/v1/sentences/{first['id']}/"
        etag = self.api.get(url).headers["ETag"]
        response = self.api.patch(url, {"is_operative": False}, format="json", HTTP_IF_MATCH=etag)
        self.assertEqual(response.status_code, 200, response.content)
        self.post(
            "/api/v1/sentences/",
            {
                "defendant": defendant["id"],
                "kind": "resentencing",
                "sentenced_on": "2016-03-01",
                "prison_months": "252",
            },
        )
        body = self.read_back(case)["defendants"][0]
        self.assertEqual((body["sentence"]["kind"], body["sentence"]["prison_months"]), ("resentencing", "252.00"))
        self.assertEqual(sorted(s["is_operative"] for s in body["sentences"]), [False, True])

    def test_a_conviction_reversed_on_appeal(self):
        case = self.new_case(status=choices.CaseStatus.CLOSED)
        defendant = self.defendant(case, person=self.person().pk, disposition="reversed")
        self.charge(defendant, self.s1832, "reversed")
        self.post(
            "/api/v1/sentences/",
            {"defendant": defendant["id"], "sentenced_on": "2011-03-18", "prison_months": "97", "is_operative": False,
             "is_vacated": True, "vacated_on": "2012-02-16", "vacated_reason": "Conviction reversed on appeal."},
        )  # fmt: skip
        body = self.read_back(case)["defendants"][0]
        self.assertEqual(body["sentence"], None)
        self.assertEqual(body["sentences"][0]["is_vacated"], True)
        self.assertEqual(body["sentences"][0]["vacated_on"], "2012-02-16")

    def test_a_plea_with_dismissed_acquitted_and_hung_counts(self):
        case = self.new_case()
        defendant = self.defendant(case, person=self.person().pk, disposition="convicted_plea")
        self.charge(defendant, self.s1832, "convicted_plea")
        self.charge(defendant, self.s1832, "dismissed", counts=2, basis=choices.FactBasis.INFERRED)
        self.charge(defendant, self.s1831, "acquitted")
        self.charge(defendant, self.s1831, "hung", counts=3)
        charges = self.read_back(case)["defendants"][0]["charges"]
        fates = sorted((c["disposition"], c["counts"], c["is_conviction"]) for c in charges)
        self.assertEqual(
            fates,
            [("acquitted", 1, False), ("convicted_plea", 1, True), ("dismissed", 2, False), ("hung", 3, False)],
        )

    def test_a_court_martial(self):
        data = {
            "court_kind": choices.CourtKind.COURT_MARTIAL, "district": None,
            "court_name": "General court-martial, Fort Meade",
            "judge": "Col. Denise Lind", "category": choices.CaseCategory.UNAUTHORIZED_DISCLOSURE,
        }  # fmt: skip
        case = self.new_case(**data)
        defendant = self.defendant(case, person=self.person().pk, disposition="convicted_trial")
        self.charge(defendant, self.art106a, "acquitted")
        self.post(
            "/api/v1/sentences/",
            {"defendant": defendant["id"], "sentenced_on": "2013-08-21", "prison_months": "420",
             "conviction_method": "court_martial", "discharge": "dishonorable", "reduction_to_grade": "E-1",
             "forfeiture_of_pay": True},
        )  # fmt: skip
        body = self.read_back(case)
        self.assertEqual(
            (body["court_kind"], body["district"], body["judge"]), ("court_martial", None, "Col. Denise Lind")
        )
        sentence = body["defendants"][0]["sentence"]
        self.assertEqual(
            (sentence["discharge"], sentence["reduction_to_grade"], sentence["forfeiture_of_pay"]),
            ("dishonorable", "E-1", True),
        )
        # A court-martial has no district: the database refuses one.
        response = self.api.patch(
            f"/api/v1/cases/{case['id']}/", {"district": self.district.pk}, format="json",
            HTTP_IF_MATCH=self.api.get(f"/api/v1/cases/{case['id']}/").headers["ETag"],
        )  # fmt: skip
        self.assertEqual(response.status_code, 400)

    def test_time_served_keeps_its_length(self):
        case = self.new_case()
        defendant = self.defendant(case, person=self.person().pk, disposition="convicted_plea")
        self.post(
            "/api/v1/sentences/",
            {"defendant": defendant["id"], "sentenced_on": "2024-11-19", "is_time_served": True,
             "time_served_months": "16"},
        )  # fmt: skip
        self.assertEqual(self.read_back(case)["defendants"][0]["sentence"]["time_served_months"], "16.00")

    def person(self):
        from tests.factories import PersonFactory

        return PersonFactory()


class ConstraintsTests(TestCase):
    """The database itself refuses inconsistent rows, on both databases."""

    def refused(self, make):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make()

    def test_defendant_is_a_person_or_an_organization(self):
        case = CaseFactory()
        organization = OrganizationFactory()
        self.refused(lambda: Defendant.objects.create(case=case, person=None, organization=None))
        person = DefendantFactory(case=case).person
        self.refused(lambda: Defendant.objects.create(case=case, person=person, organization=organization))
        self.refused(lambda: Defendant.objects.create(case=case, person=None, organization=organization, age=40))

    def test_one_operative_sentence_and_vacated_never_operative(self):
        defendant = DefendantFactory()
        SentenceFactory(defendant=defendant)
        self.refused(lambda: Sentence.objects.create(defendant=defendant, is_operative=True))
        self.refused(
            lambda: Sentence.objects.create(
                defendant=defendant, is_operative=False, is_time_served=False, time_served_months=Decimal("2")
            )
        )
        other = DefendantFactory()
        self.refused(lambda: Sentence.objects.create(defendant=other, is_operative=True, is_vacated=True))

    def test_a_district_only_for_a_federal_court(self):
        district = DistrictFactory(code="vaed", name="Eastern District of Virginia")
        self.refused(
            lambda: CaseFactory(
                court_kind=choices.CourtKind.COURT_MARTIAL, court_name="Court-martial", district=district
            )
        )

    def test_source_grade_and_charge_fate_vocabularies(self):
        case = CaseFactory()
        self.refused(lambda: SourceFactory(case=case, grade="excellent"))
        self.assertTrue(Charge._meta.get_field("disposition").choices)


class HonestStatisticsTests(TestCase):
    """Statistics count the operative sentences of individuals, and say how many they left out and why."""

    @classmethod
    def setUpTestData(cls):
        from tests import api_data

        api_data.build(cls)
        cls.viewer = UserFactory.viewer()

    def stats(self, **params):
        client = APIClient()
        client.force_authenticate(self.viewer)
        response = client.get("/api/v1/stats/sentences/", params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_left_out_overall_and_per_group(self):
        body = self.stats(group_by="country")
        self.assertEqual(body["overall"]["sentenced"], 5)
        self.assertEqual(body["overall"]["left_out"], {"organizations": 1, "superseded": 1, "vacated": 1})
        groups = {group["key"]: group for group in body["groups"]}
        self.assertEqual(groups["CN"]["left_out"], {"organizations": 1, "superseded": 1, "vacated": 0})
        self.assertEqual(groups["RU"]["left_out"], {"organizations": 0, "superseded": 0, "vacated": 1})
        # The vacated 18 months and the replaced 30 months never enter the prison figures.
        self.assertEqual(body["overall"]["prison_max"], "48.00")
        self.assertEqual(groups["CN"]["with_prison"], 2)

    def test_a_reason_asked_for_is_not_left_out(self):
        body = self.stats(defendant_kind="organization")
        self.assertEqual(body["overall"]["sentenced"], 1)
        self.assertEqual(body["overall"]["with_prison"], 0)
        self.assertNotIn("organizations", body["overall"]["left_out"])
        body = self.stats(sentence_state="vacated")
        self.assertEqual((body["overall"]["sentenced"], body["overall"]["prison_median"]), (1, "18.00"))


class CaseFileShapesTests(TestCase):
    """The loader takes the new shapes and refuses inconsistent files, naming the file and the field, and
    writes nothing."""

    def folder_with(self, text: str) -> Path:
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, True)
        (folder / "cases").mkdir()
        for name in ("districts.yaml", "statutes.yaml", "agencies.yaml"):
            shutil.copy(FIXTURES_DIR / name, folder / name)
        (folder / "cases" / "us-v-example.yaml").write_text(text)
        return folder

    BASE = """format: 2
slug: us-v-example
caption: United States v. Example
court: {kind: federal_district, district: cand}
category: trade_secret_theft
status: sentenced
summary: An example.
sources:
  - {key: s, url: "https://www.justice.gov/x", publisher: doj_opa, grade: primary, stage: sentencing}
defendants:
  - DEFENDANT
"""

    def load(self, defendant: str, base: str | None = None):
        text = (base or self.BASE).replace("DEFENDANT", defendant)
        return casebook_load(fixtures_dir=self.folder_with(text))

    def assertRefused(self, defendant, *words, base=None):
        with self.assertRaises(RowError) as raised:
            self.load(defendant, base)
        for word in ("us-v-example.yaml", *words):
            self.assertIn(word, str(raised.exception))
        self.assertFalse(Case.objects.filter(slug="us-v-example").exists())

    def test_two_operative_sentences(self):
        self.assertRefused(
            """person: {given_name: Ann, family_name: Example}
    disposition: convicted_plea
    charges: [{statute: "18 U.S.C. 1832", disposition: convicted_plea}]
    sentences:
      - {kind: original, operative: true, date: "2019-01-01", prison_months: 24}
      - {kind: resentencing, operative: true, date: "2020-01-01", prison_months: 12}""",
            "defendants[0].sentences",
            "operative",
        )

    def test_a_company_with_prison(self):
        self.assertRefused(
            """organization: {name: Example Corp, kind: company}
    disposition: convicted_plea
    charges: [{statute: "18 U.S.C. 1832", disposition: convicted_plea}]
    sentences: [{kind: original, operative: true, date: "2020-01-01", prison_months: 12}]""",
            "defendants[0].sentences[0]",
            "prison_months",
        )

    def test_an_unknown_court(self):
        base = self.BASE.replace("district: cand", "district: zzd")
        self.assertRefused("person: {given_name: Ann, family_name: Example}", "court.district", "zzd", base=base)

    def test_the_new_shapes_load(self):
        self.load(
            """organization: {name: Example Corp, kind: company, country: US}
    disposition: convicted_plea
    charges:
      - {statute: "18 U.S.C. 1832", statute_basis: stated, disposition: convicted_plea}
      - {statute: "18 U.S.C. 1831", statute_basis: inferred, disposition: dismissed, basis: inferred, counts: 2}
    sentences: [{kind: original, operative: true, date: "2020-03", probation_months: 36, fine: "1000000.00"}]"""
        )
        defendant = Defendant.objects.get(case__slug="us-v-example")
        self.assertEqual(defendant.kind, choices.DefendantKind.ORGANIZATION)
        sentence = defendant.sentence
        self.assertEqual(
            (sentence.sentenced_on_precision, sentence.fine), (choices.DatePrecision.MONTH, Decimal("1000000.00"))
        )
        dismissed = defendant.charges.get(disposition="dismissed")
        self.assertEqual(
            (dismissed.statute_basis, dismissed.disposition_basis, dismissed.counts), ("inferred", "inferred", 2)
        )
        self.assertTrue(defendant.charges.get(disposition="convicted_plea").is_conviction)
