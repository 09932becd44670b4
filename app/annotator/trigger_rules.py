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
from dataclasses import replace

from spacy.tokens import Token

from . import phrasal_rules as P
from .clauses import gathering_protests
from .coref import subject_of
from .countries import demonym_code
from .triggers import AGREEMENT_NOUNS, MEASURE_NOUNS, MODALS, PEOPLE_NOUNS, REMOVAL_VERBS

# fmt: off
# a migration-policy sentence: talks verbs are generic, so they need one of these nearby
MIGRATION_CUE_RE = re.compile(
    r"\b(migra\w*|immigra\w*|deport\w*|asylum|refugee\w*|return\w*|border\w*|resettle\w*|"
    r"repatriat\w*|visas?|detain\w*|detention|expel\w*|expuls\w*|"
    r"(?:permanent|temporary) residen\w*|foreign workers?|international students?)\b",
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
    return [
        p
        for c in t.children
        if c.dep_ == "prep" and c.lower_ in preps
        for p in c.children
        if p.dep_ == "pobj"
    ]


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
    return (
        bool(poss and withs)
        and _actor_kind(f, poss[0]) in STATE_KINDS
        and any(_actor_kind(f, w) in STATE_KINDS for w in withs)
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
        _lem(o) in QUANTITY_NOUNS
        or _lem(o) in PEOPLE_NOUNS
        or any(_lem(x) in QUANTITY_NOUNS for x in o.children)
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
    if subj is not None and _lem(subj) == "one":
        # 'one of the president's immigration measures took effect'
        subj = next(iter(_pobjs(subj, {"of"})), None)
    return subj is not None and (_lem(subj) in MEASURE_NOUNS or _lem(subj) in AGREEMENT_NOUNS)


def court_clears_way(t: Token, f) -> bool:
    """'The Supreme Court paved the way for the administration to resume deportations'."""
    if _lem(t) not in ("pave", "clear", "open") or t.pos_ != "VERB" or _negated(t) or _modal(t):
        return False
    if not any(c.dep_ == "dobj" and c.lower_ == "way" for c in t.children):
        return False
    return _actor_kind(f, subject_of(t)) == "court"


# -- removal -----------------------------------------------------------------------
ROUTE_PREPS = {"via", "through", "across", "over", "back", "from", "to"}
SEQUENCE_PREPS = {"after", "following", "since", "upon"}


def _people(t: Token) -> bool:
    return _lem(t) in PEOPLE_NOUNS or (t.text.endswith("s") and demonym_code(t.text[:-1]) is not None)


def removed_people(t: Token, f) -> bool:
    """'with 777 Afghan citizens expelled via the Torkham border': a counted group removed."""
    if _lem(t) not in REMOVAL_VERBS or t.tag_ != "VBN" or t.dep_ != "acl":
        return False
    head = t.head
    counted = any(c.dep_ == "nummod" or c.like_num for c in head.children)
    routed = any(c.dep_ in ("prep", "prt", "advmod") and c.lower_ in ROUTE_PREPS for c in t.children)
    return _people(head) and counted and routed


def after_being_removed(t: Token, f) -> bool:
    """'199 migrants arrived in Caracas after being deported from the United States'."""
    if _lem(t) not in REMOVAL_VERBS or t.tag_ != "VBN":
        return False
    if not any(c.dep_ == "auxpass" and c.lower_ == "being" for c in t.children):
        return False
    if t.dep_ not in ("pcomp", "advcl") or t.head.lower_ not in SEQUENCE_PREPS:
        return False
    clause = t.head.head
    subj = subject_of(clause) if clause.pos_ in ("VERB", "AUX") else None
    return subj is not None and (_people(subj) or any(_people(x) for x in subj.subtree))


DEPORTEE_NOUNS = {"deportee", "returnee"}
REMOVAL_CUES = ("deport", "expel", "expuls", "repatriat", "removal")


def deportees_arrive(t: Token, f) -> bool:
    """'the first Venezuelan deportees from the United States returned to the country',
    'another flight with 177 individuals arrived in Venezuela from Honduras', 'nearly 120,000
    Afghans have returned from Pakistan, part of a deportation campaign': an arrival of deportees."""
    if _lem(t) not in ("return", "arrive", "land") or t.pos_ != "VERB" or _negated(t) or _modal(t):
        return False
    if any(c.dep_ in ("dobj", "auxpass") for c in t.children):
        return False  # 'returned 40 people' and 'were returned' are the removal verbs' own
    subj = subject_of(t)
    if subj is None:
        return False
    words = list(subj.subtree)
    if any(_lem(x) in DEPORTEE_NOUNS for x in words):
        return True
    if _lem(subj) == "flight":
        return any(x.dep_ == "pobj" and x.head.lower_ == "with" and _people(x) for x in words)
    came_from = any(c.dep_ == "prep" and c.lower_ == "from" for c in t.children)
    cue = any(x.lower_.startswith(REMOVAL_CUES) for x in t.sent)
    return _lem(t) == "return" and _people(subj) and came_from and cue


def turned_back(t: Token, f) -> bool:
    """'three Somali nationals who were turned back to Poland': a pushback at the border."""
    if _lem(t) != "turn" or t.tag_ not in ("VBN", "VBD") or _negated(t) or _modal(t):
        return False
    if not any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in t.children):
        return False
    done_to = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    if t.dep_ == "relcl":
        done_to.append(t.head)
    return any(_people(x) for x in done_to)


# -- protest -----------------------------------------------------------------------
PROTEST_NOUNS = {"protest", "rally", "demonstration", "march", "sit-in", "vigil", "strike", "walkout"}
PROTEST_EVENT_VERBS = {"erupt", "spread", "continue", "draw", "break", "take", "sweep", "grow", "mirror"}
PROTEST_HOLD_VERBS = {
    "hold",
    "stage",
    "begin",
    "start",
    "join",
    "launch",
    "participate",
    "organise",
    "organize",
    "take",
    "go",
    "mount",
}
CROWD_VERBS = {"rally", "gather", "march", "assemble", "demonstrate", "picket"}


def _protest_noun(t: Token) -> bool:
    if _lem(t) not in PROTEST_NOUNS or t.pos_ != "NOUN":
        return False
    return _lem(t) != "strike" or any(c.lower_ in ("hunger",) for c in t.children)


def protest_held(t: Token, f) -> bool:
    """'protests erupted across the US', 'began a hunger strike', 'took part in protests'."""
    if not _protest_noun(t) or _negated(t.head):
        return False
    role = t
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ in ("nsubj", "nsubjpass"):
        role = t.head.head  # 'dozens of protests erupted': the quantity stands in the subject slot
    head = role.head if role.dep_ != "pobj" else role.head.head
    if role.dep_ in ("nsubj", "nsubjpass") and _lem(head) in PROTEST_EVENT_VERBS:
        return not _modal(head)
    if t.dep_ in ("dobj", "pobj") and _lem(head) in PROTEST_HOLD_VERBS and head.pos_ == "VERB":
        return not _modal(head) and head.tag_ != "VB"
    return False


def crowd_gathers(t: Token, f) -> bool:
    """'Hundreds rally in Boston', 'Hundreds of protesters gathered in Lower Manhattan'."""
    if _lem(t) not in CROWD_VERBS or t.pos_ != "VERB" or _negated(t) or _modal(t):
        return False
    subj = subject_of(t)
    if subj is None:
        return False
    crowd = subj.like_num or _lem(subj) in (
        "hundred",
        "thousand",
        "dozen",
        "crowd",
        "protester",
        "demonstrator",
        "activist",
        "supporter",
    )
    if crowd:
        return True
    return _people(subj) and (_lem(t) != "gather" or gathering_protests(subj, t))


# -- policy_change: a measure announced for the future ---------------------------------
FUTURE_POLICY_VERBS = {
    "start",
    "begin",
    "initiate",
    "increase",
    "strengthen",
    "expand",
    "tighten",
    "introduce",
    "step",
    "launch",
    "resume",
    "boost",
    "reinforce",
    "deploy",
}
POLICY_OBJECT_WORDS = re.compile(
    r"\b(deportation\w*|expulsion\w*|surveillance|control\w*|grant\w*|border\w*|visa\w*|asylum|"
    r"patrol\w*|check\w*|return\w*|troops|guard\w*|detention|raids?)\b",
    re.I,
)


def announced_measure(t: Token, f) -> bool:
    """'will initiate massive deportations', 'announced it would start deportations',
    'agreed to strengthen border surveillance': a government commits to a measure."""
    if _lem(t) not in FUTURE_POLICY_VERBS or t.pos_ != "VERB" or _negated(t):
        return False
    committed = any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll") for c in t.children) or (
        t.dep_ == "xcomp" and _lem(t.head) in ("agree", "decide", "vow", "pledge", "promise")
    )
    if not committed and t.tag_ not in ("VBD", "VBZ", "VBP", "VBN"):
        return False
    objs = [c for c in t.children if c.dep_ in ("dobj", "prt")]
    if not any(POLICY_OBJECT_WORDS.search(" ".join(x.text for x in o.subtree)) for o in objs):
        return False
    subj = subject_of(t) if t.dep_ != "xcomp" else subject_of(t.head)
    return _actor_kind(f, subj) in ("country", "government_body", "person") or (
        subj is not None and subj.lower_ in ("it", "government", "authorities")
    )


