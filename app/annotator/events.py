"""Migration-policy events from trigger words and the dependency parse.

Each sentence is scanned for trigger lemmas (verbs mostly, a few nouns).
A trigger only fires when its syntax fits (e.g. "sign" needs an agreement
noun as object, a ruling needs a court as subject or owner), and never when
negated, conditional or merely planned ("did not confirm", "are due to be").
Participants come from the subject, objects and "with"/"to" phrases of the
trigger's clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from . import countries as C
from . import trigger_rules
from .actors import Actor, Registry
from .coref import resolve, subject_of
from .triggers import (
    AGENT_NOUNS,
    AGREE_VERBS,
    AGREEMENT_NOUNS,
    AID_NOUNS,
    AID_VERBS,
    ANAPHORIC_DETS,
    ANNOUNCE_VERBS,
    AREA_CUES,
    AREA_WEIGHT,
    CRITIC_VERBS,
    END_NOUNS,
    END_VERBS,
    HEARSAY_NOUNS,
    MEASURE_NOUNS,
    MODALS,
    OPERATE_VERBS,
    PEOPLE_NOUNS,
    POLICY_VERBS,
    PROTEST_VERBS,
    REALISING_HEADS,
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
    TRIGGER_LEMMAS,
    UNREAL_HEADS,
)


@dataclass
class Ev:
    type: str
    sent: Span
    trigger: Token
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    confidence: float = 0.6
    statement_speaker: Actor | None = None


# the group a removal concerns is named by what was done to it: 'Afghan men deported from Germany'
REMOVAL_PARTICIPLES = {
    "deport": "deported",
    "expel": "expelled",
    "remove": "removed",
    "return": "returned",
    "repatriate": "repatriated",
    "evict": "evicted",
    "send": "sent",
    "transfer": "transferred",
    "relocate": "relocated",
    "intercept": "intercepted",
    "fly": "flown",
}


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


class Finder:
    def __init__(self, doc: Doc, reg: Registry):
        self.doc = doc
        self.reg = reg

    def actor(self, tok: Token, allow_group: bool = True, shallow: bool = False) -> Actor | None:
        return resolve(tok, self.reg, None, allow_group=allow_group, shallow=shallow)

    def actors(self, toks: list[Token], allow_group: bool = True, shallow: bool = False) -> list[Actor]:
        out: list[Actor] = []
        for t in toks:
            a = self.actor(t, allow_group, shallow)
            if a and a not in out:
                out.append(a)
        return out

    def classify(self, t: Token) -> str | None:
        lem = _lem(t)
        pos = t.pos_
        if pos == "NOUN" and (lem in TALK_NOUNS or t.lower_ in TALK_NOUNS):
            if t.lower_ in ("talk",) or _negated(t.head):
                return None
            if any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS | {"no"} for c in t.children):
                return None
            if (
                t.dep_ == "pobj"
                and t.head.lower_ in ("during", "after", "before", "of")
                and t.head.head.lower_ != "weeks"
            ):
                return None
            h = t.head
            # 'met in June to open talks' is real; 'are due to hold talks' is not
            if (
                h.pos_ in ("VERB", "AUX")
                and _unreal(h, purpose=False)
                and not any(c.lower_ in ("will", "would") for c in h.children)
            ):
                return None
            if h.pos_ == "VERB" and (
                _negated(h)
                or any(c.lower_ in MODALS - {"will", "would"} for c in h.children)
                or _lem(h) in ("deny", "reject", "want", "seek", "propose", "plan")
                or _under_negated_report(h)
            ):
                return None
            return "talks"
        if pos not in ("VERB", "AUX"):
            if pos == "NOUN" and lem in RULING_NOUNS and self._court_of_noun(t):
                return "ruling"
            if pos == "NOUN" and t.lower_ == "protest" and t.dep_ == "pobj" and t.head.lower_ == "in":
                return "protest"
            if pos == "NOUN" and lem in END_NOUNS and not any(c.lower_ in ("no", "any") for c in t.children):
                # 'the end last year of a scheme that allowed ...'
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
                    if _lem(target) in AGREEMENT_NOUNS or len(self._countries_in(t.sent)) >= 2:
                        return "agreement_ended"
                    return "policy_change"
            return None
        if _negated(t) or _under_negated_report(t):
            return None
        objs = _objects(t)
        subj = subject_of(t)
        court_subj = subj is not None and self._is_court(subj)
        if lem in ("finalise", "finalize", "negotiate") and _noun_lem_in(objs, AGREEMENT_NOUNS):
            return None if _unreal(t) and lem != "finalise" else "talks"
        if court_subj and lem in RULING_VERBS and not _unreal(t):
            return "ruling"
        if lem in AGREE_VERBS:
            noun = _noun_lem_in(objs, AGREEMENT_NOUNS)
            if lem == "agree" and not _unreal(t) and t.tag_ != "VBG":
                if t.dep_ == "acl" and t.head.lower_ in AGREEMENT_NOUNS | SCHEME_NOUNS:
                    return "agreement"
                a = self.actor(subj, False) if subj is not None else None
                if a is not None and a.kind in ("country", "government_body", "igo", "person"):
                    return "agreement"
                # 'the two governments agreed the pilot', 'both sides agreed'
                if (
                    subj is not None
                    and _lem(subj) in ("government", "country", "side", "nation")
                    and any(c.lower_ in ("two", "both", "three") for c in subj.children)
                ):
                    return "agreement"
            if noun is not None and not _unreal(t) and not any(c.lower_ == "no" for c in noun.children):
                return "agreement"
            if lem in ("sign",) and t.dep_ == "acl" and t.head.lower_ in AGREEMENT_NOUNS:
                return "agreement"
        if (
            lem == "announce"
            and not _unreal(t)
            and any(o.dep_ == "dobj" and _lem(o) in AGREEMENT_NOUNS - {"partnership"} for o in objs)
        ):
            return "agreement"  # 'announced an agreement under which ...'
        if lem in END_VERBS and not _unreal(t):
            target = _noun_lem_in(
                objs + [c for c in t.children if c.dep_ == "nsubjpass"], AGREEMENT_NOUNS | SCHEME_NOUNS
            )
            if target is not None:
                foreign = self._countries_in(t.sent)
                if _lem(target) in AGREEMENT_NOUNS or len(foreign) >= 2:
                    return "agreement_ended"
                return "policy_change"
        if lem in REQUEST_VERBS and not (
            lem in ("push", "press") and any(c.dep_ == "prt" or c.lower_ == "back" for c in t.children)
        ):
            if lem == "call" and not any(c.dep_ == "prep" and c.lower_ in ("on", "for") for c in t.children):
                return None
            if lem == "seek" and not _noun_lem_in(
                objs, {"country", "partner", "help", "support", "assistance", "government", "nation", "state"}
            ):
                return None
            if lem == "ask" and t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.children):
                return None
            if lem == "appeal" and not any(
                c.dep_ == "prep" and c.lower_ in ("to", "for") for c in t.children
            ):
                return "criticism"
            if lem in ("ask", "petition", "urge") and any(self._is_court(o) for o in objs):
                return "criticism"  # asking a court to block a measure is a legal challenge
            if lem in ("push", "press") and not objs and not any(c.dep_ == "xcomp" for c in t.children):
                return None
            if lem == "push" and not any(self.reg.at(o) for o in objs):
                return None
            if _unreal(t) and t.dep_ != "ROOT":
                return None
            # someone must be asked: 'urged Islamabad', 'called on the EU', 'asked donors'
            if lem not in ("seek",) and not any(self.actor(o, True, True) for o in objs):
                return None
            return "request"
        if lem in REMOVAL_VERBS and not _unreal(t) and not _gerund_noun(t):
            cands = objs + [c for c in t.children if c.dep_ == "nsubjpass"]
            people = _noun_lem_in(cands, PEOPLE_NOUNS) or next((o for o in cands if is_people(o)), None)
            if (
                t.dep_ == "acl"
                and t.tag_ == "VBN"
                and any(c.dep_ == "prep" and c.lower_ in ("from", "to") for c in t.children)
            ):
                if any(c.dep_ == "nummod" for c in t.head.children):
                    return "removal"
                return None
            if lem == "return" and not any(o.lower_ in ("them",) or is_people(o) for o in cands):
                return None
            if people is not None and t.dep_ not in ("amod",):
                return "removal"
            # 'pushed back a dinghy carrying 30 migrants'
            back = any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in t.children)
            if back and any(is_people(x) for o in objs if o.dep_ == "dobj" for x in o.subtree):
                return "removal"
            if any(c.dep_ == "conj" and _lem(c) in REMOVAL_VERBS for c in [t.head]) and t.dep_ == "conj":
                return "removal"
            for c in t.children:
                if c.dep_ == "conj" and any(is_people(o) for o in _objects(c)):
                    return "removal"
        if (
            lem in OPERATE_VERBS
            and not _unreal(t)
            and not _gerund_noun(t)
            and any(
                _lem(o) in REMOVAL_NOUNS
                or (
                    _lem(o) == "flight"
                    and any(x.lower_ in ("deportation", "removal", "charter") for x in o.subtree)
                )
                for o in objs
                if o.dep_ == "dobj"
            )
        ):
            return "removal"  # 'resumed deportations to Afghanistan', 'carried out 40 expulsions'
        if (
            lem in ("land", "arrive", "depart", "leave")
            and subj is not None
            and subj.lower_ in ("flight", "plane", "aircraft")
            and any(x.lower_ in ("deportation", "removal", "charter") for x in subj.subtree)
            and not _unreal(t)
        ):
            return "removal"
        if lem in ("blame", "accuse", "suspect") and t.dep_ in ("relcl", "acl"):
            return None  # 'attacks that it blames on fighters': background, not a stance taken
        if lem in CRITIC_VERBS and (not _unreal(t) or _reported_modal(t)):
            if (
                lem == "protest"
                and subj is not None
                and _lem(subj) in PEOPLE_NOUNS | {"supporter", "protester"}
            ):
                return "protest"
            if lem == "question" and not objs and not any(c.dep_ == "nsubjpass" for c in t.children):
                return None
            return "criticism"
        if lem in ("bring", "file", "lodge", "launch") and any(
            o.dep_ == "dobj" and _lem(o) in ("case", "lawsuit", "suit", "challenge", "complaint", "petition")
            for o in objs
        ):
            return "criticism"  # a legal challenge: 'the group, which brought the case, argued ...'
        if lem == "take" and any(_lem(o) == "issue" for o in objs):
            return "criticism"
        if (
            lem in ("raise", "voice", "express")
            and any(_lem(o) in ("concern", "alarm", "objection", "doubt") for o in objs)
            and not _unreal(t)
        ):
            return "criticism"
        if (
            lem in REBUTTAL_VERBS
            and not court_subj
            and not _unreal(t)
            and any(o.dep_ == "dobj" and _lem(o) in REBUTTED_NOUNS for o in objs)
        ):
            return "support"  # 'rejected the criticism, saying the patrols would save lives'
        if (
            lem in ("dismiss", "reject", "slam", "deride")
            and not court_subj
            and not _unreal(t)
            and _noun_lem_in(
                [c for c in t.children if c.dep_ == "dobj"],
                AGREEMENT_NOUNS | SCHEME_NOUNS | MEASURE_NOUNS | {"proposal", "idea", "claim", "move"},
            )
        ):
            return "criticism"
        if lem in ("be", "remain") and any(c.lower_ in ("concerned", "alarmed") for c in t.children):
            return "criticism"
        if (
            lem in SUPPORT_VERBS
            and (not _unreal(t) or _reported_modal(t))
            and t.dep_ not in ("amod", "acl")
            and (objs or any(c.dep_ == "nsubjpass" for c in t.children))
        ):
            return "support"
        realised = not (_unreal(t) and t.dep_ != "ROOT" and not any(c.lower_ in MODALS for c in t.children))
        if (
            lem in AID_VERBS
            and realised
            and (_has_money(objs) or (_has_money([t]) and any(c.dep_ == "dobj" for c in t.children)))
        ):
            return "aid"
        if (
            lem in ANNOUNCE_VERBS
            and realised
            and any(o.dep_ == "dobj" and _lem(o) in AID_NOUNS and _has_money([o]) for o in objs)
        ):
            return "aid"
        crowd = subj is not None and (
            _lem(subj) in PEOPLE_NOUNS | {"supporter", "protester", "demonstrator", "activist"}
            or subj.like_num
        )
        if (
            lem in PROTEST_VERBS
            and crowd
            and not _unreal(t)
            and (lem != "strike" or any(x.lower_ == "hunger" for x in t.subtree))
        ):
            return "protest"
        if lem in ("refuse",) and any(_lem(o) == "food" for o in objs):
            return "protest"
        if (
            lem in ("pledge", "promise", "vow")
            and not _unreal(t)
            and subj is not None
            and any(
                c.dep_ == "xcomp"
                and any(
                    _lem(x) in REMOVAL_VERBS | REMOVAL_NOUNS | {"asylum", "visa", "border"} for x in c.subtree
                )
                for c in t.children
            )
        ):
            a = self.actor(subj, False)
            if a is not None and a.kind in ("country", "government_body", "person"):
                return "policy_change"  # 'pledged to allow offenders to be deported again'
        if lem in POLICY_VERBS and not (
            _unreal(t) and not any(c.lower_ in ("will", "would") for c in t.children)
        ):
            targets = objs + [c for c in t.children if c.dep_ in ("nsubjpass", "xcomp")]
            noun = _noun_lem_in(targets, MEASURE_NOUNS)
            if lem in ("stop", "halt", "suspend", "pause", "freeze") and any(
                x.lower_
                in (
                    "asylum",
                    "applications",
                    "claims",
                    "accepting",
                    "processing",
                    "visas",
                    "admissions",
                    "deportations",
                    "removals",
                    "expulsions",
                    "returns",
                )
                for o in targets
                for x in o.subtree
            ):
                return "policy_change"
            if lem == "resettle" and objs:
                return "policy_change"
            if noun is not None and subj is not None and not court_subj:
                a = self.actor(subj, False)
                if a is not None and a.kind in ("country", "government_body", "person", "igo"):
                    return "policy_change"
        return None

    # -- helpers -----------------------------------------------------------------
    def _late_destination(self, verb: Token) -> list[Actor]:
        for o in verb.children:
            if o.dep_ != "dobj":
                continue
            for x in o.subtree:
                if x.dep_ == "prep" and x.lower_ == "to" and x.head.dep_ == "relcl":
                    for p in x.children:
                        code = C.country_code(p.text) if p.dep_ == "pobj" else None
                        if code:
                            a = self.reg.at(p) or self.reg.get("country", C.short_name(code), code)
                            if not a.mentions:
                                a.add(p.text, (p.idx, p.idx + len(p.text)))
                            return [a] if a.kind == "country" else []
        return []

    def _is_court(self, tok: Token) -> bool:
        a = self.reg.at(tok)
        if a is None:
            ms = [m for m in self.reg.in_subtree(tok) if m.root == tok.i]
            a = ms[0].actor if ms else None
        if a is not None:
            return a.kind == "court" or (a.kind == "person" and "judge" in (a.title or "").lower())
        return tok.lower_ in ("justices", "judges", "judge", "court", "tribunal")

    def _court_of_noun(self, t: Token) -> Actor | None:
        kids = list(t.children)
        # 'lifted a ruling by Judge X': the parser often hangs 'by X' on the verb
        kids += [
            c for c in t.head.children if c.dep_ == "prep" and c.lower_ == "by" and c.i == t.right_edge.i + 1
        ]
        for c in kids:
            if c.dep_ in ("compound", "poss", "nmod") or (c.dep_ == "prep" and c.lower_ == "by"):
                cand = [c] if c.dep_ != "prep" else [p for p in c.children if p.dep_ == "pobj"]
                for x in cand:
                    for y in x.subtree:
                        a = self.reg.at(y)
                        if a is not None and (a.kind == "court" or "judge" in (a.title or "").lower()):
                            return a
        return None

    def _countries_in(self, sent: Span) -> set[str]:
        out = set()
        for t in sent:
            a = self.reg.at(t)
            if a is not None and a.kind == "country":
                out.add(a.country)
            elif t.ent_type_ == "GPE":
                code = C.country_code(t.text)
                if code:
                    out.add(code)
        return out

    def participants(self, ev: Ev) -> None:
        t = ev.trigger
        typ = ev.type
        verb = t
        if t.pos_ == "NOUN":
            verb = t.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
        subj = subject_of(verb)
        if (
            verb.dep_ == "conj"
            and verb.head.dep_ == "ccomp"
            and typ in ("request", "criticism", "support")
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        ):
            # '... warned that the plan risked X and urged the government': the warner urges
            subj = subject_of(verb.head.head)
        groups_ok = typ in ("criticism", "support", "protest", "request", "removal", "aid")
        if typ == "ruling" and t.pos_ == "NOUN":
            court = self._court_of_noun(t)
            ev.actors = [court] if court else []
            return
        if typ == "protest" and t.pos_ == "NOUN":
            subj = subject_of(verb)
        if (
            subj is not None
            and typ in ("criticism", "support")
            and subj.tag_ in ("NN", "NNS")
            and self.reg.at(subj) is None
            and not any(c.dep_ == "appos" for c in subj.children)
            and subj.lemma_.lower() not in AGENT_NOUNS
        ):
            subj = None  # "Uganda's record raised concerns": a record does not criticise; the speaker does
        subs = self.actors(_with_conj(subj), groups_ok) if subj is not None else []
        objs_tok = _objects(t)
        if typ in ("talks", "agreement", "agreement_ended"):
            # 'entered into an agreement with the United Kingdom': the partner hangs on the noun
            objs_tok += [
                p
                for o in list(objs_tok)
                if _lem(o) in AGREEMENT_NOUNS | SCHEME_NOUNS | TALK_NOUNS
                for c in o.children
                if c.dep_ == "prep" and c.lower_ in ("with", "between")
                for p in c.children
                if p.dep_ == "pobj"
            ]
        if t.pos_ == "NOUN":
            objs_tok += [
                p
                for c in t.children
                if c.dep_ == "prep" and c.lower_ in ("with", "between")
                for p in c.children
                if p.dep_ == "pobj"
            ]
            objs_tok += [x for o in list(objs_tok) for x in o.conjuncts]
            if verb.i != t.i:
                objs_tok += [o for o in _objects(verb, ("with",))]
        objs = self.actors(
            objs_tok, typ in ("removal", "request", "criticism", "support", "aid", "policy_change"), True
        )
        if typ in ("talks", "agreement"):
            ev.actors = [a for a in subs + objs if a.kind != "group"]
        elif typ == "removal":
            ev.actors = [a for a in subs if a.kind != "group"]
            # 'a first group of 40 people was flown': the passive subject is removed
            passive = [c for c in t.children if c.dep_ == "nsubjpass"]
            moved = [a for a in self.actors(passive, True, True) if a.kind == "group"]
            # 'deported from the United States': the origin is the remover, not a recipient
            origin = [
                p
                for c in t.children
                if c.dep_ == "prep" and c.lower_ == "from"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            origin_actors = [a for a in self.actors(origin, False, True) if a.kind == "country"]
            if not ev.actors:
                ev.actors = origin_actors
            objs = [
                a for a in objs if a not in origin_actors and not any(self.reg.at(p) is a for p in origin)
            ]
            objs = [a for a in objs if not any(a is self.actor(p, True, True) for p in origin)]
            ev.recipients = moved + [a for a in objs if a not in ev.actors and a not in moved]
            # the destination: 'to Ghana', 'resumed deportations to Ghana'
            for c in [*t.children, *(x for o in objs_tok if o.dep_ == "dobj" for x in o.children)]:
                if c.dep_ == "prep" and c.lower_ in ("to", "into", "in"):
                    pobjs = [p for p in c.children if p.dep_ == "pobj"]
                    # 'to a new return centre in Georgia'
                    pobjs += [
                        q
                        for p in pobjs
                        for pc in p.children
                        if pc.dep_ == "prep" and pc.lower_ == "in"
                        for q in pc.children
                        if q.dep_ == "pobj"
                    ]
                    for p in pobjs:
                        a = self.reg.at(p)
                        if a is None:
                            code = C.country_code(p.text) or C.capital_code(p.text)
                            if code:
                                a = self.reg.get("country", C.short_name(code), code)
                                if not a.mentions:
                                    a.add(p.text, (p.idx, p.idx + len(p.text)))
                        if a is not None and a.kind == "country" and a not in ev.recipients:
                            ev.recipients.append(a)
            if t.dep_ == "acl":
                g = self.actor(t.head, True)
                if g:
                    ev.recipients.insert(0, g)
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ == "from":
                        ev.actors += self.actors([p for p in c.children if p.dep_ == "pobj"], False)
        else:
            ev.actors = subs
            ev.recipients = [a for a in objs if a not in subs]
        if typ == "ruling":
            ev.recipients = [a for a in ev.recipients if a.kind != "court"]
        if typ == "criticism" and _lem(t) in ("bring", "file", "lodge", "launch"):
            # 'brought the case together with several holders': co-plaintiffs are not the target
            ev.recipients = [a for a in ev.recipients if a.kind in ("country", "government_body", "person")]
        if typ == "removal":
            dest = [a for a in ev.recipients if a.kind == "country"]
            if not dest and verb.pos_ in ("VERB", "AUX"):
                # 'returned 40 people who had crossed the Channel to France': the parser hangs
                # the destination on the relative clause
                dest = self._late_destination(verb)
                ev.recipients += [a for a in dest if a not in ev.recipients]
            pp = REMOVAL_PARTICIPLES.get(_lem(t), "transferred")
            for g in ev.recipients:
                if g.kind != "group" or " to " in g.name or " from " in g.name:
                    continue
                if dest and dest[0].name not in g.name:
                    g.name = f"{g.name} {pp} to {dest[0].name}"
                elif not dest and len(ev.actors) == 1 and ev.actors[0].kind == "country":
                    g.name = f"{g.name} {pp} from {ev.actors[0].name}"
                elif not dest:
                    # 'was returned on a flight from Gran Canaria': the place left
                    src = [
                        x
                        for x in verb.subtree
                        if x.dep_ == "pobj" and x.head.lower_ == "from" and x.pos_ == "PROPN"
                    ]
                    if src:
                        place = " ".join(y.text for y in src[0].subtree if y.pos_ == "PROPN")
                        g.name = f"{g.name} {pp} from {place}"
        if typ == "protest":
            hunger = any(x.lower_ in ("food", "hunger") for x in t.sent)
            for g in ev.actors:
                if (
                    g.kind == "group"
                    and g.name.split()[-1] in ("people", "persons", "men", "women")
                    and not hunger
                ):
                    g.name = "protesters"
                elif g.kind == "group" and hunger and "hunger" not in g.name:
                    g.name = g.name + " on hunger strike"
        ev.actors = [a for a in ev.actors if a is not None]
        if typ in ("agreement", "talks", "agreement_ended") and verb.pos_ in ("VERB", "AUX"):
            # 'agreed to accept 200 deportees from Britain': every state named in the deal is concerned
            for x in verb.subtree:
                a = self.reg.at(x)
                if a is not None and a.kind == "country" and a.country not in ev.places:
                    ev.places.append(a.country)
        # places: 'in Ghana', 'to Uganda'
        for c in verb.children:
            if (
                c.dep_ == "prep"
                and c.lower_ in ("to", "in", "into")
                and typ in ("removal", "agreement", "policy_change", "protest")
            ):
                for p in c.children:
                    code = None
                    a = self.reg.at(p)
                    if a is not None and a.kind == "country":
                        code = a.country
                    elif p.ent_type_ in ("GPE", "LOC"):
                        code = C.country_code(p.text) or C.capital_code(p.text)
                    if code and code not in ev.places:
                        ev.places.append(code)


ALL_TRIGGER_LEMMAS = TRIGGER_LEMMAS | trigger_rules.LEMMAS


def find(doc: Doc, reg: Registry, sentences: list[Span], quotes: list[tuple[int, int]]) -> list[Ev]:
    """quotes: char ranges of direct quotations, whose words make no event."""
    return find_by_rules(Finder(doc, reg), sentences, quotes)


def find_by_rules(f: Finder, sentences: list[Span], quotes: list[tuple[int, int]]) -> list[Ev]:
    out: list[Ev] = []
    for sent in sentences:
        for t in sent:
            # cheap lexical filter first: most tokens can never trigger anything
            if t.lemma_.lower() not in ALL_TRIGGER_LEMMAS and t.lower_ not in ALL_TRIGGER_LEMMAS:
                continue
            if any(a <= t.idx < b for a, b in quotes):
                continue
            typ, rule = f.classify(t), None
            if typ is None:
                typ, rule = trigger_rules.classify(t, f) or (None, None)
            if typ is None:
                continue
            ev = Ev(typ, sent, t)
            f.participants(ev)
            doers = trigger_rules.DOERS.get(rule)
            if doers is not None:
                named = [a for a in (f.actor(x) for x in doers(t, f)) if a is not None]
                if named:
                    ev.actors = [a for i, a in enumerate(named) if a not in named[:i]]
                    ev.recipients = [r for r in ev.recipients if r not in ev.actors]
            trigger_rules.crowd(ev, f)
            trigger_rules.addressees(ev, f)
            out.extend(trigger_rules.split_listed_parties(ev, f))
    return out


def policy_area(text: str) -> str | None:
    low = text.lower()
    scores = {a: AREA_WEIGHT.get(a, 1) * sum(low.count(c) for c in cues) for a, cues in AREA_CUES.items()}
    best = max(scores, key=lambda a: scores[a])
    return best if scores[best] else None


CRITIC_RE = re.compile(
    r"\b(unlawful\w*|illegal|breach\w*|violat\w*|risk\w*|fail\w*|punish\w*|inhumane|cruel\w*|"
    r"concern(?:ed|s)?|abus\w*|unjust\w*|unfair\w*|discriminat\w*|shameful|disgrace\w*|degrading|"
    r"unconstitutional|alarm\w*|appalling|reckless\w*|dangerous|outrage\w*|rather than|broken .{0,40}law|"
    r"bargaining chips?|pawns|complicit|callous|scapegoat\w*|dehumani[sz]\w*|unworkable|"
    r"deadl(?:y|ier)|lethal)\b",
    re.I,
)


def is_critical(text: str) -> bool:
    """Words that make a reported statement a criticism ('would breach EU law')."""
    return CRITIC_RE.search(text) is not None
