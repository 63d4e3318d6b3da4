"""Per case, what blocks publication and what is weak, with totals."""

from django.core.management.base import BaseCommand

from cases.services.quality import data_report, report_lines


class Command(BaseCommand):
    help = (
        "The data report: per case, the problems that block publication and the weaknesses (no judge, inferred "
        "statutes, counts without a fate, only tertiary sources, no sentencing date...), then totals."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weak-only", action="store_true", help="List only cases with a problem or weakness.")

    def handle(self, *args, weak_only, **options):
        lines = report_lines(data_report(), only_weak=weak_only)
        for line in lines[:-3]:
            self.stdout.write(line)
        for line in lines[-3:]:
            self.stdout.write(self.style.SUCCESS(line) if line else line)
