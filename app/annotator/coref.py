"""Resolve a subject noun phrase or pronoun to an actor.

Pronouns: "he"/"she" go to the nearest earlier person (speakers first),
"it"/"they" to the nearest earlier non-person actor. Anonymous sources
("a spokesperson for the justice ministry", "A Belgian official") go to the
body or country they speak for.
"""

from __future__ import annotations

from spacy.tokens import Token

from . import countries as C
from .actors import Actor, Registry, make_group
from .lexicon import ANONYMOUS_HEADS
from .registry import fold

# fmt: off
PERSONAL = {
    'he', 'her', 'him', 'she',
}
# fmt: on
# heads of definite descriptions that point back at a titled person ('the minister')
# fmt: off
TITLE_HEADS = {
    'ambassador', 'chancellor', 'chief', 'commissioner', 'director', 'envoy', 'governor', 'judge', 'lawyer',
    'leader', 'mayor', 'minister', 'premier', 'president', 'secretary', 'senator', 'spokesman',
    'spokesperson', 'spokeswoman',
}
# fmt: on
# fmt: off
IMPERSONAL = {
    'it', 'them', 'they', 'we',
}
# fmt: on


def subject_of(verb: Token) -> Token | None:
    """Grammatical subject, climbing through participles ('..., saying that')."""
    v = verb
    for _ in range(4):
        # the agent of a passive ('questioned by rights groups') is the doer
        for c in v.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        for dep in ("nsubj", "nsubjpass"):
            for c in v.children:
                if c.dep_ == dep:
                    if c.lower_ in ("who", "which", "that") and v.dep_ == "relcl":
                        ante = v.head  # 'the minister, who signed the accord': the antecedent
                        while ante.dep_ == "appos" and ante.head.i != ante.i:
                            ante = ante.head  # 'X, an advocacy group that brought the case': X
                        return ante
                    return c
        if v.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl") and v.head.i != v.i:
            participle = v.tag_ == "VBG"
            # '..., the group said, accusing Athens of ...': the reporter is the one accusing
            if participle:
                for sib in v.head.children:
                    if (
                        sib.dep_ == "parataxis"
                        and sib.i < v.i
                        and sib.lemma_ in ("say", "tell", "add", "state")
                    ):
                        s = subject_of(sib)
                        if s is not None:
                            return s
            else:
                participle = False
            v = v.head
            # '..., saying that' hanging off a clause that modifies a noun: climb to the main verb
            while participle and v.dep_ in ("acl", "relcl") and v.head.head.i != v.head.i:
                v = v.head.head
            continue
        break
    return None


VEHICLES = {"plane", "aircraft", "jet", "flight", "charter", "ship", "vessel", "boat", "bus", "train"}
# fmt: off
STATE_ORGANS = {
    'agent', 'army', 'authorities', 'authority', 'border', 'coastguard', 'force', 'forces', 'government',
    'guard', 'military', 'navy', 'officer', 'official', 'police', 'soldier', 'troop',
}
# fmt: on
# fmt: off
QUANTITY_HEADS = {
    'all', 'batch', 'dozen', 'dozens', 'group', 'hundred', 'hundreds', 'many', 'millions', 'most', 'number',
    'several', 'some', 'thousand', 'thousands',
}
# fmt: on
# fmt: off
CLAUSE_DEPS = {
    'acl', 'advcl', 'ccomp', 'prep', 'punct', 'relcl', 'xcomp',
}
# fmt: on


def near(tok: Token) -> set[int]:
    """Tokens of the noun phrase proper: no prepositional phrases or clauses."""
    out, todo = {tok.i}, [tok]
    while todo:
        t = todo.pop()
        for c in t.children:
            if c.dep_ not in CLAUSE_DEPS and c.i not in out:
                out.add(c.i)
                todo.append(c)
    return out


def of_head(tok: Token) -> Token:
    """'a first group of 12 asylum seekers' -> 'seekers'; 'hundreds of migrants' -> 'migrants'."""
    if tok.lemma_.lower() in QUANTITY_HEADS or tok.like_num:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
    return tok


