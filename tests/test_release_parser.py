"""Tests of the press-release parser (pure Python, no database)."""

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cases.services.release_parser import Extracted, Span, release_parse  # noqa: E402
from scripts.release_accuracy import evaluate  # noqa: E402

CORPUS = ROOT / "tests" / "releases"

LEAD = (
    "WASHINGTON – A former defense contractor employee was {verb} today in federal court. "
    "John Michael Doe, 45, of Fairfax, Virginia, {rest} "
    "U.S. District Judge Jane Q. Public of the Eastern District of Virginia imposed the sentence. "
    "The FBI investigated the case, which was prosecuted by the U.S. Attorney's Office."
)


def _sentencing(rest):
    return release_parse(LEAD.format(verb="sentenced", rest=rest))


def _sentence(draft, i=0):
    assert draft.defendants, draft.messages
    return draft.defendants[i].sentence


def _val(x):
    return None if x is None else x.value


# --- sentence components ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "months"),
    [
        ("was sentenced to 48 months in prison.", Decimal("48")),
        ("was sentenced to four years in prison.", Decimal("48")),
        ("was sentenced to a year and a day in prison.", Decimal("12.03")),
        ("was sentenced to five years and three months in federal prison.", Decimal("63")),
        ("was sentenced to three and a half years in prison.", Decimal("42")),
        ("was sentenced to twenty-seven months in prison.", Decimal("27")),
        ("was sentenced to 120 days in prison.", Decimal("3.94")),
        ("was sentenced to 188 months (15 years and 8 months) of imprisonment.", Decimal("188")),
        ("was sentenced to an additional eight years in federal prison.", Decimal("96")),
        ("received a 97-month prison sentence after he was sentenced.", Decimal("97")),
    ],
)
def test_prison_terms(phrase, months):
    sentence = _sentence(_sentencing(phrase))
    assert sentence.prison_months.value == months


@pytest.mark.parametrize(
    "phrase",
    [
        "was sentenced to more than 15 years in prison.",
        "was sentenced to over 15 years in prison.",
        "was sentenced to nearly 16 years in prison.",
    ],
)
def test_inexact_terms_are_not_recorded(phrase):
    draft = _sentencing(phrase)
    sentence = draft.defendants[0].sentence
    assert sentence is None or sentence.prison_months is None


def test_life_time_served_and_lifetime_supervision():
    assert _sentence(_sentencing("was sentenced to life in prison without parole.")).life.value is True
    sentence = _sentence(_sentencing("was sentenced to time served and two years of supervised release."))
    assert sentence.time_served.value is True
    assert sentence.prison_months is None
    assert sentence.supervised_release_months.value == Decimal("24")
    sentence = _sentence(_sentencing("was sentenced to 40 years in prison and supervised release for life."))
    assert sentence.prison_months.value == Decimal("480")
    assert sentence.supervised_release_life.value is True


def test_credit_for_time_served_is_not_time_served():
    sentence = _sentence(_sentencing("was sentenced to 18 months in prison and will receive credit for time served."))
    assert sentence.time_served is None
    assert sentence.prison_months.value == Decimal("18")


def test_probation_supervised_release_home_confinement():
    sentence = _sentence(
        _sentencing(
            "was sentenced to five years of probation, including six months of home confinement. "
            "He was also ordered to serve three years of supervised release."
        )
    )
    assert sentence.probation_months.value == Decimal("60")
    assert sentence.home_confinement_months.value == Decimal("6")
    assert sentence.supervised_release_months.value == Decimal("36")
    assert sentence.prison_months is None


@pytest.mark.parametrize(
    ("phrase", "field", "amount"),
    [
        ("was sentenced to 10 months in prison and ordered to pay a $250,000 fine.", "fine", "250000.00"),
        ("was sentenced to 10 months in prison and fined $1.5 million.", "fine", "1500000.00"),
        (
            "was sentenced to 10 months in prison and ordered to pay $11,793,064.15 in restitution.",
            "restitution",
            "11793064.15",
        ),
        ("was sentenced to 10 months in prison and ordered to forfeit $2 billion.", "forfeiture", "2000000000.00"),
        ("was sentenced to 10 months in prison and a $100 special assessment.", "special_assessment", "100.00"),
        ("was sentenced to 10 months in prison and restitution of $33,600.", "restitution", "33600.00"),
    ],
)
def test_money_forms(phrase, field, amount):
    sentence = _sentence(_sentencing(phrase))
    assert getattr(sentence, field).value == Decimal(amount)


