"""A table of small per-type trigger rules, tried when the main classifier finds nothing.

Real news words events in ways the verb-and-object rules of events.Finder
miss: a deal named only as a noun ("an agreement between X and Y"), criticism
as something drawn ("drew criticism from rights groups"), a cap set on a
number ("capping admissions at 7,500"), talks as an "early stage of talks".
Each rule is one function of the token (and the Finder for actor lookup);
RULES lists them per event type, and `classify` returns the first type whose
rule accepts the token. The words they key on live in the lexicon constants
below, not in the function bodies.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Token

from .coref import subject_of
from .triggers import AGREEMENT_NOUNS, MEASURE_NOUNS, MODALS, PEOPLE_NOUNS

# fmt: off
# a migration-policy sentence: talks verbs are generic, so they need one of these nearby
MIGRATION_CUE_RE = re.compile(
    r"\b(migra\w*|immigra\w*|deport\w*|asylum|refugee\w*|return\w*|border\w*|resettle\w*|"
    r"repatriat\w*|visas?|detain\w*|detention|expel\w*|expuls\w*)\b",
    re.I,
)
TALK_VERBS = {'discuss', 'negotiate', 'consult', 'meet'}
TALK_STAGE_NOUNS = {'stage', 'stages', 'round', 'rounds', 'series', 'part'}
CRITICISM_NOUNS = {'criticism', 'condemnation', 'outcry', 'backlash', 'censure', 'rebuke', 'protest'}
DRAW_VERBS = {'draw', 'attract', 'face', 'spark', 'prompt', 'trigger', 'provoke', 'meet'}
LEGAL_CHALLENGE_NOUNS = {
    'lawsuit', 'suit', 'challenge', 'petition', 'complaint', 'appeal', 'application', 'case', 'action',
}
FILE_VERBS = {'file', 'lodge', 'launch', 'bring', 'submit', 'mount'}
QUANTITY_NOUNS = {
    'number', 'numbers', 'figure', 'ceiling', 'cap', 'quota', 'level', 'levels', 'intake', 'admission',
    'admissions', 'immigration', 'arrival', 'arrivals', 'target', 'total', 'volume', 'volumes',
}
LIMIT_VERBS = {'cap', 'restrict', 'reduce', 'cut', 'slash', 'limit', 'lower', 'curb', 'halve'}
DEADLINE_NOUNS = {'deadline', 'cut-off', 'cutoff', 'ultimatum'}
SET_VERBS = {'set', 'impose', 'announce', 'issue', 'give', 'extend'}
DESIGNATE_VERBS = {'designate', 'declare', 'label', 'list', 'classify'}
EFFECT_PHRASES = {('take', 'effect'), ('come', 'force'), ('enter', 'force'), ('go', 'effect')}
WANT_VERBS = {'want', 'demand', 'need'}
FAVOUR_NOUNS = {'favour', 'favor', 'support'}
# fmt: on

STATE_KINDS = ("country", "government_body", "person", "igo")
Rule = Callable[[Token, object], bool]


def _lem(t: Token) -> str:
    return t.lemma_.lower()


def _negated(t: Token) -> bool:
    return any(c.dep_ == "neg" for c in t.children)


def _modal(t: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in MODALS - {"will", "would"} for c in t.children)


def _actor_kind(f, tok: Token | None) -> str | None:
    if tok is None:
        return None
    a = f.actor(tok, False)
    return a.kind if a is not None else None


def _pobjs(t: Token, preps: set[str]) -> list[Token]:
    return [p for c in t.children if c.dep_ == "prep" and c.lower_ in preps for p in c.children if p.dep_ == "pobj"]


# -- talks -------------------------------------------------------------------------
def talks_stage(t: Token, f) -> bool:
    """'in the early stage of talks with the United States': talks under way."""
    return (
        _lem(t) in ("talk", "negotiation", "discussion")
        and t.tag_ == "NNS"
        and t.dep_ == "pobj"
        and t.head.lower_ == "of"
        and t.head.head.lower_ in TALK_STAGE_NOUNS
    )


def talks_verb(t: Token, f) -> bool:
    """'discussed the return of refugees with Lebanese officials'."""
    if _lem(t) not in TALK_VERBS or t.pos_ != "VERB" or _negated(t) or _modal(t):
        return False
    if t.tag_ in ("VB", "VBG") and t.dep_ in ("xcomp", "advcl", "pcomp"):
        return False  # 'met to discuss', 'plans to negotiate': the purpose, or not yet
    return _actor_kind(f, subject_of(t)) in STATE_KINDS and MIGRATION_CUE_RE.search(t.sent.text) is not None


# -- agreement ---------------------------------------------------------------------
def agreement_between(t: Token, f) -> bool:
    """'an agreement between Egypt and Israel', 'Washington's deal with El Salvador'."""
    if _lem(t) not in AGREEMENT_NOUNS or t.pos_ != "NOUN" or t.tag_ != "NN":
        return False
    if any(c.dep_ == "det" and c.lower_ in ("no", "any") for c in t.children):
        return False
    between = _pobjs(t, {"between"})
    if between and any(_actor_kind(f, x) in STATE_KINDS for x in between):
        return True
    poss = [c for c in t.children if c.dep_ == "poss"]
    withs = _pobjs(t, {"with"})
    return bool(poss and withs) and _actor_kind(f, poss[0]) in STATE_KINDS and any(
        _actor_kind(f, w) in STATE_KINDS for w in withs
    )


# -- criticism ---------------------------------------------------------------------
def criticism_drawn(t: Token, f) -> bool:
    """'drew criticism from rights groups', 'despite criticism from the UN'."""
    if _lem(t) not in CRITICISM_NOUNS or t.pos_ != "NOUN":
        return False
    critics = _pobjs(t, {"from", "by", "of"})
    if not critics and t.dep_ == "dobj" and _lem(t.head) in DRAW_VERBS:
        critics = _pobjs(t.head, {"from", "by"})
    return any(f.actor(c) is not None for c in critics)


