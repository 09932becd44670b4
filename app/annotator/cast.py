"""Which actors an article records: the cast of the story, not only event participants.

ANNOTATION.md asks for every actor that acts, speaks or is acted upon, whether
or not an event is recorded for it. The registry already holds every named
actor the mention rules found; this module decides which of those that no
event or statement used still belong to the story, and which are names that
play no part (news media cited as the channel, bylines, photo credits).
"""

from __future__ import annotations

from .countries import _fold
from .lexicon import CREDIT_CUES, CREDIT_LINE_PREFIXES, NEWS_MEDIA
from .registry import Actor, Registry

# Unnamed groups are made on demand by the event and statement rules; a group
# nothing happened to is a passing word for people, not a party to the story.
_ON_DEMAND_KINDS = ("group",)


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)]


def _credit_line(line: str) -> bool:
    low = line.strip().lower()
    return low.startswith(CREDIT_LINE_PREFIXES) or "getty images" in low or low.endswith("/reuters")


def is_news_medium(actor: Actor) -> bool:
    names = [actor.name, *actor.aliases]
    return any(
        _fold(n).strip().lower().removeprefix("the ") in NEWS_MEDIA or _fold(n).strip().lower() in NEWS_MEDIA
        for n in names
    )


def _title_case_line(line: str) -> bool:
    """A headline set in Title Case: NER calls its capitalised words names ('Law Halted')."""
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


def _credited(text: str, start: int, end: int) -> bool:
    """'Lukas Coch/AAP', 'Reporting by X; Editing by Y': a name given as a credit."""
    line = _line_at(text, start)
    if _credit_line(line):
        return True
    before = text[max(0, start - 40) : start].lower()
    return (
        text[end : end + 1] == "/"
        or text[max(0, start - 1) : start] == "/"
        or any(cue in before for cue in CREDIT_CUES)
    )


def _person_mention(doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.ent_type_ == "PERSON" for t in span)


def plays_a_part(actor: Actor, text: str, doc=None) -> bool:
    if actor.kind in _ON_DEMAND_KINDS or not actor.mentions:
        return False
    if actor.kind == "organization":
        # NER's ORG guesses that no rule used are mostly places, peoples, programmes
        # and outlets; the organisations that matter act in an event or speak
        return False
    if is_news_medium(actor) or (actor.kind == "court" and actor.name[:1].islower()):
        return False  # outlets cited as the channel; 'a lower court' is no named party
    live = [(s, e) for s, e in actor.mentions if not _credited(text, s, e)]
    if actor.kind == "person":
        if len(actor.name.split()) < 2 and not actor.title:
            return False  # a lone capitalised word NER called a person: too often not one
        live = [(s, e) for s, e in live if not _title_case_line(_line_at(text, s))]
        if doc is not None:
            live = [(s, e) for s, e in live if _person_mention(doc, s, e)]
    return bool(live)


def cast(reg: Registry, text: str, used: list[Actor]) -> list[Actor]:
    """Actors to record beyond `used`, in order of first mention."""
    extra = [a for a in reg.actors if a not in used and plays_a_part(a, text, reg.doc)]
    return sorted(extra, key=lambda a: min(s for s, _ in a.mentions))
