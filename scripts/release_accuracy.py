"""Accuracy of the press-release parser.

Written corpus (from the repository root):  .venv/bin/python scripts/release_accuracy.py [folder] [--verbose]
  Each NN-slug.txt in the folder (default tests/releases) needs a NN-slug.json beside it, in the shape of
  ReleaseDraft.as_dict() (values only); prints precision and recall per field.

Real texts:  .venv/bin/python scripts/release_accuracy.py --set dev|eval [--texts DIR] [--verbose]
  Scores the entries of tests/realtexts/<set>/ (see tests/realtexts/README.md) against DIR/<id>.txt (default
  $CASEBOOK_REALTEXTS or /work/realtexts/texts). A text that is missing or whose sha256 differs from the entry's
  is reported and skipped. Prints per field: support, correct, wrong, missed, extra; the overall field accuracy
  correct / (correct + wrong + missed); extra values as a share of the values output; median and max parse time.
  --verbose lists the differences on dev only: eval is scored, never tuned on.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cases.services.release_parser import DefendantDraft, ReleaseDraft, SentenceDraft, release_parse  # noqa: E402

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


# ---------------------------------------------------------------------------------------------------------------------
# Real texts (tests/realtexts)

REALTEXTS = ROOT / "tests" / "realtexts"
DEFAULT_TEXTS = Path("/work/realtexts/texts")
REAL_SETS = ("dev", "eval")
REAL_SENTENCE_FIELDS = [
    "prison_months",
    "life",
    "time_served",
    "probation_months",
    "supervised_release_months",
    "home_confinement_months",
    "community_service_hours",
    "fine",
    "restitution",
    "forfeiture",
    "special_assessment",
]
REAL_DEFENDANT_FIELDS = ["name", "kind", "age", "city", "state", "disposition"]
REAL_FIELDS = (
    ["stage", "district", "judge", "foreign_country", "release_date", "sentencing_date", "statutes", "employers"]
    + [f"defendant.{f}" for f in REAL_DEFENDANT_FIELDS]
    + [f"sentence.{f}" for f in REAL_SENTENCE_FIELDS]
)
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


class Count:
    """One field's outcome over the texts scored. A pair where both sides are empty counts nowhere."""

    def __init__(self):
        self.correct = self.wrong = self.missed = self.extra = 0

    @property
    def support(self):
        return self.correct + self.wrong + self.missed

    @property
    def output(self):
        return self.correct + self.wrong + self.extra

    def add(self, expected, got):
        if expected is None and got is None:
            return None
        if expected is None:
            self.extra += 1
            return "extra"
        if got is None:
            self.missed += 1
            return "missed"
        if expected == got:
            self.correct += 1
            return None
        self.wrong += 1
        return "wrong"

    def add_sets(self, expected: set, got: set):
        self.correct += len(expected & got)
        self.missed += len(expected - got)
        self.extra += len(got - expected)


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[.,]", " ", s.lower())
    return re.sub(r"\s+", " ", s).strip()


def _real_norm(field: str, v):
    """Comparable form of an expected or parsed value; None for empty (None, False, "", [])."""
    if v is None or v is False or v == "" or v == []:
        return None
    short = field.split(".")[-1]
    if field.startswith("sentence.") and not isinstance(v, bool):
        try:
            return Decimal(str(v)).normalize()
        except InvalidOperation:
            return str(v)
    if short in ("judge", "name", "city"):
        return _fold(str(v))
    if short == "employers":
        return _norm("employers", v)
    if short == "statutes":
        t = str(v).replace("§", " ").replace("USC", "U.S.C.")
        t = re.sub(r"\b(?:sections?|secs?\.)\s*", "", t, flags=re.I)
        t = re.sub(r"\(.*$", "", t)
        return re.sub(r"\s+", " ", t).strip().upper()
    if short in ("state", "foreign_country"):
        return str(v).upper()
    if short == "district":
        return str(v).lower()
    if short == "age":
        try:
            return int(v)
        except (TypeError, ValueError):
            return v
    return v


def _family_key(name: str) -> str:
    words = [w for w in _fold(name).split() if w not in NAME_SUFFIXES]
    return words[-1] if words else ""


def _given_key(name: str) -> str:
    words = _fold(name).split()
    return words[0] if words else ""


def _disposition(d: dict, stage) -> str | None:
    """The parser's defendant as a disposition: its own field if it has one, else from plea and conviction method."""
    if "disposition" in d:
        return _value(d["disposition"])
    method, plea = _value(d.get("conviction_method")), _value(d.get("plea"))
    if method in ("plea", "nolo_contendere"):
        return "convicted_plea"
    if method in ("jury_trial", "bench_trial"):
        return "convicted_trial"
    if stage == "charge" or plea == "not_guilty":
        return "charged"
    return None


