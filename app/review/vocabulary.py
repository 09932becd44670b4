"""The review domain's vocabulary: who made a record, and what a person said about it.

The annotation contract's own enums (ActorKind, EventType, ...) live in
app/annotator/vocabulary.py; these two are the service's, not the engine's.
"""

from enum import StrEnum


class ReviewState(StrEnum):
    machine = "machine"
    confirmed = "confirmed"
    corrected = "corrected"
    rejected = "rejected"


class AnnotatorKind(StrEnum):
    machine = "machine"
    person = "person"
