"""Controlled vocabularies of Casebook. Code and tests use these constants, never string literals."""

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Exact day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    APPROXIMATE = "approximate", "Approximate"


class CaseCategory(models.TextChoices):
    NATIONAL_SECURITY_ESPIONAGE = "national_security_espionage", "National-security espionage"
    UNAUTHORIZED_DISCLOSURE = "unauthorized_disclosure", "Unauthorized disclosure"
    AGENT_OF_FOREIGN_GOVERNMENT = "agent_of_foreign_government", "Agent of a foreign government"
    ECONOMIC_ESPIONAGE = "economic_espionage", "Economic espionage"
    TRADE_SECRET_THEFT = "trade_secret_theft", "Theft of trade secrets"
    EXPORT_CONTROL = "export_control", "Export control"
    IT_SABOTAGE = "it_sabotage", "IT sabotage"
    FRAUD = "fraud", "Fraud"
    UNINTENTIONAL = "unintentional", "Unintentional"
    OTHER = "other", "Other"


class Purpose(models.TextChoices):
    """Purpose of the activity, as in CSIS's survey of Chinese espionage."""

    MILITARY = "military", "Military"
    POLITICAL = "political", "Political"
    COMMERCIAL = "commercial", "Commercial"
    COVERT_INFLUENCE = "covert_influence", "Covert influence"


class CaseStatus(models.TextChoices):
    INVESTIGATION = "investigation", "Under investigation"
    CHARGED = "charged", "Charged"
    CONVICTED = "convicted", "Convicted"
    SENTENCED = "sentenced", "Sentenced"
    ACQUITTED = "acquitted", "Acquitted"
    DISMISSED = "dismissed", "Dismissed"
    ON_APPEAL = "on_appeal", "On appeal"
    CLOSED = "closed", "Closed"


class CurationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for review"
    PUBLISHED = "published", "Published"
    RETURNED = "returned", "Returned to the analyst"
    RETRACTED = "retracted", "Retracted"
    CORRECTED = "corrected", "Correction started"


class Sector(models.TextChoices):
    """The 16 US critical-infrastructure sectors, plus academia and research."""

    CHEMICAL = "chemical", "Chemical"
    COMMERCIAL_FACILITIES = "commercial_facilities", "Commercial Facilities"
    COMMUNICATIONS = "communications", "Communications"
    CRITICAL_MANUFACTURING = "critical_manufacturing", "Critical Manufacturing"
    DAMS = "dams", "Dams"
    DEFENSE_INDUSTRIAL_BASE = "defense_industrial_base", "Defense Industrial Base"
    EMERGENCY_SERVICES = "emergency_services", "Emergency Services"
    ENERGY = "energy", "Energy"
    FINANCIAL_SERVICES = "financial_services", "Financial Services"
    FOOD_AGRICULTURE = "food_agriculture", "Food and Agriculture"
    GOVERNMENT = "government", "Government Services and Facilities"
    HEALTHCARE = "healthcare", "Healthcare and Public Health"
    INFORMATION_TECHNOLOGY = "information_technology", "Information Technology"
    NUCLEAR = "nuclear", "Nuclear Reactors, Materials and Waste"
    TRANSPORTATION = "transportation", "Transportation Systems"
    WATER = "water", "Water and Wastewater"
    ACADEMIA_RESEARCH = "academia_research", "Academia and Research"


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    UNKNOWN = "unknown", "Unknown"


class CitizenshipStatus(models.TextChoices):
    US_BORN = "us_born", "US-born citizen"
    NATURALIZED = "naturalized", "Naturalized citizen"
    PERMANENT_RESIDENT = "permanent_resident", "Lawful permanent resident"
    NON_IMMIGRANT = "non_immigrant", "Non-immigrant visa holder"
    FOREIGN_NATIONAL_ABROAD = "foreign_national_abroad", "Foreign national abroad"
    UNKNOWN = "unknown", "Unknown"


class DefendantRole(models.TextChoices):
    PRIMARY = "primary", "Primary"
    CO_CONSPIRATOR = "co_conspirator", "Co-conspirator"
    ACCOMPLICE = "accomplice", "Accomplice"
    UNCHARGED_CO_CONSPIRATOR = "uncharged_co_conspirator", "Uncharged co-conspirator"


class DefendantKind(models.TextChoices):
    """Who is in the dock: an individual or an organization (a company, a state-owned enterprise)."""

    PERSON = "person", "Individual"
    ORGANIZATION = "organization", "Organization"


class AgeMeasuredAt(models.TextChoices):
    EVENT = "event", "At the time of the conduct"
    CHARGE = "charge", "When charged"
    PLEA = "plea", "At the plea"
    VERDICT = "verdict", "At the verdict"
    SENTENCING = "sentencing", "At sentencing"
    RESENTENCING = "resentencing", "At resentencing"


