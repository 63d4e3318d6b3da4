"""The curated real cases: they load on both databases, a second load changes nothing, a bad row
stops the whole load, and the founding case holds its exact facts."""

import datetime as dt
import shutil
import tempfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import TestCase

from cases import choices
from cases.models import Case, Charge, Defendant, Person, Sentence, Source
from cases.services.curated import FIXTURES_DIR, casebook_load


class CuratedDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = casebook_load()

    def test_at_least_forty_published_cases_each_with_a_source(self):
        cases = Case.objects.published().annotate(n_sources=Count("sources"))
        self.assertGreaterEqual(cases.count(), 40)
        self.assertFalse(cases.filter(n_sources=0).exists())
        self.assertFalse(Source.objects.filter(url="").exists())

    def test_every_fact_source_belongs_to_its_case(self):
        for charge in Charge.objects.exclude(source=None).select_related("source", "defendant"):
            self.assertEqual(charge.source.case_id, charge.defendant.case_id)
        for sentence in Sentence.objects.exclude(source=None).select_related("source", "defendant"):
            self.assertEqual(sentence.source.case_id, sentence.defendant.case_id)

    def test_variety(self):
        countries = set(Case.objects.values_list("foreign_country", flat=True))
        self.assertTrue({"CN", "RU", "IR", "KP", "CU", ""} <= countries, countries)
        self.assertGreaterEqual(len(set(Case.objects.values_list("sector", flat=True))), 5)
        self.assertTrue(Sentence.objects.filter(is_life=True).exists())
        self.assertTrue(Sentence.objects.filter(is_time_served=True).exists())
        self.assertTrue(Sentence.objects.filter(prison_months=None, probation_months__gt=0).exists())
        dispositions = set(Defendant.objects.values_list("disposition", flat=True))
        self.assertIn(choices.DefendantDisposition.ACQUITTED, dispositions)
        self.assertIn(choices.DefendantDisposition.DISMISSED, dispositions)
        several = Case.objects.annotate(n=Count("defendants")).filter(n__gt=1)
        self.assertTrue(several.exists())

    def test_second_load_changes_nothing(self):
        history_before = sum(model.history.count() for model in (Case, Person, Charge, Sentence, Source))
        report = casebook_load()
        self.assertEqual(report.total_written, 0, report.written)
        self.assertEqual(report.removed, 0)
        history_after = sum(model.history.count() for model in (Case, Person, Charge, Sentence, Source))
        self.assertEqual(history_before, history_after)

    def test_history_records_the_load(self):
        case = Case.objects.get(slug="us-v-ping-li")
        # Created in review, then published once its parts passed the checks.
        self.assertEqual(list(case.history.order_by("history_date").values_list("curation_status", flat=True)),
                         [choices.CurationStatus.IN_REVIEW, choices.CurationStatus.PUBLISHED])  # fmt: skip
        self.assertEqual(set(case.history.values_list("history_change_reason", flat=True)), {"Loaded from fixtures"})

    def test_incomplete_cases_stay_in_review_with_their_problems(self):
        self.assertIn("us-v-sharp", self.report.held)
        self.assertIn("give the date of the sentence", " ".join(self.report.held["us-v-sharp"]))
        self.assertEqual(Case.objects.get(slug="us-v-sharp").curation_status, choices.CurationStatus.IN_REVIEW)
        for case in Case.objects.published():
            self.assertNotIn(case.slug, self.report.held)


