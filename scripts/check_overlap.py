"""Find runs of 12 or more words that a case file's prose shares with the pages it was written from.

Summaries, timeline texts and sentence descriptions must be written fresh. The pages read while writing
them are kept outside the repository (they are not ours to publish); point this script at that folder.

Usage:  python scripts/check_overlap.py PAGES_DIR [CASE_FILE_OR_DIR ...] [--words 12]
PAGES_DIR holds the texts as read (any *.txt). Case files default to fixtures/cases/. Exit status 1 when a
shared run is found, with the file, the field and the words.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROSE_KEYS = {"summary", "text", "vacated_reason", "conditions", "description", "notes"}
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'"))


def shingles(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def prose_fields(node, path=""):
    """Yield (path, text) for every prose value in a parsed case file."""
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f"{path}.{key}" if path else str(key)
            if key in PROSE_KEYS and isinstance(value, str):
                yield sub, value
            else:
                yield from prose_fields(value, sub)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from prose_fields(value, f"{path}[{i}]")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("cases", nargs="*", type=Path)
    parser.add_argument("--words", type=int, default=12)
    args = parser.parse_args(argv)
    n = args.words
    page_index: dict[tuple[str, ...], str] = {}
    for page in sorted(args.pages.rglob("*.txt")):
        for sh in shingles(words(page.read_text(encoding="utf-8", errors="replace")), n):
            page_index.setdefault(sh, page.name)
    targets = args.cases or [ROOT / "fixtures" / "cases"]
    files = [f for t in targets for f in (sorted(t.glob("*.yaml")) if t.is_dir() else [t])]
    found = 0
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for path, text in prose_fields(data):
            tokens = words(text)
            for i in range(len(tokens) - n + 1):
                sh = tuple(tokens[i : i + n])
                if sh in page_index:
                    found += 1
                    print(f"{file.name}: {path}: shares '{' '.join(sh)}' with {page_index[sh]}")
                    break
    print(f"{len(files)} case files, {len(page_index)} {n}-word runs from pages, {found} shared runs")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
