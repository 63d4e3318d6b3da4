"""Benchmark the API against the database's own time for the same work, in the same run.

Usage (PostgreSQL with the synthetic cases, which must count as public for the measurement):

    createdb -h 127.0.0.1 -U postgres casebook_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/casebook_bench CASEBOOK_SYNTHETIC_PUBLIC=true
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_casebook --reference-only
    .venv/bin/python manage.py generate_synthetic 100000 --seed 1
    .venv/bin/python scripts/benchmark.py

Each figure is the median of several runs; the ratio is API time / raw SQL time (lower is better),
except for the export, where it is API rows per second / psql COPY rows per second (higher is better).
"""

import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CASEBOOK_SYNTHETIC_PUBLIC", "true")
os.environ.setdefault("CASEBOOK_THROTTLE_USER", "1000000/minute")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from cases.models import Sentence  # noqa: E402
from tests.factories import UserFactory  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
JOIN = """
    FROM cases_sentence s
    JOIN cases_defendant d ON d.id = s.defendant_id
    JOIN cases_case c ON c.id = d.case_id
"""
PUBLISHED = "c.curation_status = 'published'"


def timed(function, repeat=REPEAT) -> float:
    function()  # warm caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def raw(sql: str):
    def run():
        with connection.cursor() as cursor:
            for statement in sql if isinstance(sql, list) else [sql]:
                cursor.execute(statement)
                cursor.fetchall()

    return run


def api(client, url: str):
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        if response.streaming:
            for _ in response.streaming_content:
                pass
        else:
            _ = response.content

    return run


def report(name: str, api_seconds: float, raw_seconds: float, target: str) -> None:
    print(f"{name:<44} api {api_seconds * 1000:9.1f} ms   raw {raw_seconds * 1000:9.1f} ms   "
          f"ratio {api_seconds / raw_seconds:5.2f}   (target {target})")  # fmt: skip


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (set DATABASE_URL).")
    if not settings.CASEBOOK_SYNTHETIC_PUBLIC:
        sys.exit("Set CASEBOOK_SYNTHETIC_PUBLIC=true so the synthetic cases count as published.")
    total = Sentence.objects.count()
    print(f"sentences in the database: {total:,}; repetitions: {REPEAT}")
    user = UserFactory.viewer(username="benchmark-viewer")
    client = APIClient()
    client.force_authenticate(user)

    # 1. A filtered list page with its count.
    where = f"{PUBLISHED} AND c.foreign_country = 'CN' AND c.sector = 'energy'"
    page_sql = [
        f"SELECT count(*) {JOIN} WHERE {where}",
        f"""SELECT s.*, d.*, c.*, p.*, dist.*
            {JOIN} JOIN cases_person p ON p.id = d.person_id
            LEFT JOIN cases_district dist ON dist.id = c.district_id
            WHERE {where} ORDER BY s.sentenced_on DESC, s.id LIMIT 50""",
    ]
    report(
        "filtered sentence page + count",
        timed(api(client, "/api/v1/sentences/?country=CN&sector=energy&page_size=50")),
        timed(raw(page_sql)),
        "<= 2x",
    )

    # 2. Facets.
    facet_sql = [
        f"SELECT c.foreign_country, count(*) {JOIN} WHERE {PUBLISHED} GROUP BY 1",
        f"SELECT c.sector, count(*) {JOIN} WHERE {PUBLISHED} GROUP BY 1",
        f"SELECT c.category, count(*) {JOIN} WHERE {PUBLISHED} GROUP BY 1",
        f"SELECT extract(year FROM s.sentenced_on), count(*) {JOIN} "
        f"WHERE {PUBLISHED} AND s.sentenced_on IS NOT NULL GROUP BY 1",
    ]
    report("facets (4 groupings)", timed(api(client, "/api/v1/stats/facets/")), timed(raw(facet_sql)), "<= 2x")

    # 3. Statistics by country with percentiles.
    stats_sql = [
        f"""SELECT count(*), count(s.prison_months), avg(s.prison_months),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY s.prison_months),
                   percentile_cont(0.25) WITHIN GROUP (ORDER BY s.prison_months),
                   percentile_cont(0.75) WITHIN GROUP (ORDER BY s.prison_months),
                   min(s.prison_months), max(s.prison_months),
                   count(*) FILTER (WHERE s.is_life), count(*) FILTER (WHERE s.is_time_served),
                   sum(s.fine), percentile_cont(0.5) WITHIN GROUP (ORDER BY s.fine)
            {JOIN} WHERE {PUBLISHED} {group}"""
        for group in ("", "GROUP BY c.foreign_country")
    ]
    report(
        "statistics by country (percentiles)",
        timed(api(client, "/api/v1/stats/sentences/?group_by=country")),
        timed(raw(stats_sql)),
        "<= 1.5x",
    )

    # 4. CSV export of all sentences against psql's own COPY.
    published = Sentence.objects.filter(defendant__case__curation_status="published").count()
    export = timed(api(client, "/api/v1/export/sentences.csv"), repeat=3)
    copy_sql = (
        f"COPY (SELECT s.*, c.slug, c.caption, c.foreign_country, c.sector, c.category {JOIN} "
        f"WHERE {PUBLISHED} ORDER BY s.id) TO STDOUT WITH CSV HEADER"
    )
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    psql = ["psql", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"], "-d", db["NAME"]]

    def run_psql():
        subprocess.run([*psql, "-c", copy_sql], stdout=subprocess.DEVNULL, check=True, env=env)

    copy = timed(run_psql, repeat=3)
    print(
        f"{'CSV export of all sentences':<44} api {published / export:9.0f} rows/s   "
        f"psql COPY {published / copy:9.0f} rows/s   ratio {copy / export:5.2f}   (target >= 0.5)"
    )

    # Peak Python memory of the export, for all rows and for a tenth of them: it must not grow with rows.
    def peak(url):
        tracemalloc.start()
        api(client, url)()
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small = peak("/api/v1/export/sentences.csv?year_from=2024")
    large = peak("/api/v1/export/sentences.csv")
    print(f"{'export peak Python memory':<44} all rows {large / 1e6:6.2f} MB   a small subset {small / 1e6:6.2f} MB")
    ndjson_small = peak("/api/v1/export/sentences.ndjson?year_from=2024")
    ndjson_large = peak("/api/v1/export/sentences.ndjson")
    label = "NDJSON export peak Python memory"
    print(f"{label:<44} all rows {ndjson_large / 1e6:6.2f} MB   a small subset {ndjson_small / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
