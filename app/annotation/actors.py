"""Actor mentions: find them, cluster them into actors, map tokens to actors.

Sources: NER entities (PERSON, ORG, GPE, LOC), a country/capital lexicon,
known international bodies, and noun-phrase patterns for government bodies,
courts and the generic state ("the government", "Pakistani authorities").
Unnamed groups are created on demand by the event and statement rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from . import countries as C
from .lexicon import (
    BODIES,
    COURT_HEADS,
    GENERIC_STATE,
    GOV_BODY_HEADS,
    GROUP_HEADS,
    HONORIFICS,
    ORG_SUFFIX_KIND,
    TITLE_WORDS,
)
from .nlp import text_of

# fmt: off
LOCATIVE_PREPS = {
    'across', 'around', 'at', 'for', 'from', 'in', 'inside', 'into', 'near', 'of', 'off', 'outside',
    'through', 'to', 'toward', 'towards', 'via', 'within',
}
# fmt: on
# fmt: off
AGENT_DEPS = {
    'ROOT', 'appos', 'conj', 'dative', 'dobj', 'iobj', 'nsubj', 'nsubjpass', 'poss',
}
# fmt: on


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


def _fold(s: str) -> str:
    return C._fold(s)


_BODY_ALIASES: dict[str, str] = {}
for _canon, (_kind, _aliases) in BODIES.items():
    for _a in _aliases:
        _BODY_ALIASES[_a if _a.isupper() else _a.lower()] = _canon


def body_lookup(text: str) -> str | None:
    t = re.sub(r"^(the|an?)\s+", "", text.strip(), flags=re.I).replace("’", "'")
    t = re.sub(r"'s$", "", t)
    if t in _BODY_ALIASES:
        return _BODY_ALIASES[t]
    return _BODY_ALIASES.get(t.lower()) if not t.isupper() else None


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
            if kind != "country" and a.kind == kind and _fold(a.name) == _fold(name):
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

    def previous(self, before: int, pred) -> Actor | None:
        best = None
        for m in self.mentions:
            if m.start < before and pred(m.actor) and (best is None or m.start > best.start):
                best = m
        return best.actor if best else None


# ---------------------------------------------------------------------------
def headline_end(text: str) -> int:
    """End of a first line without final punctuation (a headline), else 0."""
    first_nl = text.find("\n")
    if 0 < first_nl < 250 and text[:first_nl].rstrip()[-1:] not in '.!?"”':
        return first_nl + 1
    return 0


def dateline_country(doc: Doc) -> str | None:
    """Country of a dateline such as 'MBABANE, July 16 —' at a paragraph start."""
    m = re.search(r"(?m)^([A-ZÀ-Ý][A-ZÀ-Ý'’.\- ]{2,40})(?:,|\s+\()", text_of(doc))
    if not m:
        return None
    place = m.group(1).strip().title()
    return C.capital_code(place) or C.country_code(place) or _city_country(place)


def _city_country(place: str) -> str | None:
    # Large non-capital cities that often appear in datelines.
    cities = {
        "Sydney": "AUS",
        "Melbourne": "AUS",
        "Geneva": "CHE",
        "Zurich": "CHE",
        "New York": "USA",
        "Los Angeles": "USA",
        "San Francisco": "USA",
        "Miami": "USA",
        "Chicago": "USA",
        "Houston": "USA",
        "Rotterdam": "NLD",
        "Milan": "ITA",
        "Naples": "ITA",
        "Lampedusa": "ITA",
        "Palermo": "ITA",
        "Calais": "FRA",
        "Marseille": "FRA",
        "Lyon": "FRA",
        "Munich": "DEU",
        "Hamburg": "DEU",
        "Frankfurt": "DEU",
        "Barcelona": "ESP",
        "Istanbul": "TUR",
        "Karachi": "PAK",
        "Lahore": "PAK",
        "Peshawar": "PAK",
        "Johannesburg": "ZAF",
        "Cape Town": "ZAF",
        "Lagos": "NGA",
        "Mumbai": "IND",
        "Dover": "GBR",
        "Manchester": "GBR",
        "Edinburgh": "GBR",
        "Toronto": "CAN",
        "Montreal": "CAN",
        "Tijuana": "MEX",
        "El Paso": "USA",
        "San Diego": "USA",
        "Sfax": "TUN",
        "Benghazi": "LBY",
        "Agadez": "NER",
        "Dubai": "ARE",
        "Ciudad Juarez": "MEX",
        "Auckland": "NZL",
        "Brisbane": "AUS",
        "Perth": "AUS",
        "Darwin": "AUS",
        "Brussels": "BEL",
    }
    return cities.get(place)


def _is_locative(tok: Token) -> bool:
    """True when a place name is used as a place ('in Kigali'), not as an agent."""
    head = tok
    while head.dep_ in ("compound", "flat") and head.head is not head:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS:
        return True
    if head.dep_ in ("npadvmod", "nmod", "compound", "amod"):
        return True
    # Dateline: all-caps place at a line start followed by a comma.
    return tok.text.isupper() and len(tok.text) > 3


def _span_tokens_text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text


def _title_before(doc: Doc, start: int) -> tuple[str | None, str | None, int]:
    """Title words immediately left of a name: ('Foreign Minister', 'RWA', new_start)."""
    i = start - 1
    words: list[Token] = []
    country = None
    sent_start = doc[start].sent.start
    while i >= sent_start:
        t = doc[i]
        low = t.lower_.strip(".")
        if low in TITLE_WORDS and (t.is_title or t.is_lower or t.is_upper):
            words.insert(0, t)
            i -= 1
            continue
        if low in HONORIFICS:
            i -= 1
            continue
        break
    # drop dangling function words at the left
    while words and words[0].lower_ in ("of", "for", "and"):
        words.pop(0)
    new_start = words[0].i if words else start
    # demonym or possessive country just before the title ("Rwandan Foreign Minister")
    j = new_start - 1
    if j >= 0:
        t = doc[j]
        if t.text in ("'s", "’s") and j >= 1:
            country = C.country_code(doc[j - 1].text) or C.capital_code(doc[j - 1].text)
        else:
            country = C.demonym_code(t.text) or (C.country_code(t.text) if t.is_upper or t.is_title else None)
            if country is None and j >= 1:
                country = C.demonym_code(doc[j - 1].text + " " + t.text)
    title = " ".join(w.text for w in words if w.lower_ not in ("former",)) or None
    if title:
        title = " ".join(
            w if w.lower() in ("of", "for", "and") else w[:1].upper() + w[1:] for w in title.split()
        )
        # a title made only of qualifiers is no title
        if all(w.lower() in ("of", "for", "and", "state", "government", "opposition") for w in title.split()):
            title = title if title.lower() in ("government spokesperson",) else title
    return title, country, new_start


def _court_country(doc: Doc, span: Span, home: str | None) -> str | None:
    lo = max(span.start - 3, span.sent.start)
    for t in doc[lo : span.end]:
        c = C.demonym_code(t.text) or C.country_code(t.text)
        if c:
            return c
    return home


def _classify_org(name: str) -> str:
    low = name.lower()
    words = re.findall(r"[a-z]+", low)
    if any(w in ("court", "tribunal") for w in words):
        return "court"
    if (
        words
        and words[-1] in ("administration",)
        or any(
            w in ("ministry", "department", "office", "commission", "police", "agency", "inspectorate")
            for w in words
        )
    ):
        return "government_body"
    if words and words[-1] in ORG_SUFFIX_KIND:
        return ORG_SUFFIX_KIND[words[-1]]
    return "organization"


def _strip_det(span: Span) -> Span:
    s, e = span.start, span.end
    doc = span.doc
    while s < e and (doc[s].pos_ in ("DET", "PUNCT") or doc[s].lower_ in ("the", "a", "an")):
        s += 1
    while e > s and doc[e - 1].pos_ == "PUNCT":
        e -= 1
    if e - s >= 2 and doc[e - 1].text in ("'s", "’s"):
        e -= 1
    return doc[s:e]


def build(doc: Doc, home: str | None) -> Registry:
    reg = Registry(doc, home)
    ents = list(doc.ents)
    surnames: dict[str, Actor] = {}

    # 1. persons first, so a later surname tagged ORG still resolves to the person.
    # Not from a Title Case headline, where NER sees names everywhere.
    head_end = headline_end(text_of(doc))
    for ent in ents:
        if ent.label_ != "PERSON" or ent.start_char < head_end:
            continue
        toks = [t for t in ent if t.text not in ("'s", "’s")]
        if not toks:
            continue
        start, end = toks[0].i, toks[-1].i + 1
        while (
            end < len(doc)
            and doc[end].pos_ == "PROPN"
            and doc[end].is_title
            and end - start < 5
            and not (C.country_code(doc[end].text) or C.capital_code(doc[end].text))
        ):
            end += 1
        name_text = doc[start:end].text
        if (
            C.country_code(name_text)
            or C.demonym_code(name_text)
            or C.capital_code(name_text)
            or _city_country(name_text)
            or name_text.isupper()
        ):
            continue
        title, country, tstart = _title_before(doc, start)
        last = doc[end - 1].text
        actor = surnames.get(last)
        if actor is None:
            actor = Actor(kind="person", name=name_text, country=country, title=title)
            reg.actors.append(actor)
            surnames[last] = actor
        else:
            if len(name_text.split()) > len(actor.name.split()):
                actor.name = name_text
            actor.title = actor.title or title
            actor.country = actor.country or country
        root = doc[start:end].root
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            actor.roles.add(root.head.lemma_.lower())
        for c in root.children:
            if c.dep_ == "appos" and c.pos_ == "NOUN":
                actor.roles.add(c.lemma_.lower())
        # the alias keeps the title ("Kenyan Interior Minister Jane Doe")
        m = reg.add_mention(start, end, actor)
        if m and tstart < start:
            actor.add(doc[max(tstart - (1 if country else 0), 0) : end].text, (doc[start].idx, ent.end_char))
    # 2. known international bodies and courts by lexicon (before NER orgs)
    _scan_bodies(doc, reg)
    _scan_untagged_persons(doc, reg, surnames)
    _scan_surnames(doc, reg, surnames)
    # 3. NER orgs and places
    for ent in ents:
        if ent.label_ == "PERSON" and not (C.capital_code(ent.text) or C.country_code(ent.text)):
            continue
        span = _strip_det(ent)
        if len(span) == 0 or any(i in reg.by_token for i in range(span.start, span.end)):
            continue
        text = span.text
        if ent.label_ in ("GPE", "LOC", "ORG", "NORP", "FAC", "PERSON"):
            code = C.country_code(text) or C.country_code(text.replace("’s", "").replace("'s", ""))
            if code and ent.label_ != "NORP":
                reg.add_mention(span.start, span.end, reg.get("country", C.short_name(code), code))
                continue
            cap = C.capital_code(text)
            if text in C.EU_SEATS and not _is_locative(span.root):
                reg.add_mention(span.start, span.end, reg.get("igo", "European Union"))
                continue
            if cap and ent.label_ != "NORP":
                if not _is_locative(span.root):
                    reg.add_mention(span.start, span.end, reg.get("country", C.short_name(cap), cap))
                continue
        if ent.label_ == "ORG":
            if all(x.lower_ in TITLE_WORDS and x.lower_ not in ("court", "tribunal") for x in span):
                continue  # 'Justice' cut out of 'Justice Minister X'
            last = span[-1].text
            if last in surnames:
                reg.add_mention(span.start, span.end, surnames[last])
                continue
            if span[-1].lower_ == "administration" or (
                len(span) == 1 and doc[span.end : span.end + 1].text == "administration"
            ):
                continue  # handled by the noun-phrase pass
            if span.root.lower_ in ("state",) or len(text) < 2:
                continue
            kind = _classify_org(text)
            country = None
            if kind in ("court", "government_body"):
                country = _court_country(doc, span, reg.home)
                text = _clean_org_name(span)
            elif kind == "organization":
                country = None
            actor = reg.get(kind, text, country)
            reg.add_mention(span.start, span.end, actor)
    # 4. country names NER missed
    _scan_countries(doc, reg)
    # 5. noun phrases: government bodies, courts, the generic state
    _scan_noun_phrases(doc, reg, home)
    _persons_tagged_org(doc, reg)
    reg.mentions.sort(key=lambda m: m.start)
    return reg


# fmt: off
ORG_WORDS = {
    'agency', 'airlines', 'alliance', 'army', 'association', 'bank', 'board', 'center', 'centre', 'church',
    'club', 'coalition', 'commission', 'committee', 'company', 'corp', 'council', 'court', 'department',
    'federation', 'force', 'forces', 'foundation', 'front', 'fund', 'group', 'guard', 'house', 'inc',
    'initiative', 'institute', 'international', 'league', 'ltd', 'media', 'ministry', 'movement', 'network',
    'news', 'office', 'organisation', 'organization', 'party', 'police', 'post', 'press', 'project',
    'radio', 'service', 'services', 'society', 'times', 'trust', 'tv', 'union', 'university', 'watch',
}
# fmt: on
# fmt: off
PERSON_ROLES = {
    'activist', 'advocate', 'ambassador', 'analyst', 'attorney', 'candidate', 'captain', 'chairman',
    'chairwoman', 'chief', 'commander', 'coordinator', 'director', 'envoy', 'founder', 'general',
    'governor', 'head', 'judge', 'lawmaker', 'lawyer', 'leader', 'mayor', 'migrant', 'minister', 'official',
    'president', 'professor', 'refugee', 'researcher', 'secretary', 'senator', 'spokesman', 'spokesperson',
    'spokeswoman',
}
# fmt: on


def _looks_like_person(doc: Doc, m: Mention) -> bool:
    """NER sometimes calls a person ORG; a relative 'who' or a role appositive gives it away."""
    root = doc[m.root]
    for c in root.children:
        if c.dep_ == "relcl" and any(g.lower_ in ("who", "whom", "whose") for g in c.children):
            return True
        if c.dep_ == "appos" and c.lemma_.lower() in PERSON_ROLES:
            return True
    if root.dep_ == "appos" and root.head.lemma_.lower() in PERSON_ROLES:
        return True
    return any(d.dep_ == "compound" and d.lemma_.lower() in PERSON_ROLES for d in root.lefts)


def _persons_tagged_org(doc: Doc, reg: Registry) -> None:
    for a in list(reg.actors):
        words = a.name.split()
        if a.kind != "organization" or not 2 <= len(words) <= 3:
            continue
        if any(w.lower() in ORG_WORDS or not w[:1].isupper() for w in words):
            continue
        ms = [m for m in reg.mentions if m.actor is a]
        if not any(_looks_like_person(doc, m) for m in ms):
            continue
        a.kind = "person"
        # a bare surname tagged separately ('Rackete') is the same person
        for b in list(reg.actors):
            if b is not a and b.kind in ("organization", "person") and b.name == words[-1]:
                for m in reg.mentions:
                    if m.actor is b:
                        m.actor = a
                for al in b.aliases:
                    if al not in a.aliases:
                        a.aliases.append(al)
                a.mentions.extend(b.mentions)
                reg.actors.remove(b)


def _clean_org_name(span: Span) -> str:
    toks = [t for t in span if not C.country_code(t.text) and not C.demonym_code(t.text)]
    toks = [t for t in toks if t.text not in ("'s", "’s")]
    return " ".join(t.text for t in toks) or span.text


_ALL_BODY_ALIASES = sorted(
    ((alias, canon, kind) for canon, (kind, aliases) in BODIES.items() for alias in aliases),
    key=lambda x: len(x[0]),
    reverse=True,
)


def _alias_regex(aliases: list[tuple[str, str, str]], exact: bool) -> re.Pattern:
    alts = "|".join(re.escape(a) for a, _, _ in aliases)
    return re.compile(r"(?<![\w-])(?:" + alts + r")(?![\w-])", 0 if exact else re.I)


# Acronyms and short forms match case-sensitively ('UN' but not 'un'), names in any case.
_EXACT = [x for x in _ALL_BODY_ALIASES if x[0].isupper() or len(x[0]) <= 4]
_FOLDED = [x for x in _ALL_BODY_ALIASES if not (x[0].isupper() or len(x[0]) <= 4)]
_EXACT_RE, _FOLDED_RE = _alias_regex(_EXACT, True), _alias_regex(_FOLDED, False)
_EXACT_MAP = {a: (canon, kind) for a, canon, kind in _EXACT}
_FOLDED_MAP = {a.lower(): (canon, kind) for a, canon, kind in _FOLDED}


def _scan_bodies(doc: Doc, reg: Registry) -> None:
    text = text_of(doc)
    found = [(m.start(), m.end(), _FOLDED_MAP[m.group(0).lower()]) for m in _FOLDED_RE.finditer(text)]
    found += [(m.start(), m.end(), _EXACT_MAP[m.group(0)]) for m in _EXACT_RE.finditer(text)]
    # longest first, so "UN refugee agency" wins over "UN"
    for s, e, (canon, kind) in sorted(found, key=lambda x: x[0] - x[1]):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or any(i in reg.by_token for i in range(span.start, span.end)):
            continue
        reg.add_mention(span.start, span.end, reg.get(kind, canon))


def _scan_untagged_persons(doc: Doc, reg: Registry, surnames: dict[str, Actor]) -> None:
    """Names NER missed or called ORG, recognisable by a title just before them
    ('Minister of State for Integration Seán Ó Ruairc', 'Lord Smith',
    'Government spokesperson Ana Pereira')."""
    n = len(doc)
    # headlines are often in Title Case, where every word looks like a name
    head_end = headline_end(text_of(doc))
    i = 0
    while i < n and doc[i].idx < head_end:
        i += 1
    while i < n:
        t = doc[i]
        prev = doc[i - 1] if i else None
        if (
            prev is not None
            and t.i not in reg.by_token
            and t.pos_ == "PROPN"
            and t.is_title
            and t.lower_ not in TITLE_WORDS
            and t.ent_type_ in ("", "ORG", "PERSON")
            and prev.lower_ in TITLE_WORDS
            and prev.lower_ not in ("of", "for", "and", "state", "court", "high", "supreme")
            # not the tail of a longer organisation name ('Organisation for Asylum Seekers')
            and not (t.ent_type_ == "ORG" and t.ent_iob_ == "I")
        ):
            j = i
            while (
                j < n
                and doc[j].pos_ == "PROPN"
                and j not in reg.by_token
                and (doc[j].is_title or doc[j].text in ("Ó", "Ní", "Mac"))
                and j - i < 4
            ):
                j += 1
            span = doc[i:j]
            words = [x.text for x in span]
            if (
                words
                and not any(C.country_code(w) or C.demonym_code(w) or C.capital_code(w) for w in words)
                and not any(
                    w.lower() in ("court", "ministry", "department", "party", "group", "office", "agency")
                    for w in words
                )
            ):
                # the title may start with a capital word ('Lord') that is part of the name
                title, country, _ = _title_before(doc, i)
                name = span.text
                if prev.lower_ in ("lord", "lady", "sir", "dame") and len(span) == 1:
                    name = prev.text + " " + name
                last = words[-1]
                actor = surnames.get(last)
                if actor is None:
                    actor = Actor(kind="person", name=name, country=country, title=title)
                    reg.actors.append(actor)
                    surnames[last] = actor
                reg.add_mention(i, j, actor)
                i = j
                continue
        i += 1


def _scan_surnames(doc: Doc, reg: Registry, surnames: dict[str, Actor]) -> None:
    """A bare surname NER missed ('Mitsotakis told parliament') is still the person."""
    for t in doc:
        if t.i in reg.by_token or t.text not in surnames or t.pos_ not in ("PROPN", "NOUN", "ADJ", "VERB"):
            continue
        actor = surnames[t.text]
        start = t.i
        parts = actor.name.split()
        while start > 0 and len(parts) > t.i - start + 1 and doc[start - 1].text == parts[-(t.i - start + 2)]:
            start -= 1
        reg.add_mention(start, t.i + 1, actor)


def _scan_countries(doc: Doc, reg: Registry) -> None:
    for t in doc:
        if t.i in reg.by_token or not (t.pos_ == "PROPN" or t.is_upper):
            continue
        if t.ent_type_ in ("PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "LAW"):
            continue
        for n in (4, 3, 2, 1):
            span = doc[t.i : t.i + n]
            if len(span) < n or any(i in reg.by_token for i in range(span.start, span.end)):
                continue
            code = C.country_code(span.text)
            cap = C.capital_code(span.text) if t.ent_type_ in ("", "GPE", "LOC") else None
            if (
                cap
                and not code
                and not _is_locative(span.root)
                and span.root.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "conj")
            ):
                reg.add_mention(span.start, span.end, reg.get("country", C.short_name(cap), cap))
                break
            if code and (n > 1 or t.ent_type_ in ("GPE", "LOC") or span.text in C.EXTRA_NAMES):
                if (
                    span.text.isupper()
                    and len(span.text) > 3
                    and t.i + n < len(doc)
                    and doc[t.i + n].text == ","
                ):
                    break  # dateline
                start = t.i - 1 if t.i > 0 and doc[t.i - 1].lower_ == "the" else t.i
                reg.add_mention(start, span.end, reg.get("country", C.short_name(code), code))
                break


def _np_country(doc: Doc, root: Token, home: str | None) -> str | None:
    """Country of a noun phrase: demonym, possessive, compound or 'in <capital>'."""
    for t in root.subtree:
        if t.i == root.i:
            continue
        c = C.demonym_code(t.text) or (C.country_code(t.text) if t.pos_ == "PROPN" else None)
        if c:
            return c
        if t.pos_ == "PROPN" and C.capital_code(t.text):
            return C.capital_code(t.text)
        m = reg_country_of(t)
        if m:
            return m
    return None


def reg_country_of(t: Token) -> str | None:
    return None


def _scan_noun_phrases(doc: Doc, reg: Registry, home: str | None) -> None:
    for t in doc:
        if t.i in reg.by_token or t.pos_ not in ("NOUN", "PROPN"):
            continue
        low = t.lower_
        lemma = t.lemma_.lower()
        if t.dep_ == "compound":
            continue
        left = t.left_edge.i
        # own pre-modifiers only (exclude relative clauses etc.)
        start = min([c.left_edge.i for c in t.lefts] + [t.i])
        start = max(start, left)
        while start < t.i and doc[start].pos_ in ("DET", "PUNCT"):
            start += 1
        span = doc[start : t.i + 1]
        if (
            any(i in reg.by_token for i in range(span.start, span.end))
            and lemma not in GOV_BODY_HEADS | COURT_HEADS
        ):
            continue
        country = None
        for x in span:
            if x.i == t.i:
                continue
            c = C.demonym_code(x.text) or (C.country_code(x.text) if x.pos_ == "PROPN" else None)
            m = reg.by_token.get(x.i)
            if m is not None and m.actor.kind == "country":
                c = m.actor.country  # "the East African nation's foreign ministry"
            country = country or c
        # "the ministry in Oslo", "officials in Nairobi"
        for c in t.rights:
            if c.dep_ == "prep" and c.lower_ in ("in", "of", "for"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        code = C.capital_code(p.text) or C.country_code(p.text)
                        if code and c.lower_ == "in":
                            country = country or code
        if lemma in ("administration",) and t.i > 0:
            prev = [x for x in span if x.i != t.i and x.pos_ == "PROPN" and not C.country_code(x.text)]
            name = (" ".join(x.text for x in prev) + " administration").strip()
            if not prev:
                prev_admin = [
                    a for a in reg.actors if a.kind == "government_body" and a.name.endswith("administration")
                ]
                if prev_admin and low == "administration":
                    _mention_free(reg, span, prev_admin[-1])
                    continue
                name = (
                    (C.demonym_of(country) + " administration") if country and C.demonym_of(country) else name
                )
            # President X's administration
            for c in t.children:
                if c.dep_ == "poss":
                    m = reg.by_token.get(c.i)
                    if m and m.actor.kind == "person":
                        name = m.actor.name.split()[-1] + " administration"
                        start = c.left_edge.i
            actor = reg.get("government_body", name, country or "USA")
            _mention_free(reg, doc[start : t.i + 1], actor)
            continue
        if lemma in ("ministry", "department", "office") and t.pos_ in ("NOUN", "PROPN"):
            mods = [
                x.text
                for x in span
                if x.i != t.i
                and x.i not in reg.by_token
                and x.text not in ("'s", "’s")
                and x.pos_ in ("NOUN", "PROPN", "ADJ")
                and not C.demonym_code(x.text)
                and not C.country_code(x.text)
                and x.dep_ != "poss"
            ]
            # "Ministry of the Interior", "Department of Homeland Security"
            of = [c for c in t.rights if c.dep_ == "prep" and c.lower_ == "of"]
            tail = ""
            if of:
                pobj = [p for p in of[0].children if p.dep_ == "pobj"]
                if pobj:
                    tail = " of " + " ".join(x.text for x in pobj[0].subtree if x.pos_ != "DET")
            if not mods and not tail:
                prev = reg.previous(
                    t.i, lambda a, lem=lemma: a.kind == "government_body" and lem in a.name.lower()
                )
                if prev:
                    _mention_free(reg, span, prev)
                continue
            base = " ".join(mods + [t.text]) + tail
            if country and C.demonym_of(country):
                name = C.demonym_of(country) + " " + base
            elif home and not tail:
                name = (C.demonym_of(home) or "") + " " + base
                country = home
            else:
                name = base
            existing = [a for a in reg.actors if a.kind == "government_body" and _fold(base) in _fold(a.name)]
            actor = existing[0] if existing else reg.get("government_body", name.strip(), country or home)
            end = t.i + 1
            if tail:
                end = of[0].right_edge.i + 1
            _mention_free(reg, doc[start:end], actor)
            continue
        if lemma in COURT_HEADS or low in ("justices", "judges"):
            if low in ("justices", "judges") and any(
                x.lemma_.lower() in COURT_HEADS for x in t.subtree if x.i > t.i
            ):
                continue
            if low in ("justices", "judges", "court", "tribunal") and not [
                x for x in span if x.i != t.i and x.pos_ in ("PROPN", "ADJ")
            ]:
                prev = reg.previous(t.i, lambda a: a.kind == "court")
                if prev:
                    _mention_free(reg, span, prev)
                continue
            if low in ("judges", "justices") or t.tag_ == "NNS":
                continue
            name = _clean_org_name(span)
            country = country or _court_country(doc, span, home)
            dem = C.demonym_of(country) if country else None
            if name.lower() in ("court", "tribunal") and dem:
                name = f"{dem} {name.lower()}"
            actor = reg.get("court", name, country)
            _mention_free(reg, span, actor)
            continue
        anaphoric_country = (
            lemma in ("country", "nation", "kingdom", "republic")
            and t.tag_ == "NN"
            and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
            and all(x.pos_ in ("DET", "ADJ", "PROPN") for x in span if x.i != t.i)
            and len(span) <= 5
        )
        if (lemma in GENERIC_STATE or anaphoric_country) and t.tag_ != "NNP":
            # "the government", "Pakistani authorities", "officials in Nairobi"
            if lemma in ("officials",):
                continue
            if lemma in ("state", "republic", "coalition") and not country:
                continue
            # 'his government': the government of the person just named
            if not country and any(c.dep_ == "poss" and c.lower_ in ("his", "her") for c in t.children):
                prev = reg.previous(t.i, lambda a: a.kind == "person" and a.country is not None)
                country = prev.country if prev else None
            if (lemma == "kingdom" or anaphoric_country) and not country:
                # 'the country', 'the kingdom': the state last named
                prev = reg.previous(t.i, lambda a: a.kind == "country")
                country = prev.country if prev else None
            if not country:
                country = _sentence_place(doc, t) or home
            if not country:
                prev = reg.previous(t.i, lambda a: a.kind == "country")
                country = prev.country if prev else None
            if (
                country
                and t.tag_ in ("NN", "NNS")
                and not any(
                    c.dep_ == "amod"
                    and c.lower_ in ("other", "foreign", "western", "european", "several", "many")
                    for c in t.children
                )
            ):
                if t.tag_ == "NNS" and lemma in ("government",):
                    continue
                _mention_free(reg, span, reg.get("country", C.short_name(country), country))
        if lemma == "bloc" and any(a.name == "European Union" for a in reg.actors):
            _mention_free(reg, span, reg.get("igo", "European Union"))
        if lemma == "agency" and not [x for x in span if x.pos_ == "PROPN"]:
            prev = reg.previous(t.i, lambda a: a.kind in ("igo", "ngo", "government_body"))
            if prev:
                _mention_free(reg, span, prev)


def _mention_free(reg: Registry, span: Span, actor: Actor) -> None:
    toks = [i for i in range(span.start, span.end) if i not in reg.by_token]
    if not toks:
        return
    s, e = toks[0], toks[-1] + 1
    reg.add_mention(s, e, actor, root=span.root.i)


def _sentence_place(doc: Doc, tok: Token) -> str | None:
    """'In Podgorica, the government said ...': the place that frames the clause."""
    sent = tok.sent
    for t in sent:
        if t.i >= tok.i:
            break
        if t.dep_ == "pobj" and t.head.lower_ == "in":
            code = C.capital_code(t.text) or C.country_code(t.text)
            if code:
                return code
    return None


# ---------------------------------------------------------------------------
# fmt: off
QUANTIFIERS = {
    'a', 'about', 'almost', 'an', 'around', 'at', 'first', 'its', 'least', 'many', 'more', 'nearly',
    'several', 'some', 'than', 'the', 'their', 'these', 'those', 'to', 'up', 'various',
}
# fmt: on


def make_group(reg: Registry, tok: Token) -> Actor | None:
    """An unnamed collective ('human rights organizations') from a noun phrase head."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("NOUN", "PROPN") or (lemma not in GROUP_HEADS and tok.lower_ not in GROUP_HEADS):
        return None
    if tok.tag_ in ("NN", "NNP") and lemma not in ("group", "cohort", "party", "society", "union", "family"):
        return None
    lo = tok.i
    for c in tok.lefts:
        if c.dep_ in ("det", "predet", "nummod", "quantmod", "poss") or c.like_num or c.lower_ in QUANTIFIERS:
            continue
        lo = min(lo, c.left_edge.i)
    while lo < tok.i and (tok.doc[lo].like_num or tok.doc[lo].dep_ in ("nummod", "quantmod", "det")):
        lo += 1
    hi = tok.i + 1
    # "five men deported from ...": keep a short participle phrase
    for c in tok.rights:
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.right_edge.i - tok.i <= 5:
            hi = c.right_edge.i + 1
    while lo < tok.i and tok.doc[lo].pos_ in ("DET", "PUNCT", "CCONJ"):
        lo += 1
    span = tok.doc[lo:hi]
    if any(i in reg.by_token for i in range(span.start, span.end)):
        m = reg.by_token.get(tok.i)
        return m.actor if m else None
    full_lo = tok.left_edge.i
    while full_lo < tok.i and tok.doc[full_lo].pos_ in ("PUNCT", "CCONJ"):
        full_lo += 1
    surface = tok.doc[full_lo:hi].text
    name = span.text
    if name[:1].isupper() and tok.doc[lo].pos_ != "PROPN":
        name = name[:1].lower() + name[1:]
    for a in reg.actors:
        if a.kind == "group" and _fold(a.name) == _fold(name):
            break
    else:
        a = Actor(kind="group", name=name)
        reg.actors.append(a)
    a.add(surface, (tok.doc[full_lo].idx, tok.doc[hi - 1].idx + len(tok.doc[hi - 1].text)))
    m = Mention(lo, hi, a, tok.i)
    reg.mentions.append(m)
    for i in range(lo, hi):
        reg.by_token.setdefault(i, m)
    return a
