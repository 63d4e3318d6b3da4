"""Read press releases from a file or a folder of .txt files and print what was found, as JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cases.services.release_parser import release_parse


class Command(BaseCommand):
    help = "Parse a press release (a .txt file) or every .txt file in a folder; print the values read as JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A .txt file or a folder of them.")
        parser.add_argument("--output", type=Path, help="Write one JSON file per release into this folder.")

    def handle(self, *args, path, output=None, **options):
        if path.is_dir():
            files = sorted(path.glob("*.txt"))
        elif path.is_file():
            files = [path]
        else:
            raise CommandError(f"{path} is neither a file nor a folder.")
        if output:
            output.mkdir(parents=True, exist_ok=True)
        show = options["verbosity"] >= 1 and output is not None
        found = 0
        for file in tqdm(files, desc="releases", unit="file", disable=not show, file=self.stderr._out):
            try:
                text = file.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                raise CommandError(f"{file}: not UTF-8 text ({error.reason}).") from error
            result = release_parse(text).as_dict()
            found += len(result.get("defendants") or [])
            document = json.dumps({"file": str(file), **result}, ensure_ascii=False, indent=2)
            if output:
                (output / f"{file.stem}.json").write_text(document, encoding="utf-8")
            else:
                self.stdout.write(document)
        self.stderr.write(f"Parsed {len(files)} releases; {found} defendants found.")
