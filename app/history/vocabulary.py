"""What a history entry can be about, and what was done to it."""

from enum import StrEnum


class RecordType(StrEnum):
    article = "article"  # the article itself (its deletion)
    annotation = "annotation"  # the article's whole annotation (a person's replacement, a re-annotation)
    event = "event"
    statement = "statement"
    mention = "mention"  # one actor mention (a person added or corrected it)


class Action(StrEnum):
    reviewed = "reviewed"  # a person confirmed, rejected or un-reviewed one record
    corrected = "corrected"  # a person corrected fields of one record (it becomes `corrected`)
    created = "created"  # a person added a record the annotator missed
    replaced = "replaced"  # a person replaced the whole annotation (PUT .../annotations)
    reannotated = "reannotated"  # the annotator ran again, keeping what people made or reviewed
    deleted = "deleted"