def legal_challenge(t: Token, f) -> bool:
    """'rights groups filed a lawsuit / a judicial review application'."""
    if _lem(t) not in FILE_VERBS or t.pos_ != "VERB" or _negated(t) or _modal(t):
        return False
    objs = [c for c in t.children if c.dep_ == "dobj"]
    if not any(_lem(o) in LEGAL_CHALLENGE_NOUNS for o in objs):
        return False
    return _actor_kind(f, subject_of(t)) in ("ngo", "group", "person", "organization", "igo")


# -- policy_change -----------------------------------------------------------------
def limit_numbers(t: Token, f) -> bool:
    """'capping the figure at 7,500', 'restricting the number of refugees', 'cut immigration levels'."""
    if _lem(t) not in LIMIT_VERBS or t.pos_ != "VERB" or _negated(t) or _modal(t):
        return False
    objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    hit = any(
        _lem(o) in QUANTITY_NOUNS or _lem(o) in PEOPLE_NOUNS or any(_lem(x) in QUANTITY_NOUNS for x in o.children)
        for o in objs
    )
    return hit and MIGRATION_CUE_RE.search(t.sent.text) is not None


def set_deadline(t: Token, f) -> bool:
    """'Islamabad set a deadline for Afghans to leave', 'gave them a deadline to leave'."""
    if _lem(t) not in SET_VERBS or t.pos_ != "VERB" or _negated(t) or _modal(t):
        return False
    objs = [c for c in t.children if c.dep_ in ("dobj", "attr", "oprd")]
    objs += [x for o in objs for x in o.subtree if x.dep_ in ("appos", "conj", "pobj")]
    return any(_lem(o) in DEADLINE_NOUNS or o.lower_ in DEADLINE_NOUNS for o in objs) or any(
        x.lower_ in DEADLINE_NOUNS for x in t.subtree if x.i > t.i and x.i - t.i < 8
    )


def designate(t: Token, f) -> bool:
    """'Washington designated the gang as a terrorist organisation' (by a state, not a court)."""
    if _lem(t) not in DESIGNATE_VERBS or t.pos_ != "VERB" or _negated(t) or _modal(t):
        return False
    subj = subject_of(t)
    kind = _actor_kind(f, subj)
    return kind in ("country", "government_body", "person") and bool(
        _pobjs(t, {"as"}) or any(c.dep_ in ("oprd", "xcomp") for c in t.children)
    )


def takes_effect(t: Token, f) -> bool:
    """'the measure took effect', 'the rules came into force'."""
    lem = _lem(t)
    if t.pos_ != "VERB" or _negated(t) or _modal(t):
        return False
    tails = {c.lower_ for c in t.children if c.dep_ in ("dobj", "attr")} | {
        p.lower_ for p in _pobjs(t, {"into", "in"})
    }
    if not any((lem, w) in EFFECT_PHRASES for w in tails):
        return False
    subj = subject_of(t)
    return subj is not None and (_lem(subj) in MEASURE_NOUNS or _lem(subj) in AGREEMENT_NOUNS)


# -- request -----------------------------------------------------------------------
def wants_others_to(t: Token, f) -> bool:
    """'Amnesty wants the EU to launch proceedings': someone pressed to act."""
    if _lem(t) not in WANT_VERBS or t.pos_ != "VERB" or _negated(t):
        return False
    comp = [c for c in t.children if c.dep_ in ("ccomp", "xcomp") and any(d.dep_ == "nsubj" for d in c.children)]
    if not comp:
        return False
    target = next(d for d in comp[0].children if d.dep_ == "nsubj")
    return f.actor(target, False) is not None and f.actor(subject_of(t)) is not None


def ask_for_help(t: Token, f) -> bool:
    """'asked for the bloc's help', 'appealed for support'."""
    if _lem(t) not in ("ask", "appeal", "call") or t.pos_ != "VERB" or _negated(t):
        return False
    wanted = _pobjs(t, {"for"})
    return any(_lem(w) in ("help", "support", "assistance", "aid", "cooperation", "funding") for w in wanted)


# -- support -----------------------------------------------------------------------
def in_favour(t: Token, f) -> bool:
    """'has repeatedly spoken out in favour of the return hubs'."""
    if _lem(t) not in FAVOUR_NOUNS or t.pos_ != "NOUN" or t.dep_ != "pobj" or t.head.lower_ != "in":
        return False
    verb = t.head.head
    return verb.pos_ == "VERB" and _lem(verb) in ("speak", "come", "vote", "be", "argue") and not _negated(verb)


RULES: dict[str, tuple[Rule, ...]] = {
    "talks": (talks_stage, talks_verb),
    "agreement": (agreement_between,),
    "criticism": (criticism_drawn, legal_challenge),
    "policy_change": (limit_numbers, set_deadline, designate, takes_effect),
    "request": (wants_others_to, ask_for_help),
    "support": (in_favour,),
}
LEMMAS = (
    TALK_VERBS
    | {"talk", "negotiation", "discussion"}
    | AGREEMENT_NOUNS
    | CRITICISM_NOUNS
    | FILE_VERBS
    | LIMIT_VERBS
    | SET_VERBS
    | DESIGNATE_VERBS
    | {"take", "come", "enter", "go"}
    | WANT_VERBS
    | {"ask", "appeal", "call"}
    | FAVOUR_NOUNS
)


def classify(t: Token, f) -> str | None:
    for typ, rules in RULES.items():
        if any(rule(t, f) for rule in rules):
            return typ
    return None
