"""Small lookups over an Annotation, so tests read like the guideline."""

from __future__ import annotations

from app.annotator import Annotation


def actor_by_name(ann: Annotation, name: str):
    return next((a for a in ann.actors if a.name == name), None)


def names(ann: Annotation, keys) -> set[str]:
    by_key = {a.key: a.name for a in ann.actors}
    return {by_key[k] for k in keys}


def events_of(ann: Annotation, typ: str):
    return [e for e in ann.events if e.type == typ]


def speaker_name(ann: Annotation, st) -> str | None:
    by_key = {a.key: a.name for a in ann.actors}
    return by_key.get(st.speaker) if st.speaker else None
