"""Read the sources again and report the ones whose page changed or disappeared."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from cases.models import Source
from cases.services.sources import source_check


class Command(BaseCommand):
    help = "Fetch each source, record its hash and access date, and list pages that changed or are gone."

    def add_arguments(self, parser):
        parser.add_argument("--case", help="Only the sources of the case with this slug.")

    def handle(self, *args, case=None, **options):
        sources = Source.objects.select_related("case").filter(case__is_synthetic=False).order_by("pk")
        if case:
            sources = sources.filter(case__slug=case)
        counts = {"first": 0, "unchanged": 0, "changed": 0, "unreachable": 0}
        show = options["verbosity"] >= 1
        for source in tqdm(sources, desc="sources", unit="page", disable=not show, file=self.stderr._out):
            reading = source_check(source=source)
            counts[reading.status] += 1
            if reading.status in ("changed", "unreachable"):
                self.stdout.write(f"{reading.status.upper()}: {source.case.slug} {source.url} {reading.detail}")
        self.stdout.write(
            f"Checked {sum(counts.values())} sources: {counts['changed']} changed, {counts['unreachable']} "
            f"unreachable, {counts['unchanged']} unchanged, {counts['first']} read for the first time."
        )
