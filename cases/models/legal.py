"""The legal record of a person in a case: defendant facts, employment, charges and sentence."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cases.choices import (
    CONVICTED_DISPOSITIONS,
    AgeMeasuredAt,
    ChargeDisposition,
    ChargingInstrument,
    Clearance,
    ConvictionMethod,
    DatePrecision,
    DefendantDisposition,
    DefendantKind,
    DefendantRole,
    Discharge,
    FactBasis,
    InsiderStatus,
    Motive,
    Plea,
    Recruitment,
    SentenceKind,
    SentenceState,
)
from cases.models.base import ListOfValidator, TimeStampedModel, non_negative

MONEY = {"max_digits": 14, "decimal_places": 2}


def _check_own_source(instance, case_id):
    """A fact's own source must be one of the sources of the same case."""
    if instance.source_id and case_id and instance.source.case_id != case_id:
        raise ValidationError({"source": "Choose one of this case's sources."})


class Defendant(TimeStampedModel):
    """Who is in the dock in a case: a person or an organization (a company charged itself), never both,
    with the facts that belong to that case (role, age, motives, insider status, disposition)."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="defendants",
        verbose_name="case",
        help_text="The case.",
    )
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="defendants",
        verbose_name="person",
        help_text="The person charged (empty when an organization is the defendant).",
    )
    organization = models.ForeignKey(
        "cases.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prosecutions",
        verbose_name="organization",
        help_text="The company or other organization charged as a defendant (empty for a person).",
    )
    role = models.CharField(
        "role",
        max_length=32,
        choices=DefendantRole.choices,
        default=DefendantRole.PRIMARY,
        help_text="Role in the case: the primary defendant, a co-conspirator or an accomplice.",
    )
    age = models.PositiveSmallIntegerField(
        "age", null=True, blank=True, help_text="Age in years as the source gives it."
    )
    age_at = models.CharField(
        "age measured at",
        max_length=12,
        choices=AgeMeasuredAt.choices,
        blank=True,
        help_text="When the age was measured: at the conduct, the charge, the plea, the verdict or sentencing.",
    )
    motives = models.JSONField(
        "motives",
        default=list,
        blank=True,
        validators=[ListOfValidator(Motive.values)],
        help_text="Motives a source states (money, ideology, divided loyalty, ...), as a list of codes.",
    )
    recruitment = models.CharField(
        "recruitment",
        max_length=32,
        choices=Recruitment.choices,
        default=Recruitment.UNKNOWN,
        help_text="How the defendant came to act: volunteered, or was recruited and by whom.",
    )
    insider_status = models.CharField(
        "insider status",
        max_length=20,
        choices=InsiderStatus.choices,
        blank=True,
        help_text="The defendant's relation to the victim organization at the time of the conduct.",
    )
    disposition = models.CharField(
        "disposition",
        max_length=20,
        choices=DefendantDisposition.choices,
        default=DefendantDisposition.PENDING,
        help_text="How the case ended for this defendant so far.",
    )
    source = models.ForeignKey(
        "cases.Source",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="source",
        help_text="Source for these facts when it is not the case's main source.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "role", "person__family_name"]
        verbose_name = "defendant"
        verbose_name_plural = "defendants"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"],
                name="defendant_unique_person_per_case",
                violation_error_message="This person is already a defendant in the case.",
            ),
            models.UniqueConstraint(
                fields=["case", "organization"],
                name="defendant_unique_organization_per_case",
                violation_error_message="This organization is already a defendant in the case.",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, organization__isnull=True)
                | models.Q(person__isnull=True, organization__isnull=False),
                name="defendant_person_xor_organization",
                violation_error_message="A defendant is either a person or an organization: choose exactly one.",
            ),
            models.CheckConstraint(
                condition=models.Q(organization__isnull=True) | models.Q(age__isnull=True),
                name="defendant_organization_has_no_age",
                violation_error_message="An organization has no age.",
            ),
            models.CheckConstraint(
                condition=models.Q(age__isnull=True) | models.Q(age__gte=10, age__lte=110),
                name="defendant_age_plausible",
                violation_error_message="Age must be between 10 and 110.",
            ),
            models.CheckConstraint(
                condition=models.Q(age__isnull=True) | ~models.Q(age_at=""),
                name="defendant_age_has_moment",
                violation_error_message="Say when the age was measured.",
            ),
        ]

    def __str__(self):
        return f"{self.party} in {self.case}"

    @property
    def kind(self) -> str:
        return DefendantKind.ORGANIZATION if self.organization_id else DefendantKind.PERSON

    @property
    def party(self):
        """The person or the organization in the dock."""
        return self.organization if self.organization_id else self.person

    @property
    def name(self) -> str:
        party = self.party
        return "" if party is None else str(party)

    @property
    def sentence(self):
        """The operative sentencing event (None when there is none: not sentenced, or every one vacated).
        Reads prefetched `sentences` when they are."""
        for sentence in self.sentences.all():
            if sentence.is_operative:
                return sentence
        return None

    def clean(self):
        errors = {}
        if bool(self.person_id) == bool(self.organization_id):
            errors["person"] = "Choose the person or the organization charged (exactly one)."
        if self.organization_id and self.age is not None:
            errors["age"] = "An organization has no age."
        if errors:
            raise ValidationError(errors)
        _check_own_source(self, self.case_id)


class Employment(models.Model):
    """A defendant's job at an organization that matters to the case."""

    defendant = models.ForeignKey(
        Defendant,
        on_delete=models.CASCADE,
        related_name="employments",
        verbose_name="defendant",
        help_text="The defendant who held the job.",
    )
    organization = models.ForeignKey(
        "cases.Organization",
        on_delete=models.PROTECT,
        related_name="employments",
        verbose_name="organization",
        help_text="The employer.",
    )
    title = models.CharField("job title", max_length=200, blank=True, help_text="Position or job title.")
    is_technical = models.BooleanField(
        "technical role", null=True, blank=True, help_text="Whether the job was technical (engineer, IT, scientist)."
    )
    clearance = models.CharField(
        "clearance",
        max_length=16,
        choices=Clearance.choices,
        default=Clearance.UNKNOWN,
        help_text="Highest security clearance held in the job.",
    )
    start_date = models.DateField("start", null=True, blank=True, help_text="When the job began.")
    start_precision = models.CharField(
        "start precision",
        max_length=12,
        choices=DatePrecision.choices,
        blank=True,
        help_text="How precisely the start is known.",
    )
    end_date = models.DateField("end", null=True, blank=True, help_text="When the job ended.")
    end_precision = models.CharField(
        "end precision",
        max_length=12,
        choices=DatePrecision.choices,
        blank=True,
        help_text="How precisely the end is known.",
    )
    employer_was_victim = models.BooleanField(
        "employer was a victim", default=False, help_text="The employer was harmed by the conduct."
    )
    source = models.ForeignKey(
        "cases.Source",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="source",
        help_text="Source naming this employer when it is not the case's main source (DOJ often anonymizes employers).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["defendant", "start_date"]
        verbose_name = "employment"
        verbose_name_plural = "employments"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="employment_period_ordered",
                violation_error_message="The job cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.defendant.person} at {self.organization}"

    def clean(self):
        _check_own_source(self, self.defendant.case_id if self.defendant_id else None)


class Charge(models.Model):
    """A charge against a defendant under one statute, with its counts and how it ended."""

    defendant = models.ForeignKey(
        Defendant,
        on_delete=models.CASCADE,
        related_name="charges",
        verbose_name="defendant",
        help_text="The defendant charged.",
    )
    statute = models.ForeignKey(
        "cases.Statute",
        on_delete=models.PROTECT,
        related_name="charges",
        verbose_name="statute",
        help_text="The statute the charge is brought under.",
    )
    statute_basis = models.CharField(
        "statute known as",
        max_length=10,
        choices=FactBasis.choices,
        default=FactBasis.STATED,
        help_text="Stated: a source prints the citation. Inferred: the analyst read it from a described offence "
        "('conspiracy to commit wire fraud').",
    )
    subsection = models.CharField("subsection", max_length=40, blank=True, help_text="Subsection, such as '(a)(5)'.")
    counts = models.PositiveSmallIntegerField(
        "counts", default=1, help_text="Number of counts under this statute that share this fate."
    )
    count_numbers = models.CharField(
        "count numbers",
        max_length=200,
        blank=True,
        help_text="The counts' numbers when a source gives them ('1-3, 7').",
    )
    is_conspiracy = models.BooleanField("conspiracy", default=False, help_text="The charge is a conspiracy.")
    is_attempt = models.BooleanField("attempt", default=False, help_text="The charge is an attempt.")
    object_statute = models.ForeignKey(
        "cases.Statute",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="object_of_charges",
        verbose_name="object offence",
        help_text="For a conspiracy under a general conspiracy statute (18 U.S.C. 371): the offence conspired to.",
    )
    object_basis = models.CharField(
        "object offence known as",
        max_length=10,
        choices=FactBasis.choices,
        blank=True,
        help_text="For an object offence: whether a source prints it (stated) or it was read from the offence "
        "described (inferred).",
    )
    instrument = models.CharField(
        "charging instrument",
        max_length=24,
        choices=ChargingInstrument.choices,
        default=ChargingInstrument.INDICTMENT,
        help_text="The document that brought the charge.",
    )
    plea = models.CharField(
        "plea", max_length=16, choices=Plea.choices, default=Plea.NONE, help_text="The defendant's plea."
    )
    disposition = models.CharField(
        "disposition",
        max_length=20,
        choices=ChargeDisposition.choices,
        default=ChargeDisposition.PENDING,
        help_text="How the charge ended.",
    )
    disposition_basis = models.CharField(
        "fate known as",
        max_length=10,
        choices=FactBasis.choices,
        default=FactBasis.STATED,
        help_text="Whether a source states this fate, or it was inferred (the 'remaining counts' dismissed "
        "under a plea agreement).",
    )
    is_conviction = models.BooleanField(
        "count of conviction", default=False, help_text="The defendant stands convicted on this charge."
    )
    source = models.ForeignKey(
        "cases.Source",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="source",
        help_text="Source for this charge when it is not the case's main source.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["defendant", "statute"]
        verbose_name = "charge"
        verbose_name_plural = "charges"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(counts__gte=1),
                name="charge_counts_positive",
                violation_error_message="A charge has at least one count.",
            ),
            models.CheckConstraint(
                condition=models.Q(object_statute__isnull=True) | models.Q(is_conspiracy=True),
                name="charge_object_only_for_conspiracy",
                violation_error_message="Only a conspiracy has an object offence.",
            ),
            models.CheckConstraint(
                condition=models.Q(is_conviction=False)
                | models.Q(disposition__in=sorted(d.value for d in CONVICTED_DISPOSITIONS)),
                name="charge_conviction_matches_disposition",
                violation_error_message="A count of conviction must have a disposition of conviction.",
            ),
            models.CheckConstraint(
                condition=models.Q(object_statute__isnull=True) | ~models.Q(object_statute=models.F("statute")),
                name="charge_object_differs",
                violation_error_message="The object offence must differ from the conspiracy statute: a conspiracy "
                "under the statute's own conspiracy clause (794(c), 1832(a)(5)) has no object offence.",
            ),
        ]

    def __str__(self):
        label = self.statute.citation + self.subsection
        if self.object_statute_id:
            label += f" (object: {self.object_statute.citation})"
        return label

    def clean(self):
        errors = {}
        if self.object_statute_id and not self.is_conspiracy:
            errors["object_statute"] = "Only a conspiracy has an object offence; tick 'conspiracy' or clear it."
        if self.is_conviction and self.disposition not in CONVICTED_DISPOSITIONS:
            errors["is_conviction"] = "A count of conviction needs a disposition of conviction by plea or at trial."
        if self.object_statute_id and self.object_statute_id == self.statute_id:
            errors["object_statute"] = (
                "The object offence must differ from the conspiracy statute: a conspiracy under the statute's own "
                "conspiracy clause (794(c), 1832(a)(5)) has no object offence; leave it empty."
            )
        if errors:
            raise ValidationError(errors)
        _check_own_source(self, self.defendant.case_id if self.defendant_id else None)