def parsed_view(got: dict) -> dict:
    """ReleaseDraft.as_dict() in the shape of an entry's "expected". A field the parser does not have is None."""
    stage = _value(got.get("stage"))
    defendants = []
    for d in got.get("defendants") or []:
        name = d.get("name")
        name = _value(name) if name is not None else _full_name(d)
        sentence = d.get("sentence")
        defendants.append(
            {
                "name": name,
                "kind": _value(d.get("kind")),
                "age": _value(d.get("age")),
                "city": _value(d.get("city")),
                "state": _value(d.get("state")),
                "disposition": _disposition(d, stage),
                "employers": [_value(x) for x in d.get("employers") or []],
                "sentence": {f: _value(sentence.get(f)) for f in REAL_SENTENCE_FIELDS} if sentence else None,
            }
        )
    return {
        "stage": stage,
        "district": _value(got.get("district")),
        "judge": _value(got.get("judge")),
        "foreign_country": _value(got.get("foreign_country")),
        "release_date": _value(got.get("release_date")),
        "sentencing_date": _value(got.get("sentencing_date")),
        "statutes": [_value(x) for x in got.get("statutes") or []],
        "employers": [_value(x) for x in got.get("employers") or []],
        "defendants": defendants,
    }


def match_defendants(expected: list[dict], got: list[dict]):
    """Pairs (expected, parsed or None) and the parsed left over: same full name first, then same family name
    (preferring the same given name), then the same words in another order ("Fishenko Alexander")."""
    pairs: list = [None] * len(expected)
    used: set[int] = set()
    for i, e in enumerate(expected):
        for j, g in enumerate(got):
            if j not in used and g["name"] and _fold(g["name"]) == _fold(e["name"]):
                pairs[i] = (e, g)
                used.add(j)
                break
    for i, e in enumerate(expected):
        if pairs[i] is not None:
            continue
        fam = _family_key(e["name"])
        cands = [j for j, g in enumerate(got) if j not in used and g["name"] and _family_key(g["name"]) == fam]
        best = [j for j in cands if _given_key(got[j]["name"]) == _given_key(e["name"])]
        cands = best or cands
        if not cands:
            words = sorted(_fold(e["name"]).split())
            cands = [
                j
                for j, g in enumerate(got)
                if j not in used and g["name"] and sorted(_fold(g["name"]).split()) == words
            ]
        if cands:
            used.add(cands[0])
            pairs[i] = (e, got[cands[0]])
        else:
            pairs[i] = (e, None)
    return pairs, [g for j, g in enumerate(got) if j not in used]


def score_entry(expected: dict, got: dict, counts: dict[str, Count], note=None) -> None:
    """Adds one text to counts. expected: an entry's "expected"; got: parsed_view() of the parser's output."""

    def add(field, e, g, who=""):
        e, g = _real_norm(field, e), _real_norm(field, g)
        outcome = counts[field].add(e, g)
        if outcome and note:
            note(f"{who}{field}: {outcome}: expected {e!r}, got {g!r}")

    for f in ("stage", "district", "judge", "foreign_country", "release_date", "sentencing_date"):
        add(f, expected.get(f), got.get(f))
    exp_employers = [x for d in expected.get("defendants") or [] for x in d.get("employers") or []]
    got_employers = (got.get("employers") or []) + [x for d in got["defendants"] for x in d.get("employers") or []]
    for f, e_list, g_list in (
        ("statutes", expected.get("statutes") or [], got.get("statutes") or []),
        ("employers", exp_employers, got_employers),
    ):
        e = {_real_norm(f, v) for v in e_list} - {None}
        g = {_real_norm(f, v) for v in g_list} - {None}
        counts[f].add_sets(e, g)
        if note and e != g:
            note(f"{f}: missed {sorted(e - g, key=str)}, extra {sorted(g - e, key=str)}")
    pairs, extra = match_defendants(expected.get("defendants") or [], got["defendants"])
    for e, g in pairs + [(None, g) for g in extra]:
        e_d, g_d = e or {}, g or {}
        who = f"[{(e_d or g_d).get('name')}] "
        for f in REAL_DEFENDANT_FIELDS:
            add(f"defendant.{f}", e_d.get(f), g_d.get(f), who)
        e_s, g_s = e_d.get("sentence") or {}, g_d.get("sentence") or {}
        for f in REAL_SENTENCE_FIELDS:
            add(f"sentence.{f}", e_s.get(f), g_s.get(f), who)


def load_entries(which: str) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((REALTEXTS / which).glob("*.json"))]


