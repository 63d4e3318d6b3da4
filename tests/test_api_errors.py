"""Bad input and errors through the API: a clear 4xx in JSON that names what was wrong, never a 500."""

import json

from django.conf import settings
from django.test import TestCase, override_settings
from rest_framework.test import APIClient

from cases import choices
from cases.models import Case, Person, ReviewEvent
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
        client, url = client_for(self.analyst), f"/api/v1/sentences/{sentence.pk}/"
        etag = client.get(url).headers["ETag"]
        response = client.patch(url, {"fine": "1000.00"}, format="json", HTTP_X_CHANGE_REASON=LONG, HTTP_IF_MATCH=etag)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(case.history.first().history_change_reason, f"Correction: {LONG}")


class APIErrorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        api_data.build(cls)
        cls.viewer = UserFactory.viewer()
        cls.analyst = UserFactory.analyst()

    def api(self, user=None) -> APIClient:
        return client_for(user or self.analyst)

    def assertJSONError(self, response, status: int, field: str | None = None):
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertEqual(response["Content-Type"], "application/json")
        body = response.json()
        self.assertIn(field or "detail", body)
        return body


class UnstorableTextTests(APIErrorTestCase):
    """A NUL byte or a lone surrogate anywhere in a request is a 400 naming where it was."""

    def test_nul_in_query_parameters(self):
        for url, name in (
            ("/api/v1/sentences/", "district"), ("/api/v1/sentences/", "employer"),
            ("/api/v1/sentences/", "agency"), ("/api/v1/sentences/", "statute"), ("/api/v1/cases/", "q"),
            ("/api/v1/sentences/", "q"), ("/api/v1/cases/", "ordering"), ("/api/v1/cases/", "cursor"),
            ("/api/v1/agencies/", "key"), ("/api/v1/districts/", "code"), ("/api/v1/statutes/", "citation"),
            ("/api/v1/people/", "name"), ("/api/v1/stats/sentences/", "group_by"),
            ("/api/v1/stats/sentences/", "district"), ("/api/v1/stats/facets/", "employer"),
            ("/api/v1/export/sentences.csv", "statute"), ("/api/v1/export/cases.csv", "q"),
        ):  # fmt: skip
            for user in (self.viewer, self.analyst):
                with self.subTest(url=url, name=name, user=user.username):
                    response = self.api(user).get(url, {name: "vaed\x00"})
                    body = self.assertJSONError(response, 400, name)
                    self.assertEqual(body[name], ["Null characters are not allowed."])

    def test_nul_in_a_header(self):
        response = self.api().patch(
            f"/api/v1/sentences/{self.sa1.pk}/", {"fine": "1.00"}, format="json", HTTP_X_CHANGE_REASON="Typo\x00"
        )
        self.assertJSONError(response, 400, "X-Change-Reason")

    def test_nul_and_surrogates_in_written_strings(self):
        person = f"/api/v1/people/{self.a1.person_id}/"
        organization = f"/api/v1/organizations/{self.verizon.pk}/"
        for method, url, field, value in (
            ("post", "/api/v1/people/", "aliases", ["a\x00b"]),
            ("post", "/api/v1/people/", "given_name", "An\x00n"),
            ("patch", person, "aliases", ["a\ud800b"]),
            ("patch", person, "family_name", "\udfff"),
            ("patch", organization, "aliases", ["Verizon\x00"]),
            ("patch", f"/api/v1/cases/{self.case_d.pk}/", "summary", "Text\x00"),
            ("patch", f"/api/v1/defendants/{self.d1.pk}/", "motives", ["money\x00"]),
            ("post", f"/api/v1/cases/{self.case_d.pk}/submit/", "comment", "x\ud800"),
        ):
            with self.subTest(method=method, url=url, field=field):
                body = json.dumps({"given_name": "Ann", "family_name": "Example", field: value})
                headers = {"HTTP_IF_MATCH": self.api().get(url).headers["ETag"]} if method == "patch" else {}
                response = getattr(self.api(), method)(url, body, content_type="application/json", **headers)
                self.assertJSONError(response, 400, field)
        self.assertEqual(self.a1.person.aliases, Person.objects.get(pk=self.a1.person_id).aliases)

    def test_nul_in_a_key(self):
        response = self.api().post("/api/v1/people/", {"given_name": "Ann", "x\x00": 1}, format="json")
        self.assertJSONError(response, 400, "non_field_errors")

    def test_nul_in_form_data_and_on_the_token_address(self):
        response = APIClient().post("/api/v1/auth/token/", {"username": "ana\x00", "password": "x"})
        self.assertJSONError(response, 400, "username")
        response = self.api().post("/api/v1/people/", {"given_name": "A\x00", "family_name": "B"}, format="multipart")
        self.assertJSONError(response, 400, "given_name")


