"""Precision and recall of the press-release parser over a corpus of texts with expected JSON.

Usage (from the repository root):  .venv/bin/python scripts/release_accuracy.py [folder] [--verbose]
Each NN-slug.txt in the folder needs a NN-slug.json beside it, in the shape of ReleaseDraft.as_dict() (values only).
"""

from __future__ import annotations

import json
import re
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cases.services.release_parser import release_parse  # noqa: E402

SCALAR_FIELDS = ["stage", "category", "judge", "district", "foreign_country"]
LIST_FIELDS = ["statutes", "agencies", "foreign_agencies", "employers"]
DEFENDANT_FIELDS = ["name", "age", "city", "state", "country", "plea", "conviction_method"]
SENTENCE_FIELDS = [
    "prison_months",
    "life",
    "time_served",
    "probation_months",
    "supervised_release_months",
    "supervised_release_life",
    "home_confinement_months",
    "fine",
    "restitution",
    "forfeiture",
    "special_assessment",
]


def _value(x):
    """Value of an as_dict() entry ({"value", "span"}) or of an expected plain value."""
    if isinstance(x, dict) and "value" in x and "span" in x:
        return x["value"]
    return x


def _norm(field, v):
    if v is None or v is False:
        return None
    if field in SENTENCE_FIELDS and not isinstance(v, bool):
        try:
            return Decimal(str(v)).normalize()
        except InvalidOperation:
            return v
    if field == "employers":
        n = str(v).lower().strip()
        n = re.sub(r"^the\s+", "", n)
        n = re.sub(r"^(?:u\.s\.|united states)\s+", "", n)
        n = re.sub(r",?\s+(?:inc\.?|llc|ltd\.?|corp\.?|corporation|co\.?|company)$", "", n)
        return n
    if isinstance(v, str):
        return re.sub(r"\s+", " ", v.strip()).lower() if field in ("judge", "name", "city") else v
    return v


class Tally:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, expected, got):
        if expected is not None and got is not None and expected == got:
            self.tp += 1
        else:
            if got is not None:
                self.fp += 1
            if expected is not None:
                self.fn += 1

    def add_sets(self, expected: set, got: set):
        self.tp += len(expected & got)
        self.fp += len(got - expected)
        self.fn += len(expected - got)

    @property
    def precision(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _full_name(d):
    parts = [_value(d.get(k)) for k in ("given_name", "middle_name", "family_name")]
    return " ".join(p for p in parts if p)


def _match_defendants(expected, got):
    """Pairs (expected, parsed or None) plus unmatched parsed; matched by family name, then given name."""
    pairs, used = [], set()
    for e in expected:
        fam = (e.get("family_name") or "").lower()
        cands = [i for i, g in enumerate(got) if i not in used and (_value(g.get("family_name")) or "").lower() == fam]
        if len(cands) > 1:
            given = (e.get("given_name") or "").lower()
            best = [i for i in cands if (_value(got[i].get("given_name")) or "").lower() == given]
            cands = best or cands
        if cands:
            used.add(cands[0])
            pairs.append((e, got[cands[0]]))
        else:
            pairs.append((e, None))
    extra = [g for i, g in enumerate(got) if i not in used]
    return pairs, extra


def evaluate(folder: Path, verbose: bool = False):
    tallies = {f: Tally() for f in SCALAR_FIELDS + LIST_FIELDS + DEFENDANT_FIELDS + SENTENCE_FIELDS}
    times = []
    errors = []
    files = sorted(folder.glob("*.txt"))
    for txt in files:
        exp_path = txt.with_suffix(".json")
        if not exp_path.exists():
            continue
        expected = json.loads(exp_path.read_text())
        text = txt.read_text()
        t0 = time.perf_counter()
        draft = release_parse(text)
        times.append(time.perf_counter() - t0)
        got = draft.as_dict()

        def note(field, e, g, name=txt.name):
            if e != g:
                errors.append(f"{name}: {field}: expected {e!r}, got {g!r}")

        for f in SCALAR_FIELDS:
            e, g = _norm(f, expected.get(f)), _norm(f, _value(got.get(f)))
            tallies[f].add(e, g)
            note(f, e, g)
        for f in LIST_FIELDS:
            e = {_norm(f, v) for v in expected.get(f) or []}
            g = {_norm(f, _value(v)) for v in got.get(f) or []}
            tallies[f].add_sets(e, g)
            note(f, sorted(e, key=str), sorted(g, key=str))
        pairs, extra = _match_defendants(expected.get("defendants") or [], got.get("defendants") or [])
        for e, g in pairs:
            g = g or {}
            fam = e.get("family_name")
            tallies["name"].add(_norm("name", _full_name(e)), _norm("name", _full_name(g)) if g else None)
            note(f"{fam}.name", _norm("name", _full_name(e)), _norm("name", _full_name(g)) if g else None)
            for f in DEFENDANT_FIELDS[1:]:
                ev, gv = _norm(f, e.get(f)), _norm(f, _value(g.get(f)))
                tallies[f].add(ev, gv)
                note(f"{fam}.{f}", ev, gv)
            es, gs = e.get("sentence") or {}, g.get("sentence") or {}
            for f in SENTENCE_FIELDS:
                ev, gv = _norm(f, es.get(f)), _norm(f, _value(gs.get(f)))
                tallies[f].add(ev, gv)
                note(f"{fam}.sentence.{f}", ev, gv)
        for g in extra:
            tallies["name"].add(None, _norm("name", _full_name(g)))
            errors.append(f"{txt.name}: extra defendant {_full_name(g)!r}")
            gs = g.get("sentence") or {}
            for f in DEFENDANT_FIELDS[1:]:
                tallies[f].add(None, _norm(f, _value(g.get(f))))
            for f in SENTENCE_FIELDS:
                tallies[f].add(None, _norm(f, _value(gs.get(f))))
    return tallies, times, errors, len(files)


def main(argv):
    verbose = "--verbose" in argv or "-v" in argv
    args = [a for a in argv if not a.startswith("-")]
    folder = Path(args[0]) if args else ROOT / "tests" / "releases"
    tallies, times, errors, n = evaluate(folder, verbose)
    print(f"Corpus: {folder} ({len(times)} releases)")
    print(f"{'field':28} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    tp = fp = fn = 0
    for f, t in tallies.items():
        label = f if f not in SENTENCE_FIELDS else f"sentence.{f}"
        print(f"{label:28} {t.precision:9.3f} {t.recall:7.3f} {t.tp:4} {t.fp:4} {t.fn:4}")
        tp, fp, fn = tp + t.tp, fp + t.fp, fn + t.fn
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print(f"{'OVERALL':28} {p:9.3f} {r:7.3f} {tp:4} {fp:4} {fn:4}")
    if times:
        print(f"Mean parse time: {1000 * sum(times) / len(times):.1f} ms (max {1000 * max(times):.1f} ms)")
    if verbose:
        print("\nDifferences:")
        for line in errors:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
