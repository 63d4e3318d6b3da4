"""Load the reference data and the curated real cases from fixtures/."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cases.services.curated import FIXTURES_DIR, casebook_load
from cases.services.upsert import RowError


class Command(BaseCommand):
    help = (
        "Load districts, statutes, agencies and curated cases from fixtures/. Running it twice changes nothing, "
        "and it never overwrites a case or record that analysts changed since it was loaded: it lists what "
        "differs instead (--replace SLUG to load a file over analysts' changes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=FIXTURES_DIR, help="Folder holding the YAML files.")
        parser.add_argument("--reference-only", action="store_true", help="Load reference data but no cases.")
        parser.add_argument(
            "--replace", action="append", default=[], metavar="SLUG",
            help="Load this case file even over analysts' changes to the case (repeat for several).",
        )  # fmt: skip
        parser.add_argument("--replace-all", action="store_true", help="Load every case file over analysts' changes.")

    def handle(self, *args, fixtures, reference_only, replace, replace_all, **options):
        show = options["verbosity"] >= 1

        def progress(files):
            return tqdm(files, desc="cases", unit="file", disable=not show, file=self.stderr._out)

        try:
            report = casebook_load(
                fixtures_dir=fixtures, cases=not reference_only, progress=progress,
                replace=set(replace), replace_all=replace_all,
            )  # fmt: skip
        except RowError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        except FileNotFoundError as error:
            raise CommandError(f"Nothing was loaded. Missing file: {error.filename}") from error
        if show:
            for slug, problems in sorted(report.held.items()):
                self.stdout.write(f"In review: {slug}: {' '.join(problems)}")
            for slug, differences in sorted(report.kept.items()):
                self.stdout.write(
                    f"Kept as analysts left it: {slug} (the file differs in: {'; '.join(differences[:12])}"
                    + (f"; and {len(differences) - 12} more" if len(differences) > 12 else "")
                    + ")"
                )
            for row in report.kept_rows:
                self.stdout.write(f"Kept as analysts left it: {row}")
            self.stdout.write(self.style.SUCCESS(report.summary()))