class Motive(models.TextChoices):
    MONEY = "money", "Money"
    IDEOLOGY = "ideology", "Ideology"
    DIVIDED_LOYALTY = "divided_loyalty", "Divided loyalty"
    DISGRUNTLEMENT = "disgruntlement", "Disgruntlement"
    COERCION = "coercion", "Coercion"
    RECOGNITION = "recognition", "Recognition or ego"
    NEW_EMPLOYER = "new_employer", "Benefit to a new employer or venture"
    OTHER = "other", "Other"


class Recruitment(models.TextChoices):
    VOLUNTEER = "volunteer", "Volunteer"
    RECRUITED_FOREIGN_SERVICE = "recruited_foreign_service", "Recruited by a foreign service"
    RECRUITED_FAMILY_FRIENDS = "recruited_family_friends", "Recruited by family or friends"
    UNKNOWN = "unknown", "Unknown"


class InsiderStatus(models.TextChoices):
    CURRENT_EMPLOYEE = "current_employee", "Current employee"
    FORMER_EMPLOYEE = "former_employee", "Former employee"
    CONTRACTOR = "contractor", "Contractor"
    BUSINESS_PARTNER = "business_partner", "Business partner"
    OUTSIDER = "outsider", "Outsider"


class DefendantDisposition(models.TextChoices):
    PENDING = "pending", "Pending"
    CONVICTED_PLEA = "convicted_plea", "Convicted by plea"
    CONVICTED_TRIAL = "convicted_trial", "Convicted at trial"
    ACQUITTED = "acquitted", "Acquitted"
    DISMISSED = "dismissed", "Dismissed"
    MISTRIAL = "mistrial", "Mistrial (hung jury)"
    REVERSED = "reversed", "Conviction reversed on appeal"
    FUGITIVE = "fugitive", "Fugitive (charged, never arrested)"
    DECEASED = "deceased", "Died before judgment"
    UNCHARGED = "uncharged", "Not charged (unindicted co-conspirator)"


class OrganizationKind(models.TextChoices):
    COMPANY = "company", "Company"
    GOVERNMENT_AGENCY = "government_agency", "Government agency"
    MILITARY = "military", "Military"
    ACADEMIC = "academic", "Academic or research institution"
    NGO = "ngo", "Non-governmental organization"
    DEFENSE_CONTRACTOR = "defense_contractor", "Defense contractor"
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise", "State-owned enterprise"
    OTHER = "other", "Other"


class Clearance(models.TextChoices):
    NONE = "none", "None"
    CONFIDENTIAL = "confidential", "Confidential"
    SECRET = "secret", "Secret"
    TOP_SECRET = "top_secret", "Top Secret"
    TS_SCI = "ts_sci", "Top Secret/SCI"
    DOE_Q = "doe_q", "DOE Q"
    DOE_L = "doe_l", "DOE L"
    UNKNOWN = "unknown", "Unknown"


class AgencySide(models.TextChoices):
    FOREIGN = "foreign", "Foreign principal"
    US = "us", "US agency"


class AgencyKind(models.TextChoices):
    INTELLIGENCE_SERVICE = "intelligence_service", "Intelligence service"
    SECURITY_SERVICE = "security_service", "Security service"
    MILITARY = "military", "Military"
    MILITARY_UNIT = "military_unit", "Military unit"
    GOVERNMENT = "government", "Government or ministry"
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise", "State-owned enterprise"
    TALENT_PROGRAM = "talent_program", "Talent program"
    PARTY_ORGAN = "party_organ", "Party organ"
    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement"
    COUNTERINTELLIGENCE = "counterintelligence", "Counterintelligence or intelligence agency"
    PROSECUTOR = "prosecutor", "Prosecutor"
    REGULATOR = "regulator", "Regulator"


class AgencyRelation(models.TextChoices):
    DIRECTED_BY = "directed_by", "Directed by"
    RECIPIENT = "recipient", "Recipient"
    INTENDED_RECIPIENT = "intended_recipient", "Intended recipient"
    BENEFICIARY = "beneficiary", "Beneficiary"
    INVESTIGATED = "investigated", "Investigated"
    PROSECUTED = "prosecuted", "Prosecuted"


FOREIGN_RELATIONS = frozenset(
    {
        AgencyRelation.DIRECTED_BY,
        AgencyRelation.RECIPIENT,
        AgencyRelation.INTENDED_RECIPIENT,
        AgencyRelation.BENEFICIARY,
    }
)
US_RELATIONS = frozenset({AgencyRelation.INVESTIGATED, AgencyRelation.PROSECUTED})


class StatuteJurisdiction(models.TextChoices):
    FEDERAL = "federal", "United States Code"
    MILITARY = "military", "Uniform Code of Military Justice"
    STATE = "state", "State code"


class FineRule(models.TextChoices):
    FIXED = "fixed", "Fixed maximum"
    TITLE_18_3571 = "title_18_3571", "Fine under title 18 (18 U.S.C. 3571)"
    GREATER_OF_FIXED_OR_TWICE = "greater_of_fixed_or_twice", "Fixed amount or twice the value, whichever is greater"
    MINIMUM = "minimum", "Minimum fine"


