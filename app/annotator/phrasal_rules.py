"""Supplementary trigger rules for wordings of real news that carry the event in a phrase.

The verb-and-object table (cascade.py) reads 'deported 40 migrants'; wire copy as
often says it with a particle, a counted noun or a verdict word: 'sent the youths
back', 'were pushed back', 'sent four deportation flights', 'closed its ports',
'blocked flights carrying deportees', 'expressed outrage', 'described the ruling as
unacceptable'. Each rule is one predicate of the trigger token, in the shape of
trigger_rules.py's table, which lists them with its own.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from .clauses import _lem, _negated, _under_negated_report, _unreal, is_people
from .coref import subject_of
from .triggers import AGENT_NOUNS

# fmt: off
# not 'take back' or 'bring back': a country that takes its nationals back readmits them
BACK_VERBS = {'send', 'push', 'ship', 'fly', 'force', 'drive'}
REMOVAL_FLIGHT_MODIFIERS = {'deportation', 'removal', 'repatriation', 'expulsion', 'charter', 'return'}
FLIGHT_NOUNS = {'flight', 'plane', 'aircraft'}
SEND_FLIGHT_VERBS = {'send', 'operate', 'run', 'conduct', 'carry', 'organise', 'organize', 'charter', 'be'}
CLOSABLE = {'port', 'border', 'airspace', 'crossing', 'frontier', 'harbour', 'harbor', 'coast'}
CLOSE_VERBS = {'close', 'shut', 'seal', 'reopen'}
REFUSE_FLIGHT_VERBS = {'block', 'bar', 'ban', 'refuse', 'forbid', 'deny', 'halt', 'suspend', 'reject'}
DEPORT_CUE_RE = re.compile(r"\b(deport\w*|expel\w*|removal|repatriat\w*|returnees?)\b", re.I)
BORDER_CUE_RE = re.compile(r"\b(border|migra\w*|asylum|refugee\w*|boat|crossing|sea)\b", re.I)
ANGER_NOUNS = {
    'outrage', 'anger', 'indignation', 'dismay', 'disapproval', 'displeasure', 'fury', 'frustration',
}
VOICE_VERBS = {'express', 'voice', 'vent'}
VERDICT_VERBS = {'describe', 'call', 'brand', 'label', 'term', 'characterise', 'characterize'}
CRITICAL_WORDS_RE = re.compile(
    r"\b(outrageous|unacceptable|shameful|disgraceful|inhumane|inhuman|illegal|unlawful|cruel|"
    r"scandalous|absurd|appalling|racist|dangerous|unjust|barbaric|disgrace|scandal|betrayal|"
    r"travesty|mistake|failure|violation)\b",
    re.I,
)
STATE_KINDS = ("country", "government_body", "person", "igo", "court")
# fmt: on


def _back(t: Token) -> bool:
    return any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in t.children)


def _peopleish(t: Token) -> bool:
    """People, or a quantity of them: 'hundreds of Moroccan youths', 'most of the migrants'."""
    if is_people(t):
        return True
    return any(
        c.dep_ == "prep" and c.lower_ == "of" and any(p.dep_ == "pobj" and is_people(p) for p in c.children)
        for c in t.children
    )


def sent_back(t: Token, f) -> bool:
    """'sent hundreds of youths back to Morocco', 'those who cross are routinely pushed back'."""
    if _lem(t) not in BACK_VERBS or t.pos_ != "VERB" or _negated(t) or _unreal(t) or not _back(t):
        return False
    done_to = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    if t.dep_ == "relcl" or (t.dep_ == "acl" and any(c.dep_ == "nummod" for c in t.head.children)):
        done_to.append(t.head)  # 'migrants sent back under Dublin rules' only describes them
    if any(_peopleish(x) for x in done_to):
        return True
    # 'those who try to cross the border are pushed back': the crossers, named by a clause
    passive = [c for c in t.children if c.dep_ == "nsubjpass"]
    return bool(passive) and BORDER_CUE_RE.search(t.sent.text) is not None and _lem(t) == "push"


def removal_flights(t: Token, f) -> bool:
    """'sent four deportation flights to Mexico', 'there were 24 deportation flights to Africa'."""
    if _lem(t) not in SEND_FLIGHT_VERBS or t.pos_ not in ("VERB", "AUX") or _negated(t) or _unreal(t):
        return False
    for c in t.children:
        if c.dep_ not in ("dobj", "attr") or _lem(c) not in FLIGHT_NOUNS:
            continue
        mods = {_lem(x) for x in c.children if x.dep_ in ("compound", "amod", "nmod")}
        if mods & REMOVAL_FLIGHT_MODIFIERS and any(x.dep_ == "nummod" for x in c.children):
            return True
    return False


def _state_subject(t: Token, f) -> bool:
    subj = subject_of(t)
    if subj is None:
        return False
    a = f.actor(subj, False)
    if a is not None:
        return a.kind in ("country", "government_body", "person")
    return _lem(subj) in AGENT_NOUNS and not f._is_court(subj)


def closes_ports(t: Token, f) -> bool:
    """'Malta also closed its ports', 'the country sealed its border with Iran'."""
    if _lem(t) not in CLOSE_VERBS or t.pos_ != "VERB" or _negated(t) or _unreal(t):
        return False
    if not any(c.dep_ == "dobj" and _lem(c) in CLOSABLE for c in t.children):
        return False
    return _state_subject(t, f)


def refuses_flights(t: Token, f) -> bool:
    """'he blocked military flights carrying deported nationals': a state's measure on removals."""
    if _lem(t) not in REFUSE_FLIGHT_VERBS or t.pos_ != "VERB" or _negated(t) or _unreal(t):
        return False
    flights = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass") and _lem(c) in FLIGHT_NOUNS]
    if not flights or not any(DEPORT_CUE_RE.search(x.text) for c in flights for x in c.subtree):
        return False
    return _state_subject(t, f) and not _under_negated_report(t)


def voices_anger(t: Token, f) -> bool:
    """'Brazil's government expressed outrage at the administration'."""
    if _lem(t) not in VOICE_VERBS or t.pos_ != "VERB" or _negated(t) or _unreal(t):
        return False
    return any(c.dep_ == "dobj" and _lem(c) in ANGER_NOUNS for c in t.children)


def called_it_bad(t: Token, f) -> bool:
    """'described the ruling as outrageous and unacceptable', 'branded the plan inhumane'."""
    if _lem(t) not in VERDICT_VERBS or t.pos_ != "VERB" or _negated(t) or _unreal(t):
        return False
    obj = next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None:
        return False
    verdict = [
        x
        for c in t.children
        if c.dep_ in ("oprd", "xcomp", "acomp", "attr", "ccomp", "prep")
        and c.i > obj.i
        and (c.dep_ != "prep" or c.lower_ == "as")
        for x in c.subtree
    ]
    if not verdict:
        return False
    subj = subject_of(t)
    if subj is None or (a := f.actor(subj, True)) is None or a.kind not in (*STATE_KINDS, "ngo", "group"):
        return False
    return CRITICAL_WORDS_RE.search(" ".join(x.text for x in verdict)) is not None


LEMMAS = BACK_VERBS | SEND_FLIGHT_VERBS | CLOSE_VERBS | REFUSE_FLIGHT_VERBS | VOICE_VERBS | VERDICT_VERBS
