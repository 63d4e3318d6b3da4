"""The REST API: access by role, no draft through any path, every filter, hand-checked statistics,
exports that parse back to the database, clear 400s, pinned query counts, atomic validated writes."""

import csv
import io
import json
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from cases import choices
from cases.models import Case, Sentence
from tests import api_data
from tests.factories import UserFactory

LISTS = [
    "/api/v1/cases/", "/api/v1/sentences/", "/api/v1/defendants/", "/api/v1/charges/", "/api/v1/sources/",
    "/api/v1/people/", "/api/v1/organizations/", "/api/v1/agencies/", "/api/v1/statutes/", "/api/v1/districts/",
]  # fmt: skip
READS = [*LISTS, "/api/v1/stats/sentences/?group_by=country", "/api/v1/stats/facets/", "/api/v1/export/sentences.csv"]


class APITestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        api_data.build(cls)
        cls.viewer = UserFactory.viewer()
        cls.analyst = UserFactory.analyst()

    def client_for(self, user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    @staticmethod
    def if_match(client, url) -> dict:
        """The If-Match header a careful client sends: the ETag of its own fresh read."""
        response = client.get(url)
        assert response.status_code == 200, response.content
        return {"HTTP_IF_MATCH": response.headers["ETag"]}

    def get(self, url, user="viewer", **params):
        user = {"viewer": self.viewer, "analyst": self.analyst, None: None}[user]
        return self.client_for(user).get(url, params)

    def body(self, response) -> bytes:
        return b"".join(response.streaming_content) if response.streaming else response.content


class AccessTests(APITestCase):
    def test_anonymous_refused_by_default(self):
        for url in READS:
            with self.subTest(url=url):
                self.assertIn(self.get(url, user=None).status_code, (401, 403))

    @override_settings(CASEBOOK_API_ANONYMOUS_READ=True)
    def test_anonymous_reads_published_when_switched_on(self):
        for url in READS:
            with self.subTest(url=url):
                self.assertEqual(self.get(url, user=None).status_code, 200)
        ids = {row["id"] for row in self.get("/api/v1/sentences/", user=None).json()["results"]}
        self.assertEqual(ids, {s.pk for s in self.published_sentences})

    def test_viewer_and_analyst_read(self):
        for url in READS:
            for user in ("viewer", "analyst"):
                with self.subTest(url=url, user=user):
                    self.assertEqual(self.get(url, user=user).status_code, 200)

    def test_token_authentication(self):
        token = Token.objects.create(user=self.viewer)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        self.assertEqual(client.get("/api/v1/cases/").status_code, 200)
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        self.assertEqual(client.get("/api/v1/cases/").status_code, 401)

    def test_token_create_and_revoke(self):
        client = APIClient()
        response = client.post(
            "/api/v1/auth/token/", {"username": self.viewer.username, "password": "correct horse battery staple"}
        )
        self.assertEqual(response.status_code, 200)
        key = response.json()["token"]
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        self.assertEqual(client.get("/api/v1/cases/").status_code, 200)
        self.assertEqual(client.delete("/api/v1/auth/token/").status_code, 204)
        self.assertEqual(client.get("/api/v1/cases/").status_code, 401)
        bad = APIClient().post("/api/v1/auth/token/", {"username": self.viewer.username, "password": "wrong"})
        self.assertEqual(bad.status_code, 400)

    @override_settings(CASEBOOK_API_ANONYMOUS_READ=True)
    def test_anonymous_throttled(self):
        with mock.patch.object(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": None}):
            codes = [self.get("/api/v1/statutes/", user=None).status_code for _ in range(5)]
        self.assertEqual(codes, [200, 200, 200, 429, 429])


class DraftsNeverLeakTests(APITestCase):
    """Case D is a draft and case E synthetic: nobody without analyst rights sees them anywhere."""

    def hidden_names(self):
        return ("Hiddenvale", "Synthetic")

    def assertHidden(self, response):
        self.assertEqual(response.status_code, 200)
        text = self.body(response).decode()
        for name in self.hidden_names():
            self.assertNotIn(name, text)

    def test_lists_search_stats_facets_exports(self):
        for url in [
            *LISTS, "/api/v1/cases/?q=Hiddenvale", "/api/v1/sentences/?q=Hiddenvale",
            "/api/v1/export/sentences.csv", "/api/v1/export/sentences.json", "/api/v1/export/sentences.ndjson",
            "/api/v1/export/cases.csv", "/api/v1/export/cases.json", "/api/v1/export/cases.ndjson",
        ]:  # fmt: skip
            with self.subTest(url=url):
                self.assertHidden(self.get(url))

    def test_search_finds_nothing_of_a_draft(self):
        self.assertEqual(self.get("/api/v1/cases/", q="Hiddenvale").json()["count"], 0)
        self.assertEqual(self.get("/api/v1/cases/", user="analyst", q="Hiddenvale").json()["count"], 1)

    def test_synthetic_is_404_for_everybody(self):
        for user in ("viewer", "analyst"):
            self.assertEqual(self.get(f"/api/v1/cases/{self.case_e.pk}/", user=user).status_code, 404)
            self.assertEqual(self.get(f"/api/v1/sentences/{self.se1.pk}/", user=user).status_code, 404)

    def test_details_are_404(self):
        for url in (
            f"/api/v1/cases/{self.case_d.pk}/",
            f"/api/v1/sentences/{self.sd1.pk}/", f"/api/v1/defendants/{self.d1.pk}/",
            f"/api/v1/people/{self.d1.person_id}/", f"/api/v1/sources/{self.case_d.sources.get().pk}/",
        ):  # fmt: skip
            with self.subTest(url=url):
                self.assertEqual(self.get(url).status_code, 404)
                self.assertEqual(self.get(url, user="analyst").status_code, 200)

    def test_statistics_and_facets_count_published_only(self):
        stats = self.get("/api/v1/stats/sentences/").json()
        self.assertEqual(stats["overall"]["sentenced"], 5)
        facets = self.get("/api/v1/stats/facets/").json()
        self.assertEqual(sum(row["count"] for row in facets["country"]), 5)

    def test_retracted_cases_sentences_are_out_of_every_sentence_path(self):
        Case.objects.filter(pk=self.case_c.pk).update(curation_status=choices.CurationStatus.RETRACTED)
        retracted = {self.sc1.pk, self.sc2.pk}
        shown = {s.pk for s in self.published_sentences} - retracted

        def exported(fmt, user="viewer", **params):
            text = self.body(self.get(f"/api/v1/export/sentences.{fmt}", user=user, **params)).decode()
            if fmt == "csv":
                return {int(row["sentence_id"]) for row in csv.DictReader(io.StringIO(text))}
            lines = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
            return {row["sentence_id"] for row in lines}

        for user in ("viewer", None):
            with self.subTest(user=user), override_settings(CASEBOOK_API_ANONYMOUS_READ=True):
                rows = self.get("/api/v1/sentences/", user=user).json()["results"]
                self.assertEqual({row["id"] for row in rows}, shown)
                self.assertEqual(self.get(f"/api/v1/sentences/{self.sc1.pk}/", user=user).status_code, 404)
                for fmt in ("csv", "json", "ndjson"):
                    self.assertEqual(exported(fmt, user=user), shown)
                    self.assertEqual(exported(fmt, user=user, curation_status="retracted"), set())
                self.assertEqual(self.get("/api/v1/stats/sentences/", user=user).json()["overall"]["sentenced"], 3)
                facets = self.get("/api/v1/stats/facets/", user=user).json()
                self.assertEqual(facets["country"], [{"value": "CN", "count": 3}])
                # The case itself stays visible, labelled, with its sentences.
                detail = self.get(f"/api/v1/cases/{self.case_c.pk}/", user=user).json()
                self.assertEqual(detail["curation_status"], choices.CurationStatus.RETRACTED)
        analyst_rows = self.get("/api/v1/sentences/", user="analyst").json()["results"]
        self.assertTrue(retracted <= {row["id"] for row in analyst_rows})
        self.assertEqual(exported("csv", user="analyst"), shown)
        self.assertEqual(exported("csv", user="analyst", curation_status="retracted"), retracted)

    def test_analyst_sees_drafts(self):
        ids = {row["id"] for row in self.get("/api/v1/sentences/", user="analyst").json()["results"]}
        self.assertIn(self.sd1.pk, ids)


class FilterTests(APITestCase):
    """Every filter of the sentence list and the case list, against hand-built expectations."""

    def sentence_ids(self, **params):
        response = self.get("/api/v1/sentences/", **params)
        self.assertEqual(response.status_code, 200, response.content)
        return {row["id"] for row in response.json()["results"]}

    def case_slugs(self, **params):
        response = self.get("/api/v1/cases/", **params)
        self.assertEqual(response.status_code, 200, response.content)
        return {row["slug"] for row in response.json()["results"]}

    def expectations(self):
        t = self
        everything = {t.sa1, t.sb1, t.sb2, t.sc1, t.sc2}
        return [
            ({"country": "CN"}, {t.sa1, t.sb1, t.sb2}, {"a", "b"}),
            ({"country": ["CN", "RU"]}, everything, {"a", "b", "c"}),
            ({"country": "CN,RU"}, everything, {"a", "b", "c"}),
            ({"citizenship": "US"}, {t.sa1, t.sb2, t.sc1, t.sc2}, {"a", "b", "c"}),
            ({"citizenship": "RU"}, {t.sc2}, {"c"}),
            ({"sector": "chemical"}, {t.sb1, t.sb2}, {"b"}),
            ({"employer_sector": "chemical"}, {t.sb1}, {"b"}),
            ({"employer": "verizon"}, {t.sa1}, {"a"}),
            ({"employer_id": str(t.chem.pk)}, {t.sb1}, {"b"}),
            ({"agency": "RU-GRU"}, {t.sc1, t.sc2}, {"c"}),
            ({"agency_id": str(t.mss.pk)}, {t.sa1}, {"a"}),
            ({"category": "trade_secret_theft"}, {t.sb1, t.sb2}, {"b"}),
            ({"purpose": "political"}, {t.sa1}, {"a"}),
            ({"statute": "18 U.S.C. 951"}, {t.sa1}, {"a"}),
            ({"statute_id": str(t.s1832.pk)}, {t.sb1, t.sb2}, {"b"}),
            ({"disposition": "convicted_trial"}, {t.sb1}, {"b"}),
            ({"conviction_method": "jury_trial"}, {t.sb1}, {"b"}),
            ({"district": "vaed"}, {t.sb1, t.sb2, t.sc1, t.sc2}, {"b", "c"}),
            ({"sentenced_from": "2020-01-01"}, {t.sa1, t.sb1, t.sb2}, {"a", "b"}),
            ({"sentenced_to": "2019-12-31"}, {t.sc1, t.sc2}, {"c"}),
            ({"year_from": "2021"}, {t.sa1}, {"a"}),
            ({"year_to": "2002"}, {t.sc1, t.sc2}, {"c"}),
            ({"activity_year_from": "2013"}, {t.sb1, t.sb2}, {"b"}),
            ({"activity_year_to": "2000"}, {t.sc1, t.sc2}, {"c"}),
            ({"prison_min": "30"}, {t.sa1}, {"a"}),
            ({"prison_max": "30"}, {t.sb1}, {"b"}),
            ({"fine_min": "10000"}, {t.sa1, t.sb1}, {"a", "b"}),
            ({"fine_max": "5000"}, {t.sc2}, {"c"}),
            ({"life": "true"}, {t.sc1}, {"c"}),
            ({"life": "false"}, {t.sa1, t.sb1, t.sb2, t.sc2}, {"a", "b", "c"}),
            ({"time_served": "true"}, {t.sb2}, {"b"}),
            ({"q": "Quillfeather"}, {t.sa1}, {"a"}),
            ({"q": "rezidentura"}, {t.sc1, t.sc2}, {"c"}),
            ({"q": "Marlowe"}, {t.sb1, t.sb2}, {"b"}),
            ({"curation_status": "published"}, everything, {"a", "b", "c"}),
            # Companies, replaced and vacated sentences count only when asked for.
            ({"defendant_kind": "organization"}, {t.sb_org}, {"b"}),
            ({"defendant_kind": "person,organization", "sector": "chemical"}, {t.sb1, t.sb2, t.sb_org}, {"b"}),
            ({"sentence_state": "superseded"}, {t.sb1_old}, {"b"}),
            ({"sentence_state": "vacated"}, {t.sc2_vac}, {"c"}),
            ({"sentence_state": "operative,vacated", "country": "RU"}, {t.sc1, t.sc2, t.sc2_vac}, {"c"}),
            ({"prison_min": "25", "prison_max": "35"}, set(), set()),  # the 30 months were replaced
            ({"curation_status": "draft"}, set(), set()),  # a viewer has no drafts to find
            # Sentence conditions on a case list are met by one and the same sentence.
            ({"life": "true", "fine_min": "5000"}, set(), set()),
        ]

    def test_every_filter(self):
        for params, sentences, cases in self.expectations():
            with self.subTest(params=params):
                self.assertEqual(self.sentence_ids(**params), {s.pk for s in sentences})
                self.assertEqual(self.case_slugs(**params), cases)

    def test_every_declared_filter_is_tested(self):
        from cases.filtersets import SentenceFilterSet

        tested = {name for params, _s, _c in self.expectations() for name in params}
        self.assertEqual(set(SentenceFilterSet.base_filters) - tested, set())

    def test_search_of_several_words(self):
        """Every word must match (on PostgreSQL by the full-text match, not by a rank above zero)."""
        t = self
        for q, sentences, cases in (
            ("zzz yyy", set(), set()),
            ("Quillfeather zzz", set(), set()),
            ("Quillfeather dissidents", {t.sa1}, {"a"}),
            ("Ada Quillfeather", {t.sa1}, {"a"}),
            ("secrets rezidentura", {t.sc1, t.sc2}, {"c"}),
        ):
            with self.subTest(q=q):
                self.assertEqual(self.sentence_ids(q=q), {s.pk for s in sentences})
                self.assertEqual(self.case_slugs(q=q), cases)
                stats = self.get("/api/v1/stats/sentences/", q=q).json()
                self.assertEqual(stats["overall"]["sentenced"], len(sentences))
                facets = self.get("/api/v1/stats/facets/", q=q).json()
                self.assertEqual(sum(row["count"] for row in facets["country"]), len(sentences))
                exported = self.body(self.get("/api/v1/export/sentences.csv", q=q)).decode()
                rows = list(csv.DictReader(io.StringIO(exported)))
                self.assertEqual({int(row["sentence_id"]) for row in rows}, {s.pk for s in sentences})
                exported = self.body(self.get("/api/v1/export/cases.ndjson", q=q)).decode()
                self.assertEqual({json.loads(line)["slug"] for line in exported.splitlines()}, cases)

    def test_search_ranks_caption_matches_first(self):
        rows = self.get("/api/v1/cases/", q="Quillfeather").json()["results"]
        self.assertEqual([row["slug"] for row in rows], ["a"])

    def test_analyst_filters_by_curation_status(self):
        response = self.get("/api/v1/sentences/", user="analyst", curation_status="draft")
        self.assertEqual({row["id"] for row in response.json()["results"]}, {self.sd1.pk})

    def test_ordering(self):
        rows = self.get("/api/v1/sentences/", ordering="-prison_months", prison_min="1").json()["results"]
        self.assertEqual([row["id"] for row in rows], [self.sa1.pk, self.sb1.pk])
        slugs = [row["slug"] for row in self.get("/api/v1/cases/", ordering="caption").json()["results"]]
        self.assertEqual(slugs, ["b", "c", "a"])

    def test_page_size_capped_and_cursor_walks_everything(self):
        response = self.get("/api/v1/sentences/", page_size="100000")
        self.assertEqual(response.status_code, 200)
        seen, url = [], "/api/v1/sentences/?cursor=&page_size=2"
        client = self.client_for(self.viewer)
        while url:
            page = client.get(url).json()
            seen += [row["id"] for row in page["results"]]
            url = page["next"]
        self.assertEqual(sorted(seen), sorted(s.pk for s in self.published_sentences))


class BadParameterTests(APITestCase):
    def test_unknown_parameter_named(self):
        response = self.get("/api/v1/sentences/", contry="CN")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"contry": ["Unknown parameter."]})

    def test_bad_values_named(self):
        for params in (
            {"country": "ZZ"}, {"prison_min": "abc"}, {"sentenced_from": "yesterday"}, {"life": "maybe"},
            {"sector": "space"}, {"employer_id": "x"}, {"ordering": "nonsense"}, {"year_from": "20x1"},
        ):  # fmt: skip
            with self.subTest(params=params):
                response = self.get("/api/v1/sentences/", **params)
                self.assertEqual(response.status_code, 400)
                self.assertIn(next(iter(params)), response.json())

    def test_bad_group_by(self):
        response = self.get("/api/v1/stats/sentences/", group_by="planet")
        self.assertEqual(response.status_code, 400)
        self.assertIn("group_by", response.json())

    def test_bad_export_format(self):
        self.assertEqual(self.get("/api/v1/export/sentences.xlsx").status_code, 400)


