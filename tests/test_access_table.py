"""Who may do what, as one table: every API endpoint and every admin page, every verb, every role ->
the expected status. The tests walk the URL configuration, so an endpoint or admin page without a row
fails the suite.

Statuses are given per role in the order of ROLES: anonymous, viewer, analyst, reviewer, superuser.
Writes run inside a savepoint that is rolled back, so each cell starts from the same data.
"""

from django.contrib import admin
from django.db import transaction
from django.test import TestCase
from django.urls import URLPattern, URLResolver, reverse
from rest_framework.test import APIClient

from cases import choices
from cases.api import urls as api_urls
from cases.models import Case
from tests import api_data
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    DefendantFactory,
    EmploymentFactory,
    OrganizationFactory,
    SentenceFactory,
    SourceFactory,
    UserFactory,
)

ROLES = ("anonymous", "viewer", "analyst", "reviewer", "superuser")


def row(statuses: str) -> dict[str, int]:
    codes = [int(code) for code in statuses.split()]
    assert len(codes) == len(ROLES), statuses
    return dict(zip(ROLES, codes, strict=True))


# Parts of cases and records around them share one shape. Anonymous reading is off: 401 everywhere (the
# token scheme asks for credentials). A record "draft" is one that only a draft case shows.
PART = {
    "GET": "401 200 200 200 200",
    "GET draft": "401 404 200 200 200",
    "POST": "401 403 405 405 405",
    "PATCH": "401 403 200 200 200",
    "DELETE": "401 403 204 204 204",
}
# Records around cases are merged or corrected, not deleted; a superuser's delete of one still in use is a 409.
RECORD = {**PART, "DELETE": "401 403 403 403 409"}
LIST = {"GET": "401 200 200 200 200", "POST": "401 403 400 400 400"}

API = {
    "api-root": {"GET": "401 200 200 200 200"},
    # The schema describes the API, not its data: anyone may read it, as the docs pages do.
    "schema": {"GET": "200 200 200 200 200"},
    "docs": {"GET": "200 200 200 200 200"},
    "redoc": {"GET": "200 200 200 200 200"},
    "case-list": LIST,
    "case-detail": {
        "GET": "401 200 200 200 200",
        "GET draft": "401 404 200 200 200",
        "PATCH": "401 403 200 200 200",
        "DELETE": "401 403 403 403 405",
    },
    "case-submit": {"POST draft": "401 403 200 200 200"},
    # The case in review was last edited by the analyst: the reviewers publish or return it, he cannot.
    "case-publish": {"POST review": "401 403 403 200 200"},
    "case-return-case": {"POST review": "401 403 403 200 200"},
    "case-retract": {"POST": "401 403 403 200 200"},
    "case-history": {"GET": "401 403 200 200 200"},
    "case-revert": {"POST": "401 403 400 400 400"},
    "sentence-list": LIST,
    "sentence-detail": PART,
    "defendant-list": LIST,
    "defendant-detail": PART,
    "charge-list": LIST,
    "charge-detail": PART,
    "source-list": LIST,
    "source-detail": PART,
    "person-list": LIST,
    "person-detail": RECORD,
    "organization-list": LIST,
    "organization-detail": RECORD,
    "agency-list": LIST,
    "agency-detail": {**RECORD, "GET draft": None},
    "statute-list": LIST,
    "statute-detail": {**RECORD, "GET draft": None},
    "district-list": {"GET": "401 200 200 200 200", "POST": "401 403 403 403 405"},
    "district-detail": {"GET": "401 200 200 200 200", "PATCH": "401 403 403 403 405", "DELETE": "401 403 403 403 405"},
    "stats-sentences": {"GET": "401 200 200 200 200", "POST": "401 403 405 405 405"},
    "stats-facets": {"GET": "401 200 200 200 200", "POST": "401 403 405 405 405"},
    "export-sentences": {"GET": "401 200 200 200 200", "POST": "401 403 405 405 405"},
    "export-cases": {"GET": "401 200 200 200 200", "POST": "401 403 405 405 405"},
    # Anyone may try a password; a wrong one is a 400. Revoking needs one's own credentials.
    "token": {"POST": "400 400 400 400 400", "DELETE": "401 204 204 204 204"},
    "release-parse": {"POST": "401 403 400 400 400"},
}