# --- statutory maxima are never sentences ----------------------------------------------------------------------------


def test_maximum_penalty_is_never_a_sentence():
    text = (
        "Florida Man Charged With Acting As An Agent Of China\n\n"
        "TAMPA, Fla. – A federal grand jury returned an indictment charging John Michael Doe, 45, of Tampa, "
        "Florida, with acting as an agent of the People's Republic of China without notifying the Attorney General, "
        "in violation of 18 U.S.C. § 951. If convicted, Doe faces a maximum penalty of 10 years in federal prison, "
        "three years of supervised release and a fine of up to $250,000. The FBI is investigating the case."
    )
    draft = release_parse(text)
    assert draft.stage.value == "charge"
    assert draft.defendants[0].sentence is None
    assert [s.value for s in draft.statutes] == ["18 U.S.C. 951"]


def test_maximum_mentioned_in_a_sentencing_release_is_ignored():
    draft = _sentencing(
        "was sentenced to 27 months in prison and a $5,500 fine. Doe faced a statutory maximum of 20 years in prison "
        "and a fine of $250,000."
    )
    sentence = _sentence(draft)
    assert sentence.prison_months.value == Decimal("27")
    assert sentence.fine.value == Decimal("5500.00")


def test_plea_release_has_no_sentence():
    text = LEAD.format(
        verb="convicted",
        rest="pleaded guilty today to theft of trade secrets. He faces up to 10 years in prison "
        "and is scheduled to be sentenced on May 5.",
    )
    draft = release_parse(text)
    assert draft.defendants[0].sentence is None
    assert draft.defendants[0].plea.value == "guilty"
    assert draft.defendants[0].conviction_method.value == "plea"


# --- several defendants ----------------------------------------------------------------------------------------------


def test_several_defendants_with_different_terms():
    text = (
        "Two Men Sentenced for Conspiring to Act as Agents of the PRC\n\n"
        "NEW YORK – John Chen, 71, of Los Angeles, California, was sentenced today to 20 months in prison and three "
        "years of supervised release. His co-defendant, Lin Feng, 44, also of Los Angeles, was sentenced to 16 months "
        "in prison. Both men pleaded guilty to acting as agents of the People's Republic of China. A federal jury was "
        "never empaneled. U.S. District Judge Nelson S. Roman imposed the sentences. The FBI investigated the case."
    )
    draft = release_parse(text)
    by_name = {d.family_name.value: d for d in draft.defendants}
    assert set(by_name) == {"Chen", "Feng"}
    assert by_name["Chen"].sentence.prison_months.value == Decimal("20")
    assert by_name["Chen"].sentence.supervised_release_months.value == Decimal("36")
    assert by_name["Feng"].sentence.prison_months.value == Decimal("16")
    assert by_name["Feng"].sentence.supervised_release_months is None
    assert by_name["Feng"].state.value == "CA"
    assert {d.plea.value for d in draft.defendants} == {"guilty"}
    assert draft.judge.value == "Nelson S. Roman"


def test_defendant_fields_and_other_fields():
    draft = release_parse((CORPUS / "01-ping-li-sentencing.txt").read_text())
    d = draft.defendants[0]
    assert (d.given_name.value, d.family_name.value, d.age.value) == ("Ping", "Li", 59)
    assert (d.city.value, d.state.value) == ("Wesley Chapel", "FL")
    assert draft.district.value == "flmd"
    assert draft.foreign_country.value == "CN"
    assert [a.value for a in draft.foreign_agencies] == ["CN-MSS"]
    assert draft.employers == []  # the release only names anonymised employers


def test_citation_forms():
    draft = _sentencing(
        "pleaded guilty to violating 18 U.S.C. §§ 371 and 951, Section 1832, 50 U.S.C. 1705(a), and Title 22, "
        "United States Code, Section 2778. He was sentenced to 10 months in prison."
    )
    assert {s.value for s in draft.statutes} >= {
        "18 U.S.C. 371",
        "18 U.S.C. 951",
        "18 U.S.C. 1832",
        "50 U.S.C. 1705",
        "22 U.S.C. 2778",
    }


# --- spans -----------------------------------------------------------------------------------------------------------


