"""Organisations, government bodies, courts and the generic state ('the government')."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from . import countries as C
from .lexicon import (
    BODIES,
    COURT_HEADS,
    ETHNONYMS,
    GENERIC_STATE,
    GOV_BODY_HEADS,
    NATIONAL_BODIES,
    ORG_SUFFIX_KIND,
    TITLE_WORDS,
    UN_AGENCIES,
)
from .nlp import text_of
from .registry import Actor, Registry, fold, is_locative

# 'the Trump administration' needs no country named; another leader's does
US_PRESIDENTS = frozenset({"Trump", "Biden", "Obama", "Bush", "Clinton", "Harris", "Vance"})


def _court_country(doc: Doc, span: Span, home: str | None) -> str | None:
    lo = max(span.start - 3, span.sent.start)
    toks = doc[lo : span.end]
    for t in toks:
        c = C.demonym_code(t.text) or C.country_code(t.text)
        if c:
            return c
    # 'the Kuala Lumpur High Court', "London's High Court": the city names the country
    for n in (2, 1):
        for i in range(len(toks) - n + 1):
            words = toks[i : i + n].text
            c = C.capital_code(words) or C.city_country(words)
            if c:
                return c
    return home


def _classify_org(name: str) -> str:
    low = name.lower()
    words = re.findall(r"[a-z]+", low)
    if any(w in ("court", "tribunal") for w in words):
        return "court"
    # France's and others' constitutional judges sit in a council: 'the Constitutional Council'
    if "council" in words and ("constitutional" in words or "council of state" in low):
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


def _clean_org_name(span: Span) -> str:
    toks = [t for t in span if not C.country_code(t.text) and not C.demonym_code(t.text)]
    toks = [t for t in toks if t.text not in ("'s", "’s")]
    return " ".join(t.text for t in toks) or span.text


# words that name a thing or a document, never an organisation on their own
NON_ORG_WORDS = frozenset(
    {"card", "cards", "powers", "visa", "visas", "order", "act", "convention", "mou", "permit"}
)


def _not_an_organisation(span: Span) -> bool:
    words = [t.text for t in span]
    if len(words) == 1 and (C.demonym_code(words[0]) or C.demonym_code(words[0].rstrip("s"))):
        return True
    if len(words) == 1 and words[0].lower().rstrip("s") in ETHNONYMS:
        return True  # 'Uyghurs', 'Hazara': a people, not an organisation
    if C.city_country(span.text) or C.capital_code(span.text):
        return True
    return span[-1].lower_ in NON_ORG_WORDS


def _government_of(span: Span) -> str | None:
    low = [t.lower_ for t in span]
    if "government" not in low or len(low) > 5:
        return None
    for t in span:
        code = C.country_code(t.text) or C.demonym_code(t.text)
        if code:
            return code
    return None


def scan_entities(doc: Doc, reg: Registry, ents: list, surnames: dict[str, Actor]) -> None:
    """NER organisations and places: countries, capitals used for states, bodies, courts."""
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
            if text in C.EU_SEATS and not is_locative(span.root):
                reg.add_mention(span.start, span.end, reg.get("igo", "European Union"))
                continue
            if cap and ent.label_ != "NORP":
                if not is_locative(span.root):
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
            if span[-1].lower_ in SECURITY_HEADS and all(
                x.is_lower or x.lower_ in ("coast", "guard") for x in span
            ):
                continue  # 'coast guard': a state service, named by the noun-phrase pass
            if len(span) == 1 and span[0].is_title:
                # 'the Commission' after 'the European Commission': the body already named
                full = [
                    a
                    for a in reg.actors
                    if a.kind in ("igo", "government_body", "court", "ngo") and a.name.split()[-1] == text
                ]
                if len(full) == 1:
                    reg.add_mention(span.start, span.end, full[0])
                    continue
            kind = _classify_org(text)
            country = None
            if kind == "organization" and _not_an_organisation(span):
                continue  # 'Uyghurs', 'Torkham', 'Citizen Card': NER's ORG is a people, a place, a thing
            state = _government_of(span)
            if state is not None:
                # 'the US Government', 'the Government of Uganda': the state itself
                reg.add_mention(span.start, span.end, reg.get("country", C.short_name(state), state))
                continue
            if kind in ("court", "government_body"):
                country = _court_country(doc, span, reg.home)
                text = _clean_org_name(span)
            elif kind == "organization":
                country = None
            actor = reg.get(kind, text, country)
            reg.add_mention(span.start, span.end, actor)


_BODY_COUNTRY = {canon: code for canon, (_, code, _) in NATIONAL_BODIES.items()}
_ALL_BODY_ALIASES = sorted(
    [(alias, canon, kind) for canon, (kind, aliases) in BODIES.items() for alias in aliases]
    + [(alias, canon, kind) for canon, (kind, _, aliases) in NATIONAL_BODIES.items() for alias in aliases],
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


# 'the rescue charity Mare Libero', 'the refugee rights group Pro Asyl': the noun before a name says
# what the name is, whatever NER thinks (it often calls such names persons).
# fmt: off
NGO_TYPE_NOUNS = {
    'charity', 'ngo', 'nonprofit', 'non-profit', 'organisation', 'organization', 'foundation',
}
GROUP_TYPE_NOUNS = {
    'alliance', 'association', 'campaign', 'coalition', 'collective', 'group', 'network', 'platform',
}
CIVIL_MODIFIERS = {
    'advocacy', 'aid', 'asylum', 'campaign', 'charity', 'civil', 'humanitarian', 'legal', 'migrant',
    'migrants', 'refugee', 'refugees', 'rescue', 'rights', 'support', 'solidarity', 'welfare',
}
# fmt: on


def scan_named_orgs(doc: Doc, reg: Registry) -> None:
    """A capitalised name right after a lower-case type noun: 'the support group Caminos Abiertos'."""
    for t in doc[:-1]:
        low = t.lower_
        if not t.is_lower or (low not in NGO_TYPE_NOUNS and low not in GROUP_TYPE_NOUNS):
            continue
        j = t.i + 1
        while j < len(doc) and j - t.i <= 4 and doc[j].pos_ == "PROPN" and doc[j].is_title:
            j += 1
        span = doc[t.i + 1 : j]
        if not len(span) or any(i in reg.by_token for i in range(span.start, span.end)):
            continue
        if any(C.country_code(x.text) or C.demonym_code(x.text) or C.capital_code(x.text) for x in span):
            continue
        mods = [x for x in doc[max(t.sent.start, t.i - 4) : t.i]]
        civil = low in NGO_TYPE_NOUNS or any(x.lower_ in CIVIL_MODIFIERS for x in mods)
        kind = "ngo" if civil else "organization"
        country = next((C.demonym_code(x.text) for x in mods if C.demonym_code(x.text)), None)
        reg.add_mention(span.start, span.end, reg.get(kind, span.text, country))


def scan_bodies(doc: Doc, reg: Registry) -> None:
    text = text_of(doc)
    found = [(m.start(), m.end(), _FOLDED_MAP[m.group(0).lower()]) for m in _FOLDED_RE.finditer(text)]
    found += [(m.start(), m.end(), _EXACT_MAP[m.group(0)]) for m in _EXACT_RE.finditer(text)]
    # longest first, so "UN refugee agency" wins over "UN"
    for s, e, (canon, kind) in sorted(found, key=lambda x: x[0] - x[1]):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or any(i in reg.by_token for i in range(span.start, span.end)):
            continue
        if canon == "United Nations" and doc[span.end : span.end + 1].text == "agency":
            named = reg.previous(span.start, lambda a: a.name in UN_AGENCIES)
            if named is not None:
                reg.add_mention(span.start, span.end + 1, named)
                continue
        reg.add_mention(span.start, span.end, reg.get(kind, canon, _BODY_COUNTRY.get(canon)))


def scan_countries(doc: Doc, reg: Registry) -> None:
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
                and not is_locative(span.root)
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


def scan_noun_phrases(doc: Doc, reg: Registry, home: str | None) -> None:
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
                if name == "administration":
                    name = _president_administration(reg, country) or name
            # President X's administration
            leader = None
            for c in t.children:
                if c.dep_ == "poss":
                    m = reg.by_token.get(c.i)
                    if m and m.actor.kind == "person":
                        leader = m.actor
                        name = m.actor.name.split()[-1] + " administration"
                        start = c.left_edge.i
            for c in t.children if leader is None else ():
                # 'the administration of Dominican President Luis Abinader'
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        m = reg.by_token.get(p.i)
                        if p.dep_ == "pobj" and m and m.actor.kind == "person":
                            leader = m.actor
                            name = m.actor.name.split()[-1] + " administration"
                            country = country or next(
                                (C.demonym_code(x.text) for x in p.subtree if C.demonym_code(x.text)), None
                            )
            if leader is None and name.endswith(" administration"):
                surname = name.split()[-2]
                leader = next(
                    (a for a in reg.actors if a.kind == "person" and a.name.split()[-1] == surname), None
                )
            # 'administration' is how US news names a government: the US unless its leader is known
            # to be another country's ('the Abinader administration')
            country = (
                country
                or (leader.country if leader is not None else None)
                or ("USA" if leader is None or name.split()[0] in US_PRESIDENTS else home)
            )
            actor = reg.get("government_body", name, country)
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
            existing = [a for a in reg.actors if a.kind == "government_body" and fold(base) in fold(a.name)]
            actor = existing[0] if existing else reg.get("government_body", name.strip(), country or home)
            end = t.i + 1
            if tail:
                end = of[0].right_edge.i + 1
            _mention_free(reg, doc[start:end], actor)
            continue
        if (
            lemma in SECURITY_HEADS
            and t.tag_ in ("NN", "NNP")
            and (lemma != "guard" or any(x.lower_ in ("coast", "border") for x in span))
        ):
            _security_body(doc, reg, t, span, country)
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
        if lemma == "government" and any(c.dep_ == "amod" and c.lower_ in SUBNATIONAL for c in t.children):
            # 'the regional government of the Canary Islands' is not the national government
            _subnational_government(doc, reg, t, span)
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


def _president_administration(reg: Registry, country: str | None) -> str | None:
    """A bare 'the administration' in a story about one (US-style) president: 'Trump administration'."""
    heads = {
        a.name.split()[-1]
        for a in reg.actors
        if a.kind == "person"
        and a.title
        and a.title.lower().endswith("president")
        and "vice" not in a.title.lower()
        and a.country in (None, country or "USA")
    }
    return f"{heads.pop()} administration" if len(heads) == 1 else None


# state services that act in migration news: 'Libya's coast guard', 'the Greek coastguard'
SECURITY_HEADS = {"guard", "coastguard", "police", "gendarmerie"}


def _security_body(doc: Doc, reg: Registry, t: Token, span: Span, country: str | None) -> None:
    keep = ("coast", "border", "federal", "national")
    head = " ".join(x.lower_ for x in span if x.i == t.i or x.lower_ in keep)
    if country is None:
        # 'the coast guard' again: the one already named
        prev = reg.previous(t.i, lambda a: a.kind == "government_body" and a.name.endswith(head))
        if prev is not None:
            _mention_free(reg, span, prev)
        return
    dem = C.demonym_of(country)
    name = f"{dem} {head}" if dem else f"{C.short_name(country)} {head}"
    actor = reg.get("government_body", name, country)
    # 'Libya's coast guard': the possessive country stays its own mention
    _mention_free(reg, span, actor)


SUBNATIONAL = {"regional", "local", "provincial", "municipal", "city", "county", "state", "autonomous"}


def _subnational_government(doc: Doc, reg: Registry, t: Token, span: Span) -> None:
    adj = next(c.lower_ for c in t.children if c.dep_ == "amod" and c.lower_ in SUBNATIONAL)
    of = [c for c in t.rights if c.dep_ == "prep" and c.lower_ == "of"]
    pobj = [p for p in of[0].children if p.dep_ == "pobj"] if of else []
    place_toks = [x for x in pobj[0].subtree if x.pos_ != "DET"] if pobj else []
    if place_toks:
        place = " ".join(x.text for x in place_toks)
        end = of[0].right_edge.i + 1
    else:  # 'the Catalan regional government', 'Bavaria's state government'
        place = " ".join(x.text for x in span if x.i != t.i and x.lower_ != adj and x.pos_ == "PROPN")
        end = t.i + 1
    if not place:
        prev = reg.previous(t.i, lambda a: a.kind == "government_body" and adj in a.name)
        if prev:
            _mention_free(reg, span, prev)
        return
    country = C.country_code(place) or C.city_country(place) or reg.home
    actor = reg.get("government_body", f"{place} {adj} government", country)
    _mention_free(reg, doc[span.start : end], actor)


def _mention_free(reg: Registry, span: Span, actor: Actor) -> None:
    """Mention the actor on the free tokens that end the phrase at its head:
    'President Donald Trump's administration' -> "'s administration" (the
    person keeps his own tokens)."""
    e = span.end
    while e > span.start and (e - 1) in reg.by_token:
        e -= 1
    s = e
    while s > span.start and (s - 1) not in reg.by_token:
        s -= 1
    if s < e:
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
