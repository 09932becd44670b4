"""Plain data records produced by the annotator (no web or database types)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .vocabulary import ActorKind, DatePrecision, EventType, PolicyArea, Role, StatementKind

Span = tuple[int, int]  # [start, end) Python str offsets into the text passed in

# Enum values, in the order of ANNOTATION.md, as plain strings for the rules.
ACTOR_KINDS = tuple(k.value for k in ActorKind)
EVENT_TYPES = tuple(k.value for k in EventType)
POLICY_AREAS = tuple(k.value for k in PolicyArea)
ROLES = tuple(k.value for k in Role)
DATE_PRECISIONS = tuple(k.value for k in DatePrecision)
STATEMENT_KINDS = tuple(k.value for k in StatementKind)


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
