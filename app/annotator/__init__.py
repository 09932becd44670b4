"""Pure migration-policy annotator: text + metadata in, Annotation out.

Imports nothing from the web or database layers; see ANNOTATION.md for the
contract.
"""

from .gold import to_gold_dict, validate
from .nlp import load
from .pipeline import ANNOTATOR_NAME, ANNOTATOR_VERSION, annotate, annotate_many
from .types import (
    ACTOR_KINDS,
    DATE_PRECISIONS,
    EVENT_TYPES,
    POLICY_AREAS,
    ROLES,
    STATEMENT_KINDS,
    ActorAnn,
    Annotation,
    EventAnn,
    ParticipantAnn,
    Span,
    StatementAnn,
)

__all__ = [
    "ACTOR_KINDS",
    "ANNOTATOR_NAME",
    "ANNOTATOR_VERSION",
    "DATE_PRECISIONS",
    "EVENT_TYPES",
    "POLICY_AREAS",
    "ROLES",
    "STATEMENT_KINDS",
    "ActorAnn",
    "Annotation",
    "EventAnn",
    "ParticipantAnn",
    "Span",
    "StatementAnn",
    "annotate",
    "annotate_many",
    "load",
    "to_gold_dict",
    "validate",
]
