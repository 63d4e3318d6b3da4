"""Serializers: a brief form for lists and nested use, a full form for details, and writable forms
that run the same model validation as the admin."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.choices import ConvictionMethod, CurationStatus, Discharge, ReviewAction
from cases.models import (
    Agency,
    Case,
    CaseAgency,
    CaseEvent,
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


class ModelCleanMixin:
    """Runs the model's full_clean (field checks, clean(), constraints) so the API refuses exactly
    what the admin refuses, as a 400 with field messages."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = model(**attrs)
        if self.instance is not None:
            instance = model.objects.get(pk=self.instance.pk)
            for key, value in attrs.items():
                setattr(instance, key, value)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs


# ---------------------------------------------------------------------------------------------- reference


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "code", "name", "state", "circuit"]


class DistrictBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "code", "name"]


class StatutoryPenaltySerializer(serializers.ModelSerializer):
    class Meta:
        model = StatutoryPenalty
        fields = [
            "effective_from", "effective_to", "max_prison_months", "max_prison_life", "death_eligible",
            "max_fine", "fine_rule",
        ]  # fmt: skip


class StatuteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    penalties = StatutoryPenaltySerializer(many=True, read_only=True, help_text="Statutory maxima by period.")

    class Meta:
        model = Statute
        fields = [
            "id", "citation", "jurisdiction", "state", "title_number", "section", "short_name", "category", "notes",
            "penalties",
        ]  # fmt: skip


class StatuteBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Statute
        fields = ["id", "citation", "short_name"]


class AgencySerializer(ModelCleanMixin, serializers.ModelSerializer):
    country = CountryField(help_text="ISO 3166 code.")

    class Meta:
        model = Agency
        fields = ["id", "key", "name", "abbreviation", "aliases", "country", "side", "kind", "parent"]


class AgencyBriefSerializer(serializers.ModelSerializer):
    country = CountryField(read_only=True, allow_blank=True, help_text="ISO 3166 code of the agency's country.")

    class Meta:
        model = Agency
        fields = ["id", "key", "name", "abbreviation", "country", "side"]


class OrganizationSerializer(ModelCleanMixin, serializers.ModelSerializer):
    country = CountryField(required=False, allow_blank=True, help_text="ISO 3166 code of the headquarters.")

    class Meta:
        model = Organization
        fields = ["id", "slug", "name", "aliases", "parent", "kind", "country", "sector", "naics2"]


class OrganizationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "slug", "name", "sector"]


class PersonSerializer(ModelCleanMixin, serializers.ModelSerializer):
    residence_country = CountryField(required=False, allow_blank=True, help_text="ISO 3166 code of residence.")
    birth_country = CountryField(required=False, allow_blank=True, help_text="ISO 3166 code of the birth country.")
    citizenships = serializers.ListField(
        child=CountryField(), required=False, help_text="ISO 3166 codes of every citizenship."
    )
    full_name = serializers.CharField(read_only=True, help_text="Name parts joined, with the suffix.")

    class Meta:
        model = Person
        fields = [
            "id", "full_name", "given_name", "middle_name", "family_name", "suffix", "aliases", "sex",
            "birth_year", "residence_city", "residence_state", "residence_country", "birth_country",
            "citizenships", "citizenship_status",
        ]  # fmt: skip

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["citizenships"] = [country.code for country in instance.citizenships]
        return data

    def validate(self, attrs):
        if "citizenships" in attrs:
            attrs["citizenships"] = sorted(set(attrs["citizenships"]))
        return super().validate(attrs)


class PersonBriefSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True, help_text="Name parts joined, with the suffix.")

    class Meta:
        model = Person
        fields = ["id", "full_name", "given_name", "family_name"]


# ---------------------------------------------------------------------------------------------- case parts


