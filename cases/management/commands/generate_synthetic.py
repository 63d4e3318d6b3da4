"""Generate N synthetic cases (flagged as such) for scale and performance work."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cases.services.synthetic import synthetic_delete, synthetic_generate


class Command(BaseCommand):
    help = "Generate synthetic cases with a seed (same seed, same data). They are flagged and never curated."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, nargs="?", default=1000, help="How many cases (default 1000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--batch-size", type=int, default=1000, help="Cases per insert batch.")
        parser.add_argument("--delete", action="store_true", help="Delete all synthetic data first.")

    def handle(self, *args, count, seed, batch_size, delete, **options):
        if delete:
            removed = synthetic_delete()
            self.stdout.write(f"Deleted {removed} synthetic cases.")
        if count == 0:
            return
        show = options["verbosity"] >= 1
        with tqdm(total=count, desc="synthetic cases", unit="case", disable=not show, file=self.stderr._out) as bar:
            try:
                written = synthetic_generate(count=count, seed=seed, batch_size=batch_size, progress=bar.update)
            except ValueError as error:
                raise CommandError(str(error)) from error
        if show:
            self.stdout.write(self.style.SUCCESS(f"Generated {written} synthetic cases with seed {seed}."))