def _extracted(obj):
    if isinstance(obj, Extracted):
        yield obj
    elif isinstance(obj, list):
        for x in obj:
            yield from _extracted(x)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            yield from _extracted(getattr(obj, name))


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt"))[:12], ids=lambda p: p.name)
def test_spans_match_the_text(path):
    text = path.read_text()
    draft = release_parse(text)
    found = list(_extracted(draft))
    assert found
    for ex in found:
        assert isinstance(ex.span, Span)
        assert ex.span.text == text[ex.span.start : ex.span.end]
    json.dumps(draft.as_dict())


# --- bad input -------------------------------------------------------------------------------------------------------

RECIPE = (
    "Classic banana bread. Preheat the oven to 350 degrees. Mash three ripe bananas in a bowl, stir in a third of a "
    "cup of melted butter, then mix in one teaspoon of baking soda, a pinch of salt, three quarters of a cup of sugar, "
    "one beaten egg and a teaspoon of vanilla. Add one and a half cups of flour and pour into a buttered loaf pan. "
    "Bake for one hour, cool for 10 minutes and serve with butter. Serves eight people and keeps for four days."
)
SPANISH = (
    "WASHINGTON – Un exempleado del gobierno fue condenado hoy a 48 meses de prisión por conspirar para actuar como "
    "agente de la República Popular China sin notificar al Fiscal General. Según los documentos judiciales, el acusado "
    "entregó información sobre disidentes a oficiales del Ministerio de Seguridad del Estado durante varios años. La "
    "jueza federal también le impuso una multa de 250.000 dólares y tres años de libertad supervisada."
)
CHINESE = "华盛顿——一名前政府雇员今天因密谋充当中华人民共和国代理人而被判处48个月监禁，并被处以25万美元罚款。" * 5


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t  ", None, RECIPE, SPANISH, CHINESE],
    ids=["empty", "blank", "none", "recipe", "spanish", "chinese"],
)
def test_bad_input_returns_messages_and_nothing_invented(text):
    draft = release_parse(text)
    assert draft.messages
    assert draft.stage is None and draft.defendants == [] and draft.statutes == []
    assert draft.category is None and draft.judge is None and draft.district is None
    assert draft.agencies == [] and draft.foreign_agencies == [] and draft.employers == []
    assert draft.foreign_country is None


