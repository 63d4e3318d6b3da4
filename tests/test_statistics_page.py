"""The admin's sentencing-statistics page: the API's numbers, its charts with their data, links to
the cases behind each group, and no page for people without staff rights."""

import re

from django.test import TestCase
from rest_framework.test import APIClient

from tests import api_data
from tests.factories import UserFactory

URL = "/admin/cases/case/statistics/"


def table_rows(html: str) -> dict[str, list[str]]:
    rows = {}
    for key, body in re.findall(r'<tr data-key="([^"]*)">(.*?)</tr>', html, re.DOTALL):
        rows[key] = [
            re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", body, re.DOTALL)
        ]
    return rows


class StatisticsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        api_data.build(cls)
        cls.analyst = UserFactory.analyst()
        cls.viewer = UserFactory.viewer()

    def page(self, **params):
        self.client.force_login(self.analyst)
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def api(self, user, **params):
        client = APIClient()
        client.force_authenticate(user)
        return {row["key"]: row for row in client.get("/api/v1/stats/sentences/", params).json()["groups"]}

    def assertSameNumbers(self, html, api_rows):
        rows = table_rows(html)
        self.assertEqual(set(rows), set(api_rows))
        for key, cells in rows.items():
            api = api_rows[key]
            expected = [
                str(api["sentenced"]), str(api["with_prison"]), api["prison_median"] or "–", api["prison_p25"] or "–",
                api["prison_p75"] or "–", api["prison_min"] or "–", api["prison_max"] or "–", str(api["life"]),
                str(api["time_served"]), str(api["probation_only"]), api["fine_total"] or "–",
                api["fine_median"] or "–",
            ]  # fmt: skip
            self.assertEqual(cells[1:], expected, key)

    def test_numbers_equal_the_api_published_only(self):
        cases = [
            {"group_by": "country"}, {"group_by": "sector", "country": "CN"}, {"group_by": "statute"},
            {"group_by": "year", "life": "false"}, {"group_by": "district"}, {"group_by": "category"},
        ]  # fmt: skip
        for params in cases:
            with self.subTest(params=params):
                self.assertSameNumbers(self.page(**params), self.api(self.viewer, **params))

    def test_drafts_switch_equals_the_analysts_api(self):
        html = self.page(group_by="country", drafts="on")
        self.assertIn("Includes drafts", html)
        self.assertSameNumbers(
            html, self.api(self.analyst, group_by="country", curation_status="draft,in_review,published")
        )
        self.assertEqual(table_rows(html)["CN"][1], "4")
        self.assertEqual(table_rows(self.page(group_by="country"))["CN"][1], "3")

    def test_charts_with_their_data_and_links(self):
        html = self.page(group_by="sector", country="CN")
        self.assertIn('id="chart-box-plot"', html)
        self.assertRegex(html, r'<svg[^>]*role="img"')
        self.assertIn("Prison (months)", html)
        self.assertIn("Chemical", html)
        self.assertIn("/admin/cases/case/?foreign_country=CN&amp;sector__exact=chemical", html)
        self.assertIn('id="chart-timeline"', html)
        self.assertIn("<td>2020</td>", html)
        self.assertIn('id="matrix-table"', html)
        self.assertIn("/api/v1/export/sentences.csv?country=CN&amp;curation_status=published", html)

    def test_group_link_leads_to_the_cases(self):
        self.client.force_login(self.analyst)
        response = self.client.get("/admin/cases/case/", {"foreign_country": "CN", "sector__exact": "chemical"})
        self.assertContains(response, self.case_b.caption)
        self.assertNotContains(response, self.case_a.caption)

    def test_csv_link_gives_the_same_sentences(self):
        html = self.page(group_by="sector", country="CN")
        href = re.search(r'href="(/api/v1/export/sentences\.csv[^"]*)"', html).group(1).replace("&amp;", "&")
        response = self.client.get(href)
        lines = b"".join(response.streaming_content).decode().strip().splitlines()
        self.assertEqual(len(lines) - 1, 3)  # a1, b1, b2 (the draft's d1 is left out)

    def test_refused_to_viewer_and_anonymous(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(URL).status_code, 302)
        self.client.logout()
        self.assertEqual(self.client.get(URL).status_code, 302)

    def test_bad_filters_are_shown_not_a_500(self):
        html = self.page(group_by="sector", country="ZZ", year_from="abc")
        self.assertIn("Some filters are not valid", html)
