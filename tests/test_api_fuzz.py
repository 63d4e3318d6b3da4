"""Hostile input on every write path and every query parameter of the API, discovered from the OpenAPI
schema (a new endpoint or filter is covered without a line here): a NUL byte, a lone surrogate, JSON
nested 50,000 deep and a body over the size limit each get a 4xx in JSON, never a 500."""

import json
import re

from django.conf import settings
from django.test import TestCase
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from cases.api.urls import router
from tests import api_data
from tests.factories import UserFactory

WRITE_METHODS = ("post", "put", "patch")
DEEP = ("[" * 50_000 + "]" * 50_000).encode()
NUL, SURROGATE = "a\x00b", "a\ud800b"


def operations(methods):
    """(path, method, operation) for every operation of the API's schema with one of `methods`."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in methods:
                yield path, method, operation


def request_properties(operation) -> list[str]:
    """The property names of the operation's JSON request body (empty when it has none)."""
    content = (operation.get("requestBody") or {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"][name]
    return sorted((schema.get("properties") or {}).keys())


class FuzzTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        api_data.build(cls)
        # A reviewer is an analyst who may also publish: every write path reaches its body.
        cls.analyst = UserFactory.reviewer(username="fuzz-analyst")
        cls.ids = {}
        for prefix, viewset, _basename in router.registry:
            first = viewset.queryset.model.objects.order_by("pk").first()
            cls.ids[prefix] = first.pk

    def url(self, path: str) -> str:
        prefix = path.removeprefix("/api/v1/").split("/", 1)[0]
        path = path.replace("{id}", str(self.ids.get(prefix, 1)))
        return re.sub(r"\{fmt\}", "csv", path)

    def api(self, anonymous=False) -> APIClient:
        client = APIClient()
        if not anonymous:
            client.force_authenticate(self.analyst)
        return client

    def assertJSON4xx(self, response, context, statuses=range(400, 500)):
        self.assertIn(response.status_code, statuses, f"{context}: {response.content[:300]!r}")
        self.assertEqual(response["Content-Type"], "application/json", context)
        return response.json()


class WritePathFuzzTests(FuzzTestCase):
    def writes(self):
        found = list(operations(WRITE_METHODS))
        # The discovery itself: the main write paths are there (a broken discovery would test nothing).
        paths = {(path, method) for path, method, _op in found}
        self.assertTrue(
            {("/api/v1/people/", "post"), ("/api/v1/cases/{id}/", "put"), ("/api/v1/auth/token/", "post")} <= paths
        )
        return found

    def send(self, client, method, url, body: bytes, content_type="application/json"):
        headers = {}
        if method in ("put", "patch"):
            # A careful writer sends the record's ETag; the body is then what is refused.
            headers["HTTP_IF_MATCH"] = self.api().get(url).headers.get("ETag", "")
        return getattr(client, method)(url, body, content_type=content_type, **headers)

    def clients(self, operation):
        yield "analyst", self.api()
        if {} in operation.get("security", []):  # open to anonymous users, such as the token address
            yield "anonymous", self.api(anonymous=True)

    def test_nul_and_lone_surrogates_in_every_field(self):
        for path, method, operation in self.writes():
            names = request_properties(operation) or ["text"]
            for bad in (NUL, SURROGATE):
                body = json.dumps(dict.fromkeys(names, bad)).encode()
                listed = json.dumps({name: [bad] for name in names}).encode()
                for who, client in self.clients(operation):
                    for payload in (body, listed):
                        with self.subTest(path=path, method=method, who=who, bad=bad, payload=payload[:40]):
                            response = self.send(client, method, self.url(path), payload)
                            errors = self.assertJSON4xx(response, f"{method} {path}", statuses=(400,))
                            self.assertTrue(set(names) <= set(errors), errors)

    def test_deeply_nested_json(self):
        for path, method, operation in self.writes():
            for who, client in self.clients(operation):
                with self.subTest(path=path, method=method, who=who):
                    response = self.send(client, method, self.url(path), DEEP)
                    self.assertJSON4xx(response, f"{method} {path}", statuses=(400,))

    def test_oversized_body(self):
        big = json.dumps({"text": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}).encode()
        for path, method, operation in self.writes():
            for who, client in self.clients(operation):
                for content_type in ("application/json", "application/x-www-form-urlencoded"):
                    with self.subTest(path=path, method=method, who=who, content_type=content_type):
                        response = self.send(client, method, self.url(path), big, content_type)
                        self.assertJSON4xx(response, f"{method} {path}", statuses=(413,))

    def test_nul_in_form_data(self):
        for path, method, operation in self.writes():
            names = request_properties(operation) or ["text"]
            for who, client in self.clients(operation):
                with self.subTest(path=path, method=method, who=who):
                    body = "&".join(f"{name}=a%00b" for name in names).encode()
                    response = self.send(client, method, self.url(path), body, "application/x-www-form-urlencoded")
                    errors = self.assertJSON4xx(response, f"{method} {path}", statuses=(400,))
                    self.assertTrue(set(names) <= set(errors), errors)


class QueryParameterFuzzTests(FuzzTestCase):
    def parameters(self):
        found = [
            (path, parameter["name"])
            for path, _method, operation in operations(("get",))
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        ]
        for expected in (
            ("/api/v1/sentences/", "district"), ("/api/v1/stats/sentences/", "q"),
            ("/api/v1/stats/facets/", "statute"), ("/api/v1/export/sentences.{fmt}", "employer"),
            ("/api/v1/agencies/", "key"), ("/api/v1/cases/", "cursor"),
        ):  # fmt: skip
            self.assertIn(expected, found)
        return found

    def test_nul_in_every_query_parameter(self):
        client = self.api()
        for path, name in self.parameters():
            with self.subTest(path=path, name=name):
                response = client.get(self.url(path), {name: NUL})
                errors = self.assertJSON4xx(response, f"{path}?{name}", statuses=(400,))
                self.assertEqual(errors, {name: ["Null characters are not allowed."]})

    def test_encoded_surrogate_in_every_query_parameter(self):
        # A surrogate cannot travel in a URL as such; its UTF-8-like bytes arrive as replacement characters.
        client = self.api()
        for path, name in self.parameters():
            with self.subTest(path=path, name=name):
                response = client.get(f"{self.url(path)}?{name}=%ED%A0%80")
                self.assertLess(response.status_code, 500, f"{path}?{name}")
                if response.status_code >= 400:
                    self.assertJSON4xx(response, f"{path}?{name}")
