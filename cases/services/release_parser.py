"""Draft a structured case record from the text of a DOJ press release.

Pure Python (regular expressions and hand-written number parsing): no Django models, no settings.
Every extracted value carries the span of text it came from. When the text does not say something
clearly, the field stays ``None``: nothing is invented.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

MAX_CHARS = 200_000

# Vocabulary values (plain strings so that this module never needs Django settings).
STAGE_CHARGE, STAGE_PLEA, STAGE_VERDICT, STAGE_SENTENCING, STAGE_OTHER = (
    "charge",
    "plea",
    "verdict",
    "sentencing",
    "other",
)
PLEA_GUILTY, PLEA_NOT_GUILTY = "guilty", "not_guilty"
METHOD_PLEA, METHOD_NOLO, METHOD_JURY, METHOD_BENCH = "plea", "nolo_contendere", "jury_trial", "bench_trial"


# ---------------------------------------------------------------------------------------------------------------------
# Data classes


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass
class Extracted:
    value: object
    span: Span | None


@dataclass
class SentenceDraft:
    prison_months: Extracted | None = None
    life: Extracted | None = None
    time_served: Extracted | None = None
    probation_months: Extracted | None = None
    supervised_release_months: Extracted | None = None
    supervised_release_life: Extracted | None = None
    home_confinement_months: Extracted | None = None
    fine: Extracted | None = None
    restitution: Extracted | None = None
    forfeiture: Extracted | None = None
    special_assessment: Extracted | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


@dataclass
class DefendantDraft:
    given_name: Extracted | None = None
    middle_name: Extracted | None = None
    family_name: Extracted | None = None
    suffix: Extracted | None = None
    age: Extracted | None = None
    city: Extracted | None = None
    state: Extracted | None = None
    country: Extracted | None = None
    plea: Extracted | None = None
    conviction_method: Extracted | None = None
    sentence: SentenceDraft | None = None


@dataclass
class ReleaseDraft:
    stage: Extracted | None = None
    defendants: list[DefendantDraft] = field(default_factory=list)
    category: Extracted | None = None
    statutes: list[Extracted] = field(default_factory=list)
    judge: Extracted | None = None
    district: Extracted | None = None
    agencies: list[Extracted] = field(default_factory=list)
    foreign_country: Extracted | None = None
    foreign_agencies: list[Extracted] = field(default_factory=list)
    employers: list[Extracted] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return _to_json(self)


def _to_json(obj):
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, Span):
        return {"start": obj.start, "end": obj.end, "text": obj.text}
    if isinstance(obj, Extracted):
        return {"value": _to_json(obj.value), "span": _to_json(obj.span)}
    if isinstance(obj, list):
        return [_to_json(x) for x in obj]
    if hasattr(obj, "__dataclass_fields__"):
        return {f.name: _to_json(getattr(obj, f.name)) for f in fields(obj)}
    return obj


def _ex(text: str, value, start: int, end: int) -> Extracted:
    return Extracted(value, Span(start, end, text[start:end]))


# ---------------------------------------------------------------------------------------------------------------------
# Reference tables

STATES = {
    "AL": ["Alabama", "Ala."],
    "AK": ["Alaska"],
    "AZ": ["Arizona", "Ariz."],
    "AR": ["Arkansas", "Ark."],
    "CA": ["California", "Calif.", "Cal."],
    "CO": ["Colorado", "Colo."],
    "CT": ["Connecticut", "Conn."],
    "DE": ["Delaware", "Del."],
    "DC": ["District of Columbia", "D.C."],
    "FL": ["Florida", "Fla."],
    "GA": ["Georgia", "Ga."],
    "HI": ["Hawaii"],
    "ID": ["Idaho"],
    "IL": ["Illinois", "Ill."],
    "IN": ["Indiana", "Ind."],
    "IA": ["Iowa"],
    "KS": ["Kansas", "Kan."],
    "KY": ["Kentucky", "Ky."],
    "LA": ["Louisiana", "La."],
    "ME": ["Maine"],
    "MD": ["Maryland", "Md."],
    "MA": ["Massachusetts", "Mass."],
    "MI": ["Michigan", "Mich."],
    "MN": ["Minnesota", "Minn."],
    "MS": ["Mississippi", "Miss."],
    "MO": ["Missouri", "Mo."],
    "MT": ["Montana", "Mont."],
    "NE": ["Nebraska", "Neb."],
    "NV": ["Nevada", "Nev."],
    "NH": ["New Hampshire", "N.H."],
    "NJ": ["New Jersey", "N.J."],
    "NM": ["New Mexico", "N.M."],
    "NY": ["New York", "N.Y."],
    "NC": ["North Carolina", "N.C."],
    "ND": ["North Dakota", "N.D."],
    "OH": ["Ohio"],
    "OK": ["Oklahoma", "Okla."],
    "OR": ["Oregon", "Ore."],
    "PA": ["Pennsylvania", "Pa."],
    "RI": ["Rhode Island", "R.I."],
    "SC": ["South Carolina", "S.C."],
    "SD": ["South Dakota", "S.D."],
    "TN": ["Tennessee", "Tenn."],
    "TX": ["Texas", "Tex."],
    "UT": ["Utah"],
    "VT": ["Vermont", "Vt."],
    "VA": ["Virginia", "Va."],
    "WA": ["Washington", "Wash."],
    "WV": ["West Virginia", "W.Va."],
    "WI": ["Wisconsin", "Wis."],
    "WY": ["Wyoming", "Wyo."],
    "PR": ["Puerto Rico"],
    "GU": ["Guam"],
}
STATE_LOOKUP: dict[str, str] = {}
for _code, _names in STATES.items():
    for _n in _names:
        STATE_LOOKUP[_n.lower()] = _code
    if _code not in ("IN", "OR", "ME", "OK", "HI", "ID", "LA", "MA", "PA", "DE", "CO", "AL", "MO", "GA"):
        STATE_LOOKUP[_code.lower()] = _code  # postal codes that are not also common words

# country code: (names, adjectives)
COUNTRIES = {
    "CN": (["People's Republic of China", "PRC", "China", "Mainland China"], ["Chinese", "PRC"]),
    "RU": (["Russian Federation", "Russia", "Soviet Union", "USSR", "Moscow"], ["Russian", "Soviet"]),
    "IR": (["Islamic Republic of Iran", "Iran", "Tehran"], ["Iranian"]),
    "KP": (["Democratic People's Republic of Korea", "DPRK", "North Korea", "Pyongyang"], ["North Korean", "DPRK"]),
    "CU": (["Republic of Cuba", "Cuba", "Havana"], ["Cuban"]),
    "SA": (["Kingdom of Saudi Arabia", "Saudi Arabia"], ["Saudi"]),
    "IL": (["Israel"], ["Israeli"]),
    "IQ": (["Iraq"], ["Iraqi"]),
    "LY": (["Libya"], ["Libyan"]),
    "VE": (["Venezuela"], ["Venezuelan"]),
    "PH": (["Philippines"], ["Philippine", "Filipino"]),
    "KR": (["Republic of Korea", "South Korea"], ["South Korean"]),
    "TW": (["Taiwan"], ["Taiwanese"]),
    "EG": (["Egypt"], ["Egyptian"]),
    "PK": (["Pakistan"], ["Pakistani"]),
    "TR": (["Turkey", "Türkiye"], ["Turkish"]),
    "ZA": (["South Africa"], ["South African"]),
    "SY": (["Syria"], ["Syrian"]),
    "HK": (["Hong Kong"], []),
    "IN": (["India"], ["Indian"]),
    "DE": (["Germany", "East Germany"], ["German", "East German"]),
    "CA": (["Canada"], ["Canadian"]),
    "GB": (["United Kingdom", "Britain", "England"], ["British"]),
    "FR": (["France"], ["French"]),
    "JP": (["Japan"], ["Japanese"]),
    "MX": (["Mexico"], ["Mexican"]),
    "KZ": (["Kazakhstan"], ["Kazakh"]),
    "BY": (["Belarus"], ["Belarusian"]),
    "UA": (["Ukraine"], ["Ukrainian"]),
    "VN": (["Vietnam"], ["Vietnamese"]),
    "AE": (["United Arab Emirates", "UAE"], ["Emirati"]),
    "CH": (["Switzerland"], ["Swiss"]),
    "NL": (["Netherlands"], ["Dutch"]),
    "BR": (["Brazil"], ["Brazilian"]),
    "CO": (["Colombia"], ["Colombian"]),
    "BO": (["Bolivia"], ["Bolivian"]),
    "LB": (["Lebanon"], ["Lebanese"]),
    "SG": (["Singapore"], ["Singaporean"]),
    "MY": (["Malaysia"], ["Malaysian"]),
}
# Countries that are foreign principals in the reference data: all cue kinds count for them.
PRINCIPAL_COUNTRIES = {
    "CN",
    "RU",
    "IR",
    "KP",
    "CU",
    "SA",
    "IL",
    "IQ",
    "LY",
    "VE",
    "PH",
    "KR",
    "TW",
    "EG",
    "PK",
    "TR",
    "ZA",
}
COUNTRY_NAME_LOOKUP = {}
for _code, (_names, _adjs) in COUNTRIES.items():
    for _n in _names + _adjs:
        COUNTRY_NAME_LOOKUP[_n.lower()] = _code
_country_alts = sorted(COUNTRY_NAME_LOOKUP, key=len, reverse=True)
COUNTRY_WORD = r"(?:the\s+)?(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in _country_alts) + r")"
COUNTRY_RE = re.compile(r"(?<![\w-])(" + COUNTRY_WORD[len("(?:the\\s+)?") :] + r")(?:'s)?(?![\w-])", re.I)

# The 94 districts by name, from the project's reference data (one list for the loader and the parser).
DISTRICTS_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "districts.yaml"
DISTRICTS = {row["name"]: row["code"] for row in yaml.safe_load(DISTRICTS_FILE.read_text(encoding="utf-8"))}
DISTRICT_LOOKUP = {k.lower(): v for k, v in DISTRICTS.items()}
DISTRICT_RE = re.compile(
    r"\b((?:(?:Northern|Southern|Eastern|Western|Middle|Central)\s+)?District\s+of\s+(?:the\s+)?"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
)

# (key, pattern, case-insensitive)
US_AGENCIES = [
    ("US-FBI", r"\bFBI\b|Federal Bureau of Investigation", False),
    ("US-HSI", r"Homeland Security Investigations|\bHSI\b|Immigration and Customs Enforcement|\bICE\b", False),
    ("US-BIS", r"Bureau of Industry and Security|\bBIS\b|Office of Export Enforcement|\bOEE\b", False),
    ("US-NCIS", r"Naval Criminal Investigative Service|\bNCIS\b", False),
    ("US-AFOSI", r"Air Force Office of Special Investigations|\bAFOSI\b|\bOSI\b", False),
    ("US-ARMY-CID", r"Army Criminal Investigation (?:Division|Command)|\bArmy CID\b|\bCID\b", False),
    ("US-ARMY-CI", r"Army Counterintelligence(?: Command| Coordinating Authority)?|\bArmy CI\b", False),
    ("US-DCIS", r"Defense Criminal Investigative Service|\bDCIS\b", False),
    ("US-DCSA", r"Defense Counterintelligence and Security Agency|\bDCSA\b", False),
    ("US-DSS", r"Diplomatic Security Service|\bDSS\b|Bureau of Diplomatic Security", False),
    (
        "US-IRS-CI",
        r"IRS[- ]Criminal Investigation|\bIRS[- ]CI\b|Internal Revenue Service[-,–— ]+Criminal Investigation",
        False,
    ),
    ("US-CBP", r"Customs and Border Protection|\bCBP\b", False),
    ("US-DOC-OIG", r"Commerce(?: Department)?(?:'s)? Office of (?:the )?Inspector General|Commerce OIG", False),
    ("US-DOE-OIG", r"(?:Department of )?Energy(?:'s)? Office of (?:the )?Inspector General|\bDOE[- ]OIG\b", False),
    (
        "US-NASA-OIG",
        r"(?:NASA|National Aeronautics and Space Administration)(?:'s)? Office of (?:the )?Inspector General"
        r"|\bNASA[- ]OIG\b",
        False,
    ),
    ("US-STATE-OIG", r"(?:State Department|Department of State)(?:'s)? Office of (?:the )?Inspector General", False),
    ("US-CIA", r"Central Intelligence Agency|\bCIA\b", False),
    ("US-NSA", r"National Security Agency|\bNSA\b", False),
]
US_AGENCY_RES = [(k, re.compile(p, re.I if ci else 0)) for k, p, ci in US_AGENCIES]
INVESTIGATION_CUE = re.compile(
    r"investigat|assist|\bhelp|support|in charge|field office|partner|contribut|thank|handled by"
    r"|worked (?:closely )?with",
    re.I,
)

FOREIGN_AGENCIES = [
    (
        "CN-JSSD",
        r"Jiangsu (?:Province |Provincial )?(?:Ministry|Department|Bureau) of State Security|\bJSSD\b"
        r"|Jiangsu State Security",
    ),
    ("CN-MSS", r"Ministry of State Security|\bMSS\b"),
    ("CN-MPS", r"Ministry of Public Security|\bMPS\b"),
    ("CN-PLA-61398", r"Unit 61398"),
    ("CN-PLA", r"People's Liberation Army|\bPLA\b"),
    ("CN-UFWD", r"United Front Work Department|\bUFWD\b"),
    ("CN-TTP", r"Thousand Talents (?:Plan|Program)"),
    (
        "CN-GOV",
        r"(?:Chinese|PRC|China's|People's Republic of China's) (?:central |national )?government"
        r"|government of (?:the )?(?:People's Republic of China|PRC|China)",
    ),
    ("CN-AVIC", r"Aviation Industry Corporation of China|\bAVIC\b"),
    ("CN-PANGANG", r"\bPangang\b"),
    ("CN-JINHUA", r"Fujian Jinhua|Jinhua Integrated Circuit"),
    ("CN-CASIC", r"China Aerospace Science and Industry Corporation|\bCASIC\b"),
    ("RU-GRU", r"\bGRU\b|Main (?:Intelligence )?Directorate of the General Staff|Russian military intelligence"),
    ("RU-SVR", r"\bSVR\b|(?:Russian|Russia's) Foreign Intelligence Service"),
    ("RU-FSB", r"\bFSB\b|(?:Russian |Russia's )?Federal Security Service"),
    (
        "RU-GOV",
        r"(?:Russian|Russia's|Russian Federation's) government|government of (?:the )?(?:Russian Federation|Russia)",
    ),
    ("SU-KGB", r"\bKGB\b|Committee for State Security"),
    ("DD-HVA", r"\bHVA\b|Main Directorate for Reconnaissance"),
    ("DD-MFS", r"\bStasi\b|Ministry for State Security|\bMfS\b"),
    ("IR-IRGC-QF", r"Quds Force|\bIRGC-QF\b"),
    ("IR-IRGC", r"Islamic Revolutionary Guard Corps|\bIRGC\b(?!-QF)"),
    ("IR-MOIS", r"Ministry of Intelligence and Security|Ministry of Intelligence of Iran|\bMOIS\b|\bVEVAK\b"),
    ("IR-GOV", r"(?:Iranian|Iran's) government|government of (?:the Islamic Republic of )?Iran"),
    ("KP-RGB", r"Reconnaissance General Bureau|\bRGB\b"),
    (
        "KP-GOV",
        r"(?:North Korean|DPRK|North Korea's) (?:government|regime)"
        r"|government of (?:North Korea|the DPRK|the Democratic People's Republic of Korea)",
    ),
    (
        "CU-DI",
        r"(?:Cuba's|Cuban) (?:General )?Directorate of Intelligence|Cuban (?:General )?Intelligence Directorate"
        r"|Direcci[oó]n (?:General )?de Inteligencia|\bDGI\b|Cuban Intelligence Services?|\bCuIS\b",
    ),
    ("IL-LAKAM", r"\bLAKAM\b|Bureau of Scientific Relations|Scientific Liaison Bureau"),
    ("SA-ROYAL-COURT", r"(?:Saudi )?Royal Court"),
    ("SA-GOV", r"Saudi (?:Arabian )?government|government of (?:the Kingdom of )?Saudi Arabia|Kingdom of Saudi Arabia"),
    ("IQ-IIS", r"Iraqi Intelligence Service|\bIIS\b"),
    ("IQ-GOV", r"(?:Iraqi|Iraq's) government|government of Iraq"),
    ("PK-ISI", r"Inter-Services Intelligence|\bISI\b"),
    ("LY-GOV", r"Libyan government|government of Libya"),
    ("VE-GOV", r"Venezuelan government|government of Venezuela"),
    ("PH-GOV", r"Philippine government|government of the Philippines"),
    ("KR-GOV", r"South Korean government|government of (?:South Korea|the Republic of Korea)"),
    ("TW-GOV", r"Taiwanese government|government of Taiwan"),
    ("EG-GOV", r"Egyptian government|government of Egypt"),
    ("TR-GOV", r"Turkish government|government of (?:Turkey|Türkiye)"),
    ("ZA-GOV", r"South African government|government of South Africa"),
]
FOREIGN_AGENCY_RES = [(k, re.compile(p)) for k, p in FOREIGN_AGENCIES]
AGENCY_COUNTRY = {"SU": "RU", "DD": "DE"}

# citation string -> (title, section)
STATUTE_CITATIONS = [
    "18 U.S.C. 951",
    "18 U.S.C. 371",
    "18 U.S.C. 793",
    "18 U.S.C. 794",
    "18 U.S.C. 798",
    "18 U.S.C. 1831",
    "18 U.S.C. 1832",
    "18 U.S.C. 1030",
    "18 U.S.C. 1001",
    "18 U.S.C. 1956",
    "22 U.S.C. 2778",
    "50 U.S.C. 1705",
    "18 U.S.C. 2381",
    "50 U.S.C. 4819",
    "22 U.S.C. 611",
    "18 U.S.C. 1343",
    "18 U.S.C. 1341",
    "18 U.S.C. 1349",
    "18 U.S.C. 1028A",
    "18 U.S.C. 1924",
    "18 U.S.C. 641",
    "18 U.S.C. 2314",
    "18 U.S.C. 554",
    "18 U.S.C. 1512",
    "18 U.S.C. 1519",
    "18 U.S.C. 875",
    "18 U.S.C. 1425",
    "18 U.S.C. 1546",
    "18 U.S.C. 1344",
    "18 U.S.C. 2252A",
    "18 U.S.C. 1503",
    "26 U.S.C. 7206",
    "31 U.S.C. 5314",
    "18 U.S.C. 3",
    "18 U.S.C. 152",
    "18 U.S.C. 201",
]
CITATION_ALIASES = {("22", "618"): "22 U.S.C. 611", ("31", "5322"): "31 U.S.C. 5314", ("50", "1702"): "50 U.S.C. 1705"}
KNOWN_SECTIONS = {}
for _c in STATUTE_CITATIONS:
    _t, _, _s = _c.split(" ")
    KNOWN_SECTIONS[(_t, _s)] = _c
# A bare "Section N" is resolved when N is unambiguous and long enough not to be a subsection number.
BARE_SECTIONS = {s: c for (t, s), c in KNOWN_SECTIONS.items() if len(s) >= 3}
STATUTE_CATEGORY = {
    "18 U.S.C. 951": "agent_of_foreign_government",
    "22 U.S.C. 611": "agent_of_foreign_government",
    "18 U.S.C. 793": "national_security_espionage",
    "18 U.S.C. 794": "national_security_espionage",
    "18 U.S.C. 798": "national_security_espionage",
    "18 U.S.C. 2381": "national_security_espionage",
    "18 U.S.C. 1831": "economic_espionage",
    "18 U.S.C. 1832": "trade_secret_theft",
    "18 U.S.C. 1030": "it_sabotage",
    "22 U.S.C. 2778": "export_control",
    "50 U.S.C. 1705": "export_control",
    "50 U.S.C. 4819": "export_control",
    "18 U.S.C. 554": "export_control",
    "18 U.S.C. 1924": "unauthorized_disclosure",
    "18 U.S.C. 1343": "fraud",
    "18 U.S.C. 1341": "fraud",
    "18 U.S.C. 1349": "fraud",
    "18 U.S.C. 1028A": "fraud",
    "18 U.S.C. 1956": "fraud",
    "18 U.S.C. 641": "fraud",
    "18 U.S.C. 1344": "fraud",
    "18 U.S.C. 1546": "fraud",
    "26 U.S.C. 7206": "fraud",
    "31 U.S.C. 5314": "fraud",
    "18 U.S.C. 152": "fraud",
}

# Offence phrases -> statutes. Order matters: conspiracy forms come first and consume their span.
_AGENT = r"(?:an?\s+)?(?:illegal\s+|unregistered\s+|undeclared\s+|covert\s+|secret\s+)?agent\s+of\s+(?:an?\s+|the\s+)?"
OFFENCE_PHRASES = [
    (
        r"conspir\w*\s+(?:\w+\s+){0,3}?to\s+(?:act|acting|serve|work)\s+(?:\w+\s+){0,3}?as\s+" + _AGENT,
        ["18 U.S.C. 371", "18 U.S.C. 951"],
    ),
    (
        r"(?:act(?:ed|ing|s)?|serv(?:ed|ing|e)|work(?:ed|ing)?)\s+(?:\w+\s+){0,5}?as\s+"
        + _AGENT
        + r"(?:foreign\s+government|[A-Z]|Russian|Chinese|Cuban|Iranian)",
        ["18 U.S.C. 951"],
    ),
    (
        r"(?:unregistered|illegal)\s+(?:foreign\s+)?agents?\b(?!\s+of\s+(?:a|the)\s+foreign\s+principal)",
        ["18 U.S.C. 951"],
    ),
    (
        r"\bon\s+behalf\s+of\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,3}?government\s+without\s+(?:first\s+|prior\s+)?"
        r"(?:notif\w+|notice\s+to)\s+(?:to\s+)?the\s+(?:U\.S\.\s+|US\s+)?Attorney\s+General",
        ["18 U.S.C. 951"],
    ),
    (r"Foreign\s+Agents\s+Registration\s+Act|\bFARA\b|agent\s+of\s+a\s+foreign\s+principal", ["22 U.S.C. 611"]),
    (
        r"conspir\w*\s+(?:\w+\s+){0,2}?to\s+commit\s+espionage|conspiracy\s+to\s+(?:gather|deliver|communicate|provide)"
        r"\s+(?:\w+\s+){0,4}?(?:national\s+)?defense\s+information\s+to\s+(?:aid\s+)?(?:a|the)\s+foreign\s+government",
        ["18 U.S.C. 794"],
    ),
    (
        r"(?:deliver\w*|communicat\w*|transmit\w*|provid\w*)\s+(?:\w+\s+){0,3}?(?:national\s+)?defense\s+information"
        r"\s+(?:\w+\s+){0,2}?to\s+(?:aid\s+)?(?:a|the)\s+foreign\s+government"
        r"|(?:deliver|transmit)\w*\s+(?:national\s+)?defense\s+information\s+to\s+aid\s+a\s+foreign|gather\s+or\s+deliver"
        r"\s+(?:national\s+)?defense\s+information",
        ["18 U.S.C. 794"],
    ),
    (
        r"\b(?:attempted|conspiracy\s+to\s+commit|counts?\s+of|charged\s+with|convicted\s+of|pleaded\s+guilty\s+to)\s+"
        r"espionage\b(?!\s+Act)",
        ["18 U.S.C. 794"],
    ),
    (
        r"(?:retention|retaining|retain|transmission|transmitting|transmit|gathering|gather|disclos\w+|removing|"
        r"mishandling|communicating)\s+(?:\w+\s+){0,4}?(?:classified\s+)?(?:national\s+)?defense\s+information",
        ["18 U.S.C. 793"],
    ),
    (r"unauthori[sz]ed\s+removal\s+and\s+retention\s+of\s+classified", ["18 U.S.C. 1924"]),
    (r"conspir\w*\s+to\s+commit\s+economic\s+espionage|economic\s+espionage(?!\s+Act)", ["18 U.S.C. 1831"]),
    (
        r"(?:theft|possession|transmission|transmit|possess|attempted\s+theft|misappropriat\w+)\s+"
        r"(?:\w+\s+){0,2}?(?:of\s+)?(?:stolen\s+)?trade\s+secrets",
        ["18 U.S.C. 1832"],
    ),
    (r"International\s+Emergency\s+Economic\s+Powers\s+Act|\bIEEPA\b", ["50 U.S.C. 1705"]),
    (
        r"Arms\s+Export\s+Control\s+Act|\bAECA\b|defense\s+articles\s+without\s+(?:a\s+)?(?:license|licence)",
        ["22 U.S.C. 2778"],
    ),
    (r"Export\s+Control\s+Reform\s+Act|\bECRA\b", ["50 U.S.C. 4819"]),
    (r"\bsmuggl(?:ing|e|ed)\b", ["18 U.S.C. 554"]),
    (
        r"conspir\w*\s+to\s+commit\s+(?:\w+\s+){0,4}?(?:wire|mail|bank|honest\s+services)\s+(?:\w+\s+){0,3}?fraud",
        ["18 U.S.C. 1349"],
    ),
    (r"\bwire\s+fraud\b", ["18 U.S.C. 1343"]),
    (r"\bmail\s+fraud\b", ["18 U.S.C. 1341"]),
    (r"\bbank\s+fraud\b", ["18 U.S.C. 1344"]),
    (r"aggravated\s+identity\s+theft", ["18 U.S.C. 1028A"]),
    (r"money\s+laundering|launder(?:ing)?\s+(?:of\s+)?(?:money|monetary\s+instruments)", ["18 U.S.C. 1956"]),
    (
        r"false\s+(?:income\s+)?tax\s+returns?|(?:making\s+)?(?:a\s+)?false\s+statements?\s+(?:in|on)\s+(?:a\s+|his\s+|her\s+)?"
        r"(?:income\s+)?tax\s+returns?",
        ["26 U.S.C. 7206"],
    ),
    (
        r"(?:making|make|made)\s+(?:a\s+)?(?:materially\s+)?(?:material\s+)?false\s+statements?|\bfalse\s+statements?\b"
        r"|causing\s+false\s+statements|\b(?:lying|lied)\s+to\s+(?:the\s+)?(?:FBI|federal\s+(?:agents|investigators)"
        r"|(?:an?\s+)?(?:FBI|federal)\s+(?:special\s+)?agents?)",
        ["18 U.S.C. 1001"],
    ),
    (
        r"(?:fail\w*\s+to\s+(?:file|report)\s+(?:a\s+|reports\s+of\s+)?(?:a\s+)?foreign\s+bank)|\bFBAR\b",
        ["31 U.S.C. 5314"],
    ),
    (
        r"unauthori[sz]ed\s+(?:use|access)\s+(?:of|to)\s+(?:a\s+)?(?:government\s+|protected\s+)?computer"
        r"|computer\s+(?:intrusion|hacking|fraud)|(?:damage|damaging)\s+(?:to\s+)?(?:a\s+)?protected\s+computers?"
        r"|exceed\w*\s+(?:his\s+|her\s+)?authori[sz]ed\s+(?:use|access)",
        ["18 U.S.C. 1030"],
    ),
    (r"obstruction\s+of\s+justice|\bobstruct(?:ing|ed)\s+justice", ["18 U.S.C. 1503"]),
    (r"falsif\w+\s+(?:of\s+)?records|destruction\s+of\s+records", ["18 U.S.C. 1519"]),
    (r"(?:procur\w+|obtain\w+)\s+(?:of\s+)?naturali[sz]ation|naturali[sz]ation\s+fraud", ["18 U.S.C. 1425"]),
    (r"\bvisa\s+fraud\b", ["18 U.S.C. 1546"]),
    (r"theft\s+of\s+(?:government|public)\s+(?:property|money)", ["18 U.S.C. 641"]),
    (r"interstate\s+(?:and\s+foreign\s+)?transportation\s+of\s+stolen\s+property", ["18 U.S.C. 2314"]),
    (r"bankruptcy\s+fraud", ["18 U.S.C. 152"]),
    (
        r"bribe\w*\s+(?:a\s+)?(?:federal|public)\s+official|receiv\w+\s+a\s+bribe|brib(?:ery|ing)\s+of\s+(?:a\s+)?public",
        ["18 U.S.C. 201"],
    ),
    (r"child\s+sexual\s+abuse\s+material|child\s+pornography", ["18 U.S.C. 2252A"]),
    (r"\btreason\b", ["18 U.S.C. 2381"]),
    (
        r"conspir\w*\s+to\s+(?:bribe|defraud\s+the\s+United\s+States|commit\s+an\s+offense\s+against)"
        r"|conspir\w*\s+with\s+(?:a|an|the)\s+(?:foreign\s+|\w+\s+)?(?:intelligence\s+)?(?:officer|agent)",
        ["18 U.S.C. 371"],
    ),
]
OFFENCE_RES = [(re.compile(p, re.I), c) for p, c in OFFENCE_PHRASES]

CITATION_RE = re.compile(
    r"(?:\b(\d{1,2})\s*U\.?\s?S\.?\s?C\.?(?:\s*A\.)?\s*(?:§§?|[Ss]ec(?:tions?|s?\.)|[Ss]ections?)?\s*"
    r"|[Tt]itle\s+(\d{1,2}),?\s+United\s+States\s+Code,?\s+[Ss]ections?\s+)"
    r"(\d{1,5}[A-Z]?)((?:\([0-9a-zA-Z]{1,4}\))*)"
    r"((?:\s*(?:,|and|or|&)\s*(?:§\s*)?(?:\d{1,5}[A-Z]?(?:\([0-9a-zA-Z]{1,4}\))*|\([0-9a-zA-Z]{1,4}\)))*)"
)
BARE_SECTION_RE = re.compile(r"\b[Ss]ection\s+(\d{3,5}[A-Z]?)(?:\([0-9a-zA-Z]{1,4}\))*")

NUM_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD_NUM = (
    r"(?:(?:one|two|three|four|five|six|seven|eight|nine)[\s-]+hundred(?:[\s-]+(?:and[\s-]+)?"
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight"
    r"|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen))?"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight"
    r"|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|one|two|three|four"
    r"|five|six|seven|eight|nine|an?)"
)
NUM = r"(?:\d{1,3}(?:\.\d+)?|" + _WORD_NUM + r")"
UNIT = r"(?:years?|months?|weeks?|days?)"
_PART = NUM + r"(?:[\s-]+and[\s-]+a[\s-]+half)?[\s-]+" + UNIT + r"(?:['’]s?)?(?:\s+and\s+a\s+half)?"
DURATION_RE = re.compile(
    r"(?<![\w$.,])(?P<q>(?:more\s+than|over|nearly|almost|about|approximately|roughly|at\s+least|up\s+to|less\s+than"
    r"|fewer\s+than|around|some)\s+)?(?P<body>" + _PART + r"(?:(?:\s*,\s*|\s+)(?:and\s+)?" + _PART + r")*)(?![\w])",
    re.I,
)
PART_RE = re.compile(r"(" + NUM + r")(?:[\s-]+and[\s-]+a[\s-]+half)?[\s-]+(" + UNIT + r")", re.I)
MONEY_RE = re.compile(
    r"(?P<q>(?:more\s+than|over|nearly|almost|about|approximately|roughly|at\s+least|up\s+to|less\s+than|around"
    r"|some)\s+)?\$\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(?P<mult>million|billion|thousand|[MB]\b))?",
    re.I,
)

MAX_CUE_RE = re.compile(
    r"maximum|\bup\s+to\b|\bfaces?\b|\bfacing\b|\bfaced\b|could\s+(?:have\s+)?(?:face|receive|get)|not\s+more\s+than"
    r"|minimum|guideline|\brange\b|\bsought\b|\bseek(?:s|ing)?\b|\brequest(?:ed|ing|s)?\b|\brecommend\w*|\basked\b"
    r"|potential|provides\s+for|carries|carried|punishable|already\s+serving|currently\s+serving|previously\s+serving"
    r"|is\s+serving|was\s+serving|earlier\s+sentence|original\s+sentence|would\s+(?:face|have)|\bif\s+convicted"
    r"|agreed\s+to\s+(?:forfeit|pay)",
    re.I,
)
POSITIVE_CUE_RE = re.compile(r"\bsentenced\b|\bordered\b|\bimposed\b|\bsentencing\s+\w+\s+to\b|\breceived\b", re.I)

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
NAME_STOP = {
    "the",
    "a",
    "an",
    "and",
    "of",
    "for",
    "in",
    "on",
    "at",
    "to",
    "by",
    "with",
    "from",
    "as",
    "this",
    "that",
    "these",
    "those",
    "u.s.",
    "united",
    "states",
    "district",
    "court",
    "judge",
    "attorney",
    "general",
    "department",
    "justice",
    "fbi",
    "according",
    "federal",
    "today",
    "yesterday",
    "former",
    "chief",
    "senior",
    "assistant",
    "special",
    "agent",
    "acting",
    "deputy",
    "director",
    "national",
    "security",
    "division",
    "office",
    "public",
    "affairs",
    "immigration",
    "customs",
    "homeland",
    "investigations",
    "naval",
    "air",
    "force",
    "army",
    "navy",
    "marine",
    "corps",
    "coast",
    "guard",
    "department.",
    "mr.",
    "ms.",
    "mrs.",
    "dr.",
    "sentencing",
    "plea",
    "under",
    "after",
    "before",
    "during",
    "while",
    "when",
    "although",
    "judge.",
    "chinese",
    "russian",
    "iranian",
    "cuban",
    "american",
    "people's",
    "republic",
    "china",
    "russia",
    "iran",
    "cuba",
    "north",
    "korea",
    "saudi",
    "arabia",
    "israel",
    "prc",
    "dprk",
    "kgb",
    "gru",
    "mss",
    "svr",
    "fsb",
    "irgc",
    "nsa",
    "cia",
    "central",
    "intelligence",
    "agency",
    "bureau",
    "investigation",
    "county",
    "city",
    "state",
    "west",
    "east",
    "south",
    "new",
    "san",
    "los",
    "las",
    "st.",
    "fort",
    "lake",
    "mount",
    "port",
    "beach",
    "valley",
} | {m.lower() for m in MONTHS.split("|")}
PERSON_TITLE_RE = re.compile(
    r"(?:Judge|Attorney|Director|Agent|Chief|Officer|Secretary|Commissioner|Inspector|President|Ambassador|Justice|"
    r"General|Honorable|Magistrate|Mr\.|Ms\.|Mrs\.|Sen\.|Senator|Rep\.|Representative|Minister|Prosecutor|Counsel|"
    r"Governor|Mayor|Sheriff|Captain|Lieutenant|Sergeant|Colonel|Admiral|Professor|Prof\.)\s*$"
)
NAME_TOKEN = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]['’][A-Z][a-z]+|[A-Z]\.(?:\s?[A-Z]\.)?|Mc[A-Z][a-z]+)"
NAME_RE = re.compile(
    r"(?<![\w.'’-])("
    + NAME_TOKEN
    + r"(?:\s+(?:[\"“][A-Z][a-z]+[\"”]\s+)?(?:(?:de|del|da|di|dos|van|von|bin|al|la|le)\s+)?"
    + NAME_TOKEN
    + r"){1,4})(?:,?\s+(Jr\.|Sr\.|III|II|IV))?(?![\w'’-])"
)
SUFFIXES = {"Jr.", "Sr.", "II", "III", "IV"}
# military ranks written before a defendant's name ("Petty Officer Jane Doe"); stripped from the name
RANK_WORDS = {
    "petty",
    "officer",
    "sgt.",
    "sergeant",
    "staff",
    "master",
    "lieutenant",
    "lt.",
    "colonel",
    "col.",
    "captain",
    "capt.",
    "major",
    "maj.",
    "private",
    "pfc.",
    "specialist",
    "spc.",
    "corporal",
    "cpl.",
    "seaman",
    "airman",
    "commander",
    "cmdr.",
}
STAGE_VERB_RE = re.compile(
    r"^\s*(?:,[^;:\"“”]{0,260}?,)?\s+(?:(?:was|were|has|had|have|is|are|been|also|today|yesterday|previously|later|each|"
    r"both|subsequently|ultimately|then|also)\s+){0,3}(?:sentenced|convicted|found\s+guilty|charged|indicted|arrested|"
    r"pleaded|pled|pleads|plead|admitted|remains?\s+(?:at\s+large|a\s+fugitive)|is\s+a\s+fugitive|acquitted|extradited|"
    r"faces|agreed\s+to\s+plead|entered\s+a\s+(?:guilty\s+)?plea|made\s+(?:his|her|their)\s+initial\s+(?:court\s+)?"
    r"appearance)\b",
    re.I,
)
OBJECT_VERB_RE = re.compile(
    r"(?:charging|charged|convicted|sentenced|indicting|against|arrested|co-defendants?|co-conspirators?|"
    r"codefendants?),?\s*(?:(?:his|her|their)\s+)?(?:(?:former|alleged)\s+)?$",
    re.I,
)
ROLE = (
    r"(?:engineer|scientist|employee|analyst|officer|official|programmer|developer|manager|executive|specialist|agent|"
    r"contractor|chemist|researcher|professor|sailor|soldier|airman|member|worker|technician|chair|"
    r"lieutenant\s+colonel|colonel|captain|staffer|owner|president|founder|consultant|physicist|intern|linguist|"
    r"counterintelligence\s+specialist|case\s+officer|petty\s+officer|employees|engineers)"
)
ORG_TOKEN = r"(?:[A-Z]\.(?:[A-Z]\.)+|(?:Inc|Corp|Co|Ltd)\.|[A-Z0-9][\w&'’\-]*[\w&]|[A-Z]|&)"
ORG = (
    r"(?:[Tt]he[ \t]+)?" + ORG_TOKEN + r"(?:[ \t]+(?:(?:of|de|du|the|&)[ \t]+)*" + ORG_TOKEN + r"){0,6}"
    r"(?:,?\s+(?:Inc\.|LLC|Ltd\.|Corp\.|Co\.|L\.P\.|PLC))?"
)
EMPLOYER_RES = [
    re.compile(
        r"\b(?:worked|working|works|was\s+employed|employed|served|serving|hired|joined|enlisted|leaving|left|"
        r"resigned\s+from|quit)\b(?:\s+(?:as|with|on|for)\s+(?:an?\s+|the\s+)?[a-z][\w\s'’-]{0,50}?)?"
        r"(?:\s+(?:for|at|by|with|in)(?:\s+(?:the|a|an))?(?:\s+[a-z][\w-]*){0,3}?\s+(?:company|firm|maker|manufacturer|"
        r"contractor|startup|giant|subsidiary))?\s+(?:for|at|by|with|in)?\s*(?P<org>" + ORG + r")"
    ),
    re.compile(r"\b(?i:" + ROLE + r")[\"”]?\s+(?:at|for|with|of)\s+(?P<org>" + ORG + r")"),
    re.compile(
        r"\b(?i:lieutenant\s+colonel|officer|sailor|soldier|airman|member|specialist)\s+in\s+(?P<org>" + ORG + ")"
    ),
    re.compile(r"\b(?:[Ff]ormer|[Aa]n?|[Rr]etired)\s+(?P<org>" + ORG + r")\s+(?:[a-z]+\s+){0,1}(?i:" + ROLE + r")\b"),
    re.compile(r"\b(?:his|her|their)\s+(?:former\s+)?(?:employer|company),?\s+(?P<org>" + ORG + r")"),
    re.compile(r"\b(?:contractors|companies|firms|employers),?\s+including\s+(?P<org>" + ORG + r")"),
]
ORG_LIST_CONT_RE = re.compile(r"^(?:\s*,\s*|\s+and\s+(?:its\s+\w+,?\s+)?|,\s+and\s+)(" + ORG + r")")
ORG_REJECT = re.compile(
    r"^(?:Charge|District|Court|U\.S\.|United States|American|Fortune|Department of Justice|Justice|National Security "
    r"Division|Office of Public Affairs|[A-Z][a-z]+ Field Office|Attorney|Assistant|Special|Judge|January|February|"
    r"March|April|May|June|July|August|September|October|November|December|Today|In|On|At|After|Before|Since|From)\b"
    r"|\b(?:Base|Airport|Field Office|Facility|Station|Prison|Correctional)\b"
)
ORG_REJECT_EXACT = {"U.S", "U.S.", "US", "United States", "People", "Illegal", "Federal", "State", "Government"}
LAW_ENFORCEMENT_RE = re.compile(r"^(?:the\s+)?(?:FBI|IRS|HSI|ICE|NCIS|DCIS|CBP|DSS|Federal Bureau of Investigation)\b")
MILITARY_RE = re.compile(r"Army|Navy|Air Force|Marine|Guard|Corps|Reserve")

DATELINE_RE = re.compile(r"^\s*([A-Z][A-Za-z.'’ ]{1,40}?),\s*([A-Z][A-Za-z. ]{1,20}?)\s*[–—-]{1,2}\s", re.M)

ENGLISH_WORDS = {
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "was",
    "for",
    "on",
    "that",
    "with",
    "by",
    "as",
    "he",
    "she",
    "his",
    "her",
    "at",
    "from",
    "it",
    "be",
    "has",
    "have",
    "were",
    "which",
    "an",
    "are",
    "this",
    "or",
    "been",
    "also",
    "who",
    "not",
    "their",
    "court",
    "prison",
    "years",
    "sentenced",
    "charged",
    "federal",
}
RELEASE_CUES = re.compile(
    r"\b(?:sentenced|pleaded|pled|guilty|indict\w*|charged|charges|convicted|prison|court|judge|attorney|defendant|"
    r"prosecut\w*|complaint|arrested|jury|federal|statute|U\.S\.C|investigat\w*|espionage|fraud|export)\b",
    re.I,
)


# ---------------------------------------------------------------------------------------------------------------------
# Helpers


def _num_value(word: str) -> Decimal | None:
    w = word.lower().replace("-", " ").split()
    if not w:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return Decimal(word)
    total = 0
    current = 0
    for tok in w:
        if tok == "and":
            continue
        if tok == "hundred":
            current = (current or 1) * 100
        elif tok in NUM_WORDS:
            current += NUM_WORDS[tok]
        else:
            return None
    total += current
    return Decimal(total)


UNIT_MONTHS = {
    "year": Decimal(12),
    "month": Decimal(1),
    "week": Decimal(7) / Decimal("30.4375"),
    "day": Decimal(1) / Decimal("30.4375"),
}


def _duration_months(body: str) -> Decimal | None:
    total = Decimal(0)
    found = False
    for m in PART_RE.finditer(body):
        n = _num_value(m.group(1))
        if n is None:
            return None
        unit = m.group(2).lower().rstrip("s")
        seg = m.group(0).lower()
        tail = body[m.end() : m.end() + 14].lower()
        if "and a half" in seg or tail.startswith((" and a half", "s and a half", "'s and a half")):
            n += Decimal("0.5")
        total += n * UNIT_MONTHS[unit]
        found = True
    if not found:
        return None
    return _norm_months(total)


def _norm_months(value: Decimal) -> Decimal:
    q = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if q == q.to_integral_value():
        return q.quantize(Decimal(1))
    return q.normalize()


def _money(m: re.Match) -> Decimal:
    num = Decimal(m.group("num").replace(",", ""))
    mult = (m.group("mult") or "").lower()
    factor = {"million": 10**6, "m": 10**6, "billion": 10**9, "b": 10**9, "thousand": 10**3}.get(mult, 1)
    return (num * factor).quantize(Decimal("0.01"))


_ABBREV = {
    "u.s",
    "fla",
    "va",
    "calif",
    "cal",
    "ga",
    "md",
    "mass",
    "ore",
    "conn",
    "okla",
    "n.y",
    "n.j",
    "d.c",
    "jr",
    "sr",
    "dr",
    "mr",
    "ms",
    "mrs",
    "st",
    "no",
    "inc",
    "corp",
    "co",
    "ltd",
    "gen",
    "sen",
    "rep",
    "lt",
    "col",
    "capt",
    "sgt",
    "ill",
    "tex",
    "mich",
    "minn",
    "wash",
    "wis",
    "ariz",
    "colo",
    "del",
    "tenn",
    "ky",
    "la",
    "mo",
    "mont",
    "neb",
    "nev",
    "n.c",
    "s.c",
    "pa",
    "vt",
    "wyo",
    "ala",
    "ark",
    "ind",
    "kan",
    "miss",
    "n.h",
    "n.m",
    "n.d",
    "s.d",
    "r.i",
    "w.va",
    "feb",
    "jan",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s.c",
    "e.g",
    "i.e",
    "vs",
    "v",
    "approx",
    "a.m",
    "p.m",
    "l.p",
}
SENTENCE_STARTERS = r"(?:The|He|She|They|In|According|On|At|This|An?|As|After|During|His|Her|It|If|Under)\b"
SENT_END_RE = re.compile(r"[.!?][\"”’')]*\s+|\n\s*\n|\n(?=[A-Z\"“])")


def _sentences(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in SENT_END_RE.finditer(text):
        end = m.end()
        seg = text[start : m.start() + 1]
        if text[m.start()] == ".":
            word = re.search(r"([A-Za-z.]+)\.$", seg)
            if word:
                w = word.group(1).lower()
                nxt = text[end : end + 1]
                if (w in _ABBREV or re.fullmatch(r"[a-z]", w) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w)) and not (
                    w in {"inc", "corp", "co", "ltd", "jr", "sr", "d.c", "u.s"}
                    and nxt.isupper()
                    and re.match(SENTENCE_STARTERS, text[end : end + 20])
                ):
                    continue
        if m.start() + 1 > start:
            out.append((start, m.start() + 1))
        start = end
    if start < len(text):
        out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _sentence_index(sentences, pos):
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s, e = sentences[mid]
        if pos < s:
            hi = mid - 1
        elif pos >= e:
            lo = mid + 1
        else:
            return mid
    return max(0, min(lo, len(sentences) - 1))


# ---------------------------------------------------------------------------------------------------------------------
# Main entry point


def release_parse(text: str) -> ReleaseDraft:
    draft = ReleaseDraft()
    if text is None:
        text = ""
    if not isinstance(text, str):
        try:
            text = text.decode("utf-8", "replace") if isinstance(text, bytes | bytearray) else str(text)
        except Exception:  # noqa: BLE001 - never raise on bad input
            text = ""
    if not text.strip():
        draft.messages.append("The text is empty: nothing was extracted.")
        return draft
    if len(text) > MAX_CHARS:
        draft.messages.append(
            f"The text is very long ({len(text):,} characters); only the first {MAX_CHARS:,} characters were read."
        )
        text = text[:MAX_CHARS]
    try:
        _parse_into(draft, text)
    except Exception as exc:  # noqa: BLE001 - a parser must never break the entry form
        draft.messages.append(f"The parser stopped on an unexpected error ({type(exc).__name__}); check every field.")
    return draft


def _parse_into(draft: ReleaseDraft, text: str) -> None:
    sample = text[:20000]
    words = re.findall(r"[A-Za-z]+", sample.lower())
    letters = sum(c.isalpha() for c in sample)
    ascii_letters = sum(c.isascii() and c.isalpha() for c in sample)
    if letters and ascii_letters / letters < 0.7:
        draft.messages.append("The text does not look like English: nothing was extracted.")
        return
    if len(words) < 20:
        draft.messages.append("The text is too short to be a press release: nothing was extracted.")
        return
    english_ratio = sum(w in ENGLISH_WORDS for w in words) / len(words)
    if english_ratio < 0.12:
        draft.messages.append("The text does not look like English: nothing was extracted.")
        return
    cues = {m.group(0).lower() for m in RELEASE_CUES.finditer(sample)}
    if len(cues) < 3:
        draft.messages.append(
            "The text does not look like a DOJ press release about a criminal case: nothing was extracted."
        )
        return

    sentences = _sentences(text)
    headline_end = _headline_end(text)
    draft.stage = _stage(text, sentences, headline_end)
    draft.statutes = _statutes(text)
    draft.judge = _judge(text)
    draft.district = _district(text)
    draft.agencies = _us_agencies(text, sentences)
    draft.foreign_agencies = _foreign_agencies(text)
    draft.foreign_country = _foreign_country(text, draft.foreign_agencies)
    draft.category = _category(text, draft.statutes, draft.foreign_country, headline_end)
    defendants = _defendants(text, sentences)
    _residence_sentences(text, sentences, defendants)
    draft.employers = _employers(text, draft, headline_end, defendants)
    _dispositions(text, sentences, defendants, draft.stage)
    _sentences_for(text, sentences, defendants, draft.stage, headline_end)
    draft.defendants = [d["draft"] for d in defendants]
    if not draft.defendants:
        draft.messages.append("No defendant could be identified by name.")
    if draft.stage is None:
        draft.messages.append("The stage of the case (charge, plea, verdict, sentencing) could not be determined.")


def _headline_end(text: str) -> int:
    m = re.match(r"\s*([^\n]{10,300})\n", text)
    if m and not m.group(1).rstrip().endswith((".", ":")):
        return m.end(1)
    return 0


# ---------------------------------------------------------------------------------------------------------------------
# Stage

SENTENCED_RE = re.compile(
    r"(?<!scheduled to be )(?<!will be )(?<!to be )(?<!is expected to be )\bsentenced\b(?!\s+(?:on|at)\s+(?:a\s+later|"
    + MONTHS
    + r"))|\bSentenced\b|\bsentences\s+(?:were|was)\s+(?:imposed|handed)",
)
VERDICT_RE = re.compile(
    r"(?<!grand )\bjury\s+(?:\w+\s+){0,4}?(?:convicted|found|returned\s+a\s+(?:guilty\s+)?verdict|acquitted)"
    r"|\b(?:convicted|Convicted|acquitted|Acquitted)\b"
    r"|\bfound\s+(?:\w+\s+){0,3}?guilty|\bFound Guilty\b|\bverdict\b",
)
PLEA_RE = re.compile(r"\b(?:pleaded|pled|pleads|Pleads|Pleaded|Pled)\s+[Gg]uilty|\bguilty\s+plea|\bPlea\b")
CHARGE_RE = re.compile(
    r"\b(?:charged|Charged|charging|Charges|indicted|Indicted|indictment|Indictment|complaint|Arrested|arrested|"
    r"unsealed|Unsealed)\b"
)


def _stage(text, sentences, headline_end) -> Extracted | None:
    lead_end = headline_end
    body = [s for s in sentences if s[0] >= headline_end]
    if body:
        lead_end = (
            body[min(1, len(body) - 1)][1] if len(body[0:1]) and len(text[body[0][0] : body[0][1]]) < 80 else body[0][1]
        )
    for region in ((0, lead_end), (0, len(text))):
        seg = text[region[0] : region[1]]
        for stage, rx in (
            (STAGE_SENTENCING, SENTENCED_RE),
            (STAGE_VERDICT, VERDICT_RE),
            (STAGE_PLEA, PLEA_RE),
            (STAGE_CHARGE, CHARGE_RE),
        ):
            for m in rx.finditer(seg):
                ctx = seg[max(0, m.start() - 40) : m.start()].lower()
                if stage == STAGE_SENTENCING and re.search(r"(?:scheduled|set|expected|will|faces?)\b[^.]*$", ctx):
                    continue
                if stage == STAGE_VERDICT and re.search(r"\bif\s+$|previously\s+$|earlier\s+$", ctx):
                    continue
                return _ex(text, stage, region[0] + m.start(), region[0] + m.end())
    return None


# ---------------------------------------------------------------------------------------------------------------------
# Statutes, category


def _statutes(text: str) -> list[Extracted]:
    found: dict[str, Extracted] = {}
    taken: list[tuple[int, int]] = []

    def add(cit, s, e):
        if cit not in found:
            found[cit] = _ex(text, cit, s, e)

    for m in CITATION_RE.finditer(text):
        title = m.group(1) or m.group(2)
        sections = [m.group(3)] + re.findall(r"(?<![(\w])(\d{1,5}[A-Z]?)(?![\w)])", m.group(5) or "")
        for sec in sections:
            cit = KNOWN_SECTIONS.get((title, sec)) or CITATION_ALIASES.get((title, sec))
            if cit:
                add(cit, m.start(), m.end())
        taken.append((m.start(), m.end()))
    for m in BARE_SECTION_RE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        cit = BARE_SECTIONS.get(m.group(1))
        if cit:
            add(cit, m.start(), m.end())
    body_start = _headline_end(text)
    for rx, cits in OFFENCE_RES:
        for m in rx.finditer(text, body_start):
            if any(s <= m.start() < e for s, e in taken):
                continue
            ctx = text[max(0, m.start() - 12) : m.start()].lower()
            if cits == ["18 U.S.C. 794"] and re.search(r"economic\s+$", ctx):
                continue
            # counts dropped under a plea agreement are not the offence of conviction
            if re.search(
                r"\bdismiss\w*\s+(?:all\s+)?(?:\d+|\w+)\s+(?:other\s+|remaining\s+)?counts?\s+of\s+$",
                text[max(0, m.start() - 50) : m.start()],
                re.I,
            ):
                continue
            if cits == ["18 U.S.C. 793"] and re.match(
                r"\s+to\s+(?:aid\s+)?(?:a\s+foreign|the\s+(?:government|People|Russian|Republic)|[A-Z]|an?\s+(?:\w+\s+)?"
                r"(?:intelligence|agent|officer|foreign))",
                text[m.end() : m.end() + 60],
            ):
                cits = ["18 U.S.C. 794"]
            for cit in cits:
                add(cit, m.start(), m.end())
            taken.append((m.start(), m.end()))
    return sorted(found.values(), key=lambda x: x.span.start)


CATEGORY_PRIORITY = [
    "national_security_espionage",
    "economic_espionage",
    "agent_of_foreign_government",
    "trade_secret_theft",
    "export_control",
    "unauthorized_disclosure",
    "it_sabotage",
    "fraud",
]
HEADLINE_CATEGORY = [
    ("export_control", r"export|\bship(?:ping|ped)?\b.*\bto\b|smuggl|sanction"),
    ("economic_espionage", r"economic espionage"),
    ("trade_secret_theft", r"trade secret"),
    ("agent_of_foreign_government", r"\bagent of\b|illegal agent|unregistered agent|acting as an agent"),
    (
        "national_security_espionage",
        r"espionage|spying|\bspy\b|national defense information|to (?:a |an )?"
        r"(?:chinese|russian|cuban|iranian|foreign) intelligence|with (?:chinese|russian|cuban|iranian|foreign) agents",
    ),
    ("unauthorized_disclosure", r"classified|leak|disclos"),
    ("it_sabotage", r"sabotag|damag\w+ .*comput|deleting|destroying files|ransom|extort"),
    ("fraud", r"fraud|false statement|lying|lied"),
]


def _category(text, statutes, foreign_country, headline_end) -> Extracted | None:
    cats = {}
    for st in statutes:
        c = STATUTE_CATEGORY.get(st.value)
        if c and c not in cats:
            cats[c] = st
    # disclosure of defense information without a foreign power is a leak, not espionage
    if (
        "national_security_espionage" in cats
        and foreign_country is None
        and not any(s.value in ("18 U.S.C. 794", "18 U.S.C. 2381") for s in statutes)
    ):
        cats["unauthorized_disclosure"] = cats.pop("national_security_espionage")
    headline = text[:headline_end] if headline_end else text[: min(len(text), 300)]
    for cat, pat in HEADLINE_CATEGORY:
        m = re.search(pat, headline, re.I)
        if not m:
            continue
        specific = set(cats) - {"fraud", "other"}
        if cat == "national_security_espionage" and cat not in cats and (foreign_country is None or specific):
            continue
        if cat == "trade_secret_theft" and "economic_espionage" in cats:
            return Extracted("economic_espionage", cats["economic_espionage"].span)
        if cat == "unauthorized_disclosure" and foreign_country is not None:
            continue
        if cat in cats or cat in ("national_security_espionage", "export_control") or not cats:
            return _ex(text, cat, m.start(), m.end())
    for cat in CATEGORY_PRIORITY:
        if cat in cats:
            return Extracted(cat, cats[cat].span)
    if statutes:
        return Extracted("other", statutes[0].span)
    return None


# ---------------------------------------------------------------------------------------------------------------------
# Judge, district, agencies, countries

JUDGE_NAME = (
    r"((?:[A-Z]\.\s?){1,2}(?:[A-Z][a-z]+|[A-Z]['’][A-Z][a-z]+)(?:\s+(?:[A-Z][a-z]+|[A-Z]\.|[A-Z]['’][A-Z][a-z]+))*"
    r"|[A-Z][a-z]+(?:\s+(?:[A-Z]\.|[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]['’][A-Z][a-z]+|Mc[A-Z][a-z]+|de|van|von)){1,4})"
    r"(,?\s+(?:Jr\.|Sr\.|III|II|IV)(?![\w]))?"
)
JUDGE_RES = [
    re.compile(
        r"(?<!Magistrate )(?:(?:Senior|Chief)\s+)?(?:U\.\s?S\.|United\s+States|Federal)\s+District\s+(?:Court\s+)?"
        r"Judge\s+" + JUDGE_NAME
    ),
    re.compile(
        r"Honorable\s+" + JUDGE_NAME + r",?\s+(?:(?:Senior|Chief)\s+)?(?:U\.S\.|United States)\s+District\s+Judge"
    ),
    re.compile(r"(?<!Magistrate )(?<!Bankruptcy )(?<!Circuit )\bDistrict\s+Judge\s+" + JUDGE_NAME),
]


def _judge(text: str) -> Extracted | None:
    best = None
    for rx in JUDGE_RES:
        for m in rx.finditer(text):
            name = m.group(1)
            s, e = m.start(1), m.end(1)
            if m.group(2):
                e = m.end(2)
                name = text[s:e]
            # drop trailing capitalized words that are not names (e.g. "Hilton Accepted")
            if best is None or s < best.span.start:
                best = _ex(text, name.strip(), s, e)
            break
    return best


def _district(text: str) -> Extracted | None:
    counts: dict[str, list] = {}
    for m in DISTRICT_RE.finditer(text):
        phrase = re.sub(r"\s+", " ", m.group(1))
        words = phrase.split(" ")
        code = None
        # try the longest prefix that is a district name
        for k in range(len(words), 2, -1):
            code = DISTRICT_LOOKUP.get(" ".join(words[:k]).lower())
            if code:
                end = m.start(1) + len(" ".join(words[:k]))
                break
        if code:
            counts.setdefault(code, []).append((m.start(1), end))
    if not counts:
        return None
    code = max(counts, key=lambda c: (len(counts[c]), -counts[c][0][0]))
    s, e = counts[code][0]
    return _ex(text, code, s, e)


def _us_agencies(text, sentences) -> list[Extracted]:
    found: dict[str, Extracted] = {}
    for s, e in sentences:
        seg = text[s:e]
        hits = []
        for key, rx in US_AGENCY_RES:
            for m in rx.finditer(seg):
                if any(a <= m.start() < b for _, a, b in hits):
                    continue
                hits.append((key, m.start(), m.end()))
        if not hits:
            continue
        masked = seg
        for _, a, b in hits:
            masked = masked[:a] + " " * (b - a) + masked[b:]
        if not INVESTIGATION_CUE.search(masked):
            continue
        for key, a, b in sorted(hits, key=lambda h: h[1]):
            if key in found:
                continue
            # an agency named only as the defendant's employer in this sentence is not an investigator
            before = seg[max(0, a - 40) : a].lower()
            if re.search(
                r"(?:former|retired|worked\s+(?:for|at)|employee\s+of|officer\s+of|analyst\s+(?:for|at))"
                r"\s+(?:the\s+|an?\s+)?$",
                before,
            ):
                continue
            if key in ("US-CIA", "US-NSA") and not re.search(r"investigat|assist|help|support", masked, re.I):
                continue
            found[key] = _ex(text, key, s + a, s + b)
    return list(found.values())


def _foreign_agencies(text) -> list[Extracted]:
    found: dict[str, Extracted] = {}
    taken: list[tuple[int, int]] = []
    for key, rx in FOREIGN_AGENCY_RES:
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if key == "CN-MSS" and re.search(
                r"(?:Shanghai|Guangdong|Beijing)\s+$", text[max(0, m.start() - 12) : m.start()]
            ):
                pass
            taken.append((m.start(), m.end()))
            if key not in found:
                found[key] = _ex(text, key, m.start(), m.end())
    return sorted(found.values(), key=lambda x: x.span.start)


def _country_code(word: str) -> str | None:
    w = re.sub(r"\s+", " ", word.lower())
    if w.endswith("'s"):
        w = w[:-2]
    if w.startswith("the "):
        w = w[4:]
    return COUNTRY_NAME_LOOKUP.get(w)


STRONG_AFTER = re.compile(
    r"^(?:'s)?\s+(?:central\s+|national\s+)?(?:government|intelligence|officials?|officers?|military|embassy|consulate|"
    r"regime|ministry|state\s+security|authorities|agents?|handlers?|operatives?|spy|spies|diplomats?|state-owned|"
    r"Ministry|Government|Intelligence|Royal)",
    re.I,
)
WEAK_AFTER = re.compile(
    r"^(?:'s)?\s+(?:[\w-]+\s+){0,3}?(?:company|companies|firm|firms|entity|entities|business|businesses|startup|"
    r"university|universities|talents?(?:\s+(?:program|plan))?|interests|customers?|end[- ]users?|military\s+\w+)\b",
    re.I,
)
STRONG_BEFORE = re.compile(
    r"(?:government|officials?|intelligence\s+(?:service|officers?)|agents?|spy|spying|spied|embassy|consulate|"
    r"benefit|behalf|representatives?\s+of)\s+(?:of\s+)?(?:for\s+)?(?:the\s+)?$|\b(?:agent|agents)\s+of\s+(?:the\s+)?$"
    r"|\bfor\s+(?:the\s+)?$|working\s+for\s+(?:the\s+)?$",
    re.I,
)
WEAK_BEFORE = re.compile(
    r"(?:export\w*|ship\w*|send\w*|sent|transmit\w*|deliver\w*|smuggl\w*|divert\w*|transfer\w*|provid\w*)\b[^.]{0,80}"
    r"\bto\s+(?:the\s+)?$|(?:politicians|officials|figures|officers|representatives|handlers|companies|company|"
    r"business|businesses)\s+in\s+(?:the\s+)?$|(?:based\s+in|back\s+to|return\s+to|defected\s+to)\s+(?:the\s+)?$",
    re.I,
)


def _foreign_country(text, foreign_agencies) -> Extracted | None:
    score: dict[str, float] = {}
    first: dict[str, tuple[int, int]] = {}
    for fa in foreign_agencies:
        cc = AGENCY_COUNTRY.get(fa.value.split("-")[0], fa.value.split("-")[0])
        score[cc] = score.get(cc, 0) + 3
        first.setdefault(cc, (fa.span.start, fa.span.end))
    for m in COUNTRY_RE.finditer(text):
        cc = _country_code(m.group(1))
        if not cc or cc == "HK":
            continue
        before = text[max(0, m.start() - 120) : m.start()]
        after = text[m.end() : m.end() + 60]
        pts = 0.0
        if (
            STRONG_AFTER.search(after)
            or STRONG_BEFORE.search(before)
            or cc in PRINCIPAL_COUNTRIES
            and (WEAK_AFTER.search(after) or WEAK_BEFORE.search(before))
        ):
            pts = 2.0
        if cc in PRINCIPAL_COUNTRIES and pts == 0:
            # residence and nationality mentions are weak evidence on their own
            pts = 0.25
        if re.search(r"(?:national|citizen|born|resident)\b", after[:25], re.I) or re.search(
            r"(?:of\s+[A-Z][\w ]+,\s*|born\s+in\s+|citizen\s+of\s+)$", before
        ):
            pts = min(pts, 0.25)
        if pts:
            score[cc] = score.get(cc, 0) + pts
            first.setdefault(cc, (m.start(1), m.end(1)))
    if not score:
        return None
    cc = max(score, key=lambda c: (score[c], -first[c][0]))
    if score[cc] < 2:
        return None
    s, e = first[cc]
    return _ex(text, cc, s, e)


# ---------------------------------------------------------------------------------------------------------------------
# Employers


def _norm_org(name: str) -> str:
    n = name.lower().strip()
    n = re.sub(r"^the\s+", "", n)
    n = re.sub(r"^(?:u\.s\.|united states)\s+", "", n)
    n = re.sub(r",?\s+(?:inc\.?|llc|ltd\.?|corp\.?|co\.?|l\.p\.|plc)$", "", n)
    m = re.fullmatch(r"(\w+) department", n)
    if m:
        n = f"department of {m.group(1)}"
    return n


def _initials(name: str) -> str:
    return "".join(
        w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", _norm_org(name)) if w not in {"of", "and", "the", "for"}
    ).upper()


def _employers(text, draft, headline_end=0, defendants=()) -> list[Extracted]:
    results: list[Extracted] = []
    foreign_spans = [(fa.span.start, fa.span.end) for fa in draft.foreign_agencies]
    names = {tok for d in defendants for tok in d["tokens"]}
    for rx in EMPLOYER_RES:
        for m in rx.finditer(text, headline_end):
            s, e = m.start("org"), m.end("org")
            raw = text[s:e]
            words = [w.strip(".,'’") for w in raw.split()]
            if "Field Office" in raw or words[0] in names or words[-1] in names:
                continue
            if re.match(r"[Aa]n?\s", m.group(0)) and LAW_ENFORCEMENT_RE.search(raw):
                continue
            items = [(s, e)]
            rest = text[e : e + 200]
            off = e
            if re.search(r"['’]", text[s:e]):
                rest = ""
            while True:
                c = ORG_LIST_CONT_RE.match(rest)
                if not c:
                    break
                items.append((off + c.start(1), off + c.end(1)))
                off += c.end(1)
                rest = text[off : off + 200]
            for a, b in items:
                _add_employer(text, a, b, results, foreign_spans)
    # drop acronyms of names already found, and duplicates after normalisation
    out: list[Extracted] = []
    norms = [_norm_org(r.value) for r in results]
    results = [
        r
        for r, n in zip(results, norms, strict=True)
        if not (" " not in n and any(o != n and o.startswith(n + " ") for o in norms))
        and not any(tok in names for tok in re.findall(r"[\w'’-]+", r.value))
    ]
    for ex in sorted(results, key=lambda x: x.span.start):
        norm = _norm_org(ex.value)
        dup = False
        for i, o in enumerate(out):
            on = _norm_org(o.value)
            if on == norm or (ex.value.isupper() and _initials(o.value) == ex.value.replace(".", "")):
                dup = True
                break
            if o.value.isupper() and _initials(ex.value) == o.value.replace(".", ""):
                out[i] = ex
                dup = True
                break
        if not dup:
            out.append(ex)
    return out


def _add_employer(text, a, b, results, foreign_spans):
    name = text[a:b]
    # cut possessives and trailing lower-case words
    m = re.search(r"['’]s?\b", name)
    if m and m.start() > 0:
        name = name[: m.start()]
    name = re.sub(r"\s+(?:and|the|of|for|&)$", "", name.strip())
    name = re.sub(r"^(?:[Tt]he)\s+(?=[A-Z]{2,}\b|[A-Z]\w+\s+(?:Department|Army|Navy|Air|Marine))", "", name)
    name = name.rstrip(".,") if not re.search(r"\b(?:Inc|Corp|Co|Ltd)\.$", name) else name
    bare = re.sub(r"^[Tt]he\s+", "", name)
    if len(name) < 2 or ORG_REJECT.search(bare) or bare in ORG_REJECT_EXACT:
        return
    if re.search(r"\b(?i:" + ROLE + r")$", name):
        return
    if re.search(r"\b(?:Special|Assistant|Senior|Deputy|Acting|Management|Intelligence|Division|Case|Chief)$", name):
        return
    if (
        _country_code(name)
        or name.lower() in STATE_LOOKUP
        or re.fullmatch(r"[A-Z][a-z]+", name)
        and name in {"He", "She", "They", "It", "His", "Her", "Today"}
    ):
        return
    for _key, rx in FOREIGN_AGENCY_RES:
        if rx.search(name):
            return
    if any(s <= a < e for s, e in foreign_spans):
        return
    if re.fullmatch(r"(?:[A-Z][a-z]+\s+){0,2}(?:County|City|Province|Beach|Valley)", name):
        return
    if re.match(r"[A-Z][a-z]+,", name):
        return
    start = a + text[a:b].find(name)
    results.append(Extracted(name, Span(start, start + len(name), text[start : start + len(name)])))


# ---------------------------------------------------------------------------------------------------------------------
# Defendants

RESIDENCE_RES = [
    re.compile(
        r"(?:^|,\s*|^\s*\(\d{1,2}\)\s+|\b(?:both|also)\s+)of\s+(?P<city>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}),\s+(?P<region>"
        r"[A-Z][\w.'’]*(?:\s+(?:of\s+)?[A-Z][\w.'’]*){0,4})"
    ),
    re.compile(
        r"\b(?:resident\s+of|residing\s+in|resides\s+in|lives\s+in|living\s+in|who\s+lived\s+in|lived\s+in|"
        r"live\s+in|been\s+living\s+in|believed\s+to\s+be\s+in|remains?\s+in)\s+(?P<city>(?:the\s+)?[A-Z][\w.'’-]*"
        r"(?:\s+[A-Z][\w.'’-]*){0,3})(?:,\s+(?P<region>[A-Z][\w.'’]*(?:\s+(?:of\s+)?[A-Z][\w.'’]*){0,4}))?"
    ),
    re.compile(
        r"(?:^|,\s*|\b(?:both|also)\s+)of\s+(?P<city>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})(?=,|\s+(?:was|were|and|who)\b)"
    ),
]


def _region_code(region: str):
    """(state, country) of a region name; trims trailing words until something matches."""
    words = region.split()
    for k in range(len(words), 0, -1):
        cand = " ".join(words[:k]).rstrip(",")
        low = cand.lower()
        if low in STATE_LOOKUP:
            return STATE_LOOKUP[low], None, len(cand)
        if low.rstrip(".") in STATE_LOOKUP and not cand.endswith("."):
            pass
        cc = _country_code(cand)
        if cc and cc != "US":
            return None, cc, len(cand)
    return None, None, 0


def _split_name(name: str):
    toks = [t for t in re.split(r"\s+", name) if t and not re.fullmatch(r"[\"“].*[\"”]", t)]
    suffix = None
    if toks and toks[-1].rstrip(",") in SUFFIXES:
        suffix = toks.pop()
    return toks, suffix


LATER_VERB_RE = re.compile(
    r"\s+(?:(?:was|were|has|had|have|been|also|today|previously|later)\s+){0,2}(?:sentenced|pleaded|pled|convicted|"
    r"found\s+guilty|indicted|charged)\b"
)


def _defendants(text, sentences) -> list[dict]:
    defs: list[dict] = []
    pending: list = []
    headline_end = _headline_end(text)

    def find_def(tokens):
        fam_matches = []
        for d in defs:
            if tokens == d["tokens"]:
                return d
            if set(tokens) <= set(d["tokens"]) and tokens[-1] == d["tokens"][-1]:
                fam_matches.append(d)
        return fam_matches[0] if fam_matches else None

    for m in NAME_RE.finditer(text):
        name = m.group(1)
        toks, _ = _split_name(name)
        if len(toks) < 2:
            continue
        # strip leading stop words ("Today Ping Li")
        while toks and (toks[0].lower() in NAME_STOP or toks[0].lower() in RANK_WORDS):
            toks = toks[1:]
        if len(toks) < 2 or any(t.lower() in NAME_STOP for t in toks):
            continue
        if all(re.fullmatch(r"[A-Z]\.", t) for t in toks[:-1]) and len(toks) == 2:
            pass
        start = m.start(1) + name.find(toks[0])
        end = m.end(1)
        b0 = max(0, start - 40)
        # a headline or a paragraph ends before the name: its last words are no title ("... of Justice\nJohn Doe")
        para = text.rfind("\n\n", b0, start)
        if para >= 0:
            b0 = para + 2
        if b0 < headline_end <= start:
            b0 = headline_end
        before = text[b0:start]
        sent_end = _sentence_end(text, sentences, m.end())
        after = text[m.end() : min(sent_end, m.end() + 300)]
        age_m = re.match(
            r"\s*(?:,\s*(?:also\s+known\s+as|a/k/a|aka)\s+(?:[\"“][^\"”]{1,40}[\"”]|[^,]{1,40}))?,?\s*(?:age\s+)?(\d{1,2}),"
            r"|\s*\((?:age\s+)?(\d{1,2})\)",
            after,
        )
        agey = re.search(r"(\d{1,2})-year-old\s+$", before)
        # an age appositive marks a person even after a rank ("Petty Officer Jane Doe, 26,") or "to"
        if PERSON_TITLE_RE.search(before) and not (age_m or agey):
            continue
        if re.search(r"(?:known\s+as|a/k/a|aka)\s*$", before):
            continue
        if re.search(r"\b(?:of|in|from|at|near|to)\s*$", before) and not age_m:
            continue
        if re.search(r"[\"“]\s*$", before) and re.match(r"\s*,?\s*[\"”]", text[end : end + 3]):
            continue  # a quoted nickname or term
        is_def = bool(age_m or agey)
        if not is_def and STAGE_VERB_RE.match(after) and not re.match(r"^\s*,?\s*(?:said|says|stated)", after):
            appos = re.match(r"^\s*,([^;]*?),", after)
            if not (appos and re.search(r"\bsaid\b|\bJudge\b|\bAttorney\b", appos.group(1))):
                is_def = True
        if not is_def and OBJECT_VERB_RE.search(text[max(0, start - 60) : start]):
            is_def = True
        existing = find_def(toks)
        if existing is None and not is_def:
            if len(toks[-1]) >= 3:
                pending.append((toks, start, end, m))
            continue
        if existing is None:
            d = {
                "tokens": toks,
                "name_span": (start, end),
                "suffix": m.group(2),
                "suffix_span": m.span(2),
                "age": None,
                "res": None,
                "mentions": [],
            }
            defs.append(d)
            existing = d
        if existing["age"] is None:
            if age_m:
                g = 1 if age_m.group(1) else 2
                existing["age"] = (int(age_m.group(g)), m.end() + age_m.start(g), m.end() + age_m.end(g))
            elif agey:
                existing["age"] = (
                    int(agey.group(1)),
                    start - len(before) + agey.start(1),
                    start - len(before) + agey.end(1),
                )
        if existing["res"] is None and is_def:
            existing["res"] = _residence(text, m.end(), min(sent_end, m.end() + 260), defs, existing)
        existing["mentions"].append((start, end))
    # a full name introduced without a verb, then the family name alone with an age or a plea or sentence
    # ("Jane Q. Doe, who was arrested last year, ...  Doe, 56, of Reno, pleaded guilty")
    seen_pending = set()
    for toks, start, end, m in pending:
        if tuple(toks) in seen_pending or len(seen_pending) >= 30 or find_def(toks) is not None:
            continue
        seen_pending.add(tuple(toks))
        fam_re = re.compile(r"(?<![\w'’-])" + re.escape(toks[-1]) + r"(?![\w'’-])")
        for fm in fam_re.finditer(text, end):
            nxt = text[fm.end() : fm.end() + 80]
            if re.match(r",\s*(?:age\s+)?\d{1,2},", nxt) or re.match(LATER_VERB_RE, nxt):
                d = {
                    "tokens": toks,
                    "name_span": (start, end),
                    "suffix": m.group(2),
                    "suffix_span": m.span(2),
                    "age": None,
                    "res": None,
                    "mentions": [(start, end)],
                }
                stop = _sentence_end(text, sentences, fm.end())
                d["res"] = _residence(text, fm.end(), min(stop, fm.end() + 260), defs, d)
                defs.append(d)
                defs.sort(key=lambda x: x["name_span"][0])
                break
    if not defs:
        return []
    # family name: the token used alone later in the text, by default the last one
    for d in defs:
        counts = {}
        for i, t in enumerate(d["tokens"]):
            if len(t) >= 2 and not t.endswith("."):
                counts[i] = len(re.findall(r"(?<![\w'’-])" + re.escape(t) + r"(?![\w'’-])", text))
        fam = len(d["tokens"]) - 1
        # the first token is the family name when it is used alone and the last never is ("Ji Chaoqun ... Ji")
        first_alone = counts.get(0, 0) > counts.get(fam, 0) + 1 or (counts.get(0, 0) >= 2 and counts.get(fam, 0) == 1)
        if counts and first_alone and len(d["tokens"]) == 2:
            other_first = sum(1 for o in defs if o is not d and o["tokens"][0] == d["tokens"][0])
            if not other_first:
                fam = 0
        d["family_index"] = fam
    # single-token mentions (family name), pronouns handled later
    full_spans = [sp for o in defs for sp in o["mentions"]]
    for d in defs:
        fam = d["tokens"][d["family_index"]]
        for m in re.finditer(r"(?<![\w'’-])" + re.escape(fam) + r"(?![\w-])", text):
            if not any(s <= m.start() < e for s, e in full_spans):
                # another defendant sharing the family name: a bare family name is the first one's
                owner = next((o for o in defs if o["tokens"][o["family_index"]] == fam), d)
                if owner is d:
                    d["mentions"].append((m.start(), m.end()))
                after = text[m.end() : m.end() + 20]
                if d["age"] is None and owner is d:
                    am = re.match(r",\s*(?:now\s+|age\s+)?(\d{1,2}),", after)
                    if am:
                        d["age"] = (int(am.group(1)), m.end() + am.start(1), m.end() + am.end(1))
        d["mentions"].sort()
    dateline = DATELINE_RE.search(text[:600])
    for d in defs:
        d["draft"] = _build_defendant(text, d, dateline)
    return defs


def _sentence_end(text, sentences, pos):
    i = _sentence_index(sentences, pos)
    return sentences[i][1] if sentences else len(text)


def _residence(text, start, end, defs, me):
    seg = text[start:end]
    # stop at the verb of the sentence: residence sits in the appositive
    stop = re.search(r"\b(?:was|were|pleaded|pled|has|had|is)\b\s+(?!living|residing|been\s+living|lived)", seg)
    cut = stop.start() if stop else len(seg)
    seg = seg[:cut]
    for rx in RESIDENCE_RES:
        m = rx.search(seg)
        if not m:
            continue
        city = m.group("city")
        region = m.groupdict().get("region")
        state = country = None
        city_s = start + m.start("city")
        region_span = None
        if region:
            state, country, ln = _region_code(region)
            if state or country:
                region_span = (start + m.start("region"), start + m.start("region") + ln)
        # the city itself may be a country or a state ("living in Iran", "residing in California")
        c_state, c_country, cln = _region_code(city)
        if c_country and cln == len(city.removeprefix("the ")) + (4 if city.startswith("the ") else 0) - (
            4 if city.startswith("the ") else 0
        ):
            if city == "Hong Kong":
                return {
                    "city": (city, city_s, city_s + len(city)),
                    "state": None,
                    "country": ("HK", city_s, city_s + len(city)),
                }
            return {"city": None, "state": None, "country": (c_country, city_s, city_s + len(city))}
        if city.lower() in STATE_LOOKUP and not region:
            if city.lower() == "washington" and "D.C" not in seg:
                pass
            else:
                code = STATE_LOOKUP[city.lower()]
                return {"city": None, "state": (code, city_s, city_s + len(city)), "country": None}
        if city.startswith("the "):
            city = city[4:]
            city_s += 4
        if city.split()[0].lower() in NAME_STOP and city.split()[0] not in (
            "New",
            "San",
            "Los",
            "Las",
            "St.",
            "Fort",
            "West",
            "East",
            "North",
            "South",
            "Lake",
            "Mount",
            "Port",
        ):
            continue
        if city == "Hong Kong":
            country = "HK"
            region_span = (city_s, city_s + len(city))
        res = {"city": (city, city_s, city_s + len(city)), "state": None, "country": None}
        if state:
            res["state"] = (state, *region_span)
        elif country:
            res["country"] = (country, *region_span)
        else:
            # "also of Arlington": the state of the earlier defendant from the same city
            for o in defs:
                same_city = o is not me and o.get("res") and o["res"].get("city") and o["res"]["city"][0] == city
                if same_city and o["res"].get("state"):
                    res["state"] = o["res"]["state"]
            if res["state"] is None:
                dl = DATELINE_RE.search(text[:600])
                if dl and dl.group(1).strip().lower() == city.lower():
                    st, _, _ = _region_code(dl.group(2).strip())
                    if st:
                        res["state"] = (st, dl.start(2), dl.end(2))
        return res
    return None


def _build_defendant(text, d, dateline) -> DefendantDraft:
    dd = DefendantDraft()
    toks = d["tokens"]
    s, e = d["name_span"]
    name_text = text[s:e]

    def tok_span(tok):
        i = name_text.find(tok)
        return (s + i, s + i + len(tok)) if i >= 0 else (s, e)

    fam_i = d["family_index"]
    fam = toks[fam_i]
    if fam_i == 0:
        given = toks[1:]
        dd.given_name = _ex(text, " ".join(given), *tok_span(given[0])) if given else None
        middle = []
    else:
        dd.given_name = _ex(text, toks[0], *tok_span(toks[0]))
        middle = toks[1:fam_i]
    dd.family_name = _ex(text, fam, *tok_span(fam))
    if middle:
        a, _ = tok_span(middle[0])
        _, b = tok_span(middle[-1])
        dd.middle_name = _ex(text, " ".join(middle), a, b)
    if d["suffix"]:
        dd.suffix = _ex(text, d["suffix"], *d["suffix_span"])
    if d["age"]:
        age, a, b = d["age"]
        if 14 <= age <= 99:
            dd.age = _ex(text, age, a, b)
    res = d.get("res")
    if res:
        for key in ("city", "state", "country"):
            if res.get(key):
                val, a, b = res[key]
                setattr(dd, key, Extracted(val, Span(a, b, text[a:b])))
    return dd


# ---------------------------------------------------------------------------------------------------------------------
# Pleas, verdicts, sentences: attribution to defendants


def _mentions_in(defs, a, b):
    if not defs:
        return []
    total = sum(len(d["mentions"]) for d in defs)
    index = defs[0].get("_mention_index")
    if index is None or index[0] != total:
        entries = sorted(((s, e, d) for d in defs for s, e in d["mentions"]), key=lambda x: x[0])
        index = (total, [x[0] for x in entries], entries)
        defs[0]["_mention_index"] = index
    _, starts, entries = index
    return entries[bisect_left(starts, a) : bisect_left(starts, b)]


PRONOUN_ALL_RE = re.compile(
    r"\b(?:both|each\s+(?:man|woman|defendant)|the\s+(?:two|three|four)\s+(?:men|women|defendants)|the\s+couple|"
    r"all\s+(?:three|four|five|of\s+the)|the\s+defendants|they|both\s+defendants|each)\b",
    re.I,
)


def _subjects(text, sentences, defs, pos, sent_idx, last_holder):
    """Defendants a cue at pos refers to."""
    s, e = sentences[sent_idx]
    before = _mentions_in(defs, s, pos)
    after = list(_mentions_in(defs, pos, min(e, pos + 70)))
    if before:
        group = [before[-1]]
        for prev in reversed(before[:-1]):
            gap = text[prev[1] : group[0][0]]
            gap = re.sub(r",\s*\d{1,2},", ",", gap)
            if re.fullmatch(
                r"\s*(?:,[^,;]{0,60},)?\s*(?:,|,?\s*and|&)\s*(?:(?:his|her)\s+(?:wife|husband|son|daughter|father|co-defendant),?\s*)?",
                gap,
            ):
                group.insert(0, prev)
            else:
                break
        clause = text[group[-1][1] : pos]
        if after and re.search(r"\b(?:convicted|sentenced|charging|charged)\s*$", text[s:pos][-30:]):
            return [after[0][2]]
        if len(clause) > 0 and re.search(r"[;]", clause):
            pass
        out = []
        for x in group:
            if x[2] not in out:
                out.append(x[2])
        return out
    if after:
        return [after[0][2]]
    if PRONOUN_ALL_RE.search(text[s:pos]) and len(defs) > 1:
        return list(defs)
    if last_holder[0] is not None:
        return [last_holder[0]]
    return [defs[0]] if defs else []


def _dispositions(text, sentences, defs, stage):
    if not defs:
        return
    bench = re.search(r"\bbench\s+trial|non-jury\s+trial", text, re.I)
    jury = re.search(r"\bjury\b", text, re.I)
    trial_kind = METHOD_BENCH if bench else (METHOD_JURY if jury else None)
    trial_span = bench or jury
    cue_res = [
        (re.compile(r"\b(?:pleaded|pled|pleads|plead)\s+not\s+guilty", re.I), "not_guilty"),
        (
            re.compile(
                r"\b(?:pleaded|pled|pleads)\s+guilty|\bguilty\s+pleas?\b|\bentered\s+(?:a\s+|his\s+|her\s+)?"
                r"(?:plea\s+of\s+guilty|guilty\s+plea)|\bplea\s+(?:agreement|deal)\b",
                re.I,
            ),
            "guilty",
        ),
        (re.compile(r"\b(?:nolo\s+contendere|no\s+contest)\b", re.I), "nolo"),
        (
            re.compile(
                r"\bjury\s+(?:\w+\s+){0,6}?(?:convicted|found)\b|\bconvicted\s+(?:\w+\s+){0,10}?(?:by|at)\s+(?:a|the|"
                r"three|two|separate|\w+)\s+(?:\w+\s+){0,2}?(?:jury|trials?)|\bfound\s+(?:\w+\s+){0,3}?guilty\s+"
                r"(?:\w+\s+){0,3}?by\s+(?:a|the)\s+(?:federal\s+)?jury|\b(?:following|after)\s+(?:a|an|his|her)\s+"
                r"(?:\S+\s+){0,3}?(?:jury\s+|bench\s+|non-jury\s+)?trial|\bevidence\s+(?:presented\s+)?at\s+trial"
                r"|\bconvicted\s+at\s+(?:the\s+same\s+)?trial|\bfound\s+guilty\b|\bjury\s+trials?\b",
                re.I,
            ),
            "trial",
        ),
    ]
    last_holder = [None]
    for idx, (s, e) in enumerate(sentences):
        seg = text[s:e]
        events = []
        for rx, kind in cue_res:
            for m in rx.finditer(seg):
                events.append((m.start(), m.end(), kind))
        ms = _mentions_in(defs, s, e)
        if not events:
            if ms:
                last_holder[0] = ms[-1][2]
            continue
        events.sort()
        used = []
        for a, b, kind in events:
            if any(ua <= a < ub for ua, ub in used):
                continue
            used.append((a, b))
            ctx = seg[max(0, a - 50) : a].lower()
            if re.search(
                r"\b(?:if|expected\s+to|agreed\s+to|will|would|intends?\s+to|plans?\s+to)\s+(?:\w+\s+){0,2}$", ctx
            ):
                continue
            subjects = _subjects(text, sentences, defs, s + a, idx, last_holder)
            for d in subjects:
                dd = d["draft"]
                if kind == "not_guilty":
                    if dd.plea is None:
                        dd.plea = _ex(text, PLEA_NOT_GUILTY, s + a, s + b)
                elif kind == "guilty":
                    if dd.plea is None or dd.plea.value == PLEA_NOT_GUILTY:
                        dd.plea = _ex(text, PLEA_GUILTY, s + a, s + b)
                    if dd.conviction_method is None:
                        dd.conviction_method = _ex(text, METHOD_PLEA, s + a, s + b)
                elif kind == "nolo":
                    dd.conviction_method = _ex(text, METHOD_NOLO, s + a, s + b)
                elif kind == "trial":
                    if re.search(r"acquit", seg[a : b + 40], re.I) and not re.search(r"convict|guilty", seg[a:b], re.I):
                        continue
                    kind_here = METHOD_BENCH if re.search(r"bench|non-jury", seg[a:b], re.I) else trial_kind
                    if kind_here is None:
                        continue
                    cm = dd.conviction_method
                    if cm is None or (cm.value == METHOD_PLEA and dd.plea and dd.plea.value != PLEA_GUILTY):
                        span = (s + a, s + b) if re.search(r"jury|bench", seg[a:b], re.I) else trial_span.span()
                        dd.conviction_method = _ex(text, kind_here, *span)
        if ms:
            last_holder[0] = ms[-1][2]


def _duration_kind(text, m):
    """Classify a duration by what follows and precedes it."""
    after = text[m.end() : m.end() + 80]
    after = re.sub(r"^\s*\([^)]{0,60}\)", "", after)
    before = text[max(0, m.start() - 60) : m.start()]
    al = after.lower()
    bl = before.lower()
    if re.match(r"^\s*(?:['’]\s*)?(?:of\s+|term\s+of\s+)?(?:supervised\s+release|supervision)", al) or re.search(
        r"supervised\s+release\s+(?:for|of)\s+$", bl
    ):
        return "supervised_release_months"
    if re.match(r"^\s*(?:['’]\s*)?(?:of\s+|term\s+of\s+)?(?:probation|federal\s+probation)", al) or re.search(
        r"probation\s+(?:for|of)\s+$", bl
    ):
        return "probation_months"
    if re.match(r"^\s*(?:of\s+)?(?:home\s+(?:confinement|detention)|house\s+arrest)", al) or re.search(
        r"(?:home\s+(?:confinement|detention)|house\s+arrest)\s+(?:for|of)\s+$", bl
    ):
        return "home_confinement_months"
    if re.match(r"^\s*(?:of\s+)?community\s+service", al):
        return None
    if re.match(
        r"^\s*(?:in\s+(?:federal\s+|state\s+)?(?:prison|custody|jail)|of\s+(?:imprisonment|incarceration|prison|"
        r"confinement)|imprisonment|behind\s+bars|(?:federal\s+)?prison\s+(?:sentence|term)|in\s+a\s+federal\s+prison|"
        r"of\s+federal\s+prison)",
        al,
    ):
        return "prison_months"
    if re.search(r"\b(?:jailed|imprisoned|incarcerated)\s+for\s+$", bl) and not re.match(
        r"^\s*(?:of\s+)?(?:probation|supervised|home|community)", al
    ):
        return "prison_months"
    if re.search(
        r"(?:prison|imprisonment|incarceration|custodial)\s+(?:term|sentence)\s+of\s+$|term\s+of\s+"
        r"(?:imprisonment|incarceration)\s+of\s+$",
        bl,
    ):
        return "prison_months"
    if re.match(r"^\s*(?:prison\s+|federal\s+prison\s+)?(?:sentence|term)\b", al) and re.search(r"\ban?\s+$", bl):
        return "prison_months"
    if re.search(
        r"sentenced\s+(?:\w+\s+){0,4}?to\s+(?:serve\s+)?(?:an\s+additional\s+|a\s+total\s+of\s+|a\s+term\s+of\s+)?$", bl
    ) and not re.match(r"^\s*(?:of\s+)?(?:probation|supervised|home|community)", al):
        return "prison_months"
    return None


def _excluded_by_context(seg, a, b):
    """True when a number in a sentence is a maximum, a request, or an earlier sentence."""
    pre = seg[:a]
    last_neg = None
    for m in MAX_CUE_RE.finditer(pre):
        last_neg = m
    last_pos = None
    for m in POSITIVE_CUE_RE.finditer(pre):
        last_pos = m
    if last_neg and (last_pos is None or last_neg.start() > last_pos.start()):
        return True
    post = seg[b : b + 60].lower()
    if re.match(
        r"^[^.;]{0,40}\b(?:prosecutors|the\s+government|the\s+defense)\s+(?:had\s+)?(?:sought|requested|asked|"
        r"recommended)",
        post,
    ):
        return True
    return bool(re.match(r"^\s*(?:sentence\s+)?(?:for\s+(?:an?\s+)?(?:earlier|prior|previous))", post))


def _sentences_for(text, sentences, defs, stage, headline_end):
    if not defs or stage is None or stage.value == STAGE_CHARGE:
        return
    drafts = {id(d): SentenceDraft() for d in defs}
    last_holder = [None]
    for idx, (s, e) in enumerate(sentences):
        if e <= headline_end:
            continue
        seg = text[s:e]
        ms = _mentions_in(defs, s, e)
        if stage.value != STAGE_SENTENCING and not re.search(r"\bwas\s+sentenced|\bwere\s+sentenced", seg):
            if ms:
                last_holder[0] = ms[-1][2]
            continue
        if re.search(
            r"\b(?:scheduled|set)\s+(?:to\s+be\s+sentenced|for\s+sentencing)|sentencing\s+(?:is|has\s+been)\s+"
            r"(?:scheduled|set)|will\s+be\s+sentenced",
            seg,
            re.I,
        ) and not re.search(r"\bwas\s+sentenced", seg):
            if ms:
                last_holder[0] = ms[-1][2]
            continue
        items = []
        for m in DURATION_RE.finditer(seg):
            kind = _duration_kind(seg, m)
            if not kind:
                continue
            if m.group("q"):
                continue
            if _excluded_by_context(seg, m.start(), m.end()):
                continue
            months = _duration_months(m.group("body"))
            if months is None:
                continue
            items.append((m.start("body"), m.end("body"), kind, months))
        for m in re.finditer(
            r"\blife\s+(?:in\s+(?:federal\s+)?prison|imprisonment|sentences?|without\s+(?:the\s+possibility"
            r"\s+of\s+)?parole)|\bsentenced\s+(?:\w+\s+){0,2}to\s+(?:life|two\s+life\s+terms)\b"
            r"|\blife\s+terms?\b(?!\s+of\s+supervised)",
            seg,
            re.I,
        ):
            if _excluded_by_context(seg, m.start(), m.end()):
                continue
            items.append((m.start(), m.end(), "life", True))
        for m in re.finditer(
            r"supervised\s+release\s+for\s+(?:the\s+rest\s+of\s+(?:his|her)\s+)?life|lifetime\s+(?:term\s+of\s+)?"
            r"(?:supervised\s+release|supervision)|life(?:time)?\s+term\s+of\s+supervised\s+release",
            seg,
            re.I,
        ):
            if _excluded_by_context(seg, m.start(), m.end()):
                continue
            items.append((m.start(), m.end(), "supervised_release_life", True))
        for m in re.finditer(r"\btime\s+served\b", seg, re.I):
            if re.search(r"credit\s+(?:\w+\s+){0,2}for\s+$", seg[max(0, m.start() - 30) : m.start()], re.I):
                continue
            if _excluded_by_context(seg, m.start(), m.end()):
                continue
            items.append((m.start(), m.end(), "time_served", True))
        for m in MONEY_RE.finditer(seg):
            if m.group("q"):
                continue
            kind = _money_kind(seg, m)
            if not kind or _excluded_by_context(seg, m.start(), m.end()):
                continue
            items.append((m.start(), m.end(), kind, _money(m)))
        items.sort(key=lambda x: x[0])
        if re.search(r"\brespectively\b", seg, re.I):
            items = _respectively(text, sentences, defs, s, seg, idx, last_holder, items, drafts)
        for a, b, kind, value in items:
            for d in _subjects(text, sentences, defs, s + a, idx, last_holder):
                sd = drafts[id(d)]
                if getattr(sd, kind) is None:
                    setattr(sd, kind, _ex(text, value, s + a, s + b))
        if ms:
            last_holder[0] = ms[-1][2]
    for d in defs:
        sd = drafts[id(d)]
        if sd.life and sd.prison_months and sd.prison_months.span.start > sd.life.span.start:
            sd.prison_months = None
        if not sd.is_empty():
            d["draft"].sentence = sd


SHARED_UNIT_RE = re.compile(
    r"(?<![\w$.,])(?P<nums>\d{1,3}(?:\.\d+)?(?:\s*,\s*\d{1,3}(?:\.\d+)?)*),?\s+and\s+(?P<last>\d{1,3}(?:\.\d+)?)"
    r"[\s-]+(?P<unit>" + UNIT + r")\b",
    re.I,
)


def _respectively(text, sentences, defs, s, seg, idx, last_holder, items, drafts):
    """'A and B were sentenced to 35 and 30 years in prison, respectively': one value per defendant, in order."""
    extra = []
    for lm in SHARED_UNIT_RE.finditer(seg):
        last = next((it for it in items if it[0] == lm.start("last")), None)
        if last is None:
            continue
        for nm in re.finditer(r"\d{1,3}(?:\.\d+)?", lm.group("nums")):
            months = _duration_months(nm.group(0) + " " + lm.group("unit"))
            if months is not None:
                extra.append((lm.start("nums") + nm.start(), lm.start("nums") + nm.end(), last[2], months))
    items = sorted(items + extra, key=lambda x: x[0])
    rest = []
    by_kind: dict[str, list] = {}
    for it in items:
        by_kind.setdefault(it[2], []).append(it)
    for kind, group in by_kind.items():
        subjects = _subjects(text, sentences, defs, s + group[0][0], idx, last_holder)
        if len(subjects) > 1 and len(group) == len(subjects):
            for d, (a, b, _kind, value) in zip(subjects, group, strict=True):
                sd = drafts[id(d)]
                if getattr(sd, kind) is None:
                    setattr(sd, kind, _ex(text, value, s + a, s + b))
        else:
            rest.extend(group)
    return sorted(rest, key=lambda x: x[0])


def _money_kind(seg, m):
    after = seg[m.end() : m.end() + 40].lower()
    before = seg[max(0, m.start() - 50) : m.start()].lower()
    if re.match(r"^\s*(?:criminal\s+)?fines?\b|^\s*in\s+(?:criminal\s+)?fines", after):
        return "fine"
    if re.match(r"^\s*(?:mandatory\s+)?special\s+assessments?", after):
        return "special_assessment"
    if re.match(r"^\s*(?:in|as)\s+restitution|^\s*restitution", after):
        return "restitution"
    if re.match(r"^\s*(?:in\s+)?(?:criminal\s+)?forfeiture|^\s*forfeiture\s+money\s+judgment", after):
        return "forfeiture"
    if re.search(r"special\s+assessments?\s+(?:of|totaling)\s+$", before):
        return "special_assessment"
    if re.search(r"(?:fine|fined)\s+(?:of\s+|totaling\s+)?$|\bfined\s+\w+\s+$", before):
        return "fine"
    if re.search(
        r"restitution\s+(?:of|totaling|in\s+the\s+amount\s+of|amounting\s+to)\s+$|restitution\s+to\s+[\w\s]{1,40}"
        r"\s+(?:of|totaling|in\s+the\s+amount\s+of)\s+$|pay\s+$",
        before,
    ) and re.search(r"restitution", before + after):
        return "restitution"
    if re.search(
        r"(?:forfeit|forfeiture\s+of|forfeiture\s+(?:money\s+)?judgment\s+of|to\s+forfeit)\s+(?:\w+\s+){0,2}$", before
    ):
        return "forfeiture"
    return None


RESIDENCE_SENTENCE_RE = re.compile(
    r"\b(?:live|lives|lived|reside|resides|resided|living|residing|believed\s+to\s+be|remains?)\s+in\s+"
    r"(?P<place>(?:the[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3})"
    r"(?:,[ \t]+(?P<region>[A-Z][\w.'’]*(?:[ \t]+[A-Z][\w.'’]*){0,2}))?"
)


def _residence_sentences(text, sentences, defs):
    """Residence stated outside the appositive: 'Both defendants live in Washington, D.C.', 'X is believed in Iran'."""
    if not defs:
        return
    last_holder = [None]
    for idx, (s, e) in enumerate(sentences):
        seg = text[s:e]
        for m in RESIDENCE_SENTENCE_RE.finditer(seg):
            place = m.group("place")
            offset = 4 if place.startswith("the ") else 0
            place = place[offset:]
            ps = s + m.start("place") + offset
            state = country = city = None
            st, cc, ln = _region_code(place)
            if cc and ln >= len(place) - 1:
                country = (cc, ps, ps + ln)
                if place == "Hong Kong":
                    city = (place, ps, ps + ln)
            elif st and ln >= len(place) - 1 and not m.group("region"):
                state = (st, ps, ps + ln)
            elif m.group("region"):
                rst, rcc, rln = _region_code(m.group("region"))
                rs = s + m.start("region")
                if rst or rcc:
                    city = (place, ps, ps + len(place))
                    state = (rst, rs, rs + rln) if rst else None
                    country = (rcc, rs, rs + rln) if rcc else None
            if not (state or country or city):
                continue
            for d in _subjects(text, sentences, defs, s + m.start(), idx, last_holder):
                dd = d.get("draft")
                if dd is None or dd.city or dd.state or dd.country:
                    continue
                for key, val in (("city", city), ("state", state), ("country", country)):
                    if val:
                        setattr(dd, key, Extracted(val[0], Span(val[1], val[2], text[val[1] : val[2]])))
        ms = _mentions_in(defs, s, e)
        if ms:
            last_holder[0] = ms[-1][2]