# -- policy_change: a measure enacted ----------------------------------------------------
ENACT_VERBS = {"introduce", "implement", "pass", "adopt", "enact", "unveil", "approve", "enforce", "impose"}
ENACTED_NOUNS = {
    "measure",
    "policy",
    "law",
    "decree",
    "rule",
    "regulation",
    "bill",
    "plan",
    "power",
    "protocol",
    "scheme",
    "programme",
    "program",
    "legislation",
    "restriction",
    "cap",
    "quota",
}


def enacted_measure(t: Token, f) -> bool:
    """'implemented a new measure this week', 'a contentious immigration policy introduced by
    President Abinader', 'Powers were passed in December to allow ...', 'parliament passed
    into law a government decree'."""
    if _lem(t) not in ENACT_VERBS or t.pos_ != "VERB" or _negated(t) or _modal(t):
        return False
    measures = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    if t.dep_ == "acl" and t.tag_ == "VBN":
        measures.append(t.head)  # 'a policy introduced by X'
    if not any(_lem(m) in ENACTED_NOUNS or m.lower_.rstrip("s") in ENACTED_NOUNS for m in measures):
        return False
    return MIGRATION_CUE_RE.search(t.sent.text) is not None


# -- aid -----------------------------------------------------------------------------
AID_GIFT_NOUNS = {"contribution", "package", "grant", "funding", "donation", "aid", "assistance"}


