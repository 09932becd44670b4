"""Gold-file shape (corpus/README.md) and validation of annotations."""

from __future__ import annotations

from .types import (
    ACTOR_KINDS,
    DATE_PRECISIONS,
    EVENT_TYPES,
    POLICY_AREAS,
    ROLES,
    STATEMENT_KINDS,
    Annotation,
)


def to_gold_dict(annotation: Annotation, doc_id: str) -> dict:
    names = {a.key: a.name for a in annotation.actors}
    return {
        "id": doc_id,
        "annotator": annotation.annotator,
        "annotator_version": annotation.annotator_version,
        "actors": [
            {
                "kind": a.kind,
                "name": a.name,
                "country": a.country,
                "title": a.title,
                "aliases": list(a.aliases),
            }
            for a in annotation.actors
        ],
        "events": [
            {
                "type": e.type,
                "policy_area": e.policy_area,
                "countries": list(e.countries),
                "actors": [names.get(p.actor, p.actor) for p in e.participants],
                "participants": [
                    {"actor": names.get(p.actor, p.actor), "role": p.role} for p in e.participants
                ],
                "people_count": e.people_count,
                "date": e.date,
                "date_precision": e.date_precision,
                "summary": e.summary,
                "evidence": [e.evidence[0], e.evidence[1]],
                "confidence": e.confidence,
                "background": e.background,
            }
            for e in annotation.events
        ],
        "statements": [
            {
                "speaker": names.get(s.speaker) if s.speaker is not None else None,
                "kind": s.kind,
                "verb": s.verb,
                "span": [s.span[0], s.span[1]],
                "text": s.text,
                "event": s.event,
                "confidence": s.confidence,
            }
            for s in annotation.statements
        ],
    }


def _span_ok(span, n: int) -> bool:
    return (
        isinstance(span, (tuple, list))
        and len(span) == 2
        and all(isinstance(x, int) for x in span)
        and 0 <= span[0] <= span[1] <= n
    )


def validate(annotation: Annotation, text: str) -> list[str]:
    """Human-readable problems; an empty list means the annotation is consistent with the text."""
    problems: list[str] = []
    n = len(text)
    keys = set()
    for i, a in enumerate(annotation.actors):
        w = f"actor {i} ({a.key})"
        if a.key in keys:
            problems.append(f"{w}: duplicate key")
        keys.add(a.key)
        if a.kind not in ACTOR_KINDS:
            problems.append(f"{w}: unknown kind {a.kind!r}")
        if not a.name:
            problems.append(f"{w}: empty name")
        if a.country is not None and not (
            isinstance(a.country, str) and len(a.country) == 3 and a.country.isupper()
        ):
            problems.append(f"{w}: country {a.country!r} is not an ISO3 code")
        if not a.mentions:
            problems.append(f"{w}: no mention")
        for sp in a.mentions:
            if not _span_ok(sp, n):
                problems.append(f"{w}: mention span {sp!r} out of range (text has {n} chars)")
    for i, e in enumerate(annotation.events):
        w = f"event {i} ({e.type})"
        if e.type not in EVENT_TYPES:
            problems.append(f"{w}: unknown type {e.type!r}")
        if e.policy_area not in POLICY_AREAS:
            problems.append(f"{w}: unknown policy_area {e.policy_area!r}")
        if e.date_precision not in DATE_PRECISIONS:
            problems.append(f"{w}: unknown date_precision {e.date_precision!r}")
        elif e.date_precision != "publication" and not e.date:
            problems.append(f"{w}: date missing for precision {e.date_precision}")
        elif e.date and e.date_precision in ("day", "month", "year"):
            want = {"day": 10, "month": 7, "year": 4}[e.date_precision]
            if len(e.date) != want:
                problems.append(f"{w}: date {e.date!r} does not fit precision {e.date_precision}")
        if not _span_ok(e.evidence, n) or e.evidence[0] == e.evidence[1]:
            problems.append(f"{w}: evidence span {e.evidence!r} out of range (text has {n} chars)")
        if not 0 <= e.confidence <= 1:
            problems.append(f"{w}: confidence {e.confidence!r} outside 0..1")
        for cc in e.countries:
            if not (isinstance(cc, str) and len(cc) == 3 and cc.isalpha() and cc.isupper()):
                problems.append(f"{w}: country {cc!r} is not an ISO3 code")
        if e.people_count is not None and (not isinstance(e.people_count, int) or e.people_count <= 0):
            problems.append(f"{w}: people_count {e.people_count!r}")
        for p in e.participants:
            if p.actor not in keys:
                problems.append(f"{w}: participant {p.actor!r} is not an actor key")
            if p.role not in ROLES:
                problems.append(f"{w}: unknown role {p.role!r}")
    for i, s in enumerate(annotation.statements):
        w = f"statement {i}"
        if s.kind not in STATEMENT_KINDS:
            problems.append(f"{w}: unknown kind {s.kind!r}")
        if s.speaker is not None and s.speaker not in keys:
            problems.append(f"{w}: speaker {s.speaker!r} is not an actor key")
        if not _span_ok(s.span, n):
            problems.append(f"{w}: span {s.span!r} out of range (text has {n} chars)")
        elif text[s.span[0] : s.span[1]] != s.text:
            problems.append(f"{w}: text differs from text[span]")
        if s.event is not None and not (isinstance(s.event, int) and 0 <= s.event < len(annotation.events)):
            problems.append(f"{w}: event index {s.event!r} out of range")
        if not 0 <= s.confidence <= 1:
            problems.append(f"{w}: confidence {s.confidence!r} outside 0..1")
    return problems
