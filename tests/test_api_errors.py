"""Bad input and errors through the API: a clear 4xx in JSON that names what was wrong, never a 500."""

from django.test import TestCase
from rest_framework.test import APIClient

from cases import choices
from cases.models import Case, ReviewEvent
from tests import api_data
from tests.factories import UserFactory
from tests.test_curation import publishable_case

LONG = " ".join(["The judgment and the plea agreement disagree on the fine."] * 9)  # about 520 characters


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


class LongReasonTests(TestCase):
    """Review comments and change reasons go into the history with a prefix; they are kept whole."""

    @classmethod
    def setUpTestData(cls):
        cls.analyst = UserFactory.analyst(username="ana")
        cls.reviewer = UserFactory.reviewer(username="rev")

    def test_history_keeps_reasons_of_any_length(self):
        field = Case.history.model._meta.get_field("history_change_reason")
        self.assertIsNone(field.max_length)

    def test_long_review_comments(self):
        case = publishable_case(self.analyst)
        analyst, reviewer = client_for(self.analyst), client_for(self.reviewer)
        self.assertEqual(analyst.post(f"/api/v1/cases/{case.pk}/submit/", {"comment": LONG}).status_code, 200)
        response = reviewer.post(f"/api/v1/cases/{case.pk}/return/", {"comment": LONG}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(ReviewEvent.objects.get(case=case, action=choices.ReviewAction.RETURNED).comment, LONG)
        self.assertEqual(case.history.first().history_change_reason, f"{choices.ReviewAction.RETURNED.label}: {LONG}")
        analyst.post(f"/api/v1/cases/{case.pk}/submit/")
        self.assertEqual(reviewer.post(f"/api/v1/cases/{case.pk}/publish/", {"comment": LONG}).status_code, 200)
        response = reviewer.post(f"/api/v1/cases/{case.pk}/retract/", {"comment": LONG}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(case.history.first().history_change_reason, f"{choices.ReviewAction.RETRACTED.label}: {LONG}")

    def test_long_correction_reason(self):
        case = publishable_case(self.analyst)
        Case.objects.filter(pk=case.pk).update(curation_status=choices.CurationStatus.PUBLISHED)
        sentence = case.defendants.get().sentence
        response = client_for(self.analyst).patch(
            f"/api/v1/sentences/{sentence.pk}/", {"fine": "1000.00"}, format="json", HTTP_X_CHANGE_REASON=LONG
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(case.history.first().history_change_reason, f"Correction: {LONG}")


class APIErrorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        api_data.build(cls)
        cls.viewer = UserFactory.viewer()
        cls.analyst = UserFactory.analyst()