def resolve(
    tok: Token,
    reg: Registry,
    speakers: list[Actor] | None = None,
    allow_group: bool = True,
    shallow: bool = False,
) -> Actor | None:
    """shallow: only look inside the noun phrase itself (for objects, where a
    prepositional phrase usually names a place, not the actor)."""
    if shallow:
        inner = of_head(tok)
        if inner.i != tok.i:
            return resolve(inner, reg, speakers, allow_group, shallow)
    low = tok.lower_
    if tok.pos_ == "PRON" or low in PERSONAL | IMPERSONAL:
        if low in PERSONAL:
            # 'Judge X barred ... . He said ...': a sentence-initial pronoun continues the
            # previous sentence's subject
            prev = _previous_subject_person(tok, reg)
            if prev is not None:
                return prev
            for a in reversed(speakers or []):
                if a.kind == "person":
                    return a
            return reg.previous(tok.i, lambda a: a.kind == "person")
        if low in IMPERSONAL:
            for a in reversed(speakers or []):
                if a.kind != "person":
                    return a
            # 'The administration has ... and groups have accused it': the last subject first
            subj = [
                m
                for m in reg.mentions
                if m.start < tok.i
                and m.actor.kind in ("country", "government_body", "igo", "court")
                and tok.doc[m.root].dep_ in ("nsubj", "nsubjpass")
                and tok.doc[m.root].sent.start >= tok.sent.start - 60
            ]
            if subj:
                return max(subj, key=lambda m: m.start).actor
            return reg.previous(tok.i, lambda a: a.kind in ("country", "government_body", "igo", "court"))
        return None
    # 'the statement added', 'the CBS report said': the body that issued the document
    if tok.lemma_.lower() in DOCUMENT_NOUNS and tok.pos_ == "NOUN":
        issuer = next(
            (reg.at(c) for c in tok.children if c.dep_ in ("poss", "compound") and reg.at(c) is not None),
            None,
        )
        if issuer is None:
            # 'a memo from El Salvador's Foreign Ministry', 'a statement by the agency'
            issuer = next(
                (
                    reg.at(p)
                    for c in tok.children
                    if c.dep_ == "prep" and c.lower_ in ("from", "by")
                    for p in c.children
                    if p.dep_ == "pobj" and reg.at(p) is not None
                ),
                None,
            )
        if issuer is None:
            # 'the Coast Guard statement said' after 'the Italian Coast Guard': the name's tail
            words = " ".join(c.text for c in tok.children if c.dep_ == "compound" and c.i < tok.i)
            if len(words) >= 3 and words[:1].isupper():
                issuer = next(
                    (
                        a
                        for a in reg.actors
                        if a.kind != "person"
                        and (fold(a.name).endswith(fold(words)) or fold(a.name).startswith(fold(words) + " "))
                    ),
                    None,
                )
        if issuer is not None:
            return issuer
        if any(c.dep_ == "det" and c.lower_ in ("the", "this", "its", "their") for c in tok.children):
            # a statement is a body's: 'the statement added' after its representative was quoted
            # from it is still the agency's; a person's only when no body spoke
            recent = [a for a in reversed(speakers or []) if a.kind != "group"][:3]
            return next((a for a in recent if a.kind != "person"), recent[0] if recent else None)
        return None
    # 'Tunisian security forces', 'Pakistani authorities': organs of a state
    if tok.lemma_.lower() in VEHICLES and tok.pos_ == "NOUN":
        return None  # 'a plane operated by X left': the carrier is not the one who deports
    own_body = reg.at(tok)
    if own_body is not None and own_body.kind == "government_body":
        return own_body  # 'the Libyan coast guard' named as a body of its own
    if tok.lower_ == "authorities" and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        # 'the authorities said': the authorities last quoted, if a body of them was
        prev = next((a for a in reversed(speakers or []) if a.kind == "government_body"), None)
        if prev is not None and len(list(tok.children)) == 1:
            return prev
    if tok.lemma_.lower() in STATE_ORGANS:
        for c in tok.children:
            code = C.demonym_code(c.text) if c.dep_ in ("amod", "compound", "nmod") else None
            if code:
                return _noted(reg, tok, reg.get("country", C.short_name(code), code))
    ms = reg.in_subtree(tok)
    if shallow:
        keep = near(tok)
        ms = [m for m in ms if m.root in keep or m.start in keep]
    # do not look into relative clauses or appositive descriptions of other actors
    persons = [m for m in ms if m.actor.kind == "person"]
    own = [m for m in ms if m.root == tok.i or (m.start <= tok.i < m.end)]
    if own:
        return own[0].actor
    named = _named_by_appos(tok, reg)
    if named is not None:
        return named
    # 'Its spokesman, Ruben Neugebauer, said': the named person in apposition
    for m in persons:
        r = tok.doc[m.root]
        if r.dep_ == "appos" and r.head.i == tok.i:
            return m.actor
    role = tok.lemma_.lower()
    for a in reg.actors:
        if a.kind == "person" and role in a.roles:
            return a
    holder = _office_holder(tok, reg)
    if holder is not None:
        return holder
    member = _named_member(tok, reg)
    if member is not None:
        return member
    if persons and tok.lower_ not in ANONYMOUS_HEADS | {"lawyer"} or (persons and low == "lawyer"):
        return persons[0].actor
    if tok.lemma_.lower() == "judge" and not persons:
        # 'A federal judge ... blocked': the judge is usually named in the next sentence
        for a in reg.actors:
            if a.kind == "person" and "judge" in (a.title or "").lower():
                return a
    definite = any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "its", "their") for c in tok.children
    )
    lemma = tok.lemma_.lower()
    if definite and not ms:
        # 'the minister said' -> the person last named with that title
        if lemma in TITLE_HEADS:
            prev = reg.previous(tok.i, lambda a: a.kind == "person" and lemma in (a.title or "").lower())
            if prev is not None:
                return prev
            if any(c.lower_ in ("its", "their") for c in tok.children):
                # 'its director': speaks for the organisation
                prev = reg.previous(
                    tok.i, lambda a: a.kind in ("ngo", "organization", "igo", "government_body")
                )
                if prev is not None:
                    return prev
        # 'the group', 'the charity' -> the organisation last named
        if lemma in ORG_APPOS | {"organisation", "organization", "charity", "body"}:
            prev = reg.previous(tok.i, lambda a: a.kind in ("ngo", "organization", "igo"))
            if lemma == "group":  # 'the group said' also stands for an unnamed collective that spoke
                prev = next((a for a in reversed(speakers or []) if a.kind in ("group", "ngo")), prev)
            if prev is not None:
                return prev
    if low in ANONYMOUS_HEADS or tok.lemma_.lower() in ANONYMOUS_HEADS:
        # 'a spokesperson for the Home Office, John Smith, said': the person named in
        # apposition anywhere in the phrase speaks, not the body
        for m in persons:
            if tok.doc[m.root].dep_ == "appos":
                return m.actor
        # 'a spokesperson for Prime Minister Mark Rutte': the minister speaks through them
        if low in SPOKES_HEADS:
            for m in persons:
                r = tok.doc[m.root]
                if r.dep_ == "pobj" and r.head.lower_ == "for" and r.head.head.i == tok.i:
                    return m.actor
        bodies = [m for m in ms if m.actor.kind != "person"]
        if bodies:
            return bodies[0].actor
        for t in tok.subtree:
            code = C.demonym_code(t.text)
            if code:
                return _noted(reg, tok, reg.get("country", C.short_name(code), code))
        if "ministry" in tok.sent.text.lower() or any(t.lower_ == "ministry" for t in tok.subtree):
            prev = reg.previous(tok.i, lambda a: a.kind == "government_body")
            if prev:
                return prev
        # 'diplomats in Brussels', 'officials in Kabul': the place they speak from
        for t in tok.subtree:
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "from"):
                if t.text in C.EU_SEATS:
                    return _noted(reg, tok, reg.get("igo", "European Union"))
                code = C.capital_code(t.text) or C.country_code(t.text)
                if code:
                    return _noted(reg, tok, reg.get("country", C.short_name(code), code))
        # 'The officials said' after 'said the immigration officials': the same authorities
        if low == "officials" and definite and not ms:
            prev = next((a for a in reversed(speakers or []) if a.kind == "government_body"), None)
            if prev is not None:
                return prev
        # 'said the immigration officials': the authorities of that branch, of the country
        # of the dateline or of the story
        branch = [
            c.lower_ for c in tok.children if c.dep_ in ("compound", "amod") and c.lower_ in OFFICIAL_BRANCHES
        ]
        state = reg.home or reg.story_country()
        if branch and state and low in ("officials", "official") and C.demonym_of(state):
            body = reg.get("government_body", f"{C.demonym_of(state)} {' '.join(branch)} authorities", state)
            if tok.i not in reg.by_token:
                reg.add_mention(tok.i, tok.i + 1, body)
            return body
        # 'While the State Department was evasive, a spokesperson told ...': the body the
        # sentence has just named
        earlier = [
            m
            for m in reg.mentions
            if tok.sent.start <= m.start < tok.i and m.actor.kind in ("government_body", "igo", "ngo")
        ]
        if earlier and low in SPOKES_HEADS:
            return max(earlier, key=lambda m: m.start).actor
        # 'officials said', 'a police spokesperson said': the state of the dateline, else (for
        # 'Federal officials said') the country the story is about
        state = reg.home or (reg.story_country() if low in ("officials", "official") else None)
        if state:
            a = reg.get("country", C.short_name(state), state)
            if tok.i not in reg.by_token:
                reg.add_mention(tok.i, tok.i + 1, a)
            return a
        return None
    if definite and ms and all(m.actor.kind != "person" for m in ms):
        # 'The Immigration Department director-general said', just after 'says Datuk X':
        # the office holder last quoted, when nothing gives them another title
        role = "director" if lemma == "general" and any(c.lower_ == "director" for c in tok.lefts) else lemma
        last = next((a for a in reversed(speakers or []) if a.kind == "person"), None)
        if (
            role in OFFICE_HEADS
            and last is not None
            and (last.title is None or role in last.title.lower())
            and any(tok.sent.start - 80 <= m.start < tok.i for m in reg.mentions if m.actor is last)
        ):
            return last
    if allow_group and tok.tag_ in ("NNS", "NNPS"):
        g = make_group(reg, tok)
        if g is not None:
            return g
    if ms and _named_with_affiliation(tok, ms, reg):
        # 'according to Ludvig Aspling of the Sweden Democrats': the person NER missed,
        # not the country inside his party's name
        person = _unknown_name(tok, reg, person=True)
        if person is not None:
            return person
    if ms:
        return ms[0].actor
    if allow_group:
        g = make_group(reg, tok)
        if g is not None:
            return g
    if (
        tok.pos_ == "PROPN"
        and tok.is_title
        and tok.dep_ in ("nsubj", "nsubjpass")
        and tok.ent_type_ in ("", "ORG", "PERSON", "NORP")
    ):
        return _unknown_name(tok, reg)
    return None


