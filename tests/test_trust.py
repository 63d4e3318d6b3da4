"""Guarantees that make the data curated, tried as a hostile user would: the records around a published
case cannot be changed behind review, and no write is lost to another writer's stale read."""

import threading
import unittest

from django.db import connection
from django.test import TestCase, TransactionTestCase
from rest_framework.test import APIClient

from cases import choices
from cases.models import Case, ReviewEvent
from cases.services.curation import CurationError, case_publish
from tests import api_data
from tests.factories import SentenceFactory, UserFactory

# Every writable resource, with a field a PATCH can change (the value is a function of the record).
WRITABLE = {
    "cases": lambda t: (t.case_b.pk, {"summary": "Took coating formulas from a plant."}),
    "sentences": lambda t: (t.sb1.pk, {"fine": "12000.00"}),
    "defendants": lambda t: (t.b1.pk, {"age": 51, "age_at": "sentencing"}),
    "charges": lambda t: (t.b1.charges.get().pk, {"counts": 2}),
    "sources": lambda t: (t.case_b.sources.get().pk, {"title": "Sentencing release"}),
    "people": lambda t: (t.b1.person_id, {"middle_name": "Q."}),
    "organizations": lambda t: (t.chem.pk, {"name": "Chem Corporation"}),
    "agencies": lambda t: (t.mss.pk, {"abbreviation": "MSS*"}),
    "statutes": lambda t: (t.s1832.pk, {"short_name": "Theft of trade secrets"}),
}


class TrustCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        api_data.build(cls)
        cls.viewer = UserFactory.viewer()
        cls.analyst = UserFactory.analyst()
        cls.reviewer = UserFactory.reviewer()
        cls.reviewer2 = UserFactory.reviewer()

    def client_for(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def etag(self, client, url):
        response = client.get(url)
        self.assertEqual(response.status_code, 200, response.content)
        return response.headers["ETag"]


class RecordsAroundCasesTests(TrustCase):
    """PATCH /people/<id> on a defendant of a published case used to pass with no reason, show at once to
    viewers, and leave the case published at the same version."""

    def test_each_record_kind_needs_a_reason_and_sends_its_public_cases_to_review(self):
        records = {
            "people": (self.a1.person_id, {"family_name": "Quillfeathers"}, self.case_a),
            "organizations": (self.verizon.pk, {"name": "Verizon Wireless"}, self.case_a),
            "agencies": (self.mss.pk, {"name": "Ministry of State Security (PRC)"}, self.case_a),
            "statutes": (self.s951.pk, {"short_name": "Agent of a foreign government"}, self.case_a),
        }
        client = self.client_for(self.reviewer)
        for resource, (pk, change, case) in records.items():
            with self.subTest(resource=resource):
                case.refresh_from_db()
                if case.curation_status != choices.CurationStatus.PUBLISHED:
                    case.curation_status = choices.CurationStatus.PUBLISHED
                    case.save()
                version = case.version
                url = f"/api/v1/{resource}/{pk}/"
                response = client.patch(url, change, format="json", HTTP_IF_MATCH=self.etag(client, url))
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn("change_reason", response.json())
                case.refresh_from_db()
                self.assertEqual((case.curation_status, case.version), (choices.CurationStatus.PUBLISHED, version))

                response = client.patch(
                    url, change, format="json", HTTP_IF_MATCH=self.etag(client, url),
                    HTTP_X_CHANGE_REASON="The judgment spells it so.",
                )  # fmt: skip
                self.assertEqual(response.status_code, 200, response.content)
                case.refresh_from_db()
                self.assertEqual(case.curation_status, choices.CurationStatus.IN_REVIEW)
                self.assertEqual(case.version, version + 1)
                self.assertEqual(case.last_edited_by, self.reviewer)
                self.assertTrue(
                    ReviewEvent.objects.filter(case=case, action=choices.ReviewAction.CORRECTED, user=self.reviewer)
                )
                # The change is not public until another reviewer publishes the case again ...
                self.assertEqual(self.client_for(self.viewer).get(f"/api/v1/cases/{case.pk}/").status_code, 404)
                # ... and the reviewer who made it cannot publish it himself.
                with self.assertRaises(CurationError):
                    case_publish(case=case, user=self.reviewer)
                self.assertEqual(client.post(f"/api/v1/cases/{case.pk}/publish/", {}, format="json").status_code, 400)
                case_publish(case=case, user=self.reviewer2)

    def test_editing_a_person_of_a_case_in_review_stops_the_editor_publishing_it(self):
        self.case_b.curation_status = choices.CurationStatus.IN_REVIEW
        self.case_b.save()
        client = self.client_for(self.reviewer)
        url = f"/api/v1/people/{self.b1.person_id}/"
        response = client.patch(url, {"given_name": "Bob"}, format="json", HTTP_IF_MATCH=self.etag(client, url))
        self.assertEqual(response.status_code, 200, response.content)
        response = client.post(f"/api/v1/cases/{self.case_b.pk}/publish/", {}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("last change", " ".join(response.json()["problems"]))

    def test_admin_person_change_needs_a_reason_and_sends_the_case_to_review(self):
        from django.forms.models import model_to_dict

        person = self.a1.person
        self.client.force_login(self.reviewer)
        url = f"/admin/cases/person/{person.pk}/change/"
        page = self.client.get(url)
        token = page.context["adminform"].form["edit_token"].value()
        data = {k: v for k, v in model_to_dict(person).items() if v is not None}
        data.update(family_name="Quillfeathers", citizenships=["US"], edit_token=token, aliases="[]")
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("change_reason", response.context["adminform"].form.errors)
        person.refresh_from_db()
        self.assertEqual(person.family_name, "Quillfeather")
        data["change_reason"] = "The judgment spells it so."
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None) and response.context["errors"])
        self.case_a.refresh_from_db()
        self.assertEqual(self.case_a.curation_status, choices.CurationStatus.IN_REVIEW)
        self.assertEqual(self.case_a.last_edited_by, self.reviewer)
        # A second save from the same page (the token of the first read) is refused.
        response = self.client.post(url, {**data, "family_name": "Other"})
        self.assertEqual(response.status_code, 200)
        person.refresh_from_db()
        self.assertEqual(person.family_name, "Quillfeathers")


