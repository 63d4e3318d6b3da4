"""Casebook against the public case lists in fixtures/lists/: what it holds, what it lacks and why."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.services.coverage import LISTS_DIR, MISSING_REASONS, ListError, coverage_report


class Command(BaseCommand):
    help = "For each public case list, the entries Casebook holds and those it lacks, with the reason."

    def add_arguments(self, parser):
        parser.add_argument("--lists", type=Path, default=LISTS_DIR, help="Folder of list files.")
        parser.add_argument("--missing", action="store_true", help="List the missing entries one by one.")

    def handle(self, *args, lists, missing, **options):
        try:
            report = coverage_report(lists)
        except ListError as error:
            raise CommandError(str(error)) from error
        total = held = 0
        for coverage in report:
            total += len(coverage.entries)
            held += len(coverage.held)
            reasons = ", ".join(f"{MISSING_REASONS[r]} {n}" for r, n in coverage.missing_by_reason().items() if n)
            self.stdout.write(
                f"{coverage.name}: {len(coverage.entries)} entries, {len(coverage.held)} held, "
                f"{len(coverage.missing)} missing" + (f" ({reasons})" if reasons else "")
            )
            if missing:
                for entry in coverage.missing:
                    reason = MISSING_REASONS[entry.reason or "not_yet_entered"]
                    self.stdout.write(f"  - {entry.name} ({entry.year or 'year unknown'}): {reason}")
        self.stdout.write(self.style.SUCCESS(f"{len(report)} lists, {total} entries, {held} held by Casebook."))
