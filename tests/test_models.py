"""Integrity rules: each named constraint refuses a bad row in the database itself, and the model's
validation explains it in plain words."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from cases import choices
from cases.models import Charge, Sentence, StatutoryPenalty
from tests.factories import (
    AgencyFactory,
    CaseAgencyFactory,
    CaseFactory,
    ChargeFactory,
    DefendantFactory,
    DistrictFactory,
    EmploymentFactory,
    PersonFactory,
    SentenceFactory,
    SourceFactory,
    StatuteFactory,
    StatutoryPenaltyFactory,
)


class ConstraintTestCase(TestCase):
    def assertRefusedByDatabase(self, constraint, factory, **kwargs):
        """The row is refused with an IntegrityError that names the constraint. `constraint` may also be a
        tuple of alternatives: SQLite names a unique constraint by its columns, PostgreSQL by its name."""
        with self.assertRaises(IntegrityError) as raised, transaction.atomic():
            factory(**kwargs)
        message = str(raised.exception).lower()
        alternatives = constraint if isinstance(constraint, tuple) else (constraint,)
        self.assertTrue(any(name in message for name in alternatives), f"{alternatives} not in {message!r}")


class SentenceConstraintTests(ConstraintTestCase):
    def test_life_with_months_refused(self):
        self.assertRefusedByDatabase(
            "sentence_flag_excludes_months", SentenceFactory, is_life=True, prison_months=Decimal("470")
        )

    def test_time_served_with_months_refused(self):
        self.assertRefusedByDatabase(
            "sentence_flag_excludes_months", SentenceFactory, is_time_served=True, prison_months=Decimal("3")
        )

    def test_life_and_time_served_refused(self):
        self.assertRefusedByDatabase(
            "sentence_flags_exclusive", SentenceFactory, is_life=True, is_time_served=True, prison_months=None
        )

    def test_negative_months_refused(self):
        self.assertRefusedByDatabase("sentence_prison_non_negative", SentenceFactory, prison_months=Decimal("-1"))

    def test_negative_fine_refused(self):
        self.assertRefusedByDatabase("sentence_fine_non_negative", SentenceFactory, fine=Decimal("-0.01"))

    def test_negative_restitution_refused(self):
        self.assertRefusedByDatabase("sentence_restitution_non_negative", SentenceFactory, restitution=Decimal("-5"))

    def test_release_for_life_with_months_refused(self):
        self.assertRefusedByDatabase(
            "sentence_release_life_excludes_months",
            SentenceFactory,
            supervised_release_life=True,
            supervised_release_months=Decimal("36"),
        )

    def test_one_sentence_per_defendant(self):
        sentence = SentenceFactory()
        self.assertRefusedByDatabase("defendant_id", SentenceFactory, defendant=sentence.defendant)

    def test_life_sentence_accepted_as_flag(self):
        sentence = SentenceFactory(is_life=True, prison_months=None)
        sentence.full_clean()
        self.assertEqual(sentence.prison_label, "life")

    def test_year_and_a_day_is_decimal(self):
        sentence = SentenceFactory(prison_months=Decimal("12.03"))
        sentence.refresh_from_db()
        self.assertEqual(sentence.prison_months, Decimal("12.03"))
        self.assertEqual(sentence.prison_label, "12.03 months")

    def test_clean_explains_life_with_months(self):
        sentence = Sentence(defendant=DefendantFactory(), is_life=True, prison_months=Decimal("470"))
        with self.assertRaises(ValidationError) as raised:
            sentence.full_clean()
        self.assertIn("prison_months", raised.exception.message_dict)
        self.assertIn("flags", " ".join(raised.exception.message_dict["prison_months"]))

    def test_probation_only(self):
        self.assertTrue(SentenceFactory(prison_months=None, probation_months=Decimal("60")).is_probation_only)
        self.assertFalse(SentenceFactory(prison_months=Decimal("1")).is_probation_only)


class ChargeConstraintTests(ConstraintTestCase):
    def test_zero_counts_refused(self):
        self.assertRefusedByDatabase("charge_counts_positive", ChargeFactory, counts=0)

    def test_object_offence_needs_conspiracy(self):
        self.assertRefusedByDatabase(
            "charge_object_only_for_conspiracy", ChargeFactory, is_conspiracy=False, object_statute=StatuteFactory()
        )

    def test_conviction_needs_convicted_disposition(self):
        self.assertRefusedByDatabase(
            "charge_conviction_matches_disposition",
            ChargeFactory,
            is_conviction=True,
            disposition=choices.ChargeDisposition.ACQUITTED,
        )

    def test_object_differs_from_statute(self):
        statute = StatuteFactory()
        self.assertRefusedByDatabase(
            "charge_object_differs", ChargeFactory, statute=statute, object_statute=statute, is_conspiracy=True
        )

    def test_conspiracy_with_object_offence(self):
        conspiracy = StatuteFactory(section="371")
        agent = StatuteFactory(section="951")
        charge = ChargeFactory(statute=conspiracy, object_statute=agent, is_conspiracy=True)
        charge.full_clean()
        self.assertEqual(str(charge), "18 U.S.C. 371 (object: 18 U.S.C. 951)")

    def test_clean_names_field(self):
        charge = Charge(
            defendant=DefendantFactory(),
            statute=StatuteFactory(),
            object_statute=StatuteFactory(),
            is_conspiracy=False,
        )
        with self.assertRaises(ValidationError) as raised:
            charge.full_clean()
        self.assertIn("object_statute", raised.exception.message_dict)


class CaseConstraintTests(ConstraintTestCase):
    def test_activity_end_before_start_refused(self):
        self.assertRefusedByDatabase(
            "case_activity_ordered",
            CaseFactory,
            activity_start=dt.date(2020, 1, 1),
            activity_start_precision=choices.DatePrecision.DAY,
            activity_end=dt.date(2019, 1, 1),
            activity_end_precision=choices.DatePrecision.DAY,
        )

    def test_activity_date_needs_precision(self):
        self.assertRefusedByDatabase(
            "case_activity_start_has_precision", CaseFactory, activity_start=dt.date(2012, 1, 1)
        )

    def test_unique_slug(self):
        CaseFactory(slug="us-v-same")
        self.assertRefusedByDatabase("slug", CaseFactory, slug="us-v-same")

    def test_unique_docket_per_district(self):
        district = DistrictFactory()
        CaseFactory(district=district, docket_number="8:24-cr-1")
        self.assertRefusedByDatabase(
            ("case_unique_docket_per_district", "cases_case.district_id, cases_case.docket_number"),
            CaseFactory,
            district=district,
            docket_number="8:24-cr-1",
        )

    def test_blank_dockets_may_repeat(self):
        district = DistrictFactory()
        CaseFactory(district=district, docket_number="")
        CaseFactory(district=district, docket_number="")

    def test_unknown_category_refused(self):
        self.assertRefusedByDatabase("case_category_valid", CaseFactory, category="espionage-ish")

    def test_activity_period_label(self):
        case = CaseFactory(activity_start=dt.date(2012, 1, 1), activity_start_precision=choices.DatePrecision.YEAR)
        self.assertEqual(case.activity_period, "from 2012")

    def test_published_excludes_drafts_and_synthetic(self):
        published = CaseFactory()
        CaseFactory(curation_status=choices.CurationStatus.DRAFT)
        CaseFactory(is_synthetic=True)
        self.assertEqual(list(published.__class__.objects.published()), [published])


class OtherConstraintTests(ConstraintTestCase):
    def test_person_once_per_case(self):
        defendant = DefendantFactory()
        self.assertRefusedByDatabase(
            ("defendant_unique_person_per_case", "cases_defendant.case_id, cases_defendant.person_id"),
            DefendantFactory,
            case=defendant.case,
            person=defendant.person,
        )

    def test_defendant_age_needs_moment(self):
        self.assertRefusedByDatabase("defendant_age_has_moment", DefendantFactory, age=59, age_at="")

    def test_implausible_age_refused(self):
        self.assertRefusedByDatabase("defendant_age_plausible", DefendantFactory, age=400, age_at="sentencing")

    def test_implausible_birth_year_refused(self):
        self.assertRefusedByDatabase("person_birth_year_plausible", PersonFactory, birth_year=1200)

    def test_employment_end_before_start_refused(self):
        self.assertRefusedByDatabase(
            "employment_period_ordered",
            EmploymentFactory,
            start_date=dt.date(2020, 1, 1),
            end_date=dt.date(2010, 1, 1),
        )

    def test_unique_statute_citation(self):
        StatuteFactory(citation="18 U.S.C. 951", section="951")
        with self.assertRaises(IntegrityError), transaction.atomic():
            StatuteFactory._meta.model.objects.create(
                citation="18 U.S.C. 951", title_number=18, section="951", short_name="x", category="other"
            )

    def test_penalty_life_excludes_months(self):
        self.assertRefusedByDatabase(
            "penalty_life_excludes_months", StatutoryPenaltyFactory, max_prison_life=True, max_prison_months=12
        )

    def test_unique_agency_link(self):
        link = CaseAgencyFactory()
        self.assertRefusedByDatabase(
            ("caseagency_unique", "cases_caseagency.case_id, cases_caseagency.agency_id"),
            CaseAgencyFactory,
            case=link.case,
            agency=link.agency,
            relation=link.relation,
        )

    def test_us_agency_cannot_direct(self):
        link = CaseAgencyFactory.build(
            case=CaseFactory(), agency=AgencyFactory(side=choices.AgencySide.US, country="US", key="US-X")
        )
        with self.assertRaises(ValidationError) as raised:
            link.full_clean()
        self.assertIn("relation", raised.exception.message_dict)

    def test_fact_source_must_belong_to_case(self):
        charge = ChargeFactory()
        charge.source = SourceFactory()  # a source of another case
        with self.assertRaises(ValidationError) as raised:
            charge.full_clean()
        self.assertIn("source", raised.exception.message_dict)

    def test_statute_penalty_by_date(self):
        statute = StatuteFactory()
        old = StatutoryPenalty.objects.create(
            statute=statute, effective_to=dt.date(2013, 1, 13), max_prison_months=180, max_fine=Decimal("500000")
        )
        new = StatutoryPenalty.objects.create(
            statute=statute, effective_from=dt.date(2013, 1, 14), max_prison_months=180, max_fine=Decimal("5000000")
        )
        self.assertEqual(statute.penalty_on(dt.date(2010, 5, 1)), old)
        self.assertEqual(statute.penalty_on(dt.date(2020, 5, 1)), new)
        self.assertEqual(statute.penalty_on(None), new)

    def test_protected_person_cannot_be_deleted(self):
        from django.db.models import ProtectedError

        defendant = DefendantFactory()
        with self.assertRaises(ProtectedError):
            defendant.person.delete()

    def test_deleting_case_removes_its_parts(self):
        charge = ChargeFactory()
        source = SourceFactory(case=charge.defendant.case)
        charge.source = source
        charge.save()
        charge.defendant.case.delete()
        self.assertFalse(Charge.objects.filter(pk=charge.pk).exists())


class RemainingConstraintTests(ConstraintTestCase):
    """The rest of the named checks, each refused by the database."""

    def test_every_sentence_amount_non_negative(self):
        for field in ("probation_months", "supervised_release_months", "home_confinement_months", "forfeiture",
                      "special_assessment"):  # fmt: skip
            with self.subTest(field=field):
                name = {
                    "probation_months": "sentence_probation_non_negative",
                    "supervised_release_months": "sentence_release_non_negative",
                    "home_confinement_months": "sentence_home_non_negative",
                    "forfeiture": "sentence_forfeiture_non_negative",
                    "special_assessment": "sentence_assessment_non_negative",
                }[field]
                self.assertRefusedByDatabase(name, SentenceFactory, **{field: Decimal("-1")})

    def test_penalty_period_ordered(self):
        self.assertRefusedByDatabase(
            "penalty_period_ordered",
            StatutoryPenaltyFactory,
            effective_from=dt.date(2013, 1, 14),
            effective_to=dt.date(2012, 1, 1),
        )

    def test_penalty_fine_non_negative(self):
        self.assertRefusedByDatabase("penalty_max_fine_non_negative", StatutoryPenaltyFactory, max_fine=Decimal("-1"))

    def test_agency_side_valid(self):
        self.assertRefusedByDatabase("agency_side_valid", AgencyFactory, side="neutral")

    def test_agency_unique_name_per_country(self):
        AgencyFactory(name="GRU", country="RU", key="RU-A")
        self.assertRefusedByDatabase(
            ("agency_unique_country_name", "cases_agency.country, cases_agency.name"),
            AgencyFactory, name="GRU", country="RU", key="RU-B",
        )  # fmt: skip

    def test_case_curation_status_valid(self):
        self.assertRefusedByDatabase("case_curation_status_valid", CaseFactory, curation_status="maybe")

    def test_case_activity_end_needs_precision(self):
        self.assertRefusedByDatabase("case_activity_end_has_precision", CaseFactory, activity_end=dt.date(2020, 1, 1))

    def test_one_maximum_per_statute_and_start(self):
        penalty = StatutoryPenaltyFactory(effective_from=dt.date(2013, 1, 14))
        self.assertRefusedByDatabase(
            ("penalty_unique_statute_period", "cases_statutorypenalty.statute_id"),
            StatutoryPenaltyFactory, statute=penalty.statute, effective_from=dt.date(2013, 1, 14),
        )  # fmt: skip

    def test_one_source_url_per_case(self):
        source = SourceFactory()
        self.assertRefusedByDatabase(
            ("source_unique_url_per_case", "cases_source.case_id, cases_source.url"),
            SourceFactory, case=source.case, url=source.url,
        )  # fmt: skip
