"""The main trigger rules, as an ordered table: which event type a token announces.

Each rule looks at one trigger token in its clause and answers with an event
type, with NO_EVENT (this token is a trigger of its kind but announces nothing
here: negated, planned, a bare mention), or with None (not its business; the
next rule is asked). NOUN_RULES are asked for nouns, VERB_RULES for verbs, in
order: an earlier rule's NO_EVENT ends the search, as 'called' without 'on'
stops being a request before it could be read as anything else. The
supplementary rules of trigger_rules.py are tried only when this table finds
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from .clauses import (
    _gerund_noun,
    _has_money,
    _lem,
    _negated,
    _noun_lem_in,
    _objects,
    _reported_modal,
    _under_negated_report,
    _unreal,
    gathering_protests,
    is_people,
)
from .coref import subject_of
from .triggers import (
    AGREE_VERBS,
    AGREEMENT_NOUNS,
    AID_NOUNS,
    AID_VERBS,
    ANAPHORIC_DETS,
    ANNOUNCE_VERBS,
    CRITIC_VERBS,
    END_NOUNS,
    END_VERBS,
    MEASURE_NOUNS,
    MODALS,
    OPERATE_VERBS,
    PEOPLE_NOUNS,
    POLICY_VERBS,
    PROTEST_VERBS,
    REBUTTAL_VERBS,
    REBUTTED_NOUNS,
    REMOVAL_NOUNS,
    REMOVAL_VERBS,
    REQUEST_VERBS,
    RULING_NOUNS,
    RULING_VERBS,
    SCHEME_NOUNS,
    SUPPORT_VERBS,
    TALK_NOUNS,
)

NO_EVENT = "no-event"

# fmt: off
TALK_DENIALS = {'deny', 'reject', 'want', 'seek', 'propose', 'plan'}
SEEK_TARGETS = {'country', 'partner', 'help', 'support', 'assistance', 'government', 'nation', 'state'}
LEGAL_ACTION_NOUNS = {'case', 'lawsuit', 'suit', 'challenge', 'complaint', 'petition'}
WORRY_NOUNS = {'concern', 'alarm', 'objection', 'doubt'}
REJECTED_NOUNS = AGREEMENT_NOUNS | SCHEME_NOUNS | MEASURE_NOUNS | {'proposal', 'idea', 'claim', 'move'}
CROWD_SUBJECTS = PEOPLE_NOUNS | {'supporter', 'protester', 'demonstrator', 'activist'}
PLEDGE_CONTENT = REMOVAL_VERBS | REMOVAL_NOUNS | {'asylum', 'visa', 'border'}
STOPPED_THINGS = {
    'asylum', 'applications', 'claims', 'accepting', 'processing', 'visas', 'admissions', 'deportations',
    'removals', 'expulsions', 'returns',
}
REMOVAL_FLIGHT_WORDS = {'deportation', 'removal', 'charter'}
STATE_ACTORS = ("country", "government_body", "person")
# fmt: on


@dataclass
class Clause:
    """A verb trigger with what every rule asks of it, computed once."""

    t: Token
    lem: str
    objs: list[Token]
    subj: Token | None
    court_subj: bool
    f: object  # the events.Finder: actor lookup, courts, countries of a sentence


Rule = Callable[[Clause], str | None]


# -- nouns ---------------------------------------------------------------------------
def talks_noun(t: Token, f) -> str | None:
    """'talks with Rwanda are at an early stage'; not 'during talks', 'the talks', 'are due to hold talks'."""
    lem = _lem(t)
    if not (t.pos_ == "NOUN" and (lem in TALK_NOUNS or t.lower_ in TALK_NOUNS)):
        return None
    if t.lower_ in ("talk",) or _negated(t.head):
        return NO_EVENT
    if any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS | {"no"} for c in t.children):
        return NO_EVENT
    if (
        t.dep_ == "pobj"
        and t.head.lower_ in ("during", "after", "before", "of")
        and t.head.head.lower_ != "weeks"
    ):
        return NO_EVENT
    h = t.head
    # 'met in June to open talks' is real; 'are due to hold talks' is not
    if (
        h.pos_ in ("VERB", "AUX")
        and _unreal(h, purpose=False)
        and not any(c.lower_ in ("will", "would") for c in h.children)
    ):
        return NO_EVENT
    if h.pos_ == "VERB" and (
        _negated(h)
        or any(c.lower_ in MODALS - {"will", "would"} for c in h.children)
        or _lem(h) in TALK_DENIALS
        or _under_negated_report(h)
    ):
        return NO_EVENT
    return "talks"


def ruling_noun(t: Token, f) -> str | None:
    return "ruling" if t.pos_ == "NOUN" and _lem(t) in RULING_NOUNS and f._court_of_noun(t) else None


def protest_noun(t: Token, f) -> str | None:
    in_protest = t.pos_ == "NOUN" and t.lower_ == "protest" and t.dep_ == "pobj" and t.head.lower_ == "in"
    return "protest" if in_protest else None


def end_noun(t: Token, f) -> str | None:
    """'the end last year of a scheme that allowed ...'."""
    if not (
        t.pos_ == "NOUN" and _lem(t) in END_NOUNS and not any(c.lower_ in ("no", "any") for c in t.children)
    ):
        return None
    # 'of a scheme' may hang on the verb: 'follow the end last year of a scheme'
    stray = [
        p
        for c in t.head.children
        if c.dep_ == "prep" and c.lower_ == "of" and 0 < c.i - t.i <= 4
        for p in c.children
        if p.dep_ == "pobj"
    ]
    target = _noun_lem_in([t], AGREEMENT_NOUNS | SCHEME_NOUNS) or _noun_lem_in(
        stray, AGREEMENT_NOUNS | SCHEME_NOUNS
    )
    if target is not None and target.i != t.i:
        if _lem(target) in AGREEMENT_NOUNS or len(f._countries_in(t.sent)) >= 2:
            return "agreement_ended"
        return "policy_change"
    return None


NOUN_RULES = (talks_noun, ruling_noun, protest_noun, end_noun)


# -- verbs: talks, rulings, agreements ------------------------------------------------
def finalise_deal(c: Clause) -> str | None:
    if c.lem in ("finalise", "finalize", "negotiate") and _noun_lem_in(c.objs, AGREEMENT_NOUNS):
        return NO_EVENT if _unreal(c.t) and c.lem != "finalise" else "talks"
    return None


def court_decides(c: Clause) -> str | None:
    return "ruling" if c.court_subj and c.lem in RULING_VERBS and not _unreal(c.t) else None


def agree(c: Clause) -> str | None:
    t, subj = c.t, c.subj
    if c.lem not in AGREE_VERBS:
        return None
    noun = _noun_lem_in(c.objs, AGREEMENT_NOUNS)
    if c.lem == "agree" and not _unreal(t) and t.tag_ != "VBG":
        if t.dep_ == "acl" and t.head.lower_ in AGREEMENT_NOUNS | SCHEME_NOUNS:
            return "agreement"
        a = c.f.actor(subj, False) if subj is not None else None
        if a is not None and a.kind in ("country", "government_body", "igo", "person"):
            return "agreement"
        # 'the two governments agreed the pilot', 'both sides agreed'
        if (
            subj is not None
            and _lem(subj) in ("government", "country", "side", "nation")
            and any(x.lower_ in ("two", "both", "three") for x in subj.children)
        ):
            return "agreement"
    if noun is not None and not _unreal(t) and not any(x.lower_ == "no" for x in noun.children):
        return "agreement"
    if c.lem in ("sign",) and t.dep_ == "acl" and t.head.lower_ in AGREEMENT_NOUNS:
        return "agreement"
    return None


def announce_deal(c: Clause) -> str | None:
    """'announced an agreement under which ...'."""
    if (
        c.lem == "announce"
        and not _unreal(c.t)
        and any(o.dep_ == "dobj" and _lem(o) in AGREEMENT_NOUNS - {"partnership"} for o in c.objs)
    ):
        return "agreement"
    return None


def end_deal(c: Clause) -> str | None:
    if c.lem not in END_VERBS or _unreal(c.t):
        return None
    target = _noun_lem_in(
        c.objs + [x for x in c.t.children if x.dep_ == "nsubjpass"], AGREEMENT_NOUNS | SCHEME_NOUNS
    )
    if target is None:
        return None
    if _lem(target) in AGREEMENT_NOUNS or len(c.f._countries_in(c.t.sent)) >= 2:
        return "agreement_ended"
    return "policy_change"


# -- verbs: requests, removals -------------------------------------------------------
def ask(c: Clause) -> str | None:
    t, lem, objs = c.t, c.lem, c.objs
    if lem not in REQUEST_VERBS or (
        lem in ("push", "press") and any(x.dep_ == "prt" or x.lower_ == "back" for x in t.children)
    ):
        return None
    if lem == "call" and not any(x.dep_ == "prep" and x.lower_ in ("on", "for") for x in t.children):
        return NO_EVENT
    if lem == "seek" and not _noun_lem_in(objs, SEEK_TARGETS):
        return NO_EVENT
    if lem == "ask" and t.tag_ == "VBN" and any(x.dep_ == "auxpass" for x in t.children):
        return NO_EVENT
    if lem == "appeal" and not any(x.dep_ == "prep" and x.lower_ in ("to", "for") for x in t.children):
        return "criticism"
    if lem in ("ask", "petition", "urge") and any(c.f._is_court(o) for o in objs):
        return "criticism"  # asking a court to block a measure is a legal challenge
    if lem in ("push", "press") and not objs and not any(x.dep_ == "xcomp" for x in t.children):
        return NO_EVENT
    if lem == "push" and not any(c.f.reg.at(o) for o in objs):
        return NO_EVENT
    if _unreal(t) and t.dep_ != "ROOT":
        return NO_EVENT
    # 'called for the swift release of its vessel', 'called for an immediate end to raids':
    # a public demand, addressed to whoever holds the thing asked for
    if lem == "call" and any(x.dep_ == "prep" and x.lower_ == "for" for x in t.children):
        return "request"
    # someone must be asked: 'urged Islamabad', 'called on the EU', 'asked donors'
    if lem not in ("seek",) and not any(c.f.actor(o, True, True) for o in objs):
        return NO_EVENT
    return "request"


RECEIVING_VERBS = {"receive", "accept", "take", "host", "house", "welcome", "admit"}


def remove(c: Clause) -> str | None:
    t, lem, objs = c.t, c.lem, c.objs
    if lem not in REMOVAL_VERBS or _unreal(t) or _gerund_noun(t):
        return None
    if t.tag_ == "VBN" and t.dep_ in ("xcomp", "amod") and _lem(t.head) in RECEIVING_VERBS:
        return NO_EVENT  # 'to receive deported migrants': the parser's 'deported' only describes them
    cands = objs + [x for x in t.children if x.dep_ == "nsubjpass"]
    people = _noun_lem_in(cands, PEOPLE_NOUNS) or next((o for o in cands if is_people(o)), None)
    if (
        t.dep_ == "acl"
        and t.tag_ == "VBN"
        and any(x.dep_ == "prep" and x.lower_ in ("from", "to") for x in t.children)
    ):
        return "removal" if any(x.dep_ == "nummod" for x in t.head.children) else NO_EVENT
    if lem == "return" and not any(o.lower_ in ("them",) or is_people(o) for o in cands):
        return NO_EVENT
    if people is not None and t.dep_ not in ("amod",):
        return "removal"
    # 'pushed back a dinghy carrying 30 migrants'
    back = any(x.dep_ in ("prt", "advmod") and x.lower_ == "back" for x in t.children)
    if back and any(is_people(x) for o in objs if o.dep_ == "dobj" for x in o.subtree):
        return "removal"
    if t.dep_ == "conj" and t.head.dep_ == "conj" and _lem(t.head) in REMOVAL_VERBS:
        return "removal"  # the third of 'detained, deported and flown'-style lists
    if any(x.dep_ == "conj" and any(is_people(o) for o in _objects(x)) for x in t.children):
        return "removal"
    return None


def operate_removals(c: Clause) -> str | None:
    """'resumed deportations to Afghanistan', 'carried out 40 expulsions'."""
    if c.lem not in OPERATE_VERBS or _unreal(c.t) or _gerund_noun(c.t):
        return None
    for o in c.objs:
        if o.dep_ != "dobj":
            continue
        flight = _lem(o) == "flight" and any(x.lower_ in REMOVAL_FLIGHT_WORDS for x in o.subtree)
        if _lem(o) in REMOVAL_NOUNS or flight:
            return "removal"
    return None


def removal_flight_moves(c: Clause) -> str | None:
    """'a deportation flight landed in Kigali'."""
    subj = c.subj
    if (
        c.lem in ("land", "arrive", "depart", "leave")
        and subj is not None
        and subj.lower_ in ("flight", "plane", "aircraft")
        and any(x.lower_ in REMOVAL_FLIGHT_WORDS for x in subj.subtree)
        and not _unreal(c.t)
    ):
        return "removal"
    return None


# -- verbs: criticism and support ----------------------------------------------------
def background_blame(c: Clause) -> str | None:
    """'attacks that it blames on fighters': background, not a stance taken."""
    return NO_EVENT if c.lem in ("blame", "accuse", "suspect") and c.t.dep_ in ("relcl", "acl") else None


def criticise(c: Clause) -> str | None:
    if c.lem not in CRITIC_VERBS or (_unreal(c.t) and not _reported_modal(c.t)):
        return None
    if (
        c.lem == "protest"
        and c.subj is not None
        and _lem(c.subj) in PEOPLE_NOUNS | {"supporter", "protester"}
    ):
        return "protest"
    if c.lem == "question" and not c.objs and not any(x.dep_ == "nsubjpass" for x in c.t.children):
        return NO_EVENT
    return "criticism"


def legal_action(c: Clause) -> str | None:
    """A legal challenge: 'the group, which brought the case, argued ...'."""
    if c.lem in ("bring", "file", "lodge", "launch") and any(
        o.dep_ == "dobj" and _lem(o) in LEGAL_ACTION_NOUNS for o in c.objs
    ):
        return "criticism"
    return None


def take_issue(c: Clause) -> str | None:
    return "criticism" if c.lem == "take" and any(_lem(o) == "issue" for o in c.objs) else None


def voice_concern(c: Clause) -> str | None:
    if (
        c.lem in ("raise", "voice", "express")
        and any(_lem(o) in WORRY_NOUNS for o in c.objs)
        and not _unreal(c.t)
    ):
        return "criticism"
    return None


def rebut_criticism(c: Clause) -> str | None:
    """'rejected the criticism, saying the patrols would save lives': a defence of the measure."""
    if (
        c.lem in REBUTTAL_VERBS
        and not c.court_subj
        and not _unreal(c.t)
        and any(o.dep_ == "dobj" and _lem(o) in REBUTTED_NOUNS for o in c.objs)
    ):
        return "support"
    return None


def reject_measure(c: Clause) -> str | None:
    if (
        c.lem in ("dismiss", "reject", "slam", "deride")
        and not c.court_subj
        and not _unreal(c.t)
        and _noun_lem_in([x for x in c.t.children if x.dep_ == "dobj"], REJECTED_NOUNS)
    ):
        return "criticism"
    return None


def concerned(c: Clause) -> str | None:
    if c.lem in ("be", "remain") and any(x.lower_ in ("concerned", "alarmed") for x in c.t.children):
        return "criticism"
    return None


def support(c: Clause) -> str | None:
    if (
        c.lem in SUPPORT_VERBS
        and (not _unreal(c.t) or _reported_modal(c.t))
        and c.t.dep_ not in ("amod", "acl")
        and (c.objs or any(x.dep_ == "nsubjpass" for x in c.t.children))
    ):
        return "support"
    return None


# -- verbs: aid, protest, policy -----------------------------------------------------
def _realised(t: Token) -> bool:
    return not (_unreal(t) and t.dep_ != "ROOT" and not any(x.lower_ in MODALS for x in t.children))


# 'is set to pay El Salvador $6 million', 'is poised to provide': money already committed
COMMITTED_HEADS = {"set", "poise", "poised", "due", "schedule", "scheduled", "agree"}


def give_money(c: Clause) -> str | None:
    t = c.t
    committed = t.dep_ == "xcomp" and (
        t.head.lemma_.lower() in COMMITTED_HEADS or t.head.lower_ in COMMITTED_HEADS
    )
    if (
        c.lem in AID_VERBS
        and (_realised(t) or committed)
        and (_has_money(c.objs) or (_has_money([t]) and any(x.dep_ == "dobj" for x in t.children)))
    ):
        return "aid"
    return None


def announce_money(c: Clause) -> str | None:
    if (
        c.lem in ANNOUNCE_VERBS
        and _realised(c.t)
        and any(o.dep_ == "dobj" and _lem(o) in AID_NOUNS and _has_money([o]) for o in c.objs)
    ):
        return "aid"
    return None


def crowd_protests(c: Clause) -> str | None:
    subj = c.subj
    crowd = subj is not None and (_lem(subj) in CROWD_SUBJECTS or subj.like_num)
    if crowd and c.lem == "gather" and _lem(subj) in PEOPLE_NOUNS:
        crowd = gathering_protests(subj, c.t)
    if (
        c.lem in PROTEST_VERBS
        and crowd
        and not _unreal(c.t)
        and (c.lem != "strike" or any(x.lower_ == "hunger" for x in c.t.subtree))
    ):
        return "protest"
    return None


def refuse_food(c: Clause) -> str | None:
    return "protest" if c.lem in ("refuse",) and any(_lem(o) == "food" for o in c.objs) else None


def pledge_measure(c: Clause) -> str | None:
    """'pledged to allow offenders to be deported again'."""
    if c.lem not in ("pledge", "promise", "vow") or _unreal(c.t) or c.subj is None:
        return None
    if not any(x.dep_ == "xcomp" and any(_lem(y) in PLEDGE_CONTENT for y in x.subtree) for x in c.t.children):
        return None
    a = c.f.actor(c.subj, False)
    return "policy_change" if a is not None and a.kind in STATE_ACTORS else None


def adopt_measure(c: Clause) -> str | None:
    t = c.t
    if c.lem not in POLICY_VERBS or (
        _unreal(t) and not any(x.lower_ in ("will", "would") for x in t.children)
    ):
        return None
    targets = c.objs + [x for x in t.children if x.dep_ in ("nsubjpass", "xcomp")]
    if c.lem in ("stop", "halt", "suspend", "pause", "freeze") and any(
        x.lower_ in STOPPED_THINGS for o in targets for x in o.subtree
    ):
        return "policy_change"
    if c.lem == "resettle" and c.objs:
        return "policy_change"
    if _noun_lem_in(targets, MEASURE_NOUNS) is not None and c.subj is not None and not c.court_subj:
        a = c.f.actor(c.subj, False)
        if a is not None and a.kind in (*STATE_ACTORS, "igo"):
            return "policy_change"
    return None


VERB_RULES: tuple[Rule, ...] = (
    finalise_deal,
    court_decides,
    agree,
    announce_deal,
    end_deal,
    ask,
    remove,
    operate_removals,
    removal_flight_moves,
    background_blame,
    criticise,
    legal_action,
    take_issue,
    voice_concern,
    rebut_criticism,
    reject_measure,
    concerned,
    support,
    give_money,
    announce_money,
    crowd_protests,
    refuse_food,
    pledge_measure,
    adopt_measure,
)


def classify(t: Token, f) -> str | None:
    """The event type the token announces, or None."""
    if t.pos_ not in ("VERB", "AUX"):
        for rule in NOUN_RULES:
            found = rule(t, f)
            if found is not None:
                return None if found == NO_EVENT else found
        return None
    if _negated(t) or _under_negated_report(t):
        return None
    subj = subject_of(t)
    clause = Clause(t, _lem(t), _objects(t), subj, subj is not None and f._is_court(subj), f)
    for rule in VERB_RULES:
        found = rule(clause)
        if found is not None:
            return None if found == NO_EVENT else found
    return None
