"""The committed facts about real texts (tests/realtexts) and the arithmetic of their scorer (no real text here)."""

import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import release_accuracy as ra  # noqa: E402
from scripts.realtexts_split import assign, labels  # noqa: E402

REALTEXTS = ROOT / "tests" / "realtexts"
KEYS = {"id", "case", "url", "query", "sha256", "kind", "expected"}


def _entries():
    out = []
    for which in ("dev", "eval"):
        for p in sorted((REALTEXTS / which).glob("*.json")):
            out.append((which, p, json.loads(p.read_text(encoding="utf-8"))))
    return out


def test_entries_have_their_source_and_hash_and_nothing_of_the_text():
    entries = _entries()
    assert len(entries) == 147
    ids = [e["id"] for _, _, e in entries]
    assert len(set(ids)) == len(ids)
    for _, p, e in entries:
        assert set(e) == KEYS, p.name
        assert p.stem == e["id"]
        assert re.fullmatch(r"https?://\S+", e["url"]), p.name
        assert e["query"].strip(), p.name
        assert re.fullmatch(r"[0-9a-f]{64}", e["sha256"]), p.name
        assert e["case"].startswith("us-v-"), p.name
    assert not [p for p in REALTEXTS.rglob("*") if p.suffix not in (".json", ".md") and p.is_file()]


def test_split_is_by_case_and_follows_the_rule():
    entries = _entries()
    sets_of_case = {}
    for which, _, e in entries:
        sets_of_case.setdefault(e["case"], set()).add(which)
    assert all(len(s) == 1 for s in sets_of_case.values()), [c for c, s in sets_of_case.items() if len(s) > 1]
    rule = assign([e for _, _, e in entries])
    assert {c: s.pop() for c, s in sets_of_case.items()} == rule
    n_eval = sum(1 for which, _, _ in entries if which == "eval")
    assert 0.25 <= n_eval / len(entries) <= 0.4
    all_labels = set().union(*(labels(e) for _, _, e in entries))
    eval_labels = set().union(*(labels(e) for which, _, e in entries if which == "eval"))
    assert eval_labels == all_labels


def _defendant(name, **kw):
    d = {"name": name, "kind": "person", "age": None, "city": None, "state": None, "disposition": None}
    d.update({"employers": [], "sentence": None})
    d.update(kw)
    return d


def _x(value):
    return {"value": value, "span": {"start": 0, "end": 1, "text": "x"}}


EXPECTED = {
    "stage": "sentencing",
    "district": "flmd",
    "judge": "Steven D. Merryday",
    "foreign_country": None,
    "release_date": "2024-11-25",
    "sentencing_date": None,
    "statutes": ["18 U.S.C. 371", "18 U.S.C. 951"],
    "defendants": [
        _defendant(
            "Ping Li",
            age=59,
            city="Wesley Chapel",
            state="FL",
            disposition="convicted_plea",
            employers=["Verizon"],
            sentence={"prison_months": "48", "life": False, "fine": "250000.00", "supervised_release_months": None},
        ),
        _defendant("Jane Roe", disposition="charged"),
    ],
}

# What a parser might return (ReleaseDraft.as_dict() shape, values with spans).
PARSED = {
    "stage": _x("plea"),  # wrong
    "district": _x("flmd"),  # correct
    "judge": _x("Steven D. Merryday"),  # correct
    "foreign_country": _x("CN"),  # extra
    "statutes": [_x("18 U.S.C. 371"), _x("18 U.S.C. 1832")],  # 1 correct, 1 missed, 1 extra
    "employers": [_x("Verizon Inc.")],  # correct
    "defendants": [
        {
            "given_name": _x("Ping"),
            "middle_name": None,
            "family_name": _x("Li"),
            "suffix": None,
            "age": _x(59),  # correct
            "city": _x("Tampa"),  # wrong
            "state": None,  # missed
            "plea": _x("guilty"),
            "conviction_method": _x("plea"),  # disposition convicted_plea: correct
            "sentence": {"prison_months": _x("48.00"), "fine": None, "supervised_release_months": _x("36")},
        },
        {"given_name": _x("John"), "family_name": _x("Doe"), "age": _x(40)},  # extra name, age
    ],
}