# fmt: off
# documents that 'say' what their issuer said: 'the statement added', 'the report said'
DOCUMENT_NOUNS = {
    'statement', 'report', 'letter', 'memo', 'post', 'notice', 'document', 'documents', 'release',
    'communique', 'declaration', 'filing', 'order',
}
# heads of a description of one office holder ('the department's director-general')
OFFICE_HEADS = {'director', 'chief', 'head', 'commissioner', 'minister', 'secretary', 'president'}
SPOKES_HEADS = {'spokesperson', 'spokesman', 'spokeswoman', 'aide', 'adviser', 'advisor'}
# fmt: on
# fmt: off
ORG_APPOS = {
    'agency', 'alliance', 'association', 'campaign', 'charity', 'coalition', 'company', 'foundation',
    'group', 'movement', 'network', 'ngo', 'organisation', 'organization', 'party', 'union',
}
# fmt: on


OFFICIAL_BRANCHES = frozenset(
    {"immigration", "border", "security", "police", "health", "customs", "migration", "interior"}
)


def _previous_subject_person(tok: Token, reg: Registry) -> Actor | None:
    sent = tok.sent
    if tok.i - sent.start > 1 or sent.start == 0:
        return None
    prev = tok.doc[sent.start - 1].sent
    for m in reg.mentions:
        if prev.start <= m.start < prev.end and m.actor.kind == "person":
            root = tok.doc[m.root]
            if root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "ROOT":
                return m.actor
    return None