class StatisticsTests(APITestCase):
    """Values worked out by hand from api_data (see its docstring)."""

    def stats(self, user="viewer", **params):
        response = self.get("/api/v1/stats/sentences/", user=user, **params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_by_country(self):
        groups = {row["key"]: row for row in self.stats(group_by="country")["groups"]}
        self.assertEqual(set(groups), {"CN", "RU"})
        cn, ru = groups["CN"], groups["RU"]
        self.assertEqual((cn["sentenced"], cn["with_prison"]), (3, 2))
        self.assertEqual(cn["prison_mean"], "36.00")
        self.assertEqual(cn["prison_median"], "36.00")
        self.assertEqual((cn["prison_p25"], cn["prison_p75"]), ("30.00", "42.00"))
        self.assertEqual((cn["prison_min"], cn["prison_max"]), ("24.00", "48.00"))
        self.assertEqual((cn["life"], cn["time_served"], cn["probation_only"]), (0, 1, 0))
        self.assertEqual((cn["fine_total"], cn["fine_median"], cn["with_fine"]), ("260000.00", "130000.00", 2))
        self.assertEqual((ru["sentenced"], ru["with_prison"], ru["prison_median"]), (2, 0, None))
        self.assertEqual((ru["life"], ru["time_served"], ru["probation_only"]), (1, 0, 1))
        self.assertEqual((ru["fine_total"], ru["fine_median"]), ("5000.00", "5000.00"))

    def test_overall(self):
        overall = self.stats()["overall"]
        self.assertEqual((overall["sentenced"], overall["with_prison"], overall["prison_median"]), (5, 2, "36.00"))
        self.assertEqual((overall["life"], overall["time_served"], overall["probation_only"]), (1, 1, 1))
        self.assertEqual((overall["fine_total"], overall["fine_median"]), ("265000.00", "10000.00"))

    def test_analyst_gets_curated_statistics_unless_asking_for_drafts(self):
        curated = {row["key"]: row for row in self.stats(user="analyst", group_by="country")["groups"]}["CN"]
        self.assertEqual(curated["sentenced"], 3)
        everything = self.stats(user="analyst", group_by="country", curation_status="draft,published")
        cn = {row["key"]: row for row in everything["groups"]}["CN"]
        self.assertEqual((cn["sentenced"], cn["with_prison"]), (4, 3))
        self.assertEqual((cn["prison_median"], cn["prison_p25"], cn["prison_p75"]), ("48.00", "36.00", "84.00"))

    def test_combined_with_filters(self):
        groups = self.stats(group_by="sector", country="CN")["groups"]
        self.assertEqual({row["key"]: row["sentenced"] for row in groups}, {"chemical": 2, "communications": 1})

    def test_every_grouping(self):
        expected = {
            "category": {"agent_of_foreign_government": 1, "trade_secret_theft": 2, "national_security_espionage": 2},
            "statute": {"18 U.S.C. 371": 1, "18 U.S.C. 1832": 2},
            "year": {"2002": 2, "2020": 2, "2024": 1},
            "district": {"flmd": 1, "vaed": 4},
            "sector": {"communications": 1, "chemical": 2, "government": 2},
            "country": {"CN": 3, "RU": 2},
        }
        for group_by, counts in expected.items():
            with self.subTest(group_by=group_by):
                groups = self.stats(group_by=group_by)["groups"]
                self.assertEqual({row["key"]: row["sentenced"] for row in groups}, counts)

    def test_facets(self):
        facets = self.get("/api/v1/stats/facets/", country="CN").json()
        self.assertEqual(facets["country"], [{"value": "CN", "count": 3}])
        self.assertEqual({r["value"]: r["count"] for r in facets["year"]}, {"2020": 2, "2024": 1})
        self.assertEqual({r["value"]: r["count"] for r in facets["sector"]}, {"chemical": 2, "communications": 1})


class ExportTests(APITestCase):
    def test_csv_parses_back_to_the_database(self):
        response = self.get(
            "/api/v1/export/sentences.csv", user="analyst", curation_status="draft,published",
            defendant_kind="person,organization", sentence_state="operative,superseded,vacated",
        )  # fmt: skip
        self.assertEqual(response.status_code, 200)
        self.assertRegex(response["Content-Disposition"], r'filename="casebook-sentences-\d{8}T\d{6}Z\.csv"')
        rows = list(csv.DictReader(io.StringIO(self.body(response).decode())))
        self.assertEqual(len(rows), Sentence.objects.filter(defendant__case__is_synthetic=False).count())
        for row in rows:
            sentence = Sentence.objects.select_related(
                "defendant__case", "defendant__person", "defendant__organization"
            ).get(pk=int(row["sentence_id"]))
            self.assertEqual(row["case_slug"], sentence.defendant.case.slug)
            person = sentence.defendant.person
            self.assertEqual(row["family_name"], person.family_name if person else "")
            self.assertEqual(row["defendant_kind"], sentence.defendant.kind)
            self.assertEqual(row["sentence_state"], sentence.state)
            organization = sentence.defendant.organization
            self.assertEqual(row["organization_name"], organization.name if organization else "")
            self.assertEqual(row["country"], sentence.defendant.case.foreign_country.code)
            self.assertEqual(Decimal(row["prison_months"]) if row["prison_months"] else None, sentence.prison_months)
            self.assertEqual(Decimal(row["fine"]) if row["fine"] else None, sentence.fine)
            self.assertEqual(row["life"], "true" if sentence.is_life else "false")
            self.assertEqual(row["time_served"], "true" if sentence.is_time_served else "false")
            self.assertEqual(row["sentenced_on"], sentence.sentenced_on.isoformat() if sentence.sentenced_on else "")

    def test_csv_column_order_is_stable(self):
        from cases.services.export import SENTENCE_COLUMNS

        header = self.body(self.get("/api/v1/export/sentences.csv")).decode().splitlines()[0]
        self.assertEqual(header.split(","), [column.name for column in SENTENCE_COLUMNS])

    def test_ndjson_and_json_agree_and_follow_filters(self):
        ndjson = self.body(self.get("/api/v1/export/sentences.ndjson", country="CN")).decode()
        lines = [json.loads(line) for line in ndjson.splitlines()]
        as_json = json.loads(self.body(self.get("/api/v1/export/sentences.json", country="CN")))
        self.assertEqual(lines, as_json)
        self.assertEqual({row["sentence_id"] for row in lines}, {self.sa1.pk, self.sb1.pk, self.sb2.pk})
        row = next(r for r in lines if r["sentence_id"] == self.sa1.pk)
        self.assertEqual((row["prison_months"], row["fine"], row["life"]), ("48.00", "250000.00", False))

    def test_analyst_export_is_curated_unless_asked(self):
        rows = list(
            csv.DictReader(io.StringIO(self.body(self.get("/api/v1/export/sentences.csv", user="analyst")).decode()))
        )
        self.assertEqual({int(r["sentence_id"]) for r in rows}, {s.pk for s in self.published_sentences})

    def test_case_export(self):
        rows = list(csv.DictReader(io.StringIO(self.body(self.get("/api/v1/export/cases.csv")).decode())))
        self.assertEqual({row["slug"] for row in rows}, {"a", "b", "c"})
        self.assertEqual(
            {row["slug"]: row["defendants"] for row in rows}, {"a": "1", "b": "4", "c": "2"}
        )  # b: three people and a company
        self.assertEqual(json.loads(self.body(self.get("/api/v1/export/cases.json")))[0]["slug"], "a")

    def test_csv_cells_never_start_a_formula(self):
        """Text that a spreadsheet would run as a formula is quoted in CSV (not in JSON); numbers are not text."""
        from tests.factories import CaseFactory, DefendantFactory, PersonFactory, SentenceFactory

        case = CaseFactory(
            caption="=HYPERLINK(\"http://example.com\")", slug="formula", docket_number="+1-cr-2",
            summary="\rcmd|' /C calc'!A0", foreign_country="IR",
        )  # fmt: skip
        person = PersonFactory(given_name="@SUM(1+1)", family_name="-2+3")
        sentence = SentenceFactory(
            defendant=DefendantFactory(case=case, person=person), judge="\tJudge", prison_months=Decimal("12.5")
        )
        rows = list(csv.DictReader(io.StringIO(self.body(self.get("/api/v1/export/sentences.csv")).decode())))
        row = next(r for r in rows if int(r["sentence_id"]) == sentence.pk)
        self.assertEqual(row["caption"], '\'=HYPERLINK("http://example.com")')
        self.assertEqual(row["docket_number"], "'+1-cr-2")
        self.assertEqual((row["given_name"], row["family_name"]), ("'@SUM(1+1)", "'-2+3"))
        self.assertEqual(row["judge"], "'\tJudge")
        self.assertEqual((row["prison_months"], row["case_id"], row["fine"]), ("12.50", str(case.pk), "250000.00"))
        self.assertEqual(row["sentenced_on"], "2024-11-25")
        unchanged = next(r for r in rows if int(r["sentence_id"]) == self.sa1.pk)
        self.assertEqual((unchanged["caption"], unchanged["given_name"]), ("United States v. Quillfeather", "Ada"))
        cases = list(csv.DictReader(io.StringIO(self.body(self.get("/api/v1/export/cases.csv")).decode())))
        row = next(r for r in cases if r["slug"] == "formula")
        self.assertEqual((row["summary"], row["docket_number"]), ("'\rcmd|' /C calc'!A0", "'+1-cr-2"))
        self.assertEqual(row["defendants"], "1")
        as_json = json.loads(self.body(self.get("/api/v1/export/sentences.json", country="IR")))
        self.assertEqual((as_json[0]["caption"], as_json[0]["family_name"]), (case.caption, "-2+3"))

    def test_empty_json_export_is_valid(self):
        self.assertEqual(json.loads(self.body(self.get("/api/v1/export/sentences.json", country="IR"))), [])


class QueryCountTests(APITestCase):
    """Every list runs the same number of queries whatever the page size."""

    def count(self, url):
        client = self.client_for(self.analyst)
        client.get(url)  # the first request of a user also loads its permissions
        with CaptureQueriesContext(connection) as context:
            self.assertEqual(client.get(url).status_code, 200)
        return len(context.captured_queries)

    def test_constant_queries(self):
        for url in [*LISTS, "/api/v1/stats/sentences/?group_by=statute", "/api/v1/stats/facets/"]:
            join = "&" if "?" in url else "?"
            with self.subTest(url=url):
                self.assertEqual(self.count(f"{url}{join}page_size=1"), self.count(f"{url}{join}page_size=8"))

    def test_case_detail_queries_do_not_grow_with_defendants(self):
        # Cases A (one defendant) and C (two) have the same parts: agencies, sources, defendants.
        one = self.count(f"/api/v1/cases/{self.case_a.pk}/")
        two = self.count(f"/api/v1/cases/{self.case_c.pk}/")
        self.assertEqual(one, two)


class WriteTests(APITestCase):
    def case_payload(self, **overrides):
        data = {
            "slug": "us-v-new", "caption": "United States v. New", "district": self.flmd.pk,
            "category": choices.CaseCategory.FRAUD, "status": choices.CaseStatus.CHARGED, "foreign_country": "",
            "sector": choices.Sector.FINANCIAL_SERVICES,
        }  # fmt: skip
        data.update(overrides)
        return data

    def test_analyst_creates_a_draft(self):
        response = self.client_for(self.analyst).post("/api/v1/cases/", self.case_payload(), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        case = Case.objects.get(slug="us-v-new")
        self.assertEqual(case.curation_status, choices.CurationStatus.DRAFT)
        self.assertEqual(case.history.get().history_user, self.analyst)

    def test_curation_status_cannot_be_written(self):
        payload = self.case_payload(curation_status=choices.CurationStatus.PUBLISHED)
        self.client_for(self.analyst).post("/api/v1/cases/", payload, format="json")
        self.assertEqual(Case.objects.get(slug="us-v-new").curation_status, choices.CurationStatus.DRAFT)

    def test_viewer_and_anonymous_cannot_write(self):
        self.assertEqual(self.client_for(self.viewer).post("/api/v1/cases/", self.case_payload()).status_code, 403)
        self.assertIn(self.client_for().post("/api/v1/cases/", self.case_payload()).status_code, (401, 403))
        self.assertFalse(Case.objects.filter(slug="us-v-new").exists())

    def test_cases_are_never_deleted(self):
        response = self.client_for(self.analyst).delete(f"/api/v1/cases/{self.case_a.pk}/")
        self.assertEqual(response.status_code, 403)

    def test_bad_payloads_get_field_messages(self):
        client = self.client_for(self.analyst)
        cases = [
            ({"category": "espionage-ish"}, "category"),
            ({"slug": "a"}, "slug"),
            ({"activity_start": "2020-01-01", "activity_start_precision": "day", "activity_end": "2019-01-01",
              "activity_end_precision": "day"}, None),
            ({"foreign_country": "ZZ"}, "foreign_country"),
        ]  # fmt: skip
        for overrides, field in cases:
            with self.subTest(overrides=overrides):
                response = client.post("/api/v1/cases/", self.case_payload(**overrides), format="json")
                self.assertEqual(response.status_code, 400, response.content)
                if field:
                    self.assertIn(field, response.json())
        self.assertFalse(Case.objects.filter(slug="us-v-new").exists())

    def test_sentence_validation_same_as_admin(self):
        client = self.client_for(self.analyst)
        url = f"/api/v1/sentences/{self.sa1.pk}/"
        response = client.patch(
            url, {"is_life": True, "prison_months": "470"}, format="json", **self.if_match(client, url)
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("prison_months", response.json())
        self.sa1.refresh_from_db()
        self.assertFalse(self.sa1.is_life)
        response = client.patch(url, {"fine": "-5"}, format="json", **self.if_match(client, url))
        self.assertEqual(response.status_code, 400)
        # Case A is published: a change needs a reason.
        response = client.patch(url, {"fine": "300000.00"}, format="json", **self.if_match(client, url))
        self.assertEqual(response.status_code, 400)
        self.assertIn("change_reason", response.json())
        response = client.patch(
            url, {"fine": "300000.00"}, format="json",
            HTTP_X_CHANGE_REASON="The judgment corrects the fine.", **self.if_match(client, url),
        )  # fmt: skip
        self.assertEqual(response.status_code, 200)
        self.sa1.refresh_from_db()
        self.assertEqual(self.sa1.fine, Decimal("300000.00"))

    def test_charge_validation(self):
        response = self.client_for(self.analyst).post(
            "/api/v1/charges/",
            {"defendant": self.a1.pk, "statute": self.s951.pk, "object_statute": self.s371.pk, "is_conspiracy": False},
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("object_statute", response.json())

    def test_person_citizenships(self):
        response = self.client_for(self.analyst).post(
            "/api/v1/people/", {"given_name": "Ann", "family_name": "Example", "citizenships": ["US", "CN"]},
            format="json",
        )  # fmt: skip
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["citizenships"], ["CN", "US"])


class SchemaTests(APITestCase):
    def test_schema_and_local_docs(self):
        schema = self.get("/api/v1/schema/", format="json")
        self.assertEqual(schema.status_code, 200)
        document = json.loads(schema.content)
        parameters = {p["name"] for p in document["paths"]["/api/v1/sentences/"]["get"]["parameters"]}
        self.assertTrue({"country", "sector", "statute", "prison_min", "q", "cursor", "page_size"} <= parameters)
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                for parameter in operation.get("parameters", []):
                    self.assertTrue(parameter.get("description"), f"{method} {path} {parameter['name']}")
        for name, component in document["components"]["schemas"].items():
            for field, schema in (component.get("properties") or {}).items():
                self.assertTrue(schema.get("description"), f"{name}.{field}")
        for url in ("/api/v1/docs/", "/api/v1/redoc/"):
            page = self.get(url)
            self.assertEqual(page.status_code, 200)
            html = page.content.decode()
            for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs"):
                self.assertNotIn(cdn, html)


class JSONListFieldTests(APITestCase):
    """List fields refuse anything that is not a list of known codes, with a 400, never a 500."""

    def test_motives_must_be_a_list_of_codes(self):
        client = self.client_for(self.analyst)
        url = f"/api/v1/defendants/{self.a1.pk}/"
        for motives in (-5e-324, "money", [1, 2], ["greed"]):
            with self.subTest(motives=motives):
                response = client.patch(url, {"motives": motives}, format="json", **self.if_match(client, url))
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn("motives", response.json())
        response = client.patch(
            url, {"motives": ["money"]}, format="json", HTTP_X_CHANGE_REASON="Plea", **self.if_match(client, url)
        )
        self.assertEqual(response.status_code, 200)

    def test_case_categories_and_aliases(self):
        client = self.client_for(self.analyst)
        url = f"/api/v1/cases/{self.case_a.pk}/"
        response = client.patch(url, {"secondary_categories": ["x"]}, format="json", **self.if_match(client, url))
        self.assertEqual(response.status_code, 400)
        url = f"/api/v1/people/{self.a1.person_id}/"
        response = client.patch(url, {"aliases": {"a": 1}}, format="json", **self.if_match(client, url))
        self.assertEqual(response.status_code, 400)