def test_scorer_arithmetic_on_a_synthetic_text(tmp_path):
    text = "A synthetic text; the parse is stubbed."
    (tmp_path / "synthetic-sentencing-x.txt").write_text(text, encoding="utf-8")
    (tmp_path / "bad-hash.txt").write_text("changed", encoding="utf-8")
    entries = [
        {"id": "synthetic-sentencing-x", "sha256": hashlib.sha256(text.encode()).hexdigest(), "expected": EXPECTED},
        {"id": "bad-hash", "sha256": "0" * 64, "expected": EXPECTED},
        {"id": "not-there", "sha256": "0" * 64, "expected": EXPECTED},
    ]
    seen = []
    counts, times, skipped, _ = ra.evaluate_real(entries, tmp_path, parse=lambda t: seen.append(t) or PARSED)
    assert seen == [text] and len(times) == 1
    assert skipped == [("bad-hash", "sha256 differs"), ("not-there", "missing")]

    def row(f):
        c = counts[f]
        return (c.support, c.correct, c.wrong, c.missed, c.extra)

    assert row("stage") == (1, 0, 1, 0, 0)
    assert row("district") == (1, 1, 0, 0, 0)
    assert row("judge") == (1, 1, 0, 0, 0)
    assert row("foreign_country") == (0, 0, 0, 0, 1)
    assert row("release_date") == (1, 0, 0, 1, 0)  # the parser has no release date: missed
    assert row("sentencing_date") == (0, 0, 0, 0, 0)
    assert row("statutes") == (2, 1, 0, 1, 1)
    assert row("employers") == (1, 1, 0, 0, 0)
    assert row("defendant.name") == (2, 1, 0, 1, 1)
    assert row("defendant.kind") == (2, 0, 0, 2, 0)  # the parser has no defendant kind: missed
    assert row("defendant.age") == (1, 1, 0, 0, 1)
    assert row("defendant.city") == (1, 0, 1, 0, 0)
    assert row("defendant.state") == (1, 0, 0, 1, 0)
    assert row("defendant.disposition") == (2, 1, 0, 1, 0)
    assert row("sentence.prison_months") == (1, 1, 0, 0, 0)
    assert row("sentence.life") == (0, 0, 0, 0, 0)
    assert row("sentence.fine") == (1, 0, 0, 1, 0)
    assert row("sentence.supervised_release_months") == (0, 0, 0, 0, 1)

    t = ra.totals(counts)
    assert (t["correct"], t["wrong"], t["missed"], t["extra"]) == (8, 2, 8, 5)
    assert t["support"] == 18
    assert t["accuracy"] == pytest.approx(8 / 18)
    assert t["extra_share"] == pytest.approx(5 / 15)


def test_defendants_are_matched_by_name_then_family_then_word_order():
    expected = [_defendant("Alexander Fishenko"), _defendant("Ping Li"), _defendant("Anna Smith")]
    got = [_defendant("Fishenko Alexander"), _defendant("P. Li"), _defendant("Bob Smithers")]
    pairs, extra = ra.match_defendants(expected, got)
    assert [(e["name"], g and g["name"]) for e, g in pairs] == [
        ("Alexander Fishenko", "Fishenko Alexander"),
        ("Ping Li", "P. Li"),
        ("Anna Smith", None),
    ]
    assert [g["name"] for g in extra] == ["Bob Smithers"]


def test_the_command_names_its_set_and_skips_texts_it_cannot_verify(tmp_path, capsys):
    assert ra.main(["--set", "eval", "--texts", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Set: eval (tests/realtexts/eval: 51 entries)")
    assert "Scored 0 texts; skipped 51" in out
    assert ra.main(["--set", "test"]) == 2


def test_fields_the_parser_lacks_are_named_and_only_those():
    lacking = ra.parser_lacks()
    assert set(lacking) <= set(ra.REAL_FIELDS)
    for f in ("stage", "judge", "statutes", "employers", "defendant.name", "defendant.disposition", "sentence.fine"):
        assert f not in lacking