def _noted(reg: Registry, tok: Token, actor: Actor) -> Actor:
    """Record the phrase that stood for the actor, so every actor keeps a mention."""
    if tok.i not in reg.by_token:
        reg.add_mention(tok.i, tok.i + 1, actor)
    elif not actor.mentions:
        actor.add(tok.text, (tok.idx, tok.idx + len(tok.text)))
    return actor


def _office_holder(tok: Token, reg: Registry) -> Actor | None:
    """'Thailand's Prime Minister', 'the Rwandan foreign minister': the one person the story
    names with that office of that country, wherever in the story the name comes."""
    head = tok.lemma_.lower()
    if head not in OFFICE_HEADS or tok.tag_ != "NN":
        return None
    code, qualifiers = None, set()
    for c in tok.children:
        if c.dep_ == "poss" and c.lower_ == "country" and c.i > tok.sent.start:
            # 'Rwanda is in talks ..., the country's foreign minister said': the sentence's
            # first country
            first = next(
                (m for m in reg.mentions if tok.sent.start <= m.start < c.i and m.actor.kind == "country"),
                None,
            )
            code = first.actor.country if first is not None else None
        elif c.dep_ == "poss":
            a = reg.at(c)
            code = a.country if a is not None and a.kind == "country" else C.country_code(c.text)
        elif c.dep_ in ("amod", "compound"):
            demonym = C.demonym_code(c.text)
            if demonym:
                code = demonym
            else:
                qualifiers.add(_SPELLING.get(c.lower_, c.lower_))
    if code is None:
        return None
    found = []
    for a in reg.actors:
        # a person whose country the text never gave may still hold the office
        if a.kind != "person" or a.country not in (code, None) or not a.title:
            continue
        words = {_SPELLING.get(w, w) for w in a.title.lower().split()}
        if head in words and qualifiers <= words:
            found.append(a)
    return found[0] if len(found) == 1 else None


