"""The annotation contract's vocabulary (shared/ANNOTATION.md), defined once.

The engine emits these values; the API, the database and the OpenAPI schema
import the same enums, so the contract cannot drift between them.
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