def test_a_megabyte_is_capped():
    # Parse time is measured by scripts/release_accuracy.py, not asserted here: a busy machine would make
    # a timed test fail for nothing. What must hold is that only the beginning of the text is read.
    release = (CORPUS / "01-ping-li-sentencing.txt").read_text()
    text = (release + "\n\n") * (1_000_000 // len(release) + 1)
    assert len(text) >= 1_000_000
    draft = release_parse(text)
    assert any("first" in m for m in draft.messages)
    spans = [d.family_name.span for d in draft.defendants if d.family_name and d.family_name.span]
    assert spans and all(span.end <= 200_000 for span in spans)


def test_megabyte_of_noise_does_not_raise():
    draft = release_parse("x" * 1_000_000)
    assert draft.messages and draft.defendants == []


# --- accuracy floor --------------------------------------------------------------------------------------------------


def test_accuracy_floor_over_the_corpus():
    tallies, times, _errors, n = evaluate(CORPUS)
    assert n >= 32
    low = {
        f: (round(t.precision, 3), round(t.recall, 3)) for f, t in tallies.items() if min(t.precision, t.recall) < 0.9
    }
    assert not low, low


# --- patterns of real releases (sentences written for these tests) ---------------------------------------------------


def _draft(text):
    return release_parse(text)


def test_headline_last_word_is_no_title_for_the_first_name():
    # a Title Case headline without a period runs straight into the first sentence
    draft = _draft(
        "Former Analyst Sentenced for Leaking Secrets and Obstruction of Justice\n"
        "Mary K. Roe, 51, of Dayton, Ohio, was sentenced today to 30 months in prison for disclosing national "
        "defense information and obstructing justice. The FBI investigated the case with the help of the U.S. "
        "Attorney's Office for the Southern District of Ohio."
    )
    assert [d.family_name.value for d in draft.defendants] == ["Roe"]
    assert draft.defendants[0].sentence.prison_months.value == Decimal("30")
    assert "18 U.S.C. 1503" in [s.value for s in draft.statutes]


def test_name_after_to_with_an_age_and_a_rank_with_an_age():
    draft = _draft(
        "A federal judge handed down the sentence to Wei Tan, 44, of Albany, N.Y., on Monday after a trial. "
        "The court ordered 18 months in prison. The FBI investigated the case in federal court."
    )
    assert draft.defendants and draft.defendants[0].family_name.value == "Tan"
    assert draft.defendants[0].age.value == 44
    draft = _draft(
        "A sailor has been jailed for 20 months, the Justice Department said in a federal court statement. "
        "Petty Officer Jun Lee (24) of Oxnard, California, was sentenced on Friday after he pleaded guilty."
    )
    d = draft.defendants[0]
    assert (d.given_name.value, d.family_name.value, d.age.value, d.city.value) == ("Jun", "Lee", 24, "Oxnard")
    assert d.sentence.prison_months.value == Decimal("20")


def test_quoted_release_sentence_starting_with_the_name():
    draft = _draft(
        'The Justice Department said in a release: "Omid Karimi pleaded guilty today to a conspiracy to export '
        'machine tools to Iran," adding that he faces up to 20 years in federal prison when sentenced by the court.'
    )
    assert [d.family_name.value for d in draft.defendants] == ["Karimi"]
    assert draft.defendants[0].plea.value == "guilty"


def test_respectively_gives_each_defendant_his_own_term():
    draft = _draft(
        "Two brothers, Paul Ames, 50, and Mark Ames Lowe, 47, were sentenced today to 10 and 8 years in prison, "
        "respectively, for smuggling rifle parts. The FBI investigated the case in federal court."
    )
    terms = {d.family_name.value: d.sentence.prison_months.value for d in draft.defendants}
    assert terms == {"Ames": Decimal("120"), "Lowe": Decimal("96")}


def test_agent_statute_phrases_of_real_releases():
    cases = [
        (
            "pleaded guilty today to acting within the United States on behalf of a foreign government without "
            "notifying the Attorney General.",
            "18 U.S.C. 951",
        ),
        ("admitted acting in the United States as an agent of the Cuban government.", "18 U.S.C. 951"),
        ("pleaded guilty to one count of conspiring with the intelligence officer.", "18 U.S.C. 371"),
        ("pleaded guilty to lying to the FBI about his patents.", "18 U.S.C. 1001"),
        ("was charged with conspiring to smuggle goods from the United States.", "18 U.S.C. 554"),
    ]
    for phrase, cit in cases:
        draft = _draft(f"Jane Roe, 40, of Miami, Florida, {phrase} The FBI investigated the case in federal court.")
        assert cit in [s.value for s in draft.statutes], phrase


def test_dismissed_counts_are_not_statutes():
    draft = _draft(
        "Jane Roe, 40, of Miami, Florida, pleaded guilty to making a false statement. Prosecutors agreed to "
        "dismiss 20 counts of wire fraud. The FBI investigated the case in federal court."
    )
    assert [s.value for s in draft.statutes] == ["18 U.S.C. 1001"]


def test_name_introduced_without_a_verb_then_family_name_with_age():
    draft = _draft(
        'Kai "Ken" Moreno, a former shipyard worker, was caught in a sting passing documents to a handler. '
        "Moreno, 52, of Fresno, pleaded guilty in federal court and was sentenced to 30 months in prison."
    )
    d = draft.defendants[0]
    assert (d.given_name.value, d.family_name.value, d.age.value) == ("Kai", "Moreno", 52)
    assert d.plea.value == "guilty" and d.sentence.prison_months.value == Decimal("30")


def test_family_name_first_when_only_the_first_token_is_used_alone():
    draft = _draft(
        "A federal jury convicted Wang Dalin, 29, of acting as an agent of the People's Republic of China. "
        "Wang was sentenced today to five years in prison. The FBI investigated the case."
    )
    d = draft.defendants[0]
    assert (d.family_name.value, d.given_name.value) == ("Wang", "Dalin")


def test_program_of_a_country_is_no_foreign_principal():
    draft = _draft(
        "Tom Park, 47, of Reston, Virginia, was sentenced today to 42 months in prison for disclosing national "
        "defense information about Iran's missile program to a reporter. The FBI investigated the case."
    )
    assert draft.foreign_country is None
    assert draft.category.value == "unauthorized_disclosure"
