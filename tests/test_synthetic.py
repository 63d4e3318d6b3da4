"""The synthetic generator: same seed, same data; flagged so it never mixes with curated records."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from cases.models import Case, Charge, Defendant, Organization, Person, Sentence
from cases.services.curated import casebook_load
from cases.services.synthetic import synthetic_delete, synthetic_generate


def snapshot() -> list[tuple]:
    """Everything generated, independent of primary keys."""
    rows = []
    for case in (
        Case.objects.filter(is_synthetic=True)
        .order_by("slug")
        .prefetch_related(
            "defendants__person", "defendants__charges__statute", "defendants__sentences", "agency_links__agency"
        )
    ):
        rows.append(
            (
                case.slug,
                case.caption,
                case.category,
                str(case.foreign_country),
                case.sector,
                case.activity_start,
                case.curation_status,
                sorted(link.agency.key for link in case.agency_links.all()),
            )
        )
        for defendant in sorted(case.defendants.all(), key=lambda d: (d.role, d.person.family_name, d.age)):
            person = defendant.person
            rows.append(
                (person.given_name, person.family_name, person.birth_year, defendant.age, defendant.disposition)
            )
            rows.extend(sorted((c.statute.citation, c.counts, c.disposition) for c in defendant.charges.all()))
            sentence = getattr(defendant, "sentence", None)
            if sentence:
                rows.append((sentence.prison_months, sentence.is_life, sentence.is_time_served, sentence.fine))
    return rows


class SyntheticTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        casebook_load(cases=False)

    def test_same_seed_same_data(self):
        synthetic_generate(count=40, seed=11, batch_size=15)
        first = snapshot()
        self.assertEqual(Case.objects.filter(is_synthetic=True).count(), 40)
        self.assertEqual(synthetic_delete(), 40)
        self.assertFalse(Person.objects.filter(is_synthetic=True).exists())
        synthetic_generate(count=40, seed=11, batch_size=40)
        self.assertEqual(snapshot(), first)

    def test_other_seed_other_data(self):
        synthetic_generate(count=20, seed=1)
        first = snapshot()
        synthetic_delete()
        synthetic_generate(count=20, seed=2)
        self.assertNotEqual(snapshot(), first)

    def test_flagged_and_never_curated(self):
        synthetic_generate(count=30, seed=5)
        self.assertFalse(Case.objects.published().filter(is_synthetic=True).exists())
        self.assertEqual(Person.objects.filter(is_synthetic=False).count(), 0)
        self.assertEqual(Organization.objects.filter(is_synthetic=True).count(), 200)

    def test_generated_rows_are_valid(self):
        synthetic_generate(count=30, seed=9)
        for model in (Case, Defendant, Charge, Sentence):
            for row in model.objects.all()[:50]:
                row.full_clean(validate_unique=False)

    def test_same_seed_twice_refused(self):
        synthetic_generate(count=5, seed=3)
        with self.assertRaises(ValueError):
            synthetic_generate(count=5, seed=3)

    def test_command(self):
        out = StringIO()
        call_command("generate_synthetic", "12", seed=4, stdout=out, stderr=StringIO())
        self.assertIn("Generated 12 synthetic cases with seed 4", out.getvalue())
        with self.assertRaises(CommandError):
            call_command("generate_synthetic", "-3", stdout=StringIO(), stderr=StringIO())
        out = StringIO()
        call_command("generate_synthetic", "0", delete=True, stdout=out, stderr=StringIO())
        self.assertIn("Deleted 12 synthetic cases", out.getvalue())
