"""Load the reference data and the curated real cases from fixtures/."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cases.services.curated import FIXTURES_DIR, casebook_load
from cases.services.upsert import RowError


class Command(BaseCommand):
    help = "Load districts, statutes, agencies and curated cases from fixtures/. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=FIXTURES_DIR, help="Folder holding the YAML files.")
        parser.add_argument("--reference-only", action="store_true", help="Load reference data but no cases.")

    def handle(self, *args, fixtures, reference_only, **options):
        show = options["verbosity"] >= 1

        def progress(files):
            return tqdm(files, desc="cases", unit="file", disable=not show, file=self.stderr._out)

        try:
            report = casebook_load(fixtures_dir=fixtures, cases=not reference_only, progress=progress)
        except RowError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        except FileNotFoundError as error:
            raise CommandError(f"Nothing was loaded. Missing file: {error.filename}") from error
        if show:
            for slug, problems in sorted(report.held.items()):
                self.stdout.write(f"In review: {slug}: {' '.join(problems)}")
            self.stdout.write(self.style.SUCCESS(report.summary()))
