"""Which actors an article records: the cast of the story, not only event participants.

ANNOTATION.md asks for every actor that acts, speaks or is acted upon, whether
or not an event is recorded for it. The registry already holds every named
actor the mention rules found; this module decides which of those that no
event or statement used still belong to the story, and which are names that
play no part (news media cited as the channel, bylines, photo credits).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .countries import _fold
from .lexicon import CREDIT_CUES, CREDIT_LINE_PREFIXES, LIST_PARTY_CUES, NEWS_MEDIA, SCENE_NOUNS, SCENE_VERBS
from .nlp import entities, text_of
from .registry import Actor, Registry

# Unnamed groups are made on demand by the event and statement rules; a group
# nothing happened to is a passing word for people, not a party to the story.
_ON_DEMAND_KINDS = ("group",)


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)]


# 'Richard Connor with AFP, dpa': a reporter's credit line under the story
_WITH_AGENCY_RE = re.compile(r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2} (?:with|for) [A-Z]")


def _credit_line(line: str) -> bool:
    low = line.strip().lstrip("(").lower()
    if low.startswith(CREDIT_LINE_PREFIXES) or "getty images" in low or low.endswith("/reuters"):
        return True
    return len(line.strip()) < 60 and _WITH_AGENCY_RE.match(line.strip()) is not None


def is_news_medium(actor: Actor) -> bool:
    names = [actor.name, *actor.aliases]
    return any(
        _fold(n).strip().lower().removeprefix("the ") in NEWS_MEDIA or _fold(n).strip().lower() in NEWS_MEDIA
        for n in names
    )


def title_case_line(line: str) -> bool:
    """A headline set in Title Case: NER calls its capitalised words names ('Law Halted')."""
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


def _credited(text: str, start: int, end: int) -> bool:
    """'Lukas Coch/AAP', 'Reporting by X; Editing by Y': a name given as a credit."""
    line = _line_at(text, start)
    if _credit_line(line) or line.strip().lstrip("(").lower().startswith(CREDIT_CUES):
        return True
    if line.strip() == text[start:end]:
        # a byline: the name alone on its line, the agency on the next ('Callum Godde' / 'AAP')
        after = text.find("\n", end)
        nxt = _line_at(text, after + 1).strip().lower() if after >= 0 else ""
        if nxt in NEWS_MEDIA:
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


def _a_place(doc, start: int, end: int) -> bool:
    """'54 from Rahim Yar Khan', 'in La Guaira state': NER's person is a place here."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    nxt = doc[span.end] if span.end < len(doc) else None
    if (
        nxt is not None
        and nxt.lower_ in ("state", "province", "region", "district", "city")
        and root.dep_ == "pobj"
    ):
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("from", "in", "at", "near")


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
        live = [(s, e) for s, e in live if not title_case_line(_line_at(text, s))]
        if doc is not None:
            live = [(s, e) for s, e in live if _person_mention(doc, s, e) and not _a_place(doc, s, e)]
    if actor.kind == "country" and doc is not None:
        live = [(s, e) for s, e in live if not _only_a_place(doc, text, s, e)]
    if actor.kind == "igo":
        # 'the U.N.-backed mission', 'an IMF loan': a body named once in passing plays no part
        return len(live) >= 2
    return bool(live)


def _sentences(doc) -> tuple[list, list[int]]:
    """The document's sentences and their first tokens, once (Span.sent scans each time)."""
    cached = doc.user_data.get("sentences")
    if cached is None:
        sents = list(doc.sents)
        cached = doc.user_data["sentences"] = (sents, [x.start for x in sents])
    return cached


def _sent_of(doc, i: int):
    sents, starts = _sentences(doc)
    return sents[max(0, bisect_right(starts, i) - 1)]


def _around(doc, sent) -> list:
    """The sentence and its neighbours, each once."""
    sents, starts = _sentences(doc)
    k = bisect_right(starts, sent.start) - 1
    return sents[max(0, k - 1) : k + 2]


def _passage(sents: list) -> str:
    """The sentences' text, each once, lower-cased, for cue words."""
    return " ".join(x.text for i, x in enumerate(sents) if x not in sents[:i]).lower()


def _dateline(text: str, start: int, end: int) -> bool:
    """'SAN JUAN, Puerto Rico (AP) —': the place a story was filed from."""
    line_start = text.rfind("\n", 0, start) + 1
    after = text[end : end + 12].lstrip()
    return start - line_start < 40 and (after.startswith(("(", "—", "–", "- ")))


