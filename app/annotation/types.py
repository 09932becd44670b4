"""Plain data records produced by the annotator (no web or database types)."""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]  # [start, end) Python str offsets into the text passed in

# Enum values, in the order of ANNOTATION.md.
ACTOR_KINDS = ("country", "government_body", "person", "igo", "ngo", "court", "organization", "group")
EVENT_TYPES = (
    "talks",
    "agreement",
    "agreement_ended",
    "request",
    "policy_change",
    "removal",
    "ruling",
    "criticism",
    "support",
    "aid",
    "protest",
)
POLICY_AREAS = (
    "third_country_transfer",
    "deportation",
    "asylum",
    "border_control",
    "detention",
    "resettlement",
    "legal_migration",
    "other",
)
ROLES = ("actor", "recipient")
DATE_PRECISIONS = ("day", "month", "year", "publication")
STATEMENT_KINDS = ("quote", "paraphrase")


@dataclass
class ActorAnn:
    key: str
    kind: str
    name: str
    country: str | None
    title: str | None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)


@dataclass
class ParticipantAnn:
    actor: str
    role: str


@dataclass
class EventAnn:
    type: str
    policy_area: str
    participants: list[ParticipantAnn]
    countries: list[str]
    date: str | None
    date_precision: str
    people_count: int | None
    summary: str
    evidence: Span
    confidence: float
    background: bool = False


@dataclass
class StatementAnn:
    speaker: str | None
    kind: str
    verb: str
    text: str
    span: Span
    event: int | None
    confidence: float


@dataclass
class Annotation:
    actors: list[ActorAnn]
    events: list[EventAnn]
    statements: list[StatementAnn]
    annotator: str
    annotator_version: str