class NoLostUpdatesTests(TrustCase):
    """Two clients read sentences/60, A sets prison 24, B then sets the fine from its old read: both got
    200 and A's change was gone."""

    def test_every_writable_record_refuses_a_write_without_or_with_a_stale_etag(self):
        a, b = self.client_for(self.analyst), self.client_for(self.analyst)
        for resource, spec in WRITABLE.items():
            with self.subTest(resource=resource):
                pk, change = spec(self)
                url = f"/api/v1/{resource}/{pk}/"
                headers = {"HTTP_X_CHANGE_REASON": "Checked against the judgment."}
                self.assertEqual(a.patch(url, change, format="json", **headers).status_code, 428)
                tag_a, tag_b = self.etag(a, url), self.etag(b, url)
                self.assertEqual(tag_a, tag_b)
                response = a.patch(url, change, format="json", HTTP_IF_MATCH=tag_a, **headers)
                self.assertEqual(response.status_code, 200, response.content)
                self.assertNotEqual(response.headers["ETag"], tag_a)
                response = b.patch(url, change, format="json", HTTP_IF_MATCH=tag_b, **headers)
                self.assertEqual(response.status_code, 412, response.content)
                response = b.delete(url, HTTP_IF_MATCH=tag_b, **headers)
                # Parts may be deleted (not from a stale read); cases never; records around cases only
                # by merging.
                expected = {"cases": 403, "people": 403, "organizations": 403, "agencies": 403, "statutes": 403}
                self.assertEqual(response.status_code, expected.get(resource, 412), response.content)

    def test_the_sentence_story(self):
        a, b = self.client_for(self.analyst), self.client_for(self.analyst)
        url = f"/api/v1/sentences/{self.sb1.pk}/"
        reason = {"HTTP_X_CHANGE_REASON": "Judgment."}
        tag_a, tag_b = self.etag(a, url), self.etag(b, url)
        self.assertEqual(
            a.patch(url, {"prison_months": "30"}, format="json", HTTP_IF_MATCH=tag_a, **reason).status_code, 200
        )
        self.assertEqual(b.patch(url, {"fine": "1.00"}, format="json", HTTP_IF_MATCH=tag_b, **reason).status_code, 412)
        self.sb1.refresh_from_db()
        self.assertEqual(str(self.sb1.fine), "10000.00")

    def test_delete_of_a_part_needs_the_current_etag(self):
        sentence = SentenceFactory(defendant=self.d1.case.defendants.create(person=self.b3.person))
        client = self.client_for(self.analyst)
        url = f"/api/v1/sentences/{sentence.pk}/"
        self.assertEqual(client.delete(url).status_code, 428)
        self.assertEqual(client.delete(url, HTTP_IF_MATCH='"stale"').status_code, 412)
        self.assertEqual(client.delete(url, HTTP_IF_MATCH=self.etag(client, url)).status_code, 204)


@unittest.skipUnless(connection.vendor == "postgresql", "row locks are PostgreSQL's; SQLite runs one writer at a time")
class ConcurrentWritesTests(TransactionTestCase):
    """Writers that read the same ETag race: exactly one wins, on every kind of record."""

    def test_one_winner_per_etag(self):
        from cases.roles import ensure_groups

        ensure_groups()  # an earlier live-server test may have emptied the tables the migrations filled
        api_data.build(self)
        analyst = UserFactory.analyst()
        for resource, spec in WRITABLE.items():
            with self.subTest(resource=resource):
                pk, change = spec(self)
                url = f"/api/v1/{resource}/{pk}/"
                reader = APIClient()
                reader.force_authenticate(analyst)
                tag = reader.get(url).headers["ETag"]
                statuses, barrier = [], threading.Barrier(6)

                def write(url=url, change=change, tag=tag, barrier=barrier, statuses=statuses):
                    client = APIClient()
                    client.force_authenticate(analyst)
                    barrier.wait()
                    try:
                        response = client.patch(url, change, format="json", HTTP_IF_MATCH=tag,
                                                HTTP_X_CHANGE_REASON="race")  # fmt: skip
                        statuses.append(response.status_code)
                    finally:
                        connection.close()

                threads = [threading.Thread(target=write) for _ in range(6)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                self.assertEqual(sorted(statuses), [200, 412, 412, 412, 412, 412])
        self.assertTrue(Case.objects.exists())