def money_package(t: Token, f) -> bool:
    """'announced a contribution of EUR 250,000', 'agreed on a EUR 1 billion support package'."""
    if _lem(t) not in AID_GIFT_NOUNS or t.pos_ != "NOUN":
        return False
    money = any(x.ent_type_ == "MONEY" or x.text in ("€", "$", "£") for x in t.subtree)
    head = t.head if t.dep_ != "pobj" else t.head.head
    return (
        money
        and head.pos_ == "VERB"
        and _lem(head)
        in (
            "announce",
            "agree",
            "approve",
            "sign",
            "unveil",
            "pledge",
            "provide",
            "give",
            "receive",
            "secure",
        )
        and not _modal(head)
    )


# -- request -----------------------------------------------------------------------
def wants_others_to(t: Token, f) -> bool:
    """'Amnesty wants the EU to launch proceedings': someone pressed to act."""
    if _lem(t) not in WANT_VERBS or t.pos_ != "VERB" or _negated(t):
        return False
    comp = [
        c for c in t.children if c.dep_ in ("ccomp", "xcomp") and any(d.dep_ == "nsubj" for d in c.children)
    ]
    if not comp:
        return False
    target = next(d for d in comp[0].children if d.dep_ == "nsubj")
    return f.actor(target, False) is not None and f.actor(subject_of(t)) is not None


