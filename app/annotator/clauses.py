"""Syntactic predicates of a trigger's clause, shared by the event rules.

Whether a clause is negated, unreal (planned, conditional, hearsay) or under a
denial, who its objects are, whether a phrase names people or money: the
questions every trigger rule asks before it fires.
"""

from __future__ import annotations

from spacy.tokens import Token

from . import countries as C
from .triggers import HEARSAY_NOUNS, MODALS, PEOPLE_NOUNS, PROTEST_CUES, REALISING_HEADS, UNREAL_HEADS


def _lem(t: Token) -> str:
    return t.lemma_.lower()


def _negated(v: Token) -> bool:
    if any(c.dep_ == "neg" for c in v.children):
        return True
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
            d.lower_ in ("no", "neither", "nobody") for d in c.subtree if d.i <= c.i
        ):
            return True
        if c.lower_ in ("nobody", "none") and c.dep_.startswith("nsubj"):
            return True
    return False


def _unreal(v: Token, purpose: bool = True) -> bool:
    """Planned, conditional or hypothetical: 'are due to be transferred', 'could be returned'."""
    h = v
    for _ in range(3):
        if any(c.lower_ in MODALS and c.dep_ == "aux" for c in h.children):
            return True
        # 'are due to ...', 'is expected to ...'
        if any(
            _lem(c) in UNREAL_HEADS
            and (c.dep_ == "acomp" or (c.dep_ == "xcomp" and _lem(h) in ("be", "seem")))
            for c in h.children
        ):
            return True
        # 'no evidence that the parents had asked', 'a report that the centre could take'
        if h.dep_ in ("acl", "ccomp") and h.head.pos_ == "NOUN" and _lem(h.head) in HEARSAY_NOUNS:
            return True
        if h.dep_ in ("xcomp", "ccomp", "advcl") and _lem(h.head) in UNREAL_HEADS:
            return True
        if h.dep_ != "conj":
            break
        h = h.head
    return (
        purpose
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
        and v.dep_ in ("xcomp", "advcl", "acl", "relcl", "ccomp")
        and _lem(v.head) not in REALISING_HEADS
    )


def _reported_modal(v: Token) -> bool:
    """'said the government would appeal': an announced stance, not a hypothesis."""
    return (
        v.dep_ == "ccomp"
        and _lem(v.head) in {"say", "tell", "announce", "confirm", "warn", "add"}
        and not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
    )


def _under_negated_report(v: Token) -> bool:
    """Inside 'did not confirm whether ...', 'has not said how many ...' or 'denied
    reports that the country had agreed ...'."""
    h = v
    for _ in range(6):
        if h.head.i == h.i:
            return False
        if _lem(h.head) in DENIAL_VERBS and h.dep_ in ("ccomp", "acl", "relcl", "xcomp", "advcl", "dobj"):
            return True
        if (
            h.dep_ in ("ccomp", "xcomp", "advcl", "conj")
            and _negated(h.head)
            and _lem(h.head)
            in {"confirm", "say", "disclose", "reveal", "announce", "specify", "know", "tell"}
        ):
            return True
        h = h.head
    return False


# a report under these is a claim someone rejects, not an event ('denied reports that ...')
DENIAL_VERBS = {"deny", "dismiss", "refute", "reject"}


def gathering_protests(subj: Token, verb: Token) -> bool:
    """People who 'gathered' protest only when counted ('around 1,000 individuals gathered') or
    when the sentence says what they stand for: 'Afghan nationals with their belongings
    gathered at the border' is a caption, not a protest."""
    counted = any(x.dep_ == "nummod" for x in subj.children)
    return counted or any(x.lower_.startswith(PROTEST_CUES) for x in verb.sent)


def _gerund_noun(v: Token) -> bool:
    """'limits on deporting migrants', 'Sending people ... is not a return': no event."""
    return v.tag_ == "VBG" and v.dep_ in ("pcomp", "pobj", "csubj", "csubjpass", "nsubj", "dobj", "compound")


def is_people(t: Token) -> bool:
    if _lem(t) in PEOPLE_NOUNS or t.lower_ in PEOPLE_NOUNS:
        return True
    # plural demonyms: 'Afghans', 'Venezuelans'
    return t.text.endswith("s") and C.demonym_code(t.text[:-1]) is not None


def _objects(
    v: Token, preps: tuple[str, ...] = ("with", "to", "on", "for", "into", "from", "against")
) -> list[Token]:
    out = []
    for c in v.children:
        if c.dep_ in ("dobj", "dative", "iobj", "attr", "oprd"):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in preps:
            out.extend(p for p in c.children if p.dep_ == "pobj")
        elif c.dep_ == "agent":
            continue
    more = []
    for o in out:
        more.extend(x for x in o.conjuncts if x not in out)
    return out + more


def _with_conj(tok: Token | None) -> list[Token]:
    if tok is None:
        return []
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def _noun_lem_in(tokens: list[Token], vocab: set[str]) -> Token | None:
    for t in tokens:
        if _lem(t) in vocab or t.lower_ in vocab:
            return t
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj" and (_lem(p) in vocab or p.lower_ in vocab):
                        return p
    return None


def _has_money(tokens: list[Token]) -> bool:
    for t in tokens:
        for x in t.subtree:
            if x.ent_type_ == "MONEY" or x.lower_ in ("euros", "euro", "dollars", "pounds", "francs"):
                return True
    return False