class PingLiTests(TestCase):
    """The case that started Casebook, with the facts a newcomer must find."""

    @classmethod
    def setUpTestData(cls):
        casebook_load()
        cls.case = Case.objects.get(slug="us-v-ping-li")
        cls.defendant = cls.case.defendants.select_related("person").get()

    def test_case(self):
        self.assertEqual(self.case.caption, "United States v. Ping Li")
        self.assertEqual(self.case.district.name, "Middle District of Florida")
        self.assertEqual(self.case.category, choices.CaseCategory.AGENT_OF_FOREIGN_GOVERNMENT)
        self.assertEqual(self.case.foreign_country, "CN")
        self.assertEqual(self.case.activity_start, dt.date(2012, 1, 1))
        self.assertEqual(self.case.activity_start_precision, choices.DatePrecision.YEAR)
        self.assertTrue(self.case.is_published)

    def test_person(self):
        person = self.defendant.person
        self.assertEqual((person.given_name, person.family_name), ("Ping", "Li"))
        self.assertEqual((person.residence_city, person.residence_state), ("Wesley Chapel", "FL"))
        self.assertEqual(person.birth_country, "CN")
        self.assertEqual(person.citizenship_status, choices.CitizenshipStatus.NATURALIZED)
        self.assertEqual((self.defendant.age, self.defendant.age_at), (59, choices.AgeMeasuredAt.SENTENCING))

    def test_two_employers_named_by_a_news_source(self):
        employments = self.defendant.employments.select_related("organization", "source")
        self.assertEqual({e.organization.name for e in employments}, {"Verizon Communications", "Infosys"})
        for employment in employments:
            self.assertEqual(employment.source.publisher, choices.Publisher.NEWS)

    def test_mss_china_directed(self):
        link = self.case.agency_links.select_related("agency").get(relation=choices.AgencyRelation.DIRECTED_BY)
        self.assertEqual(link.agency.abbreviation, "MSS")
        self.assertEqual(link.agency.country, "CN")

    def test_conspiracy_with_object_offence_is_the_count_of_conviction(self):
        conviction = self.defendant.charges.select_related("statute", "object_statute").get(is_conviction=True)
        self.assertEqual(conviction.statute.citation, "18 U.S.C. 371")
        self.assertTrue(conviction.is_conspiracy)
        self.assertEqual(conviction.object_statute.citation, "18 U.S.C. 951")
        self.assertEqual(conviction.plea, choices.Plea.GUILTY)
        charged = self.defendant.charges.filter(is_conviction=False).get()
        self.assertEqual(charged.statute.citation, "18 U.S.C. 951")

    def test_sentence(self):
        sentence = self.defendant.sentence
        self.assertEqual(sentence.sentenced_on, dt.date(2024, 11, 25))
        self.assertEqual(sentence.prison_months, Decimal("48"))
        self.assertEqual(sentence.fine, Decimal("250000.00"))
        self.assertEqual(sentence.supervised_release_months, Decimal("36"))
        self.assertFalse(sentence.is_life or sentence.is_time_served)
        self.assertEqual(sentence.conviction_method, choices.ConvictionMethod.PLEA)
        self.assertEqual(sentence.judge, "Steven D. Merryday")


class BadFixtureTests(TestCase):
    """A bad row names its file and row, and nothing of the load is kept."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        for name in ("districts.yaml", "statutes.yaml", "agencies.yaml"):
            shutil.copy(FIXTURES_DIR / name, self.folder / name)
        (self.folder / "cases").mkdir()
        shutil.copy(FIXTURES_DIR / "cases" / "us-v-ping-li.yaml", self.folder / "cases" / "us-v-ping-li.yaml")

    def write_case(self, text: str) -> None:
        (self.folder / "cases" / "us-v-zz-bad.yaml").write_text(text, encoding="utf-8")

    def load(self):
        return call_command("load_casebook", fixtures=self.folder, stdout=StringIO(), stderr=StringIO())

    def test_unknown_statute_names_row_and_keeps_nothing(self):
        text = (FIXTURES_DIR / "cases" / "us-v-ping-li.yaml").read_text(encoding="utf-8")
        text = text.replace("slug: us-v-ping-li", "slug: us-v-zz-bad").replace('"18 U.S.C. 371"', '"18 U.S.C. 9999"')
        self.write_case(text)
        with self.assertRaises(CommandError) as raised:
            self.load()
        message = str(raised.exception)
        self.assertIn("us-v-zz-bad.yaml defendants[0].charges[0]", message)
        self.assertIn("18 U.S.C. 9999", message)
        self.assertFalse(Case.objects.exists())
        self.assertFalse(Person.objects.exists())

    def test_life_with_months_is_refused_with_its_reason(self):
        text = (FIXTURES_DIR / "cases" / "us-v-ping-li.yaml").read_text(encoding="utf-8")
        text = text.replace("slug: us-v-ping-li", "slug: us-v-zz-bad").replace("life: false", "life: true", 1)
        self.write_case(text)
        with self.assertRaises(CommandError) as raised:
            self.load()
        self.assertIn("defendants[0].sentence", str(raised.exception))
        self.assertIn("flags", str(raised.exception))
        self.assertFalse(Case.objects.exists())

    def test_invalid_yaml(self):
        self.write_case("slug: [unclosed")
        with self.assertRaises(CommandError) as raised:
            self.load()
        self.assertIn("us-v-zz-bad.yaml", str(raised.exception))

    def test_slug_must_match_file(self):
        text = (FIXTURES_DIR / "cases" / "us-v-ping-li.yaml").read_text(encoding="utf-8")
        self.write_case(text)  # still says slug: us-v-ping-li
        with self.assertRaises(CommandError) as raised:
            self.load()
        self.assertIn("must match the file name", str(raised.exception))

    def test_command_summary(self):
        out = StringIO()
        call_command("load_casebook", fixtures=self.folder, stdout=out, stderr=StringIO())
        self.assertIn("wrote", out.getvalue())
        out = StringIO()
        call_command("load_casebook", fixtures=self.folder, stdout=out, stderr=StringIO())
        self.assertIn("nothing to change", out.getvalue())
