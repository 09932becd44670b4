"""Persons: NER names with their titles, names NER missed or called ORG, bare surnames."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from . import countries as C
from .lexicon import HONORIFICS, TITLE_WORDS
from .nlp import text_of
from .registry import Actor, Mention, Registry, headline_end


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


# lower-case words inside a personal name
NAME_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "del", "da", "di", "du", "la", "le", "al", "bin", "ibn"}
)


def scan_persons(doc: Doc, reg: Registry, ents: list) -> dict[str, Actor]:
    """NER persons with the title words before them; returns surname -> person."""
    surnames: dict[str, Actor] = {}
    # persons first, so a later surname tagged ORG still resolves to the person.
    # Not from a Title Case headline, where NER sees names everywhere.
    head_end = headline_end(text_of(doc))
    for ent in ents:
        if ent.label_ != "PERSON" or ent.start_char < head_end:
            continue
        toks = [t for t in ent if t.text not in ("'s", "’s")]
        if not toks:
            continue
        start, end = toks[0].i, toks[-1].i + 1
        if start in reg.by_token:
            continue  # already named as something else ('the charity X')
        while end < len(doc) and end - start < 5:
            nxt = doc[end]
            if (
                nxt.pos_ == "PROPN"
                and nxt.is_title
                and not (C.country_code(nxt.text) or C.capital_code(nxt.text))
            ):
                end += 1
            elif (
                nxt.lower_ in NAME_PARTICLES
                and end + 1 < len(doc)
                and (doc[end + 1].is_title or doc[end + 1].lower_ in NAME_PARTICLES)
            ):
                end += 1  # 'Ursula von der Leyen' when NER stops at 'von'
            else:
                break
        name_text = doc[start:end].text
        if _not_a_person(doc, start, end):
            continue
        if (
            C.country_code(name_text)
            or C.demonym_code(name_text)
            or C.capital_code(name_text)
            or C.city_country(name_text)
            or name_text.isupper()
        ):
            continue
        title, country, tstart = _title_before(doc, start)
        last = doc[end - 1].text
        actor = surnames.get(last)
        if actor is None and end - start == 1:
            # 'Minister of State Talal Chaudhry ... Talal said': some outlets use the first name
            actor = next(
                (
                    a
                    for a in reg.actors
                    if a.kind == "person" and len(a.name.split()) > 1 and a.name.split()[0] == last
                ),
                None,
            )
        if actor is None:
            actor = Actor(kind="person", name=name_text, country=country, title=title)
            reg.actors.append(actor)
            surnames[last] = actor
            # double surnames: 'Alicia Ferrández Ruiz' is later 'Ferrández'
            for mid in doc[start + 1 : end - 1]:
                if mid.is_title and len(mid.text) > 2:
                    surnames.setdefault(mid.text, actor)
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
    return surnames


# nouns a name modifies when it names a place: 'the Menoyia migrant reception centre', 'La Guaira state'
# fmt: off
PLACE_NOUNS = {
    'airport', 'border', 'camp', 'center', 'centre', 'city', 'county', 'district', 'facility', 'island',
    'port', 'prison', 'province', 'region', 'state', 'town', 'village',
}
# fmt: on


def _not_a_person(doc: Doc, start: int, end: int) -> bool:
    """NER's PERSON that the syntax says is a thing ('The MoU committed ...') or a place."""
    if start > 0 and doc[start - 1].lower_ in ("the", "a", "an"):
        return True
    head, hops = doc[start:end].root, 0
    while head.dep_ == "compound" and hops < 4:
        head, hops = head.head, hops + 1
        if head.lemma_.lower() in PLACE_NOUNS:
            return True
    return False


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


def persons_tagged_org(doc: Doc, reg: Registry) -> None:
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


def scan_untagged_persons(doc: Doc, reg: Registry, surnames: dict[str, Actor]) -> None:
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


def scan_surnames(doc: Doc, reg: Registry, surnames: dict[str, Actor]) -> None:
    """A bare surname NER missed ('Mitsotakis told parliament') is still the person."""
    # 'Talal said' after 'Minister of State Talal Chaudhry': some outlets use the first name
    firsts: dict[str, Actor] = {}
    people = {id(a): a for a in surnames.values()}
    for a in people.values():
        words = a.name.split()
        if len(words) > 1 and words[0][:1].isupper() and words[0] not in surnames:
            firsts[words[0]] = a if words[0] not in firsts else None
    for t in doc:
        if t.i in reg.by_token or t.pos_ not in ("PROPN", "NOUN", "ADJ", "VERB"):
            continue
        actor = surnames.get(t.text)
        if actor is None and t.pos_ == "PROPN" and t.dep_ in ("nsubj", "nsubjpass"):
            actor = firsts.get(t.text)
        if actor is None:
            continue
        start = t.i
        parts = actor.name.split()
        while start > 0 and len(parts) > t.i - start + 1 and doc[start - 1].text == parts[-(t.i - start + 2)]:
            start -= 1
        reg.add_mention(start, t.i + 1, actor)
