"""The actor registry of one document: actors, their mentions, token lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from . import countries as C


@dataclass
class Actor:
    kind: str
    name: str
    country: str | None = None
    title: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)  # char spans
    key: str = ""
    roles: set[str] = field(default_factory=set)  # appositive role nouns: 'their lawyer, X'

    def add(self, surface: str, span: tuple[int, int]) -> None:
        surface = re.sub(r"^['’]s\s+", "", surface.strip())
        if surface and surface not in self.aliases:
            self.aliases.append(surface)
        if span not in self.mentions:
            self.mentions.append(span)


@dataclass
class Mention:
    start: int  # token index
    end: int
    actor: Actor
    root: int  # token index of the syntactic head


def fold(s: str) -> str:
    return C._fold(s)


class Registry:
    """All actors of one document and the token mentions that point at them."""

    def __init__(self, doc: Doc, home: str | None):
        self.doc = doc
        self.home = home  # dateline country, used for "the government"
        self.actors: list[Actor] = []
        self.mentions: list[Mention] = []
        self.by_token: dict[int, Mention] = {}

    # -- creation -----------------------------------------------------------
    def find(self, kind: str, name: str, country: str | None = None) -> Actor | None:
        for a in self.actors:
            if kind == "country" and a.kind == "country" and a.country == country:
                return a
            if kind != "country" and a.kind == kind and fold(a.name) == fold(name):
                return a
        return None

    def get(self, kind: str, name: str, country: str | None = None, title: str | None = None) -> Actor:
        a = self.find(kind, name, country)
        if a is None:
            a = Actor(kind=kind, name=name, country=country, title=title)
            self.actors.append(a)
        else:
            if title and not a.title:
                a.title = title
            if country and not a.country:
                a.country = country
        return a

    def add_mention(self, start: int, end: int, actor: Actor, root: int | None = None) -> Mention | None:
        if any(i in self.by_token for i in range(start, end)):
            return None
        span = self.doc[start:end]
        actor.add(span.text, (span.start_char, span.end_char))
        m = Mention(start, end, actor, root if root is not None else span.root.i)
        self.mentions.append(m)
        for i in range(start, end):
            self.by_token[i] = m
        return m

    # -- lookup -------------------------------------------------------------
    def at(self, tok: Token) -> Actor | None:
        m = self.by_token.get(tok.i)
        return m.actor if m else None

    def in_subtree(self, tok: Token) -> list[Mention]:
        lo, hi = tok.left_edge.i, tok.right_edge.i
        seen, out = set(), []
        for i in range(lo, hi + 1):
            m = self.by_token.get(i)
            if m and id(m) not in seen:
                seen.add(id(m))
                out.append(m)
        return out

    def story_country(self) -> str | None:
        """The country the story is most about: the one mentioned most (ties by code)."""
        counts = [(len(a.mentions), a.country) for a in self.actors if a.kind == "country" and a.country]
        return max(counts)[1] if counts else None

    def previous(self, before: int, pred) -> Actor | None:
        best = None
        for m in self.mentions:
            if m.start < before and pred(m.actor) and (best is None or m.start > best.start):
                best = m
        return best.actor if best else None


# ---------------------------------------------------------------------------
# page furniture above a headline: 'ADVERTISEMENT', a bare 'date 2024-10-03'
_FURNITURE_RE = re.compile(r"\s*(advertisement|date \d{4}-\d{2}-\d{2})?\s*", re.I)


def headline_end(text: str) -> int:
    """End of a first line without final punctuation (a headline), else 0. Blank lines and
    page furniture before it are part of the headline block."""
    start = 0
    while True:
        nl = text.find("\n", start)
        if nl < 0 or not _FURNITURE_RE.fullmatch(text[start:nl]):
            break
        start = nl + 1
    first_nl = text.find("\n", start)
    line = text[start:first_nl] if first_nl >= 0 else ""
    if 0 < first_nl - start < 250 and line.rstrip()[-1:] not in '.!?"”':
        return first_nl + 1
    return 0


def is_locative(tok: Token) -> bool:
    """True when a place name is used as a place ('in Kigali'), not as an agent."""
    head = tok
    while head.dep_ in ("compound", "flat") and head.head.i != head.i:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS:
        return True
    if head.dep_ in ("npadvmod", "nmod", "compound", "amod"):
        return True
    # Dateline: all-caps place at a line start followed by a comma.
    return tok.text.isupper() and len(tok.text) > 3


# fmt: off
LOCATIVE_PREPS = {
    'across', 'around', 'at', 'for', 'from', 'in', 'inside', 'into', 'near', 'of', 'off', 'outside',
    'through', 'to', 'toward', 'towards', 'via', 'within',
}
# fmt: on