def _in_country_list(doc, start: int, end: int) -> bool:
    """One of three or more countries listed as a description, not as parties.

    'nationals from Sudan, Egypt and Bangladesh' among arrivals, 'war-torn countries
    such as Syria, Afghanistan, Somalia', a list of visa-free countries one per line.
    A list that acts ('backed by Austria, Belgium, Estonia') or that sits in a passage
    about deporting or returning people or about deals ('two from Myanmar, two from
    Cuba' sent to South Sudan) names parties.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    text = text_of(doc)
    places = doc.user_data.get("places")
    if places is None:  # doc.ents is rebuilt on every access: once per document
        places = doc.user_data["places"] = [e for e in entities(doc) if e.label_ in ("GPE", "LOC")]
    k = next((n for n, e in enumerate(places) if e.start_char <= start < e.end_char), None)
    if k is None:
        return False
    lo = hi = k
    joiner = _LIST_JOINER
    while lo > 0 and joiner.fullmatch(text[places[lo - 1].end_char : places[lo].start_char]):
        lo -= 1
    while hi + 1 < len(places) and joiner.fullmatch(text[places[hi].end_char : places[hi + 1].start_char]):
        hi += 1
    first = places[lo]
    one_per_line = "\n" in text[first.start_char : places[hi].end_char]
    lead = text[max(0, first.start_char - 30) : first.start_char].lower().rstrip()
    lead = lead.removesuffix(" the").rstrip()
    examples = lead.endswith(_EXAMPLE_LEADS)
    if hi - lo < (1 if examples else 2):
        return False
    if one_per_line:
        return True
    if not examples and not lead.endswith(_ORIGIN_LEADS):
        return False
    # a description, unless the passage sends people there or makes deals with them
    # ('agreements with countries such as Panama and Costa Rica'); examples answer to
    # their own sentence, origins to the sentences around them too
    sent = _sent_of(doc, span.start)
    parts = [sent] if examples else _around(doc, sent)
    passage = _passage(parts)
    return not any(cue in passage for cue in LIST_PARTY_CUES)


_LIST_JOINER = re.compile(r"\s*(?:,|\band\b|\bor\b|,\s*and\b)?\s*")
# What introduces a list of countries that only describes: examples, and origins.
_EXAMPLE_LEADS = ("such as", "including", "including nationals from", "nationals from", "like")
_ORIGIN_LEADS = ("from",)


# people whose 'from <country>' is their origin, not a movement of migrants
VISITOR_NOUNS = frozenset(
    [
        "officer",
        "police",
        "soldier",
        "troop",
        "personnel",
        "expert",
        "official",
        "delegation",
        "seeker",
        "student",
        "worker",
        "tourist",
        "visitor",
    ]
)


def _scene(doc, start: int, end: int) -> bool:
    """'the conflict in Sudan', 'lives in Ecuador', 'US-based', 'US cities': a setting."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    text = text_of(doc)
    if text[end : end + 6].lower() == "-based":
        return True
    root = span.root
    if root.dep_ in ("compound", "poss") and root.head.lemma_.lower() in SCENE_NOUNS:
        return True  # 'US cities', "Sudan's civil war"
    if root.dep_ == "pobj" and root.head.lower_ == "from" and root.head.head.lemma_.lower() in VISITOR_NOUNS:
        # 'police officers from Kenya', 'an asylum seeker from Pakistan': where someone comes
        # from, a party only when people are sent back there or a deal is made with it
        parts = _around(doc, _sent_of(doc, span.start))
        passage = _passage(parts)
        return not any(cue in passage for cue in LIST_PARTY_CUES)
    prep = root.head if root.dep_ == "pobj" else None
    if prep is None or prep.lower_ != "in":
        return False
    head = prep.head
    return head.lemma_.lower() in SCENE_NOUNS or (head.pos_ == "VERB" and head.lemma_.lower() in SCENE_VERBS)


def _only_a_place(doc, text: str, start: int, end: int) -> bool:
    return _dateline(text, start, end) or _scene(doc, start, end) or _in_country_list(doc, start, end)


def cast(reg: Registry, text: str, used: list[Actor], story: bool = True) -> list[Actor]:
    """Actors to record beyond `used`, in order of first mention.

    With no event and no statement there is no story to cast: the gold of every
    off-topic article (bird migration, transfers, expat columns) records no actor.
    """
    if not story:
        return []
    extra = [a for a in reg.actors if a not in used and plays_a_part(a, text, reg.doc)]
    return sorted(extra, key=lambda a: min(s for s, _ in a.mentions))