def call_on_to(t: Token, f) -> bool:
    """'called on the international community to increase its support': a request even when
    the ones asked are no actor the registry knows."""
    if _lem(t) not in ("call", "urge") or t.pos_ != "VERB" or _negated(t):
        return False
    on = _lem(t) == "urge" or any(c.dep_ == "prep" and c.lower_ == "on" for c in t.children)
    to = any(c.dep_ in ("xcomp", "ccomp") for c in t.children) or any(
        c.dep_ in ("xcomp", "ccomp") for p in _pobjs(t, {"on"}) for c in p.children
    )
    return on and to and f.actor(subject_of(t)) is not None


def ask_for_help(t: Token, f) -> bool:
    """'asked for the bloc's help', 'appealed for support'."""
    if _lem(t) not in ("ask", "appeal", "call") or t.pos_ != "VERB" or _negated(t):
        return False
    wanted = _pobjs(t, {"for"})
    return any(_lem(w) in ("help", "support", "assistance", "aid", "cooperation", "funding") for w in wanted)


# -- support -----------------------------------------------------------------------
# -- support: praise of a measure, backing by others ---------------------------------------
PRAISE_WORDS = re.compile(
    r"\b(victory|win|important|step|success\w*|historic|milestone|welcome\w*|good|great|right|"
    r"necessary|vital|essential|breakthrough|landmark|positive)\b",
    re.I,
)
PRAISED_NOUNS = MEASURE_NOUNS | AGREEMENT_NOUNS | {"decision", "move", "step", "ruling", "agreement", "deal"}


def called_it_good(t: Token, f) -> bool:
    """'called the move "an important first step"', 'calling the decision "a victory"'."""
    if _lem(t) != "call" or t.pos_ != "VERB" or _negated(t):
        return False
    obj = next((c for c in t.children if c.dep_ == "dobj"), None)
    if obj is None or (_lem(obj) not in PRAISED_NOUNS and obj.lower_ not in ("it", "this")):
        return False
    verdict = [c for c in t.children if c.dep_ in ("oprd", "xcomp", "attr", "ccomp") and c.i > obj.i]
    text = " ".join(x.text for c in verdict for x in c.subtree) or t.doc[obj.i + 1 : obj.i + 12].text
    return PRAISE_WORDS.search(text) is not None