class ChargingInstrument(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    INDICTMENT = "indictment", "Indictment"
    SUPERSEDING_INDICTMENT = "superseding_indictment", "Superseding indictment"
    INFORMATION = "information", "Information"
    CHARGE_SHEET = "charge_sheet", "Charge sheet (court-martial)"
    STATE_COMPLAINT = "state_complaint", "State complaint or information"


class Plea(models.TextChoices):
    GUILTY = "guilty", "Guilty"
    NOT_GUILTY = "not_guilty", "Not guilty"
    NOLO_CONTENDERE = "nolo_contendere", "Nolo contendere"
    NONE = "none", "No plea entered"


class ChargeDisposition(models.TextChoices):
    PENDING = "pending", "Pending"
    CONVICTED_PLEA = "convicted_plea", "Convicted by plea"
    CONVICTED_TRIAL = "convicted_trial", "Convicted at trial"
    ACQUITTED = "acquitted", "Acquitted"
    DISMISSED = "dismissed", "Dismissed"
    HUNG = "hung", "Hung jury / mistrial"
    FUGITIVE = "fugitive", "Defendant a fugitive"
    REVERSED = "reversed", "Conviction reversed on appeal"


class FactBasis(models.TextChoices):
    """How a fact is known: printed in a source, or read by the analyst from a description."""

    STATED = "stated", "Stated"  # a source prints it
    INFERRED = "inferred", "Inferred"  # read by the analyst from a described offence or event


CONVICTED_DISPOSITIONS = frozenset({ChargeDisposition.CONVICTED_PLEA, ChargeDisposition.CONVICTED_TRIAL})


class ConvictionMethod(models.TextChoices):
    PLEA = "plea", "Guilty plea"
    NOLO_CONTENDERE = "nolo_contendere", "Nolo contendere"
    JURY_TRIAL = "jury_trial", "Jury trial"
    BENCH_TRIAL = "bench_trial", "Bench trial"
    COURT_MARTIAL = "court_martial", "Court-martial"


class SentenceKind(models.TextChoices):
    """What kind of sentencing event: the first judgment, or a later change to it."""

    ORIGINAL = "original", "Original sentence"
    RESENTENCING = "resentencing", "Resentencing"
    REDUCTION = "reduction", "Reduction (Rule 35, compassionate release, ...)"
    COMMUTATION = "commutation", "Commutation"


class SentenceState(models.TextChoices):
    """Where a sentencing event stands now; only operative events enter statistics."""

    OPERATIVE = "operative", "Operative (in force)"
    SUPERSEDED = "superseded", "Superseded by a later event"
    VACATED = "vacated", "Vacated (set aside)"


class Discharge(models.TextChoices):
    """Punitive separation adjudged by a court-martial."""

    DISHONORABLE = "dishonorable", "Dishonorable discharge"
    BAD_CONDUCT = "bad_conduct", "Bad-conduct discharge"
    DISMISSAL = "dismissal", "Dismissal (officers)"


class CaseEventKind(models.TextChoices):
    ARREST = "arrest", "Arrest"
    CHARGE = "charge", "Charged"
    PLEA = "plea", "Plea"
    VERDICT = "verdict", "Verdict"
    SENTENCING = "sentencing", "Sentencing"
    APPEAL = "appeal", "Appeal"
    RESENTENCING = "resentencing", "Resentencing"
    REDUCTION = "reduction", "Sentence reduced"
    COMMUTATION = "commutation", "Commutation"
    PARDON = "pardon", "Pardon"
    DISMISSAL = "dismissal", "Dismissal"
    OTHER = "other", "Other"


class CourtKind(models.TextChoices):
    FEDERAL_DISTRICT = "federal_district", "US district court"
    COURT_MARTIAL = "court_martial", "Court-martial"
    STATE = "state", "State court"
    OTHER = "other", "Other court"


class SourceGrade(models.TextChoices):
    """How much a source weighs."""

    PRIMARY = "primary", "Primary"  # DOJ, a US Attorney's Office, a court record, a military service
    SECONDARY = "secondary", "Secondary"  # established news
    TERTIARY = "tertiary", "Tertiary"  # blog, aggregator, forum, reprint of unknown fidelity


class EntryMethod(models.TextChoices):
    INTAKE_CORRECTED = "intake_corrected", "Drafted by the release intake, corrected by hand"
    MANUAL = "manual", "Entered by hand"
    UNKNOWN = "unknown", "Unknown"


class Publisher(models.TextChoices):
    DOJ_OPA = "doj_opa", "DOJ Office of Public Affairs"
    USAO = "usao", "U.S. Attorney's Office"
    COURT = "court", "Court record"
    MILITARY = "military", "Military service"
    NEWS = "news", "News report"
    GOVERNMENT_OTHER = "government_other", "Other government publication"
    OTHER = "other", "Other"


class SourceStage(models.TextChoices):
    CHARGE = "charge", "Charge"
    PLEA = "plea", "Plea"
    VERDICT = "verdict", "Verdict"
    SENTENCING = "sentencing", "Sentencing"
    APPEAL = "appeal", "Appeal"
    OTHER = "other", "Other"
