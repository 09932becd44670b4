"""What a history entry can be about, and what was done to it."""

from enum import StrEnum


class RecordType(StrEnum):
    article = "article"  # the article itself (its deletion)
    annotation = "annotation"  # the article's whole annotation (a person's replacement, a re-annotation)
    event = "event"
    statement = "statement"


class Action(StrEnum):
    reviewed = "reviewed"  # a person confirmed, rejected or un-reviewed one record
    replaced = "replaced"  # a person replaced the whole annotation (PUT .../annotations)
    reannotated = "reannotated"  # the annotator ran again, keeping what people made or reviewed
    deleted = "deleted"
