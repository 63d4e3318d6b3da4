"""Curation: every transition and who may make it, each publication check, the edit guard (reason,
version, back into review), history with revert, duplicates and merge, source readings."""

import datetime as dt
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases import choices
from cases.models import Case, Charge, Defendant, Person, ReviewEvent, Sentence
from cases.services.curation import (
    CurationError,
    case_publish,
    case_publish_problems,
    case_record_edit,
    case_retract,
    case_return,
    case_revert,
    case_snapshot,
    case_submit,
)
from cases.services.duplicates import organization_merge, organization_similar, person_merge, person_similar
from cases.services.sources import source_check, source_record_reading
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    DefendantFactory,
    EmploymentFactory,
    OrganizationFactory,
    PersonFactory,
    SentenceFactory,
    SourceFactory,
    StatuteFactory,
    StatutoryPenaltyFactory,
    UserFactory,
)
from tests.forms import form_values

DRAFT, IN_REVIEW, PUBLISHED, RETRACTED = (
    choices.CurationStatus.DRAFT,
    choices.CurationStatus.IN_REVIEW,
    choices.CurationStatus.PUBLISHED,
    choices.CurationStatus.RETRACTED,
)


def publishable_case(editor, **case_fields) -> Case:
    """A draft that passes every check: a source, a convicted defendant with a charge and a dated sentence."""
    case = CaseFactory(curation_status=DRAFT, status=choices.CaseStatus.SENTENCED, **case_fields)
    SourceFactory(case=case)
    statute = StatuteFactory(section="951", short_name="Agent")
    StatutoryPenaltyFactory(statute=statute, max_prison_months=120)
    defendant = DefendantFactory(case=case, person=PersonFactory(given_name="Ping", family_name="Li"))
    ChargeFactory(defendant=defendant, statute=statute, counts=1)
    SentenceFactory(defendant=defendant, prison_months=Decimal("48"), sentenced_on=dt.date(2024, 11, 25))
    case_record_edit(case_id=case.pk, user=editor, was_public=False)
    case.refresh_from_db()
    return case


class WorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.analyst = UserFactory.analyst(username="ana")
        cls.reviewer = UserFactory.reviewer(username="rev")
        cls.reviewer2 = UserFactory.reviewer(username="rev2")
        cls.viewer = UserFactory.viewer(username="viv")

    def test_draft_to_published_by_a_second_analyst(self):
        case = publishable_case(self.analyst)
        case_submit(case=case, user=self.analyst)
        self.assertEqual(Case.objects.get(pk=case.pk).curation_status, IN_REVIEW)
        case_publish(case=case, user=self.reviewer, comment="Checked against the judgment.")
        case.refresh_from_db()
        self.assertEqual(case.curation_status, PUBLISHED)
        self.assertIsNotNone(case.published_at)
        actions = list(case.review_events.order_by("created_at").values_list("action", flat=True))
        self.assertEqual(actions, [choices.ReviewAction.SUBMITTED, choices.ReviewAction.PUBLISHED])
        client = APIClient()
        client.force_authenticate(self.viewer)
        self.assertEqual(client.get(f"/api/v1/cases/{case.pk}/").status_code, 200)

    def test_analyst_cannot_publish(self):
        case = publishable_case(self.analyst)
        case_submit(case=case, user=self.analyst)
        with self.assertRaises(CurationError) as raised:
            case_publish(case=case, user=self.analyst)
        self.assertIn("Only reviewers", str(raised.exception))

    def test_self_publication_refused(self):
        case = publishable_case(self.reviewer)
        case_submit(case=case, user=self.reviewer)
        with self.assertRaises(CurationError) as raised:
            case_publish(case=case, user=self.reviewer)
        self.assertIn("another reviewer must publish", str(raised.exception))
        self.assertEqual(Case.objects.get(pk=case.pk).curation_status, IN_REVIEW)
        case_publish(case=case, user=self.reviewer2)

    def test_return_needs_a_comment_and_is_kept(self):
        case = publishable_case(self.analyst)
        case_submit(case=case, user=self.analyst)
        with self.assertRaises(CurationError):
            case_return(case=case, user=self.reviewer, comment=" ")
        case_return(case=case, user=self.reviewer, comment="The fine is missing from the judgment.")
        self.assertEqual(Case.objects.get(pk=case.pk).curation_status, DRAFT)
        event = ReviewEvent.objects.get(case=case, action=choices.ReviewAction.RETURNED)
        self.assertEqual((event.user, event.comment), (self.reviewer, "The fine is missing from the judgment."))

    def test_wrong_transitions_refused(self):
        case = publishable_case(self.analyst)
        with self.assertRaises(CurationError):
            case_publish(case=case, user=self.reviewer)  # still a draft
        with self.assertRaises(CurationError):
            case_retract(case=case, user=self.reviewer, reason="x")  # not published
        with self.assertRaises(CurationError):
            case_return(case=case, user=self.reviewer, comment="x")  # not in review
        case_submit(case=case, user=self.analyst)
        with self.assertRaises(CurationError):
            case_submit(case=case, user=self.analyst)  # already in review

    def test_retracted_case_is_kept_labelled_and_out_of_statistics(self):
        case = publishable_case(self.analyst)
        case_submit(case=case, user=self.analyst)
        case_publish(case=case, user=self.reviewer)
        with self.assertRaises(CurationError):
            case_retract(case=case, user=self.reviewer, reason="")
        case_retract(case=case, user=self.reviewer, reason="DOJ withdrew the charges.")
        client = APIClient()
        client.force_authenticate(self.viewer)
        detail = client.get(f"/api/v1/cases/{case.pk}/").json()
        self.assertEqual(detail["curation_status"], RETRACTED)
        self.assertEqual(detail["retraction"]["reason"], "DOJ withdrew the charges.")
        self.assertEqual(client.get("/api/v1/cases/").json()["count"], 1)
        self.assertEqual(client.get("/api/v1/stats/sentences/").json()["overall"]["sentenced"], 0)

    def test_api_workflow_and_permissions(self):
        case = publishable_case(self.analyst)
        analyst, reviewer = APIClient(), APIClient()
        analyst.force_authenticate(self.analyst)
        reviewer.force_authenticate(self.reviewer)
        self.assertEqual(analyst.post(f"/api/v1/cases/{case.pk}/submit/").status_code, 200)
        self.assertEqual(analyst.post(f"/api/v1/cases/{case.pk}/publish/").status_code, 403)
        response = reviewer.post(f"/api/v1/cases/{case.pk}/return/", {"comment": ""}, format="json")
        self.assertEqual(response.status_code, 400)
        response = reviewer.post(f"/api/v1/cases/{case.pk}/publish/")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["curation_status"], PUBLISHED)
        viewer = APIClient()
        viewer.force_authenticate(self.viewer)
        self.assertEqual(viewer.post(f"/api/v1/cases/{case.pk}/retract/", {"comment": "x"}).status_code, 403)

    def test_admin_actions(self):
        case = publishable_case(self.analyst)
        self.client.force_login(self.analyst)
        url = reverse("admin:cases_case_changelist")
        self.client.post(url, {"action": "submit_cases", "_selected_action": [case.pk]})
        self.assertEqual(Case.objects.get(pk=case.pk).curation_status, IN_REVIEW)
        queue = self.client.get(reverse("admin:cases_case_review_queue"))
        self.assertContains(queue, case.caption)
        self.assertContains(queue, "ready to publish")
        self.client.force_login(self.reviewer)
        response = self.client.post(
            url, {"action": "return_cases", "_selected_action": [case.pk], "apply": "1", "comment": "Add the judge."}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Case.objects.get(pk=case.pk).curation_status, DRAFT)
        self.client.post(url, {"action": "submit_cases", "_selected_action": [case.pk]})
        self.client.post(url, {"action": "publish_cases", "_selected_action": [case.pk]})
        self.assertEqual(Case.objects.get(pk=case.pk).curation_status, PUBLISHED)


class PublishCheckTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.analyst = UserFactory.analyst()

    def setUp(self):
        self.case = publishable_case(self.analyst)
        self.defendant = self.case.defendants.get()

    def assertProblem(self, text):
        problems = case_publish_problems(self.case)
        self.assertTrue(any(text in p for p in problems), problems)
        with self.assertRaises(CurationError):
            case_submit(case=self.case, user=self.analyst)

    def test_passes(self):
        self.assertEqual(case_publish_problems(self.case), [])

    def test_needs_a_source(self):
        self.case.sources.all().delete()
        self.assertProblem("at least one source")

    def test_defendant_needs_a_disposition(self):
        Defendant.objects.filter(pk=self.defendant.pk).update(disposition=choices.DefendantDisposition.PENDING)
        self.assertProblem("give a disposition")

    def test_sentenced_defendant_needs_a_sentence(self):
        Sentence.objects.filter(defendant=self.defendant).delete()
        self.assertProblem("add the sentence")

    def test_sentence_needs_a_date(self):
        Sentence.objects.filter(defendant=self.defendant).update(sentenced_on=None)
        self.assertProblem("date of the sentence")

    def test_needs_charges(self):
        Charge.objects.filter(defendant=self.defendant).delete()
        self.assertProblem("add the charges")

    def test_general_conspiracy_needs_its_object(self):
        ChargeFactory(defendant=self.defendant, statute=StatuteFactory(section="371"), is_conspiracy=True)
        self.assertProblem("needs its object offence")

    def test_term_above_the_maximum_needs_a_reason(self):
        Sentence.objects.filter(defendant=self.defendant).update(prison_months=Decimal("130"))
        self.assertProblem("above the statutory maximum of 120 months")
        Sentence.objects.filter(defendant=self.defendant).update(above_maximum_reason="Two consecutive terms.")
        self.assertEqual(case_publish_problems(self.case), [])

    def test_counts_add_up_to_the_maximum(self):
        Charge.objects.filter(defendant=self.defendant).update(counts=2)
        Sentence.objects.filter(defendant=self.defendant).update(prison_months=Decimal("200"))
        self.assertEqual(case_publish_problems(self.case), [])


class EditGuardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.analyst = UserFactory.analyst(username="ana")
        cls.analyst2 = UserFactory.analyst(username="ben")
        cls.reviewer = UserFactory.reviewer(username="rev")

    def published(self) -> Case:
        case = publishable_case(self.analyst)
        case_submit(case=case, user=self.analyst)
        case_publish(case=case, user=self.reviewer)
        case.refresh_from_db()
        return case

    def change_page(self, case, user):
        self.client.force_login(user)
        response = self.client.get(reverse("admin:cases_case_change", args=[case.pk]))
        self.assertEqual(response.status_code, 200)
        return form_values(response.content.decode(), "case_form")

    def test_admin_edit_of_published_case_needs_reason_and_goes_back_to_review(self):
        case = self.published()
        data = self.change_page(case, self.analyst2)
        data["summary"] = "Corrected summary."
        url = reverse("admin:cases_case_change", args=[case.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "say why you change it")
        data["change_reason"] = "The plea release gives a later start."
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        case.refresh_from_db()
        self.assertEqual((case.summary, case.curation_status), ("Corrected summary.", IN_REVIEW))
        self.assertEqual(case.last_edited_by, self.analyst2)
        event = case.review_events.get(action=choices.ReviewAction.CORRECTED)
        self.assertEqual(event.comment, "The plea release gives a later start.")
        history = self.client.get(reverse("admin:cases_case_full_history", args=[case.pk]))
        self.assertContains(history, "Corrected summary.")
        self.assertContains(history, "The plea release gives a later start.")

    def test_second_admin_save_is_refused(self):
        case = publishable_case(self.analyst)
        first = self.change_page(case, self.analyst)
        second = self.change_page(case, self.analyst2)
        url = reverse("admin:cases_case_change", args=[case.pk])
        first["summary"] = "First analyst's summary."
        self.client.force_login(self.analyst)
        self.assertEqual(self.client.post(url, first).status_code, 302)
        second["summary"] = "Second analyst's summary."
        self.client.force_login(self.analyst2)
        response = self.client.post(url, second)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Someone else saved this case since you opened it")
        self.assertEqual(Case.objects.get(pk=case.pk).summary, "First analyst's summary.")

    def test_api_etag_and_if_match(self):
        case = publishable_case(self.analyst)
        client = APIClient()
        client.force_authenticate(self.analyst)
        url = f"/api/v1/cases/{case.pk}/"
        etag = client.get(url)["ETag"]
        self.assertEqual(client.patch(url, {"summary": "x"}, format="json").status_code, 428)
        response = client.patch(url, {"summary": "First."}, format="json", HTTP_IF_MATCH=etag)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertNotEqual(response["ETag"], etag)
        response = client.patch(url, {"summary": "Second."}, format="json", HTTP_IF_MATCH=etag)
        self.assertEqual(response.status_code, 412)
        self.assertEqual(Case.objects.get(pk=case.pk).summary, "First.")

    def test_api_edit_of_published_case(self):
        case = self.published()
        client = APIClient()
        client.force_authenticate(self.analyst2)
        url = f"/api/v1/cases/{case.pk}/"
        etag = client.get(url)["ETag"]
        response = client.patch(url, {"summary": "New."}, format="json", HTTP_IF_MATCH=etag)
        self.assertEqual(response.status_code, 400)
        self.assertIn("change_reason", response.json())
        response = client.patch(
            url, {"summary": "New."}, format="json", HTTP_IF_MATCH=etag, HTTP_X_CHANGE_REASON="Judgment text."
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Case.objects.get(pk=case.pk).curation_status, IN_REVIEW)
        history = client.get(f"{url}history/").json()
        self.assertEqual(history[0]["reason"], "Correction: Judgment text.")
        changes = [change for entry in history for change in entry["changes"]]
        self.assertIn({"field": "summary", "old": case.summary, "new": "New."}, changes)
        self.assertIn({"field": "curation status", "old": "published", "new": "in_review"}, changes)


class RevertTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.analyst = UserFactory.analyst()

    def canonical(self, case_id, at=None):
        snapshot = case_snapshot(case_id, at)
        from cases.services.curation import _content

        parts = {
            model.__name__: sorted(sorted(_content(obj).items(), key=str) for obj in objs)
            for model, objs in snapshot["parts"].items()
        }
        return sorted(_content(snapshot["case"]).items(), key=str), parts

    def test_revert_restores_exactly(self):
        case = publishable_case(self.analyst)
        before = self.canonical(case.pk)
        moment = timezone.now()
        defendant = case.defendants.get()
        # Later edits: a field, a new part, a changed part, a deleted part.
        Case.objects.filter(pk=case.pk).update(summary="changed")
        case.refresh_from_db()
        case.summary = "changed"
        case.save()
        DefendantFactory(case=case)
        sentence = defendant.sentence
        sentence.prison_months = Decimal("60")
        sentence.save()
        defendant.charges.get().delete()
        SourceFactory(case=case)
        self.assertNotEqual(self.canonical(case.pk), before)
        case_revert(case=case, at=moment, user=self.analyst, reason="Undo the test edits.")
        self.assertEqual(self.canonical(case.pk), before)
        self.assertEqual(self.canonical(case.pk), self.canonical(case.pk, moment))

    def test_revert_needs_a_reason(self):
        case = publishable_case(self.analyst)
        with self.assertRaises(CurationError):
            case_revert(case=case, at=timezone.now(), user=self.analyst, reason="")

    def test_revert_through_the_admin_history_page(self):
        case = publishable_case(self.analyst)
        moment = timezone.now()
        case.summary = "wrong"
        case.save()
        self.client.force_login(self.analyst)
        url = reverse("admin:cases_case_full_history", args=[case.pk])
        self.assertContains(self.client.get(url), "wrong")
        response = self.client.post(url, {"at": moment.isoformat(), "reason": "Back to the reviewed text."})
        self.assertEqual(response.status_code, 302)
        self.assertNotEqual(Case.objects.get(pk=case.pk).summary, "wrong")


class DuplicateAndMergeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.analyst = UserFactory.analyst()

    def test_likely_people_found(self):
        ping = PersonFactory(given_name="Ping", family_name="Li", birth_year=1965)
        PersonFactory(given_name="Robert", family_name="Hanssen")
        for given, family, year in (("Ping", "Li", None), ("Li", "Ping", None), ("Ping", "Lee", 1965)):
            with self.subTest(name=f"{given} {family}"):
                matches = person_similar(given_name=given, family_name=family, birth_year=year)
                self.assertEqual([m.record for m in matches][:1], [ping])
        self.assertEqual(person_similar(given_name="Anna", family_name="Chapman"), [])

    def test_likely_organizations_found(self):
        verizon = OrganizationFactory(name="Verizon Communications", slug="verizon", aliases=["Verizon"])
        self.assertEqual(organization_similar(name="Verizon")[0].record, verizon)
        self.assertEqual(organization_similar(name="Verizon Communications Inc.")[0].record, verizon)

    def test_admin_warns_before_adding_a_duplicate(self):
        PersonFactory(given_name="Ping", family_name="Li")
        self.client.force_login(self.analyst)
        url = reverse("admin:cases_person_add")
        data = {"given_name": "Ping", "family_name": "Li", "sex": "male", "citizenship_status": "unknown",
                "aliases": "[]"}  # fmt: skip
        response = self.client.post(url, data)
        self.assertContains(response, "This probably exists already")
        self.assertEqual(Person.objects.count(), 1)
        response = self.client.post(url, {**data, "not_a_duplicate": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Person.objects.count(), 2)

    def test_merge_keeps_every_relation(self):
        keep = PersonFactory(given_name="Ping", family_name="Li", birth_year=None)
        remove = PersonFactory(given_name="Ping", family_name="Lee", birth_year=1965, citizenships=["CN"])
        first = DefendantFactory(person=keep)
        second = DefendantFactory(person=remove)
        ChargeFactory(defendant=second)
        version = second.case.version
        person_merge(keep=keep, remove=remove, user=self.analyst)
        self.assertFalse(Person.objects.filter(pk=remove.pk).exists())
        keep.refresh_from_db()
        self.assertEqual(set(keep.defendants.values_list("pk", flat=True)), {first.pk, second.pk})
        self.assertEqual(keep.birth_year, 1965)
        self.assertIn("Ping Lee", keep.aliases)
        self.assertEqual([c.code for c in keep.citizenships], ["CN"])
        self.assertEqual(Charge.objects.filter(defendant=second).count(), 1)
        self.assertIn("Merged person", keep.history.first().history_change_reason)
        self.assertEqual(Case.objects.get(pk=second.case_id).version, version + 1)

    def test_merge_is_all_or_nothing(self):
        keep = PersonFactory(given_name="Ping", family_name="Li")
        remove = PersonFactory(given_name="Ping", family_name="Lee")
        case = CaseFactory()
        DefendantFactory(person=remove)  # would move
        DefendantFactory(case=case, person=keep)
        DefendantFactory(case=case, person=remove)  # same case: cannot merge
        with self.assertRaises(CurationError):
            person_merge(keep=keep, remove=remove, user=self.analyst)
        self.assertEqual(remove.defendants.count(), 2)
        self.assertTrue(Person.objects.filter(pk=remove.pk).exists())

    def test_organization_merge(self):
        keep = OrganizationFactory(name="Verizon", slug="verizon")
        remove = OrganizationFactory(name="Verizon Communications", slug="verizon-communications")
        employment = EmploymentFactory(organization=remove)
        organization_merge(keep=keep, remove=remove, user=self.analyst)
        employment.refresh_from_db()
        self.assertEqual(employment.organization, keep)
        keep.refresh_from_db()
        self.assertIn("Verizon Communications", keep.aliases)

    def test_admin_merge_action(self):
        keep = PersonFactory(given_name="Ping", family_name="Li")
        remove = PersonFactory(given_name="Ping", family_name="Lee")
        self.client.force_login(self.analyst)
        url = reverse("admin:cases_person_changelist")
        page = self.client.post(url, {"action": "merge_people", "_selected_action": [keep.pk, remove.pk]})
        self.assertContains(page, "Merge two people")
        self.client.post(
            url, {"action": "merge_people", "_selected_action": [keep.pk, remove.pk], "apply": "1", "keep": keep.pk}
        )
        self.assertFalse(Person.objects.filter(pk=remove.pk).exists())


class _Page(BaseHTTPRequestHandler):
    body = b"<html><body><h1>Sentenced</h1><p>48 months</p></body></html>"

    def do_GET(self):  # noqa: N802 - the handler's API
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(type(self).body)

    def log_message(self, *args):
        pass


class SourceReadingTests(TestCase):
    def setUp(self):
        self.server = HTTPServer(("127.0.0.1", 0), _Page)
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.url = f"http://127.0.0.1:{self.server.server_port}/release"

    def test_a_changed_page_is_noticed(self):
        source = SourceFactory(url=self.url)
        self.assertEqual(source_check(source=source).status, "first")
        self.assertEqual(len(source.content_sha256), 64)
        self.assertEqual(source.accessed_on, timezone.localdate())
        self.assertEqual(source_check(source=source).status, "unchanged")
        _Page.body = b"<html><body><h1>Sentenced</h1><p>46 months</p></body></html>"
        self.addCleanup(setattr, _Page, "body", _Page.body)
        self.assertEqual(source_check(source=source).status, "changed")

    def test_markup_alone_is_not_a_change(self):
        source = SourceFactory()
        source_record_reading(source=source, text="<p>48 months</p>")
        self.assertEqual(source_record_reading(source=source, text="<div> 48   months </div>").status, "unchanged")

    def test_command_reports_changes(self):
        from io import StringIO

        from django.core.management import call_command

        source = SourceFactory(url=self.url)
        out = StringIO()
        call_command("check_sources", case=source.case.slug, stdout=out, stderr=StringIO())
        self.assertIn(
            "Checked 1 sources: 0 changed, 0 unreachable, 0 unchanged, 1 read for the first time.", out.getvalue()
        )

    def test_unreachable(self):
        self.server.server_close()
        source = SourceFactory(url="http://127.0.0.1:9/nothing")
        self.assertEqual(source_check(source=source).status, "unreachable")
