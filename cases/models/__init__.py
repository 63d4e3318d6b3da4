"""Casebook's models, one module per area, re-exported here."""

from cases.models.agencies import Agency
from cases.models.cases import PUBLIC_STATUSES, Case, CaseAgency, CaseEvent
from cases.models.curation import ReviewEvent
from cases.models.legal import Charge, Defendant, Employment, Sentence
from cases.models.organizations import Organization
from cases.models.people import Person
from cases.models.reference import District, Statute, StatutoryPenalty
from cases.models.sources import Source

__all__ = [
    "Agency",
    "Case",
    "CaseAgency",
    "CaseEvent",
    "Charge",
    "Defendant",
    "District",
    "Employment",
    "Organization",
    "PUBLIC_STATUSES",
    "Person",
    "ReviewEvent",
    "Sentence",
    "Source",
    "Statute",
    "StatutoryPenalty",
]
