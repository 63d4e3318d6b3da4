"""A small dataset whose statistics are worked out by hand in the tests.

Published: case A (China, communications), B (China, chemical), C (Russia, government).
Draft: case D (China). Synthetic published: case E. Sentences:
  a1  48 months, fine 250,000, 2024-11-25, plea          (A)
  b1  24 months, fine 10,000, 2020-03-01, jury trial     (B, employed at Chem)
  b2  time served, 2020-05-01, plea                      (B)
  b3  no sentence (pending)                              (B)
  c1  life, 2002-05-10, plea                             (C)
  c2  probation 60 months only, fine 5,000, 2002-06-01   (C)
  d1  120 months, fine 1,000,000 (draft case D)
  e1  300 months (synthetic case E)
"""

import datetime as dt
from decimal import Decimal

from cases import choices
from cases.models import Employment
from tests.factories import (
    AgencyFactory,
    CaseAgencyFactory,
    CaseFactory,
    ChargeFactory,
    DefendantFactory,
    DistrictFactory,
    OrganizationFactory,
    PersonFactory,
    SentenceFactory,
    SourceFactory,
    StatuteFactory,
)

D = dt.date


def build(test_class) -> None:
    t = test_class
    t.flmd = DistrictFactory(code="flmd", name="Middle District of Florida")
    t.vaed = DistrictFactory(code="vaed", name="Eastern District of Virginia", state="VA", circuit="4")
    t.s371 = StatuteFactory(section="371", short_name="Conspiracy")
    t.s951 = StatuteFactory(section="951", short_name="Agent")
    t.s1832 = StatuteFactory(section="1832", short_name="Trade secrets")
    t.mss = AgencyFactory(key="CN-MSS", name="Ministry of State Security", country="CN")
    t.gru = AgencyFactory(key="RU-GRU", name="GRU", country="RU")
    t.verizon = OrganizationFactory(name="Verizon", slug="verizon", sector=choices.Sector.COMMUNICATIONS)
    t.chem = OrganizationFactory(name="Chem Corp", slug="chem-corp", sector=choices.Sector.CHEMICAL)

    t.case_a = CaseFactory(
        caption="United States v. Quillfeather", slug="a", foreign_country="CN", sector="communications",
        category=choices.CaseCategory.AGENT_OF_FOREIGN_GOVERNMENT, purpose=choices.Purpose.POLITICAL,
        district=t.flmd, activity_start=D(2012, 1, 1), activity_start_precision="year",
        summary="Reported on dissidents to the Ministry of State Security.",
    )  # fmt: skip
    t.case_b = CaseFactory(
        caption="United States v. Brightwater", slug="b", foreign_country="CN", sector="chemical",
        category=choices.CaseCategory.TRADE_SECRET_THEFT, purpose=choices.Purpose.COMMERCIAL, district=t.vaed,
        activity_start=D(2015, 6, 1), activity_start_precision="month", summary="Took coating formulas.",
    )  # fmt: skip
    t.case_c = CaseFactory(
        caption="United States v. Oakhurst", slug="c", foreign_country="RU", sector="government",
        category=choices.CaseCategory.NATIONAL_SECURITY_ESPIONAGE, purpose=choices.Purpose.MILITARY,
        district=t.vaed, activity_start=D(1990, 1, 1), activity_start_precision="year",
        summary="Sold secrets to a rezidentura.",
    )  # fmt: skip
    t.case_d = CaseFactory(
        caption="United States v. Hiddenvale", slug="d", foreign_country="CN", sector="communications",
        category=choices.CaseCategory.AGENT_OF_FOREIGN_GOVERNMENT, district=t.flmd,
        curation_status=choices.CurationStatus.DRAFT, summary="Draft about Quillfeather's handler.",
    )  # fmt: skip
    t.case_e = CaseFactory(caption="United States v. Synthetic", slug="e", foreign_country="CN", is_synthetic=True)
    for case in (t.case_a, t.case_b, t.case_c, t.case_d, t.case_e):
        SourceFactory(case=case)
    CaseAgencyFactory(case=t.case_a, agency=t.mss, relation=choices.AgencyRelation.DIRECTED_BY)
    CaseAgencyFactory(case=t.case_c, agency=t.gru, relation=choices.AgencyRelation.DIRECTED_BY)

    def defendant(case, given, family, citizenships, disposition=choices.DefendantDisposition.CONVICTED_PLEA):
        person = PersonFactory(given_name=given, family_name=family, citizenships=citizenships)
        return DefendantFactory(case=case, person=person, disposition=disposition)

    t.a1 = defendant(t.case_a, "Ada", "Quillfeather", ["US"])
    t.b1 = defendant(t.case_b, "Bo", "Brightwater", ["CN"], choices.DefendantDisposition.CONVICTED_TRIAL)
    t.b2 = defendant(t.case_b, "Bea", "Marlowe", ["CN", "US"])
    t.b3 = defendant(t.case_b, "Bram", "Pendle", ["CN"], choices.DefendantDisposition.PENDING)
    t.c1 = defendant(t.case_c, "Cyril", "Oakhurst", ["US"])
    t.c2 = defendant(t.case_c, "Cora", "Vance", ["US", "RU"])
    t.d1 = defendant(t.case_d, "Dov", "Hiddenvale", ["US"])
    t.e1 = defendant(t.case_e, "Eli", "Synthetic", ["US"])

    Employment.objects.create(defendant=t.a1, organization=t.verizon, employer_was_victim=True)
    Employment.objects.create(defendant=t.b1, organization=t.chem, employer_was_victim=True)
    Employment.objects.create(defendant=t.d1, organization=t.verizon)

    ChargeFactory(defendant=t.a1, statute=t.s371, object_statute=t.s951, is_conspiracy=True)
    ChargeFactory(defendant=t.b1, statute=t.s1832, disposition=choices.ChargeDisposition.CONVICTED_TRIAL)
    ChargeFactory(defendant=t.b2, statute=t.s1832)
    ChargeFactory(defendant=t.b3, statute=t.s1832, disposition=choices.ChargeDisposition.PENDING, is_conviction=False)
    ChargeFactory(defendant=t.d1, statute=t.s951)

    plea, jury = choices.ConvictionMethod.PLEA, choices.ConvictionMethod.JURY_TRIAL
    none = {"supervised_release_months": None, "fine": None}
    t.sa1 = SentenceFactory(
        defendant=t.a1, prison_months=Decimal("48"), fine=Decimal("250000"), sentenced_on=D(2024, 11, 25)
    )
    t.sb1 = SentenceFactory(
        defendant=t.b1, prison_months=Decimal("24"), fine=Decimal("10000"), sentenced_on=D(2020, 3, 1),
        conviction_method=jury,
    )  # fmt: skip
    t.sb2 = SentenceFactory(defendant=t.b2, prison_months=None, is_time_served=True, sentenced_on=D(2020, 5, 1), **none)
    t.sc1 = SentenceFactory(defendant=t.c1, prison_months=None, is_life=True, sentenced_on=D(2002, 5, 10), **none)
    t.sc2 = SentenceFactory(
        defendant=t.c2, prison_months=None, probation_months=Decimal("60"), fine=Decimal("5000"),
        sentenced_on=D(2002, 6, 1), supervised_release_months=None, conviction_method=plea,
    )  # fmt: skip
    t.sd1 = SentenceFactory(defendant=t.d1, prison_months=Decimal("120"), fine=Decimal("1000000"))
    t.se1 = SentenceFactory(defendant=t.e1, prison_months=Decimal("300"))
    t.published_sentences = {t.sa1, t.sb1, t.sb2, t.sc1, t.sc2}

    # Sentences that do not count unless asked for: a company's, an earlier one replaced, a vacated one.
    t.brightwater_co = OrganizationFactory(name="Brightwater Chemical Co.", slug="brightwater-chemical")
    t.b_org = DefendantFactory(
        case=t.case_b,
        person=None,
        organization=t.brightwater_co,
        disposition=choices.DefendantDisposition.CONVICTED_PLEA,
    )
    ChargeFactory(defendant=t.b_org, statute=t.s1832)
    t.sb_org = SentenceFactory(
        defendant=t.b_org, prison_months=None, supervised_release_months=None, probation_months=Decimal("36"),
        fine=Decimal("1000000"), sentenced_on=D(2020, 5, 1), conviction_method=plea,
    )  # fmt: skip
    t.sb1_old = SentenceFactory(
        defendant=t.b1, prison_months=Decimal("30"), fine=None, sentenced_on=D(2019, 12, 1), is_operative=False,
        conviction_method=jury,
    )  # fmt: skip
    t.sc2_vac = SentenceFactory(
        defendant=t.c2, prison_months=Decimal("18"), fine=None, sentenced_on=D(2001, 3, 1), is_operative=False,
        is_vacated=True, conviction_method=jury,
    )  # fmt: skip
    t.uncounted_sentences = {t.sb_org, t.sb1_old, t.sc2_vac}