class Sentence(TimeStampedModel):
    """A sentencing event of one defendant in one case: the original judgment or a later resentencing,
    reduction or commutation. Exactly one event per defendant is operative (in force) unless every one was
    vacated; statistics use the operative one. Life, death and time served are flags, never numbers of
    months (time served keeps its length beside the flag)."""

    defendant = models.ForeignKey(
        Defendant,
        on_delete=models.CASCADE,
        related_name="sentences",
        verbose_name="defendant",
        help_text="The defendant sentenced.",
    )
    kind = models.CharField(
        "kind",
        max_length=16,
        choices=SentenceKind.choices,
        default=SentenceKind.ORIGINAL,
        help_text="The original sentence, or a resentencing, reduction or commutation of it.",
    )
    is_operative = models.BooleanField(
        "operative",
        default=True,
        help_text="This is the sentence in force now (one per defendant). A superseded or vacated event is not.",
    )
    is_vacated = models.BooleanField(
        "vacated",
        default=False,
        help_text="Set aside (conviction reversed or sentence vacated): kept for the record, never counted.",
    )
    vacated_on = models.DateField("vacated on", null=True, blank=True, help_text="When it was set aside.")
    vacated_reason = models.TextField(
        "why vacated", blank=True, help_text="Why it was set aside, in the analyst's words (appeal, new trial, ...)."
    )
    sentenced_on = models.DateField(
        "sentenced on",
        null=True,
        blank=True,
        help_text="Date of sentencing (the first day of the month or year when known only to that precision).",
    )
    sentenced_on_precision = models.CharField(
        "sentencing date precision",
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How precisely the sentencing date is known: the day, the month or the year.",
    )
    judge = models.CharField("judge", max_length=200, blank=True, help_text="Name of the sentencing judge.")
    prison_months = models.DecimalField(
        "prison (months)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Prison term in months; decimals allowed (a year and a day is 12.03). Empty for life, "
        "time served or no prison.",
    )
    is_life = models.BooleanField("life", default=False, help_text="Sentenced to life in prison.")
    is_death = models.BooleanField("death", default=False, help_text="Sentenced to death.")
    is_time_served = models.BooleanField(
        "time served", default=False, help_text="Sentenced to the time already served before sentencing."
    )
    time_served_months = models.DecimalField(
        "time served (months)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="With time served: how long that was, in months, when a source says (2 days = 0.07).",
    )
    probation_months = models.DecimalField(
        "probation (months)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Term of probation in months.",
    )
    supervised_release_months = models.DecimalField(
        "supervised release (months)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Term of supervised release in months.",
    )
    supervised_release_life = models.BooleanField(
        "supervised release for life", default=False, help_text="Supervised release for life."
    )
    home_confinement_months = models.DecimalField(
        "home confinement (months)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Home confinement in months.",
    )
    fine = models.DecimalField("fine (USD)", null=True, blank=True, help_text="Fine in USD.", **MONEY)
    restitution = models.DecimalField(
        "restitution (USD)", null=True, blank=True, help_text="Restitution ordered, in USD.", **MONEY
    )
    forfeiture = models.DecimalField(
        "forfeiture (USD)", null=True, blank=True, help_text="Money judgment or value forfeited, in USD.", **MONEY
    )
    special_assessment = models.DecimalField(
        "special assessment (USD)", null=True, blank=True, help_text="Special assessment in USD.", **MONEY
    )
    community_service_hours = models.PositiveIntegerField(
        "community service (hours)", null=True, blank=True, help_text="Hours of community service ordered."
    )
    discharge = models.CharField(
        "punitive discharge",
        max_length=16,
        choices=Discharge.choices,
        blank=True,
        help_text="Court-martial: dishonorable or bad-conduct discharge, or dismissal of an officer.",
    )
    reduction_to_grade = models.CharField(
        "reduced to grade", max_length=12, blank=True, help_text="Court-martial: the grade reduced to, such as E-1."
    )
    forfeiture_of_pay = models.BooleanField(
        "forfeiture of pay", default=False, help_text="Court-martial: forfeiture of all pay and allowances."
    )
    conditions = models.TextField(
        "other conditions", blank=True, help_text="Other conditions imposed, in the analyst's words."
    )
    conviction_method = models.CharField(
        "conviction method",
        max_length=20,
        choices=ConvictionMethod.choices,
        blank=True,
        help_text="How the conviction came about: plea, nolo contendere, jury or bench trial.",
    )
    raw_text = models.TextField(
        "sentence as stated", blank=True, help_text="The sentence as the analyst read it, in brief."
    )
    above_maximum_reason = models.TextField(
        "reason for a term above the maximum",
        blank=True,
        help_text="Why the prison term exceeds the statutory maxima of the counts of conviction "
        "(e.g. a guideline error corrected on appeal, or maxima not recorded). Required to publish such a term.",
    )
    source = models.ForeignKey(
        "cases.Source",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="source",
        help_text="Source for the sentence when it is not the case's main source.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sentenced_on"]
        verbose_name = "sentence"
        verbose_name_plural = "sentences"
        indexes = [models.Index(fields=["sentenced_on"], name="sentence_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["defendant"],
                condition=models.Q(is_operative=True),
                name="sentence_one_operative_per_defendant",
                violation_error_message="A defendant has one operative sentence: mark the earlier one superseded.",
            ),
            models.CheckConstraint(
                condition=~models.Q(is_operative=True, is_vacated=True),
                name="sentence_vacated_not_operative",
                violation_error_message="A vacated sentence is not operative.",
            ),
            models.CheckConstraint(
                condition=models.Q(is_time_served=True) | models.Q(time_served_months__isnull=True),
                name="sentence_time_served_length_needs_flag",
                violation_error_message="A length of time served goes with the time-served flag.",
            ),
            non_negative("time_served_months", "sentence_time_served_non_negative"),
            non_negative("prison_months", "sentence_prison_non_negative"),
            non_negative("probation_months", "sentence_probation_non_negative"),
            non_negative("supervised_release_months", "sentence_release_non_negative"),
            non_negative("home_confinement_months", "sentence_home_non_negative"),
            non_negative("fine", "sentence_fine_non_negative"),
            non_negative("restitution", "sentence_restitution_non_negative"),
            non_negative("forfeiture", "sentence_forfeiture_non_negative"),
            non_negative("special_assessment", "sentence_assessment_non_negative"),
            models.CheckConstraint(
                condition=models.Q(is_life=False, is_death=False, is_time_served=False)
                | models.Q(prison_months__isnull=True),
                name="sentence_flag_excludes_months",
                violation_error_message="Life, death and time served are flags: leave the prison months empty.",
            ),
            models.CheckConstraint(
                condition=~models.Q(is_life=True, is_time_served=True) & ~models.Q(is_death=True, is_time_served=True),
                name="sentence_flags_exclusive",
                violation_error_message="A sentence cannot be both life (or death) and time served.",
            ),
            models.CheckConstraint(
                condition=models.Q(supervised_release_life=False) | models.Q(supervised_release_months__isnull=True),
                name="sentence_release_life_excludes_months",
                violation_error_message="Supervised release for life is a flag: leave its months empty.",
            ),
        ]

    def __str__(self):
        return f"Sentence of {self.defendant.party}: {self.prison_label}"

    @property
    def state(self) -> str:
        if self.is_vacated:
            return SentenceState.VACATED
        return SentenceState.OPERATIVE if self.is_operative else SentenceState.SUPERSEDED

    @property
    def prison_label(self) -> str:
        if self.is_death:
            return "death"
        if self.is_life:
            return "life"
        if self.is_time_served:
            if self.time_served_months is not None:
                return f"time served ({self.time_served_months.normalize():f} months)"
            return "time served"
        if self.prison_months is None:
            return "no prison"
        return f"{self.prison_months.normalize():f} months"

    @property
    def is_probation_only(self) -> bool:
        return (
            not (self.is_life or self.is_death or self.is_time_served)
            and not self.prison_months
            and bool(self.probation_months)
        )

    def clean(self):
        if (self.is_life or self.is_death or self.is_time_served) and self.prison_months is not None:
            raise ValidationError(
                {"prison_months": "Life, death and time served are flags: leave the prison months empty."}
            )
        if self.is_time_served and (self.is_life or self.is_death):
            raise ValidationError({"is_time_served": "A sentence cannot be both life (or death) and time served."})
        if self.supervised_release_life and self.supervised_release_months is not None:
            raise ValidationError(
                {"supervised_release_months": "Supervised release for life is a flag: leave its months empty."}
            )
        if self.prison_months is not None and self.prison_months > Decimal("9999"):
            raise ValidationError({"prison_months": "Enter a term in months below 10,000."})
        if self.is_operative and self.is_vacated:
            raise ValidationError({"is_operative": "A vacated sentence is not operative."})
        if self.time_served_months is not None and not self.is_time_served:
            raise ValidationError({"time_served_months": "Give the length of time served only with time served."})
        if self.defendant_id and self.defendant.organization_id:
            custodial = {
                "prison_months": self.prison_months is not None, "is_life": self.is_life,
                "is_death": self.is_death, "is_time_served": self.is_time_served,
                "supervised_release_months": self.supervised_release_months is not None,
                "home_confinement_months": self.home_confinement_months is not None,
            }  # fmt: skip
            wrong = [name for name, present in custodial.items() if present]
            if wrong:
                raise ValidationError(
                    dict.fromkeys(wrong, "An organization is fined or put on probation, never imprisoned.")
                )
        if self.is_operative and self.defendant_id:
            others = Sentence.objects.filter(defendant_id=self.defendant_id, is_operative=True).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {"is_operative": "This defendant already has an operative sentence: mark it superseded first."}
                )
        _check_own_source(self, self.defendant.case_id if self.defendant_id else None)
