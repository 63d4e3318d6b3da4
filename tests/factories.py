"""factory_boy factories for Casebook's models."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cases import choices
from cases.models import (
    Agency,
    Case,
    CaseAgency,
    Charge,
    Defendant,
    District,
    Employment,
    Organization,
    Person,
    Sentence,
    Source,
    Statute,
    StatutoryPenalty,
)
from cases.roles import ANALYST, REVIEWER, VIEWER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")

    @classmethod
    def in_group(cls, group: str, **kwargs):
        user = cls(is_staff=group in (ANALYST, REVIEWER), **kwargs)
        user.groups.add(Group.objects.get(name=group))
        return user

    @classmethod
    def analyst(cls, **kwargs):
        return cls.in_group(ANALYST, **kwargs)

    @classmethod
    def reviewer(cls, **kwargs):
        return cls.in_group(REVIEWER, **kwargs)

    @classmethod
    def viewer(cls, **kwargs):
        return cls.in_group(VIEWER, **kwargs)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"x{n}d")
    name = factory.Sequence(lambda n: f"Test District {n}")
    state = "FL"
    circuit = "11"


class StatuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statute
        django_get_or_create = ["citation"]

    title_number = 18
    section = factory.Sequence(lambda n: str(9000 + n))
    citation = factory.LazyAttribute(lambda o: f"{o.title_number} U.S.C. {o.section}")
    short_name = "Test offence"
    category = choices.CaseCategory.OTHER


class StatutoryPenaltyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatutoryPenalty

    statute = factory.SubFactory(StatuteFactory)
    max_prison_months = 120


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"XX-AG{n}")
    name = factory.Sequence(lambda n: f"Agency {n}")
    country = "CN"
    side = choices.AgencySide.FOREIGN
    kind = choices.AgencyKind.INTELLIGENCE_SERVICE


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    country = "US"
    sector = choices.Sector.COMMUNICATIONS


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    sex = choices.Sex.MALE


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    caption = factory.Sequence(lambda n: f"United States v. Defendant {n}")
    slug = factory.Sequence(lambda n: f"us-v-defendant-{n}")
    district = factory.SubFactory(DistrictFactory, code="flmd", name="Middle District of Florida")
    category = choices.CaseCategory.AGENT_OF_FOREIGN_GOVERNMENT
    status = choices.CaseStatus.SENTENCED
    foreign_country = "CN"
    sector = choices.Sector.COMMUNICATIONS
    curation_status = choices.CurationStatus.PUBLISHED


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    case = factory.SubFactory(CaseFactory)
    url = factory.Sequence(lambda n: f"https://www.justice.gov/opa/pr/test-release-{n}")
    publisher = choices.Publisher.DOJ_OPA
    grade = choices.SourceGrade.PRIMARY
    title = "Test release"
    stage = choices.SourceStage.SENTENCING


class CaseAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseAgency

    case = factory.SubFactory(CaseFactory)
    agency = factory.SubFactory(AgencyFactory)
    relation = choices.AgencyRelation.DIRECTED_BY


class DefendantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Defendant

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory)
    disposition = choices.DefendantDisposition.CONVICTED_PLEA


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    defendant = factory.SubFactory(DefendantFactory)
    organization = factory.SubFactory(OrganizationFactory)


class ChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charge

    defendant = factory.SubFactory(DefendantFactory)
    statute = factory.SubFactory(StatuteFactory)
    disposition = choices.ChargeDisposition.CONVICTED_PLEA
    plea = choices.Plea.GUILTY
    is_conviction = True


class SentenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sentence

    defendant = factory.SubFactory(DefendantFactory)
    sentenced_on = dt.date(2024, 11, 25)
    prison_months = Decimal("48")
    supervised_release_months = Decimal("36")
    fine = Decimal("250000.00")
    conviction_method = choices.ConvictionMethod.PLEA
