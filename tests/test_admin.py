"""The analysts' admin: every page renders for an analyst and is refused to a viewer; a whole case
can be entered on one page; bad input comes back as a form error, never a half-written case."""

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from cases import choices
from cases.models import Case, Charge, Sentence
from tests.factories import (
    AgencyFactory,
    CaseAgencyFactory,
    ChargeFactory,
    DistrictFactory,
    EmploymentFactory,
    PersonFactory,
    SentenceFactory,
    SourceFactory,
    StatuteFactory,
    StatutoryPenaltyFactory,
    UserFactory,
)

MODELS = [
    "case", "person", "organization", "agency", "statute", "statutorypenalty", "district",
    "defendant", "charge", "sentence", "employment", "caseagency", "source",
]  # fmt: skip


class AdminPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.analyst = UserFactory.analyst()
        cls.viewer = UserFactory.viewer()
        sentence = SentenceFactory()
        defendant = sentence.defendant
        charge = ChargeFactory(defendant=defendant)
        employment = EmploymentFactory(defendant=defendant)
        cls.objects = {
            "case": defendant.case,
            "person": defendant.person,
            "organization": employment.organization,
            "agency": AgencyFactory(),
            "statute": charge.statute,
            "statutorypenalty": StatutoryPenaltyFactory(statute=charge.statute),
            "district": DistrictFactory(),
            "defendant": defendant,
            "charge": charge,
            "sentence": sentence,
            "employment": employment,
            "caseagency": CaseAgencyFactory(case=defendant.case),
            "source": SourceFactory(case=defendant.case),
        }

    def urls(self, model):
        pk = self.objects[model].pk
        return [
            reverse(f"admin:cases_{model}_changelist"),
            reverse(f"admin:cases_{model}_add"),
            reverse(f"admin:cases_{model}_change", args=[pk]),
            reverse(f"admin:cases_{model}_history", args=[pk]),
        ]

    def test_every_page_renders_for_analyst(self):
        self.client.force_login(self.analyst)
        for model in MODELS:
            for url in self.urls(model):
                with self.subTest(url=url):
                    # Districts are reference data: analysts read them and add none.
                    read_only_add = model == "district" and url.endswith("/add/")
                    self.assertEqual(self.client.get(url).status_code, 403 if read_only_add else 200)

    def test_every_page_refused_to_viewer(self):
        self.client.force_login(self.viewer)
        for model in MODELS:
            for url in self.urls(model):
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 302)
                    self.assertIn(reverse("admin:login"), response["Location"])

    def test_every_page_refused_to_anonymous(self):
        for model in MODELS:
            for url in self.urls(model):
                with self.subTest(url=url):
                    self.assertEqual(self.client.get(url).status_code, 302)

    def test_case_list_filters_and_search(self):
        self.client.force_login(self.analyst)
        url = reverse("admin:cases_case_changelist")
        case = self.objects["case"]
        for params in (
            {"foreign_country": "CN"},
            {"employer_sector": choices.Sector.COMMUNICATIONS},
            {"sentenced_year": "2024"},
            {"disposition": choices.DefendantDisposition.CONVICTED_PLEA},
            {"q": case.defendants.get().person.family_name},
        ):
            with self.subTest(params=params):
                response = self.client.get(url, params)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, case.caption)
        response = self.client.get(url, {"sentenced_year": "1999"})
        self.assertNotContains(response, case.caption)

    def test_case_list_query_count_does_not_grow(self):
        self.client.force_login(self.analyst)
        url = reverse("admin:cases_case_changelist")
        self.client.get(url)
        before = self._count_queries(url)
        for _ in range(5):
            SentenceFactory()
        with self.assertNumQueries(before):
            self.client.get(url)

    def _count_queries(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            self.client.get(url)
        return len(context.captured_queries)


class CaseEntryTests(TestCase):
    """An analyst enters a whole case on the case page: sources, agencies, a defendant with a job,
    a conspiracy charge with its object offence, and a sentence."""

    @classmethod
    def setUpTestData(cls):
        cls.analyst = UserFactory.analyst()
        cls.district = DistrictFactory(code="flmd", name="Middle District of Florida")
        cls.conspiracy = StatuteFactory(section="371", short_name="Conspiracy")
        cls.agent = StatuteFactory(section="951", short_name="Agent of a foreign government")
        cls.mss = AgencyFactory(key="CN-MSS", name="Ministry of State Security", abbreviation="MSS")
        cls.person = PersonFactory(given_name="Ping", family_name="Li")
        cls.organization = EmploymentFactory.build().organization
        cls.organization.save()

    def payload(self, **overrides):
        data = {
            "caption": "United States v. Ping Li",
            "slug": "us-v-ping-li",
            "court_kind": choices.CourtKind.FEDERAL_DISTRICT,
            "entry_method": choices.EntryMethod.MANUAL,
            "district": self.district.pk,
            "docket_number": "",
            "status": choices.CaseStatus.SENTENCED,
            "category": choices.CaseCategory.AGENT_OF_FOREIGN_GOVERNMENT,
            "purpose": choices.Purpose.POLITICAL,
            "secondary_categories": [choices.CaseCategory.NATIONAL_SECURITY_ESPIONAGE],
            "foreign_country": "CN",
            "sector": choices.Sector.COMMUNICATIONS,
            "activity_start": "2012-01-01",
            "activity_start_precision": choices.DatePrecision.YEAR,
            "activity_end": "",
            "activity_end_precision": "",
            "summary": "Passed information to the MSS for over a decade.",
            "sources-TOTAL_FORMS": "1",
            "sources-INITIAL_FORMS": "0",
            "sources-0-url": "https://www.justice.gov/opa/pr/example",
            "sources-0-publisher": choices.Publisher.DOJ_OPA,
            "sources-0-grade": choices.SourceGrade.PRIMARY,
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "sources-0-stage": choices.SourceStage.SENTENCING,
            "sources-0-title": "Sentencing release",
            "agency_links-TOTAL_FORMS": "1",
            "agency_links-INITIAL_FORMS": "0",
            "agency_links-0-agency": self.mss.pk,
            "agency_links-0-relation": choices.AgencyRelation.DIRECTED_BY,
            "defendants-TOTAL_FORMS": "1",
            "defendants-INITIAL_FORMS": "0",
            "defendants-0-person": self.person.pk,
            "defendants-0-role": choices.DefendantRole.PRIMARY,
            "defendants-0-disposition": choices.DefendantDisposition.CONVICTED_PLEA,
            "defendants-0-age": "59",
            "defendants-0-age_at": choices.AgeMeasuredAt.SENTENCING,
            "defendants-0-recruitment": choices.Recruitment.UNKNOWN,
            "defendants-0-insider_status": choices.InsiderStatus.CURRENT_EMPLOYEE,
            "defendants-0-motives": [choices.Motive.MONEY],
            "defendants-0-employments-TOTAL_FORMS": "1",
            "defendants-0-employments-INITIAL_FORMS": "0",
            "defendants-0-employments-0-organization": self.organization.pk,
            "defendants-0-employments-0-clearance": choices.Clearance.NONE,
            "defendants-0-employments-0-employer_was_victim": "on",
            "defendants-0-charges-TOTAL_FORMS": "1",
            "defendants-0-charges-INITIAL_FORMS": "0",
            "defendants-0-charges-0-statute": self.conspiracy.pk,
            "defendants-0-charges-0-statute_basis": choices.FactBasis.STATED,
            "defendants-0-charges-0-disposition_basis": choices.FactBasis.STATED,
            "defendants-0-charges-0-counts": "1",
            "defendants-0-charges-0-is_conspiracy": "on",
            "defendants-0-charges-0-object_statute": self.agent.pk,
            "defendants-0-charges-0-instrument": choices.ChargingInstrument.INDICTMENT,
            "defendants-0-charges-0-plea": choices.Plea.GUILTY,
            "defendants-0-charges-0-disposition": choices.ChargeDisposition.CONVICTED_PLEA,
            "defendants-0-charges-0-is_conviction": "on",
            "defendants-0-sentences-TOTAL_FORMS": "1",
            "defendants-0-sentences-INITIAL_FORMS": "0",
            "defendants-0-sentences-0-kind": choices.SentenceKind.ORIGINAL,
            "defendants-0-sentences-0-is_operative": "on",
            "defendants-0-sentences-0-sentenced_on": "2024-11-25",
            "defendants-0-sentences-0-sentenced_on_precision": choices.DatePrecision.DAY,
            "defendants-0-sentences-0-prison_months": "48",
            "defendants-0-sentences-0-supervised_release_months": "36",
            "defendants-0-sentences-0-fine": "250000.00",
            "defendants-0-sentences-0-conviction_method": choices.ConvictionMethod.PLEA,
        }
        data.update(overrides)
        return data

    def post(self, **overrides):
        self.client.force_login(self.analyst)
        return self.client.post(reverse("admin:cases_case_add"), self.payload(**overrides))

    def test_whole_case_entered_on_one_page(self):
        response = self.post()
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context.get("errors")
        )
        case = Case.objects.get(slug="us-v-ping-li")
        self.assertEqual(case.curation_status, choices.CurationStatus.DRAFT)
        self.assertEqual(case.secondary_categories, [choices.CaseCategory.NATIONAL_SECURITY_ESPIONAGE])
        defendant = case.defendants.get()
        self.assertEqual(defendant.motives, [choices.Motive.MONEY])
        charge = defendant.charges.get()
        self.assertEqual(charge.object_statute, self.agent)
        self.assertEqual(defendant.sentence.fine, Decimal("250000.00"))
        self.assertEqual(case.sources.count(), 1)
        self.assertEqual(case.agency_links.get().agency, self.mss)
        self.assertEqual(defendant.employments.get().organization, self.organization)
        self.assertEqual(case.history.get().history_user, self.analyst)

    def test_life_with_months_is_a_form_error_and_nothing_is_saved(self):
        response = self.post(**{"defendants-0-sentences-0-is_life": "on"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Life, death and time served are flags")
        self.assertFalse(Case.objects.exists())
        self.assertFalse(Sentence.objects.exists())

    def test_object_offence_without_conspiracy_is_a_form_error(self):
        response = self.post(**{"defendants-0-charges-0-is_conspiracy": ""})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Only a conspiracy has an object offence")
        self.assertFalse(Charge.objects.exists())

    def test_activity_end_before_start_is_a_form_error(self):
        response = self.post(activity_end="2010-01-01", activity_end_precision=choices.DatePrecision.YEAR)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The activity cannot end before it starts")
        self.assertFalse(Case.objects.exists())

    def test_us_agency_cannot_direct_the_case(self):
        fbi = AgencyFactory(key="US-FBI", country="US", side=choices.AgencySide.US, name="FBI")
        response = self.post(**{"agency_links-0-agency": fbi.pk})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "does not fit the agency chosen")
        self.assertFalse(Case.objects.exists())