def evaluate_real(entries: list[dict], texts: Path, parse=None, verbose: bool = False):
    """Counts per field, parse times (s), skipped (id, reason), differences (lines) over the entries."""
    if parse is None:

        def parse(text):
            return release_parse(text).as_dict()

    counts = {f: Count() for f in REAL_FIELDS}
    times, skipped, diffs = [], [], []
    for entry in entries:
        path = texts / f"{entry['id']}.txt"
        if not path.is_file():
            skipped.append((entry["id"], "missing"))
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            skipped.append((entry["id"], "sha256 differs"))
            continue
        text = data.decode("utf-8")
        t0 = time.perf_counter()
        got = parse(text)
        times.append(time.perf_counter() - t0)
        note = (lambda line, i=entry["id"]: diffs.append(f"{i}: {line}")) if verbose else None
        score_entry(entry["expected"], parsed_view(got), counts, note)
    return counts, times, skipped, diffs


def parser_lacks() -> list[str]:
    """The scored fields the parser has no field for (always missed); disposition is derived, so it is not here."""
    have = {f.name for f in fields(ReleaseDraft)}
    have |= {f"defendant.{f.name}" for f in fields(DefendantDraft)} | {"defendant.name", "defendant.disposition"}
    have |= {f"sentence.{f.name}" for f in fields(SentenceDraft)}
    return [f for f in REAL_FIELDS if f not in have]


def totals(counts: dict[str, Count]) -> dict:
    c = sum(x.correct for x in counts.values())
    w = sum(x.wrong for x in counts.values())
    m = sum(x.missed for x in counts.values())
    e = sum(x.extra for x in counts.values())
    return {
        "correct": c,
        "wrong": w,
        "missed": m,
        "extra": e,
        "support": c + w + m,
        "accuracy": c / (c + w + m) if c + w + m else 1.0,
        "extra_share": e / (c + w + e) if c + w + e else 0.0,
    }


def main_real(which: str, texts: Path, verbose: bool) -> int:
    entries = load_entries(which)
    counts, times, skipped, diffs = evaluate_real(entries, texts, verbose=verbose and which == "dev")
    print(f"Set: {which} (tests/realtexts/{which}: {len(entries)} entries); texts: {texts}")
    print(f"Scored {len(times)} texts; skipped {len(skipped)}")
    for i, reason in skipped:
        print(f"  skipped {i}: {reason}")
    print(f"{'field':34} {'support':>7} {'correct':>7} {'wrong':>5} {'missed':>6} {'extra':>5} {'accuracy':>8}")
    for f, c in counts.items():
        acc = f"{c.correct / c.support:8.3f}" if c.support else f"{'-':>8}"
        print(f"{f:34} {c.support:7} {c.correct:7} {c.wrong:5} {c.missed:6} {c.extra:5} {acc}")
    t = totals(counts)
    print(
        f"{'OVERALL':34} {t['support']:7} {t['correct']:7} {t['wrong']:5} {t['missed']:6} {t['extra']:5} "
        f"{t['accuracy']:8.3f}"
    )
    print(
        f"Field accuracy (correct / (correct + wrong + missed)): {t['accuracy']:.3f}; "
        f"extra values: {t['extra']} of {t['correct'] + t['wrong'] + t['extra']} output ({t['extra_share']:.3f})"
    )
    lacking = parser_lacks()
    if lacking:
        t2 = totals({f: c for f, c in counts.items() if f not in lacking})
        print(
            f"Fields the parser does not have (counted as missed): {', '.join(lacking)}; "
            f"field accuracy without them: {t2['accuracy']:.3f} ({t2['correct']} of {t2['support']})"
        )
    if times:
        print(
            f"Parse time: median {1000 * statistics.median(times):.1f} ms, max {1000 * max(times):.1f} ms ({which} set)"
        )
    if verbose and which == "eval":
        print("\nDifferences are not listed for eval: it is scored, never tuned on.")
    elif verbose:
        print("\nDifferences:")
        for line in diffs:
            print("  " + line)
    return 0 if entries else 1


def main(argv):
    verbose = "--verbose" in argv or "-v" in argv
    if "--set" in argv or any(a.startswith("--set=") or a.startswith("--texts") for a in argv):
        opts, rest = {}, list(argv)
        while rest:
            a = rest.pop(0)
            if a in ("--set", "--texts"):
                if not rest:
                    print(f"{a} needs a value", file=sys.stderr)
                    return 2
                opts[a] = rest.pop(0)
            elif a.startswith(("--set=", "--texts=")):
                k, v = a.split("=", 1)
                opts[k] = v
            elif a not in ("--verbose", "-v"):
                print(f"unknown argument {a!r}", file=sys.stderr)
                return 2
        which = opts.get("--set")
        if which not in REAL_SETS:
            print("--set must be dev or eval", file=sys.stderr)
            return 2
        texts = Path(opts.get("--texts") or os.environ.get("CASEBOOK_REALTEXTS") or DEFAULT_TEXTS)
        return main_real(which, texts, verbose)
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