# Admin pages: GET of each page. Viewers have no admin access (redirect to the login page).
ADMIN_MODEL = {
    "changelist": "302 302 200 200 200",
    "add": "302 302 200 200 200",
    "change": "302 302 200 200 200",
    "history": "302 302 200 200 200",
    "delete": "302 302 403 403 200",
}
# A part of a public case is removed on the case page, where the reason is given.
ADMIN_PART = {**ADMIN_MODEL, "delete": "302 302 403 403 403"}
ADMIN = {
    "case": {**ADMIN_MODEL, "delete": "302 302 403 403 403"},
    "case_review_queue": {"GET": "302 302 200 200 200"},
    "case_statistics": {"GET": "302 302 200 200 200"},
    "case_from_release": {"GET": "302 302 200 200 200"},
    "case_full_history": {"GET": "302 302 200 200 200"},
    "case_data_report": {"GET": "302 302 200 200 200"},
    "case_coverage": {"GET": "302 302 200 200 200"},
    "person": {**ADMIN_MODEL, "delete": "302 302 403 403 403"},
    "organization": {**ADMIN_MODEL, "delete": "302 302 403 403 403"},
    "agency": {**ADMIN_MODEL, "delete": "302 302 403 403 403"},
    "statute": {**ADMIN_MODEL, "delete": "302 302 403 403 403"},
    "statutorypenalty": {**ADMIN_MODEL, "delete": "302 302 403 403 403"},
    "district": {**ADMIN_MODEL, "add": "302 302 403 403 200", "delete": "302 302 403 403 200"},
    "defendant": ADMIN_PART,
    "charge": ADMIN_PART,
    "sentence": ADMIN_PART,
    "employment": ADMIN_PART,
    "caseagency": ADMIN_PART,
    "source": ADMIN_PART,
    # Records of failed logins and lockouts: superusers only (they unlock by deleting attempts).
    "axes:accessattempt": {"changelist": "302 302 403 403 200"},
    "axes:accessfailurelog": {"changelist": "302 302 403 403 200"},
    "axes:accesslog": {"changelist": "302 302 403 403 200"},
    # Django's own: users and groups are for superusers only.
    "auth:user": {
        **ADMIN_MODEL,
        **dict.fromkeys(["changelist", "add", "change", "history", "delete"], "302 302 403 403 200"),
    },
    "auth:group": {
        **ADMIN_MODEL,
        **dict.fromkeys(["changelist", "add", "change", "history", "delete"], "302 302 403 403 200"),
    },
}


def api_url_names() -> set[str]:
    names = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(pattern.name)

    walk(api_urls.urlpatterns)
    return names


def admin_keys() -> set[str]:
    keys = set()
    for model in admin.site._registry:
        label = model._meta.model_name
        keys.add(label if model._meta.app_label == "cases" else f"{model._meta.app_label}:{label}")
    keys |= {
        f"case_{name}"
        for name in ("review_queue", "statistics", "from_release", "full_history", "data_report", "coverage")
    }
    return keys


class AccessTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        api_data.build(cls)
        cls.users = {
            "anonymous": None,
            "viewer": UserFactory.viewer(),
            "analyst": UserFactory.analyst(),
            "reviewer": UserFactory.reviewer(),
            "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
        }
        cls.users["superuser"].set_password("x" * 20)
        cls.users["superuser"].save()
        # A case in review, last edited by the analyst: any reviewer but him may publish or return it.
        cls.case_r = CaseFactory(
            caption="United States v. Reviewable", slug="r", curation_status=choices.CurationStatus.IN_REVIEW,
            last_edited_by=cls.users["analyst"],
        )  # fmt: skip
        SourceFactory(case=cls.case_r)
        defendant = DefendantFactory(case=cls.case_r)
        ChargeFactory(defendant=defendant, statute=cls.s951)
        SentenceFactory(defendant=defendant)
        # An organization that only a draft case shows.
        cls.hidden_org = OrganizationFactory(name="Hidden Works", slug="hidden-works")
        EmploymentFactory(defendant=cls.d1, organization=cls.hidden_org)

    def client_for(self, role) -> APIClient:
        client = APIClient()
        if self.users[role] is not None:
            client.force_authenticate(self.users[role])
        return client

    # --- the objects each row is tried on

    def targets(self):
        """URL name -> (published object pk, draft object pk)."""
        return {
            "case": (self.case_a.pk, self.case_d.pk),
            "sentence": (self.sa1.pk, self.sd1.pk),
            "defendant": (self.a1.pk, self.d1.pk),
            "charge": (self.a1.charges.get().pk, self.d1.charges.get().pk),
            "source": (self.case_a.sources.get().pk, self.case_d.sources.get().pk),
            "person": (self.a1.person_id, self.d1.person_id),
            "organization": (self.verizon.pk, self.hidden_org.pk),
            "agency": (self.mss.pk, None),
            "statute": (self.s951.pk, None),
            "district": (self.flmd.pk, None),
        }

    def url_for(self, name: str, verb: str) -> str:
        if name in ("export-sentences", "export-cases"):
            return reverse(f"api:{name}", kwargs={"fmt": "csv"})
        if "-" in name and name.split("-")[0] in self.targets() and name != "api-root":
            base, _, action = name.partition("-")
            published, draft = self.targets()[base]
            if action == "list":
                return reverse(f"api:{name}")
            pk = draft if "draft" in verb else self.case_r.pk if "review" in verb else published
            return reverse(f"api:{name}", kwargs={"pk": pk})
        return reverse(f"api:{name}")

    def call(self, role, name, verb):
        client = self.client_for(role)
        url = self.url_for(name, verb)
        method = verb.split()[0]
        headers = {"HTTP_X_CHANGE_REASON": "Checked against the judgment."}
        if method in ("PATCH", "DELETE") and name != "token":
            etag = self.client_for("superuser").get(url).headers.get("ETag")
            if etag:
                headers["HTTP_IF_MATCH"] = etag
        body = (
            {"comment": "Needs the plea date."} if name in ("case-publish", "case-return-case", "case-retract") else {}
        )
        with transaction.atomic():
            response = getattr(client, method.lower())(url, body, format="json", **headers)
            transaction.set_rollback(True)
        return response.status_code

    def test_every_api_endpoint_is_in_the_table(self):
        self.assertEqual(api_url_names() - set(API), set(), "endpoints without a row in the access table")
        self.assertEqual(set(API) - api_url_names(), set(), "rows for endpoints that no longer exist")

    def test_api_access_table(self):
        for name, verbs in API.items():
            for verb, statuses in verbs.items():
                if statuses is None:
                    continue
                for role, expected in row(statuses).items():
                    with self.subTest(endpoint=name, verb=verb, role=role):
                        self.assertEqual(self.call(role, name, verb), expected)

    def test_every_admin_page_is_in_the_table(self):
        self.assertEqual(admin_keys() - set(ADMIN), set(), "admin pages without a row in the access table")
        self.assertEqual(set(ADMIN) - admin_keys(), set(), "rows for admin pages that no longer exist")

    def admin_url(self, key: str, page: str) -> str:
        objects = {
            "case": self.case_a, "person": self.a1.person, "organization": self.verizon, "agency": self.mss,
            "statute": self.s951, "statutorypenalty": None, "district": self.flmd, "defendant": self.a1,
            "charge": self.a1.charges.get(), "sentence": self.sa1, "employment": self.a1.employments.get(),
            "caseagency": self.case_a.agency_links.get(), "source": self.case_a.sources.get(),
            "auth:user": self.users["viewer"], "auth:group": None,
        }  # fmt: skip
        if page == "GET":  # the admin's own pages beside the model pages
            args = [self.case_a.pk] if key == "case_full_history" else []
            return reverse(f"admin:cases_{key}", args=args)
        app, _, model = key.rpartition(":")
        app = app or "cases"
        if page in ("changelist", "add"):
            return reverse(f"admin:{app}_{model}_{page}")
        obj = objects[key]
        if obj is None:
            from django.contrib.auth.models import Group

            from cases.models import StatutoryPenalty
            from tests.factories import StatutoryPenaltyFactory

            obj = (
                Group.objects.first()
                if key == "auth:group"
                else StatutoryPenalty.objects.first() or StatutoryPenaltyFactory(statute=self.s951)
            )
        args = [] if page in ("changelist", "add") else [obj.pk]
        return reverse(f"admin:{app}_{model}_{page}", args=args)

    def test_admin_access_table(self):
        from django.test import Client

        for key, pages in ADMIN.items():
            for page, statuses in pages.items():
                for role, expected in row(statuses).items():
                    with self.subTest(page=key, view=page, role=role):
                        client = Client()
                        if self.users[role] is not None:
                            client.force_login(self.users[role])
                        url = self.admin_url(key, page)
                        self.assertEqual(client.get(url).status_code, expected, url)

    def test_no_role_reaches_another_users_credentials(self):
        """Through every path the table lists, no response carries another user's token."""
        from rest_framework.authtoken.models import Token

        secret = Token.objects.create(user=self.users["reviewer"]).key
        for role in ("viewer", "analyst"):
            client = self.client_for(role)
            for name in API:
                if name in ("token",) or "detail" in name or name.startswith("case-"):
                    continue
                response = client.get(self.url_for(name, "GET"))
                body = b"".join(response.streaming_content) if response.streaming else response.content
                self.assertNotIn(secret.encode(), body, name)
        self.assertTrue(Case.objects.exists())