class SourceSerializer(ModelCleanMixin, serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = [
            "id", "case", "url", "publisher", "publisher_name", "grade", "republishes", "title", "published_on",
            "stage", "accessed_on", "content_sha256",
        ]  # fmt: skip


class CaseEventSerializer(ModelCleanMixin, serializers.ModelSerializer):
    date_label = serializers.CharField(read_only=True, help_text="The date at the precision it is known.")

    class Meta:
        model = CaseEvent
        fields = ["id", "case", "date", "date_precision", "date_label", "kind", "description", "source"]


class CaseAgencySerializer(serializers.ModelSerializer):
    agency = AgencyBriefSerializer(read_only=True, help_text="The foreign principal or US agency.")

    class Meta:
        model = CaseAgency
        fields = ["agency", "relation", "source"]


class EmploymentSerializer(serializers.ModelSerializer):
    organization = OrganizationBriefSerializer(read_only=True, help_text="The employer.")

    class Meta:
        model = Employment
        fields = [
            "organization", "title", "is_technical", "clearance", "start_date", "start_precision", "end_date",
            "end_precision", "employer_was_victim", "source",
        ]  # fmt: skip


class ChargeSerializer(ModelCleanMixin, serializers.ModelSerializer):
    statute_citation = serializers.SlugRelatedField(source="statute", slug_field="citation", read_only=True)
    object_statute_citation = serializers.SlugRelatedField(
        source="object_statute", slug_field="citation", read_only=True, allow_null=True
    )

    class Meta:
        model = Charge
        fields = [
            "id", "defendant", "statute", "statute_citation", "statute_basis", "subsection", "counts",
            "count_numbers", "is_conspiracy", "is_attempt", "object_statute", "object_statute_citation",
            "object_basis", "instrument", "plea", "disposition", "disposition_basis", "is_conviction", "source",
        ]  # fmt: skip


SENTENCE_FIELDS = [
    "kind", "is_operative", "is_vacated", "vacated_on", "vacated_reason", "sentenced_on", "judge",
    "prison_months", "is_life", "is_death", "is_time_served", "time_served_months", "probation_months",
    "supervised_release_months", "supervised_release_life", "home_confinement_months", "community_service_hours",
    "fine", "restitution", "forfeiture", "special_assessment", "discharge", "reduction_to_grade",
    "forfeiture_of_pay", "conditions", "conviction_method", "raw_text", "above_maximum_reason", "source",
]  # fmt: skip


class SentenceSerializer(ModelCleanMixin, serializers.ModelSerializer):
    """A sentence as part of a case, or written on its own."""

    class Meta:
        model = Sentence
        fields = ["id", "defendant", *SENTENCE_FIELDS]


class SentenceRowSerializer(serializers.ModelSerializer):
    """One flat row per sentenced defendant, with the case's country, sector and category on the row."""

    case = serializers.IntegerField(source="defendant.case_id", read_only=True, help_text="Case id.")
    case_slug = serializers.CharField(source="defendant.case.slug", read_only=True, help_text="Case slug.")
    caption = serializers.CharField(source="defendant.case.caption", read_only=True, help_text="Case caption.")
    district = serializers.CharField(
        source="defendant.case.district.code", read_only=True, default=None, allow_null=True,
        help_text="District code of the case.",
    )  # fmt: skip
    country = serializers.CharField(
        source="defendant.case.foreign_country.code", read_only=True, help_text="Foreign country of the case."
    )
    sector = serializers.CharField(source="defendant.case.sector", read_only=True, help_text="Sector of the case.")
    category = serializers.CharField(
        source="defendant.case.category", read_only=True, help_text="Primary category of the case."
    )
    person = serializers.IntegerField(
        source="defendant.person_id", read_only=True, allow_null=True, help_text="Person id (null for a company)."
    )
    organization = serializers.IntegerField(
        source="defendant.organization_id", read_only=True, allow_null=True,
        help_text="Organization id when a company is the defendant.",
    )  # fmt: skip
    defendant_kind = serializers.CharField(source="defendant.kind", read_only=True, help_text="person or organization.")
    name = serializers.CharField(source="defendant.name", read_only=True, help_text="Defendant's name.")
    state = serializers.CharField(read_only=True, help_text="operative, superseded or vacated.")
    # Read-only model fields lose allow_blank in DRF; these may be empty, and the schema must say so.
    conviction_method = serializers.ChoiceField(
        choices=ConvictionMethod.choices, allow_blank=True, read_only=True, help_text="How the conviction came about."
    )
    discharge = serializers.ChoiceField(
        choices=Discharge.choices, allow_blank=True, read_only=True, help_text="Court-martial: punitive discharge."
    )
    disposition = serializers.CharField(
        source="defendant.disposition", read_only=True, help_text="Disposition of the defendant."
    )

    class Meta:
        model = Sentence
        fields = [
            "id", "case", "case_slug", "caption", "district", "country", "sector", "category", "defendant",
            "defendant_kind", "person", "organization", "name", "disposition", "state", *SENTENCE_FIELDS,
        ]  # fmt: skip
        read_only_fields = fields


class DefendantSerializer(ModelCleanMixin, serializers.ModelSerializer):
    """A defendant written on its own (person and case by id)."""

    class Meta:
        model = Defendant
        fields = [
            "id", "case", "person", "organization", "role", "age", "age_at", "motives", "recruitment",
            "insider_status", "disposition", "source",
        ]  # fmt: skip


class DefendantDetailSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="person or organization.")
    person = PersonBriefSerializer(read_only=True, allow_null=True, help_text="The person charged, or null.")
    organization = OrganizationBriefSerializer(
        read_only=True, allow_null=True, help_text="The organization charged, or null."
    )
    employments = EmploymentSerializer(many=True, read_only=True, help_text="Jobs that matter to the case.")
    charges = ChargeSerializer(many=True, read_only=True, help_text="The whole charge sheet, each count's fate.")
    sentence = serializers.SerializerMethodField(help_text="The operative sentence, or null.")
    sentences = SentenceSerializer(
        many=True, read_only=True, help_text="Every sentencing event, earlier and vacated ones included."
    )

    class Meta:
        model = Defendant
        fields = [
            "id", "kind", "person", "organization", "role", "age", "age_at", "motives", "recruitment",
            "insider_status", "disposition", "employments", "charges", "sentence", "sentences",
        ]  # fmt: skip

    @extend_schema_field(SentenceSerializer(allow_null=True))
    def get_sentence(self, defendant) -> dict | None:
        sentence = defendant.sentence
        return SentenceSerializer(sentence).data if sentence else None