def backed_by(t: Token, f) -> bool:
    """'Backed by Austria, Belgium and Estonia, the push ...': the backers support it."""
    if _lem(t) not in ("back", "support", "endorse") or t.tag_ != "VBN" or _negated(t):
        return False
    agents = [p for c in t.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    # a named backer ('Backed by Austria'), not 'backed by police and soldiers from Jamaica'
    return any(_actor_kind(f, a) in STATE_KINDS and a.pos_ == "PROPN" for a in agents)


def _backers(t: Token, f) -> list[Token]:
    agents = [p for c in t.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    return [x for a in agents for x in (a, *a.conjuncts)]


LEGISLATURES = {
    "parliament",
    "lawmaker",
    "lawmakers",
    "mp",
    "mps",
    "senate",
    "senator",
    "assembly",
    "congress",
    "house",
    "deputy",
    "legislature",
}


def legislature_votes_for(t: Token, f) -> bool:
    """'Italy's parliament voted in favour of the law': the law is passed, a policy change."""
    if _lem(t) not in FAVOUR_NOUNS or t.pos_ != "NOUN" or t.dep_ != "pobj" or t.head.lower_ != "in":
        return False
    verb = t.head.head
    if verb.pos_ != "VERB" or _lem(verb) != "vote" or _negated(verb):
        return False
    subj = subject_of(verb)
    of = [p for p in _pobjs(t, {"of"})]
    return (
        subj is not None
        and (subj.lower_ in LEGISLATURES or _lem(subj) in LEGISLATURES)
        and any(_lem(o) in ENACTED_NOUNS for o in of)
    )


def in_favour(t: Token, f) -> bool:
    """'has repeatedly spoken out in favour of the return hubs'."""
    if _lem(t) not in FAVOUR_NOUNS or t.pos_ != "NOUN" or t.dep_ != "pobj" or t.head.lower_ != "in":
        return False
    verb = t.head.head
    return (
        verb.pos_ == "VERB" and _lem(verb) in ("speak", "come", "vote", "be", "argue") and not _negated(verb)
    )


RULES: dict[str, tuple[Rule, ...]] = {
    "talks": (talks_stage, talks_verb),
    "agreement": (agreement_between,),
    "criticism": (criticism_drawn, legal_challenge, P.voices_anger, P.called_it_bad),
    "policy_change": (
        limit_numbers,
        set_deadline,
        designate,
        takes_effect,
        announced_measure,
        enacted_measure,
        legislature_votes_for,
        P.closes_ports,
        P.refuses_flights,
    ),
    "request": (wants_others_to, call_on_to, ask_for_help),
    "protest": (protest_held, crowd_gathers),
    "aid": (money_package,),
    "ruling": (court_clears_way,),
    "removal": (
        removed_people,
        after_being_removed,
        deportees_arrive,
        turned_back,
        P.sent_back,
        P.removal_flights,
    ),
    "support": (in_favour, called_it_good, backed_by),
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
    | REMOVAL_VERBS
    | PROTEST_NOUNS
    | CROWD_VERBS
    | FUTURE_POLICY_VERBS
    | AID_GIFT_NOUNS
    | ENACT_VERBS
    | {"urge", "back", "support", "endorse"}
    | {"pave", "clear", "open", "turn", "arrive", "land"}
    | P.LEMMAS
)


# Rules whose doers the generic participant rules would not find (the critic sits in a
# 'from' phrase, the parties in a 'between' phrase): rule -> token -> doer tokens.
def _critics(t: Token, f) -> list[Token]:
    critics = _pobjs(t, {"from", "by", "of"}) or _pobjs(t.head, {"from", "by"})
    return [x for c in critics for x in (c, *c.conjuncts)]


def _parties(t: Token, f) -> list[Token]:
    between = _pobjs(t, {"between"})
    if between:
        return [x for c in between for x in (c, *c.conjuncts)]
    poss = [c for c in t.children if c.dep_ == "poss"]
    return poss + [x for w in _pobjs(t, {"with"}) for x in (w, *w.conjuncts)]


DOERS: dict[Rule, Callable[[Token, object], list[Token]]] = {
    criticism_drawn: _critics,
    backed_by: _backers,
    agreement_between: _parties,
}


PROTESTED_VERBS = {"oppose", "denounce", "protest", "condemn", "decry"}


def _crowd_place(sent) -> str:
    for t in sent:
        if t.dep_ == "pobj" and t.head.lower_ in ("in", "across") and t.ent_type_ in ("GPE", "LOC", "FAC"):
            words = [x for x in t.subtree if x.ent_type_ == t.ent_type_ and x.pos_ != "DET"]
            return " ".join(x.text for x in words)
    return ""


def _crowd_target(sent) -> str:
    for t in sent:
        target = None
        if t.lower_ == "against" and t.dep_ == "prep":
            target = next((c for c in t.children if c.dep_ == "pobj"), None)
        elif _lem(t) in PROTESTED_VERBS and t.pos_ == "VERB":
            target = next((c for c in t.children if c.dep_ == "dobj"), None)
        if target is not None:
            words = [
                x for x in target.subtree if x.dep_ not in ("det", "prep", "pobj", "cc", "conj", "punct")
            ]
            words = [x for x in words if x.i <= target.i][-3:]
            return "against " + " ".join(x.text for x in words)
    return ""


def crowd(ev, f) -> None:
    """A protest with no named doer: the people protesting, as a group ('protesters')."""
    if ev.type != "protest":
        return
    if ev.actors and all(a.kind in ("group", "ngo", "organization", "person") for a in ev.actors):
        return
    # a state body named in a protest is what the crowd protests against, not who protests
    ev.recipients = [a for a in ev.actors if a not in ev.recipients] + ev.recipients
    ev.actors = []
    sent = ev.sent
    people = next((x for x in sent if _lem(x) in ("protester", "demonstrator", "activist", "striker")), None)
    actor = f.actor(people) if people is not None else None
    if actor is None or actor.kind == "group":
        # name the crowd by where it is and what it protests, as a reader would:
        # 'Los Angeles protesters against ICE raids'
        name = " ".join(x for x in (_crowd_place(sent), "protesters", _crowd_target(sent)) if x)
        actor = f.reg.get("group", name)
        if not actor.mentions:
            tok = people if people is not None else ev.trigger
            actor.add(tok.text, (tok.idx, tok.idx + len(tok.text)))
    ev.actors = [actor]


def addressees(ev, f) -> None:
    """'called on the international community to ...': those asked are the recipients."""
    if ev.type != "request" or ev.recipients:
        return
    asked = [a for a in (f.actor(p) for p in _pobjs(ev.trigger, {"on"})) if a is not None]
    ev.recipients = [a for a in asked if a not in ev.actors]


def split_listed_parties(ev, f) -> list:
    """'South Sudan, Rwanda and Eswatini have agreed to accept migrants from the US':
    one agreement per listed country, each with the other party (ANNOTATION.md:
    one record per arrangement)."""
    if ev.type not in ("agreement", "talks"):
        return [ev]
    listed = [a for a in ev.actors + ev.recipients if a.kind == "country"]
    verb = ev.trigger if ev.trigger.pos_ in ("VERB", "AUX") else ev.trigger.head
    subj = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
    objs = [c for c in verb.children if c.dep_ in ("dobj", "pobj")] + _pobjs(verb, {"into", "on"})
    with_objs = [
        x
        for w in _pobjs(verb, {"with"}) + [p for o in objs for p in _pobjs(o, {"with"})]
        for x in (w, *w.conjuncts)
    ]
    # 'agreements with other countries, such as Panama and Costa Rica'
    with_objs += [
        y for w in list(with_objs) for x in _pobjs(w, {"as", "including"}) for y in (x, *x.conjuncts)
    ]
    # the subject's list may be an apposition: 'three countries – South Sudan, Rwanda and Eswatini –'
    subj_list = [x for x in subj.subtree if x.dep_ != "prep"] if subj is not None else []
    for group in (subj_list, with_objs):
        members = [a for a in (f.actor(x, False) for x in group) if a is not None and a.kind == "country"]
        members = [a for i, a in enumerate(members) if a not in members[:i]]
        if len(members) < 2:
            continue
        others = [a for a in listed if a not in members]
        if not others:
            named = [code for code in ev.places if code not in {m.country for m in members}]
            others = [
                f.reg.get("country", f.reg.find("country", "", c).name, c)
                for c in named
                if f.reg.find("country", "", c) is not None
            ]
        if not others:
            return [ev]
        # every party to talks or a deal is an actor of it (ANNOTATION.md, participants)
        return [
            replace(ev, actors=[m, *others], recipients=[], places=[m.country] + [o.country for o in others])
            for m in members
        ]
    return [ev]


def classify(t: Token, f) -> tuple[str, Rule] | None:
    """The event type a rule of the table gives the token, and that rule."""
    for typ, rules in RULES.items():
        for rule in rules:
            if rule(t, f):
                return typ, rule
    return None
