"""The one-time dev/eval split of the real-text facts (tests/realtexts/README.md states the rule).

Usage (from the repository root, once):  .venv/bin/python scripts/realtexts_split.py EXPECTED_DIR
Copies each EXPECTED_DIR/<id>.json unchanged to tests/realtexts/dev/ or tests/realtexts/eval/. It refuses to run
when either folder already holds entries: the split is made once and then only read. tests/test_realtexts.py
checks that the committed placement is the one `assign` gives.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALTEXTS = ROOT / "tests" / "realtexts"
SETS = ("dev", "eval")


def labels(entry: dict) -> set[str]:
    """The strata a text belongs to: its stage and its kind."""
    return {"stage:" + entry["expected"]["stage"], "kind:" + entry["kind"]}


def case_hash(case: str) -> str:
    return hashlib.sha256(case.encode("utf-8")).hexdigest()


def assign(entries: list[dict]) -> dict[str, str]:
    """Case slug -> "dev" or "eval".

    Each case is put in the group of its rarest label (the stage or kind held by the fewest cases; ties by name).
    Within a group, cases are ordered by sha256 of the slug, and the first max(1, round(n / 3)) go to eval.
    """
    cases_of: dict[str, set[str]] = defaultdict(set)
    labels_of: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for label in labels(e):
            cases_of[label].add(e["case"])
            labels_of[e["case"]].add(label)

    def rarity(label):
        return (len(cases_of[label]), label)

    groups: dict[str, list[str]] = defaultdict(list)
    for case, ls in labels_of.items():
        groups[min(ls, key=rarity)].append(case)
    out = {}
    for members in groups.values():
        members.sort(key=case_hash)
        k = max(1, round(len(members) / 3))
        for i, case in enumerate(members):
            out[case] = "eval" if i < k else "dev"
    return out


def main(argv):
    if len(argv) != 1:
        print(__doc__)
        return 2
    src = Path(argv[0])
    if any(next((REALTEXTS / s).glob("*.json"), None) for s in SETS):
        print("tests/realtexts already holds a split; it is made once and not redone.", file=sys.stderr)
        return 1
    paths = sorted(src.glob("*.json"))
    entries = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    where = assign(entries)
    eval_labels = set().union(*(labels(e) for e in entries if where[e["case"]] == "eval"))
    all_labels = set().union(*(labels(e) for e in entries))
    if eval_labels != all_labels:
        print(f"eval lacks {sorted(all_labels - eval_labels)}", file=sys.stderr)
        return 1
    for p, e in zip(paths, entries, strict=True):
        if p.stem != e["id"]:
            print(f"{p.name}: the id is {e['id']!r}", file=sys.stderr)
            return 1
        dest = REALTEXTS / where[e["case"]]
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, dest / p.name)
    for s in SETS:
        chosen = [e for e in entries if where[e["case"]] == s]
        print(f"{s}: {len(chosen)} texts, {len({e['case'] for e in chosen})} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