# ---------------------------------------------------------------------------------------------- cases

CASE_FIELDS = [  # "version" is the case's ETag
    "id", "slug", "caption", "court_kind", "court_name", "court_state", "judge", "docket_number", "district",
    "category", "secondary_categories", "purpose", "status", "foreign_country", "sector", "activity_start",
    "activity_start_precision", "activity_end", "activity_end_precision", "entry_method", "curation_status",
    "published_at",
]  # fmt: skip


class CaseBriefSerializer(serializers.ModelSerializer):
    district = serializers.CharField(
        source="district.code", read_only=True, default=None, allow_null=True, help_text="District code."
    )
    foreign_country = CountryField(read_only=True, allow_blank=True, help_text="ISO 3166 code of the principal.")
    url = serializers.HyperlinkedIdentityField(view_name="api:case-detail")

    class Meta:
        model = Case
        fields = [
            "id", "url", "slug", "caption", "district", "category", "status", "foreign_country", "sector",
            "activity_start", "curation_status",
        ]  # fmt: skip


class CaseDetailSerializer(serializers.ModelSerializer):
    retraction = serializers.SerializerMethodField(help_text="For a retracted case: when and why; else null.")
    district = DistrictBriefSerializer(read_only=True, allow_null=True, help_text="District of the case.")
    foreign_country = CountryField(read_only=True, allow_blank=True, help_text="ISO 3166 code of the principal.")
    defendants = DefendantDetailSerializer(many=True, read_only=True, help_text="People charged in the case.")
    agencies = CaseAgencySerializer(
        source="agency_links", many=True, read_only=True, help_text="Foreign principals and US agencies."
    )
    sources = SourceSerializer(many=True, read_only=True, help_text="Where the facts come from.")
    events = CaseEventSerializer(many=True, read_only=True, help_text="The case's timeline.")

    class Meta:
        model = Case
        fields = [*CASE_FIELDS, "version", "retraction", "summary", "defendants", "agencies", "events", "sources"]

    @extend_schema_field(
        {"type": "object", "nullable": True, "properties": {"at": {"type": "string"}, "reason": {"type": "string"}}}
    )
    def get_retraction(self, case) -> dict | None:
        if case.curation_status != CurationStatus.RETRACTED:
            return None
        event = case.review_events.filter(action=ReviewAction.RETRACTED).first()
        return {"at": event.created_at.isoformat(), "reason": event.comment} if event else None


class CaseWriteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    """Writes a case's own fields; parts (defendants, charges, sentences, sources) have their own resources.
    The curation status is changed by the review workflow, not by writes."""

    foreign_country = CountryField(
        required=False, allow_blank=True, help_text="ISO 3166 code of the principal; empty when none."
    )

    class Meta:
        model = Case
        fields = [
            "id", "slug", "caption", "court_kind", "court_name", "court_state", "judge", "docket_number", "district",
            "category", "secondary_categories", "purpose", "status", "foreign_country", "sector", "activity_start",
            "activity_start_precision", "activity_end", "activity_end_precision", "summary", "entry_method",
            "curation_status",
        ]  # fmt: skip
        read_only_fields = ["curation_status"]


# ---------------------------------------------------------------------------------------------- curation


class ReviewStepSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="Comment (required to return a case) or reason (required to retract one).",
    )  # fmt: skip


class ReviewResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Case id.")
    curation_status = serializers.CharField(help_text="The case's curation status now.")
    version = serializers.IntegerField(help_text="The case's version now (its ETag).")


class RevertSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text="Restore the case and its parts as they were at this moment.")
    reason = serializers.CharField(help_text="Why; kept in the history.")


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Field changed.")
    old = serializers.CharField(help_text="Value before.")
    new = serializers.CharField(help_text="Value after.")


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text="When.")
    user = serializers.CharField(allow_null=True, help_text="Who (null for the data load).")
    reason = serializers.CharField(help_text="The reason given.")
    kind = serializers.CharField(help_text="created, changed or deleted.")
    model = serializers.CharField(help_text="What kind of record.")
    label = serializers.CharField(help_text="Which record.")
    changes = serializers.SerializerMethodField(help_text="Field by field: before and after.")

    @extend_schema_field(HistoryChangeSerializer(many=True))
    def get_changes(self, entry) -> list[dict]:
        return [{"field": f, "old": o, "new": n} for f, o, n in entry.changes]

    def to_representation(self, entry):
        data = super().to_representation(entry)
        data["user"] = str(entry.user) if entry.user else None
        return data