class DeepJSONTests(APIErrorTestCase):
    DEEP = "[" * 50_000 + "]" * 50_000

    def test_deeply_nested_bodies_are_refused(self):
        for client, url in (
            (self.api(), "/api/v1/people/"),
            (self.api(), f"/api/v1/cases/{self.case_d.pk}/submit/"),
            (APIClient(), "/api/v1/auth/token/"),
        ):
            with self.subTest(url=url):
                self.assertJSONError(client.post(url, self.DEEP, content_type="application/json"), 400)

    def test_limit(self):
        from cases.api.parsers import MAX_JSON_DEPTH

        deep = {
            "given_name": "Ann",
            "family_name": "Example",
            "aliases": json.loads("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH),
        }
        response = self.api().post("/api/v1/people/", deep, format="json")
        self.assertJSONError(response, 400)
        brackets_in_text = {"given_name": "[[[[" * 20, "family_name": "{" * 100, "aliases": []}
        response = self.api().post("/api/v1/people/", brackets_in_text, format="json")
        self.assertEqual(response.status_code, 201, response.content)


class CaseDeleteTests(APIErrorTestCase):
    def test_nobody_deletes_a_case(self):
        superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
        response = self.api(superuser).delete(f"/api/v1/cases/{self.case_a.pk}/")
        self.assertJSONError(response, 405)
        self.assertJSONError(self.api().delete(f"/api/v1/cases/{self.case_a.pk}/"), 403)
        self.assertTrue(Case.objects.filter(pk=self.case_a.pk).exists())


class JSONErrorTests(APIErrorTestCase):
    def test_unknown_api_address(self):
        for url in ("/api/v1/nothing-here/", "/api/v2/", f"/api/v1/cases/{self.case_a.pk}/nothing/"):
            with self.subTest(url=url):
                self.assertJSONError(self.api().get(url), 404)

    def test_method_not_allowed(self):
        self.assertJSONError(self.api().put("/api/v1/stats/sentences/", {}), 405)
        self.assertJSONError(self.api().post(f"/api/v1/sentences/{self.sa1.pk}/", {}), 405)

    def test_body_too_large(self):
        size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
        body = json.dumps({"given_name": "Ann", "family_name": "x" * size})
        for content_type in ("application/json", "application/x-www-form-urlencoded"):
            with self.subTest(content_type=content_type):
                response = self.api().post("/api/v1/people/", body, content_type=content_type)
                self.assertJSONError(response, 413)
        response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
        self.assertJSONError(response, 413)

    @override_settings(ROOT_URLCONF="tests.error_urls")
    def test_server_error(self):
        client = APIClient(raise_request_exception=False)
        client.force_authenticate(self.analyst)
        with self.assertLogs("django.request", "ERROR"):
            body = self.assertJSONError(client.get("/api/v1/failing/"), 500)
        self.assertNotIn("deliberate", json.dumps(body))
        with self.assertLogs("django.request", "ERROR"):
            page = client.get("/failing/")
        self.assertEqual(page.status_code, 500)
        self.assertIn("text/html", page["Content-Type"])

    def test_pages_outside_the_api_stay_html(self):
        response = self.api().get("/nothing-here/")
        self.assertEqual(response.status_code, 404)
        self.assertIn("text/html", response["Content-Type"])


class CursorTests(APIErrorTestCase):
    def test_malformed_cursor_is_a_400_naming_it(self):
        from base64 import b64encode

        forged = b64encode(b"p=not-a-date").decode()
        for url in (
            "/api/v1/cases/?cursor=garbage", "/api/v1/sentences/?cursor=garbage", "/api/v1/people/?cursor=bz1h",
            f"/api/v1/cases/?cursor={forged}", f"/api/v1/sentences/?cursor={forged}",
            f"/api/v1/sentences/?cursor={forged}&ordering=prison_months",
        ):  # fmt: skip
            with self.subTest(url=url):
                self.assertJSONError(self.api().get(url), 400, "cursor")

    def test_cursor_still_walks(self):
        page = self.api().get("/api/v1/sentences/?cursor=&page_size=2").json()
        following = self.api().get(page["next"])
        self.assertEqual(following.status_code, 200)
