"""Enumerations of the annotation contract (shared/ANNOTATION.md).

These are the API's and the database's vocabulary. tests/test_vocabulary.py
checks they equal the annotator's own tuples, so the two cannot drift.
"""

from enum import StrEnum


class ActorKind(StrEnum):
    country = "country"
    government_body = "government_body"
    person = "person"
    igo = "igo"
    ngo = "ngo"
    court = "court"
    organization = "organization"
    group = "group"


class EventType(StrEnum):
    talks = "talks"
    agreement = "agreement"
    agreement_ended = "agreement_ended"
    request = "request"
    policy_change = "policy_change"
    removal = "removal"
    ruling = "ruling"
    criticism = "criticism"
    support = "support"
    aid = "aid"
    protest = "protest"


class PolicyArea(StrEnum):
    third_country_transfer = "third_country_transfer"
    deportation = "deportation"
    asylum = "asylum"
    border_control = "border_control"
    detention = "detention"
    resettlement = "resettlement"
    legal_migration = "legal_migration"
    other = "other"


class Role(StrEnum):
    actor = "actor"
    recipient = "recipient"


class DatePrecision(StrEnum):
    day = "day"
    month = "month"
    year = "year"
    publication = "publication"


class StatementKind(StrEnum):
    quote = "quote"
    paraphrase = "paraphrase"


class ReviewState(StrEnum):
    machine = "machine"
    confirmed = "confirmed"
    corrected = "corrected"
    rejected = "rejected"


class AnnotatorKind(StrEnum):
    machine = "machine"
    person = "person"