_SPELLING = {"defence": "defense"}


def _named_by_appos(tok: Token, reg: Registry) -> Actor | None:
    """'Brothers of Italy, Meloni's party, ...': a capitalised name explained as an organisation."""
    appos = next((c for c in tok.children if c.dep_ == "appos" and c.lemma_.lower() in ORG_APPOS), None)
    if appos is None or not tok.text[:1].isupper() or tok.i in reg.by_token:
        return None
    lo = tok.left_edge.i
    hi = appos.left_edge.i
    while hi > lo and tok.doc[hi - 1].is_punct:
        hi -= 1
    span = tok.doc[lo:hi]
    while len(span) and span[0].pos_ == "DET":
        span = span[1:]
    if not len(span) or not all(
        w.text[:1].isupper() or w.lower_ in ("of", "for", "the", "and") for w in span
    ):
        return None
    kind = (
        "ngo"
        if any(w.lower_ in ("rights", "refugee", "charity", "advocacy") for w in appos.subtree)
        else ("organization")
    )
    a = reg.get(kind, span.text)
    for i in range(span.start, span.end):
        reg.by_token.pop(i, None)  # the name wins over a country inside it ('of Italy')
    reg.add_mention(span.start, span.end, a)
    return a


def _named_member(tok: Token, reg: Registry) -> Actor | None:
    """'Critics, including campaign group Freedom from Torture, argue': the named member
    speaks for the unnamed many."""
    if tok.tag_ != "NNS":
        return None
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ != "including":
            continue
        for p in c.children:
            if p.dep_ != "pobj":
                continue
            name = next(
                (x for x in [p, *p.children] if x.pos_ == "PROPN" and x.dep_ in ("pobj", "appos")), None
            )
            if name is None:
                continue
            known = reg.at(name)
            span = tok.doc[name.left_edge.i : name.right_edge.i + 1]
            while len(span) and span[0].pos_ in ("DET", "NOUN"):
                span = span[1:]
            if known is not None and known.kind != "group":
                if span.text.startswith(known.name) and len(span.text) > len(known.name):
                    known.name = span.text  # NER cut 'Freedom from Torture' at its 'from'
                return known
            if len(span) and all(w.is_title or w.is_lower and w.pos_ == "ADP" for w in span):
                a = reg.get(
                    "ngo"
                    if _lem_of(p) in ("group", "charity", "organisation", "organization")
                    else "organization",
                    span.text,
                )
                reg.add_mention(span.start, span.end, a)
                return a
    return None


def _lem_of(t: Token) -> str:
    return t.lemma_.lower()


def _named_with_affiliation(tok: Token, ms: list, reg: Registry) -> bool:
    """A two-word proper name no actor holds, whose subtree's actors all sit in its 'of' phrase."""
    if tok.pos_ != "PROPN" or not tok.is_title or tok.i in reg.by_token:
        return False
    if not any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.is_title for c in tok.children):
        return False
    of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
    inside = {x.i for c in of for x in c.subtree}
    return bool(of) and all(m.start in inside for m in ms)


def _unknown_name(tok: Token, reg: Registry, person: bool = False) -> Actor | None:
    """A proper name that NER missed ('Pro Asyl, a German refugee rights group, said')."""
    lo = min([c.i for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok.i])
    span = tok.doc[lo : tok.i + 1]
    for a in reg.actors:  # a bare surname of someone already named
        if a.kind == "person" and a.name.split()[-1] == tok.text:
            reg.add_mention(lo, tok.i + 1, a)
            return a
    appos = [c for c in tok.children if c.dep_ == "appos"]
    if appos and appos[0].lemma_.lower() in ORG_APPOS:
        kind = (
            "ngo"
            if any(w.lower_ in ("rights", "refugee", "charity", "advocacy") for w in appos[0].subtree)
            else ("organization")
        )
    elif tok.ent_type_ == "PERSON" or (len(span) >= 2 and (tok.ent_type_ == "" or person)):
        kind = "person"
    else:
        kind = "organization"
    if kind == "person" and len(span) < 2:
        return None
    a = reg.get(kind, span.text)
    reg.add_mention(span.start, span.end, a)
    return a
