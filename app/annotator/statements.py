"""Direct quotes and reported speech, with their speakers.

Quotes come from the raw text (straight and curly marks, any number of
sentences); reported speech from the dependency parse: the clausal
complement (ccomp) of a reporting verb, or the main clause of a sentence with
"according to X". Negated reporting ("did not say") and indirect questions
("did not confirm whether") are not statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from . import countries as C
from .actors import Actor, Registry
from .cast import is_news_medium
from .coref import DOCUMENT_NOUNS, resolve, subject_of
from .nlp import text_of

# fmt: off
REPORT_VERBS = {
    'acknowledge', 'add', 'admit', 'affirm', 'allege', 'announce', 'argue', 'articulate', 'assert',
    'caution', 'claim', 'comment', 'complain', 'concede', 'conclude', 'confirm', 'contend', 'declare',
    'deny', 'disclose', 'emphasise', 'emphasize', 'estimate', 'explain', 'highlight', 'indicate', 'insist',
    'maintain', 'order', 'rule', 'signal',
    'note', 'observe', 'pledge', 'post', 'predict', 'promise', 'recall', 'reiterate', 'remark', 'report',
    'reveal', 'say', 'state', 'stress', 'suggest', 'tell', 'tweet', 'underline', 'underscore', 'vow',
    'warn', 'write',
}
# fmt: on
# fmt: off
# '... called the plan "completely useless"', 'described them as "criminals"': a short quote
# attributed by a verb that characterises rather than reports
CHARACTERISE_VERBS = {'call', 'describe', 'label', 'brand', 'dub', 'term', 'condemn', 'denounce', 'hail'}
# 'stressed the importance of X', 'highlighted the need for Y': the object phrase is what was said
EMPHASIS_VERBS = {'emphasise', 'highlight', 'stress', 'underline', 'underscore'}
# reported speech whose content is a phrase, not a clause: verb -> where the phrase hangs
# ('denied any mistreatment', 'described the deal as temporary', 'called for an end to raids',
#  'warned of growing needs', 'raised concerns about funding', 'promised to address crime')
OBJECT_SPEECH = {
    'emphasise': 'dobj', 'highlight': 'dobj', 'stress': 'dobj', 'underline': 'dobj', 'underscore': 'dobj',
    'deny': 'dobj', 'describe': 'dobj', 'criticise': 'dobj', 'condemn': 'dobj', 'express': 'dobj',
    'attribute': 'dobj', 'confirm': 'dobj', 'acknowledge': 'dobj',
    'call': 'for', 'warn': 'of', 'raise': 'about', 'voice': 'dobj',
    'promise': 'xcomp', 'pledge': 'xcomp', 'vow': 'xcomp',
}
# a quoted name or label, not speech: 'a "one in, one out" deal', 'the so-called "return hubs"'
SCARE_QUOTE_BEFORE = {'a', 'an', 'the', 'its', 'their', 'his', 'her', 'our', 'so-called', 'dubbed', 'new'}
MIN_QUOTE_WORDS = 4
MIN_PHRASE_TOKENS = 4
MIN_ATTRIBUTED_QUOTE_WORDS = 2
# fmt: on
# fmt: off
SPEECH_ACTS = {
    'accuse', 'appeal', 'ask', 'blame', 'call', 'condemn', 'criticise', 'criticize', 'demand', 'praise',
    'press', 'urge', 'welcome',
}
# fmt: on
# fmt: off
BRITISH = {
    'emphasize': 'emphasise', 'criticize': 'criticise', 'recognize': 'recognise',
}
# fmt: on
QUOTE_RE = re.compile(r"“([^”“]{2,})”|\"([^\"]{2,})\"")
# fmt: off
QUESTION_MARKS = {
    'how', 'if', 'what', 'when', 'where', 'whether', 'who', 'why',
}
# fmt: on


@dataclass
class Stmt:
    kind: str
    verb: str
    start: int
    end: int
    speaker: Actor | None
    verb_tok: int | None  # token index of the reporting verb
    content_root: int | None  # token index of the content clause head
    confidence: float


def _negated(v: Token) -> bool:
    return any(c.dep_ == "neg" for c in v.children)


def _lemma(v: Token) -> str:
    lem = v.lemma_.lower()
    return BRITISH.get(lem, lem)


def find(doc: Doc, reg: Registry, body_start: int, stop_at: int, skip: list[tuple[int, int]]) -> list[Stmt]:
    """body_start: chars before it (headline) are ignored; stop_at: truncated tail."""
    text = text_of(doc)
    cands: list[tuple[Stmt, Token | None, bool]] = []  # statement, subject token, continues previous

    def skipped(s: int, e: int) -> bool:
        return s < body_start or e > stop_at or any(a <= s < b for a, b in skip)

    # -- quotes ----------------------------------------------------------------
    quotes = find_quotes(text)
    quote_verbs: set[int] = set()
    for s, e, ms, me in quotes:
        words = len(text[s:e].split())
        if words < MIN_ATTRIBUTED_QUOTE_WORDS or skipped(s, e) or _scare_quote(doc, text, ms, me):
            continue
        verb = _attribution(doc, ms, me)
        if words < MIN_QUOTE_WORDS:
            # slogans and titles are quoted too: a short quote counts only when a verb
            # right before it gives it to someone ('called the hubs "useless"')
            verb = _characterised(doc, ms)
            if verb is None:
                continue  # a short quote with no one saying it: a phrase, not a statement
        subj = None
        if verb is None:
            # '"...," according to its director.'
            verb = _according_after(doc, me) or _according_before(doc, ms)
        if verb is not None:
            quote_verbs.add(verb.i)
            if verb.lower_ == "according":
                subj = next((c for c in doc[verb.i + 1].children if c.dep_ == "pobj"), None)
            elif _quoted_as_saying(verb) is not None:
                # 'the statement quoted Laura Lo Castro, UNHCR representative, as saying'
                subj = _quoted_as_saying(verb)
            else:
                subj = subject_of(verb)
            if subj is not None and ms <= subj.idx < me:
                subj = None
        st = Stmt(
            "quote",
            ("accord" if verb.lower_ == "according" else _lemma(verb)) if verb is not None else "say",
            s,
            e,
            None,
            verb.i if verb is not None else None,
            None,
            0.9,
        )
        cands.append((st, subj, verb is None))

    # -- reported speech -------------------------------------------------------
    def in_quote(i: int) -> bool:
        return any(ms <= i < me for _, _, ms, me in quotes)

    for v in doc:
        if v.pos_ not in ("VERB", "AUX") or _lemma(v) not in REPORT_VERBS or v.i in quote_verbs:
            continue
        if v.dep_ in ("relcl", "amod", "acl") or _negated(v) or in_quote(v.idx):
            continue
        if _lemma(v) == "indicate" and v.dep_ == "advcl":
            continue
        comp = next((c for c in v.children if c.dep_ == "ccomp"), None)
        if comp is None:
            # 'Officers pushed back a boat, the group said.': the parser hangs 'said' on the clause
            if (
                v.dep_ == "parataxis"
                and v.head.i < v.i
                and v.head.dep_ == "ROOT"
                and subject_of(v) is not None
            ):
                span = _fronted_span(doc, v)
                if span is not None and not skipped(*span) and not any(in_quote(i) for i in span):
                    cands.append(
                        (
                            Stmt("paraphrase", _lemma(v), span[0], span[1], None, v.i, v.head.i, 0.7),
                            subject_of(v),
                            False,
                        )
                    )
            continue
        span = _content_span(doc, comp, v)
        if span is None:
            continue
        s, e = span
        if skipped(s, e) or any(in_quote(i) for i in (s, e - 1)):
            continue
        cands.append((Stmt("paraphrase", _lemma(v), s, e, None, v.i, comp.i, 0.8), subject_of(v), False))
    # "according to X"
    for t in doc:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            pobj = next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
            sent = t.sent
            lo, hi = sent.start, sent.end
            a_lo, a_hi = t.i, (pobj.right_edge.i + 1) if pobj is not None else t.i + 2
            if a_lo - lo <= 1:
                lo = a_hi
            else:
                hi = a_lo
            while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
                lo += 1
            while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
                hi -= 1
            if hi - lo < 3 or pobj is None or _unsourced_data(pobj):
                continue
            s, e = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
            if skipped(s, e):
                continue
            cands.append((Stmt("paraphrase", "accord", s, e, None, t.i, sent.root.i, 0.7), pobj, False))

    # 'stressed the importance of cooperation', 'denied any mistreatment': a phrase as content
    for v in doc:
        where = OBJECT_SPEECH.get(_lemma(v))
        if v.pos_ != "VERB" or where is None or v.i in quote_verbs or _negated(v) or in_quote(v.idx):
            continue
        if any(c.dep_ == "ccomp" for c in v.children) or v.dep_ in ("amod", "acl", "relcl"):
            continue
        if where in ("dobj", "xcomp"):
            obj = next((c for c in v.children if c.dep_ == where), None)
        else:
            obj = next(
                (
                    p
                    for c in v.children
                    if c.dep_ == "prep" and c.lower_ == where
                    for p in c.children
                    if p.dep_ in ("pobj", "pcomp")
                ),
                None,
            )
        if obj is None:
            continue
        lo, hi = obj.left_edge.i, obj.right_edge.i
        if where == "xcomp":
            while lo < hi and doc[lo].dep_ == "aux":
                lo += 1
        if where == "dobj":  # 'described the deal as a temporary measure': the 'as' phrase too
            as_phrase = next((c for c in v.children if c.dep_ == "prep" and c.lower_ == "as"), None)
            if as_phrase is not None:
                hi = max(hi, as_phrase.right_edge.i)
        if _lemma(v) in EMPHASIS_VERBS and where == "dobj":
            # 'stressed the importance of cooperation with Lebanon to combat smuggling': the
            # parser hangs the purpose on the verb, but it is part of what was stressed
            tail = [c for c in v.children if c.i > hi and c.dep_ in ("advcl", "xcomp", "prep", "npadvmod")]
            if tail:
                hi = max(c.right_edge.i for c in tail)
        # 'condemned the move', 'welcomed the plan': a bare reference to the measure is the
        # object of a stance, not a report of what was said
        if hi - lo < MIN_PHRASE_TOKENS - 1:
            continue
        while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
            hi -= 1
        span = (doc[lo].idx, doc[hi].idx + len(doc[hi]))
        if skipped(*span) or any(in_quote(i) for i in span):
            continue
        cands.append(
            (Stmt("paraphrase", _lemma(v), span[0], span[1], None, v.i, obj.i, 0.6), subject_of(v), False)
        )

    # 'called on Egypt to investigate ...', 'urged Thai authorities to respect ...',
    # 'accused the men of illegally entering Egypt': who is pressed, and to do what
    for v in doc:
        lem = _lemma(v)
        if (
            lem not in PRESSING_VERBS
            or v.pos_ != "VERB"
            or v.i in quote_verbs
            or _negated(v)
            or in_quote(v.idx)
        ):
            continue
        if v.dep_ in ("amod", "acl", "relcl") or (v.tag_ == "VBG" and v.dep_ in ("advcl", "xcomp", "conj")):
            continue  # '..., the group said, accusing Athens of ...': part of what was said
        span = _pressed_span(doc, v, lem)
        if span is None or skipped(*span) or any(in_quote(i) for i in span):
            continue
        cands.append((Stmt("paraphrase", lem, span[0], span[1], None, v.i, None, 0.6), subject_of(v), False))

    # speakers in reading order, so 'she added' finds the latest earlier speaker
    cands.sort(key=lambda c: c[0].start)
    out: list[Stmt] = []
    speakers: list[Actor] = []
    for st, subj, continues in cands:
        if continues:
            # an unattributed quote continues the previous speaker ('"A," she said. "B."')
            prev = [o for o in out if o.end <= st.start and st.start - o.end < 250]
            st.speaker = prev[-1].speaker if prev else None
        elif subj is not None:
            st.speaker = resolve(subj, reg, speakers)
            own_report = st.verb == "report" or subj.lemma_.lower() in DOCUMENT_NOUNS
            if st.speaker is not None and is_news_medium(st.speaker) and not own_report:
                # 'X said in the interview, according to Reuters': the outlet only carried it
                # ('CBS News reported that ...' is the outlet's own reporting, and stays its)
                st.speaker = _named_speaker_in_sentence(doc, reg, st) or next(
                    (a for a in reversed(speakers) if a.kind == "person"), None
                )
            if st.speaker is None and subj.lower_ in TITLED_ANONYMOUS:
                # '"...," the minister told Anadolu' after 'A senior Ugandan official has denied':
                # the unnamed official already quoted, for the state they speak for
                for o in reversed(out):
                    if st.start - o.end >= 500:
                        break
                    if (
                        o.speaker is not None
                        and (o.verb_tok is None or doc[o.verb_tok].tag_ != "VBG")
                        and o.speaker.kind in ("country", "government_body")
                    ):
                        st.speaker = o.speaker
                        break
            if (
                subj.lower_ in ("he", "she")
                and out
                and out[-1].speaker is not None
                and out[-1].speaker.kind in ("country", "government_body")
                and out[-1].verb_tok is not None
                and _subject_text(doc, out[-1].verb_tok) in TITLED_ANONYMOUS
                and st.start - out[-1].end < 300
            ):
                # '... ," he added' after '"...," the minister told Anadolu': the same official
                st.speaker = out[-1].speaker
        if st.speaker is None:
            st.confidence = round(st.confidence - 0.3, 2)
        else:
            speakers.append(st.speaker)
        out.append(st)
    # '..., adding that ...', '..., stressing that ...': the speaker of the verb it hangs on
    by_verb = {o.verb_tok: o for o in out if o.verb_tok is not None and o.speaker is not None}
    for st in out:
        if st.speaker is not None or st.verb_tok is None:
            continue
        v = doc[st.verb_tok]
        head = v.head
        hops = 0
        while v.tag_ == "VBG" and head.i != v.i and hops < 3:
            if head.i in by_verb:
                st.speaker, st.confidence = by_verb[head.i].speaker, by_verb[head.i].confidence
                break
            v, head, hops = head, head.head, hops + 1
    # an opening paragraph of a longer quotation takes the speaker named at its end
    for a, b in zip(out[::-1][1:], out[::-1], strict=False):
        opening = a.kind == b.kind == "quote" and a.speaker is None and a.verb_tok is None
        if opening and b.speaker is not None and b.start - a.end <= 8 and "\n" in text[a.end : b.start]:
            a.speaker, a.confidence = b.speaker, b.confidence
    return _dedupe(out)


OPEN_MARKS, CLOSE_MARKS = '“"', '”"'


def find_quotes(text: str) -> list[tuple[int, int, int, int]]:
    """Direct quotations as (content start, content end, mark start, mark end).

    Paragraph by paragraph: curly marks pair by direction, straight ones in
    order. A quotation running over several paragraphs leaves its closing mark
    off all but the last (news convention); each paragraph is then its own piece.
    """
    out: list[tuple[int, int, int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        p0, p1 = para.start(), para.end()
        i = p0
        while i < p1:
            c = text[i]
            if c not in OPEN_MARKS or (c == '"' and i > p0 and text[i - 1].isalnum()):
                i += 1
                continue
            close = "”" if c == "“" else '"'
            j = text.find(close, i + 1, p1)
            if c == "“":
                nested = text.find("“", i + 1, j if j >= 0 else p1)
                if nested >= 0 and j < 0:
                    j = -1
            if j < 0:
                # no closing mark in this paragraph: a quotation that continues below
                nxt = re.match(r"\n\s*", text[p1:])
                cont = nxt is not None and text[p1 + nxt.end() : p1 + nxt.end() + 1] in OPEN_MARKS
                if not cont:
                    i += 1
                    continue
                j = p1
                mark_end = p1
            else:
                mark_end = j + 1
            s, e = i + 1, j
            while e > s and text[e - 1] in ", \n":
                e -= 1
            while s < e and text[s] == " ":
                s += 1
            if e - s >= 2:
                out.append((s, e, i, mark_end))
            i = mark_end
    return out


# figures that 'say' something only through whoever issued them
DATA_NOUNS = {
    "data",
    "datum",
    "figure",
    "statistic",
    "estimate",
    "record",
    "count",
    "tally",
    "census",
    "number",
}
ISSUER_WORDS = {"government", "ministry", "office", "agency", "department", "authority", "police"}


def _unsourced_data(pobj: Token) -> bool:
    """'According to official immigration data, ...': figures with no issuer are no one's words
    ('according to Cypriot government data' are the government's)."""
    if pobj.lemma_.lower() not in DATA_NOUNS:
        return False
    return not any(
        x.pos_ == "PROPN" or x.lower_ in ISSUER_WORDS or C.demonym_code(x.text) for x in pobj.subtree
    )


def _dedupe(stmts: list[Stmt]) -> list[Stmt]:
    kept: list[Stmt] = []
    for st in stmts:
        clash = next((k for k in kept if min(k.end, st.end) - max(k.start, st.start) > 0), None)
        if clash is None:
            kept.append(st)
        elif clash.kind == "paraphrase" and st.kind == "quote":
            kept[kept.index(clash)] = st
    return kept


def _fronted_span(doc: Doc, v: Token) -> tuple[int, int] | None:
    """The clause before a parenthetical reporting verb, up to its comma."""
    sent = v.sent
    lo, hi = sent.start, v.left_edge.i - 1
    while lo <= hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if hi - lo < 3:
        return None
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _scare_quote(doc: Doc, text: str, ms: int, me: int) -> bool:
    """A quoted name inside a noun phrase: 'a "one in, one out" agreement'."""
    before = text[max(0, ms - 20) : ms].split()
    if before and before[-1].lower().strip(",(") in SCARE_QUOTE_BEFORE:
        return True
    after = doc.char_span(me, min(me + 1, len(text)), alignment_mode="expand")
    if after is None:
        return False
    nxt = next((t for t in after.sent if t.idx >= me and not t.is_punct and not t.is_space), None)
    return nxt is not None and nxt.idx - me <= 2 and nxt.pos_ == "NOUN" and nxt.dep_ != "nsubj"


def _characterised(doc: Doc, ms: int) -> Token | None:
    """'called the return hubs "completely useless"', 'condemned it as "unlawful"'."""
    before = doc.char_span(max(ms - 1, 0), ms, alignment_mode="expand")
    if before is None:
        return None
    prior = [t for t in before.sent if t.idx < ms][-8:]
    for t in reversed(prior):
        if t.pos_ == "VERB" and _lemma(t) in CHARACTERISE_VERBS:
            return t
    return None


def _named_speaker_in_sentence(doc: Doc, reg: Registry, st: Stmt) -> Actor | None:
    """The person named in the statement's sentence, outside its content, if any."""
    sent = doc.char_span(st.start, st.end, alignment_mode="expand")
    if sent is None:
        return None
    for m in reg.mentions:
        tok = doc[m.start]
        if (
            m.actor.kind == "person"
            and sent.sent.start <= m.start < sent.sent.end
            and not st.start <= tok.idx < st.end
        ):
            return m.actor
    return None


def _according_after(doc: Doc, me: int) -> Token | None:
    after = doc.char_span(me, min(me + 1, len(text_of(doc))), alignment_mode="expand")
    if after is None:
        return None
    toks = [t for t in after.sent if t.idx >= me]
    for t in toks[:4]:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            return t
    return None


# singular heads of an unnamed official who speaks for a state
TITLED_ANONYMOUS = {"minister", "official", "spokesperson", "spokesman", "spokeswoman", "diplomat", "source"}


def _subject_text(doc: Doc, verb_i: int) -> str:
    subj = subject_of(doc[verb_i])
    return subj.lower_ if subj is not None else ""


def _according_before(doc: Doc, ms: int) -> Token | None:
    """'According to the coast guard, the seizure followed an inspection which "highlighted
    ..."': a quotation inside a sentence that opens with its source."""
    at = doc.char_span(ms, min(ms + 1, len(text_of(doc))), alignment_mode="expand")
    if at is None:
        return None
    sent = at.sent
    for t in list(sent)[:3]:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to" and t.idx < ms:
            return t
    return None


# verbs that press someone to act, or charge them: the content runs from the addressee on
PRESSING_VERBS = {
    "call": "on",
    "urge": None,
    "ask": None,
    "press": None,
    "implore": None,
    "accuse": "of",
    "want": None,
}


def _pressed_span(doc: Doc, v: Token, lem: str) -> tuple[int, int] | None:
    if lem == "call":
        who = next(
            (
                p
                for c in v.children
                if c.dep_ == "prep" and c.lower_ == "on"
                for p in c.children
                if p.dep_ == "pobj"
            ),
            None,
        )
        todo = next(
            (
                c
                for c in v.children
                if c.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in c.children)
            ),
            None,
        )
        if who is None or todo is None:
            return None
        lo, hi = who.left_edge.i, todo.right_edge.i
    elif lem == "accuse":
        who = next((c for c in v.children if c.dep_ == "dobj"), None)
        of = next((c for c in v.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if who is None or of is None:
            return None
        lo, hi = who.left_edge.i, of.right_edge.i
    else:
        todo = next(
            (
                c
                for c in v.children
                if c.dep_ in ("xcomp", "ccomp")
                and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
            ),
            None,
        )
        who = next((c for c in v.children if c.dep_ == "dobj"), None)
        if todo is None:
            return None
        if who is None:
            who = next((c for c in todo.children if c.dep_ == "nsubj"), None)
        if who is None:
            return None  # 'wants to stay': no one else is pressed
        lo, hi = min(who.left_edge.i, todo.left_edge.i), todo.right_edge.i
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if hi - lo < MIN_PHRASE_TOKENS - 1:
        return None
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _quoted_as_saying(verb: Token) -> Token | None:
    """'quoted X as saying': X said it, not whoever quoted X."""
    quote = verb
    while quote.lemma_ != "quote" and quote.head.i != quote.i and quote.i - quote.head.i <= 12:
        quote = quote.head
    if quote.lemma_ != "quote":
        return None
    return next((c for c in quote.children if c.dep_ == "dobj"), None)


def _new_sentence_after(doc: Doc, text: str, me: int) -> bool:
    """The quote closes its own sentence ('... people."') and a new one begins after it,
    unless a reporting verb follows at once ('"... people." Smith said.')."""
    inner = text[max(0, me - 3) : me].rstrip('”"’ ')
    if not inner or inner[-1] not in ".!?":
        return False
    nxt = doc.char_span(me, min(me + 1, len(text)), alignment_mode="expand")
    if nxt is None:
        return False
    toks = [t for t in doc[nxt.start : nxt.start + 6] if t.idx >= me and not t.is_punct and not t.is_space]
    if not toks or not toks[0].text[:1].isupper():
        return False
    return not any(t.pos_ in ("VERB", "AUX") and _lemma(t) in REPORT_VERBS for t in toks[:3])


def _attribution(doc: Doc, ms: int, me: int) -> Token | None:
    """The reporting verb outside the quote marks, after the quote first."""
    text = text_of(doc)
    after = doc.char_span(me, min(me + 1, len(text)), alignment_mode="expand")
    if after is not None and _new_sentence_after(doc, text, me):
        after = None  # '"... these people." HRW issued a statement saying ...': not this quote's
    if after is not None:
        sent = after.sent
        for t in sent:
            if t.idx >= me and t.pos_ in ("VERB", "AUX") and _lemma(t) in REPORT_VERBS:
                return t
            if t.idx >= me and t.text in '“"' and t.idx > me + 1:
                break
    before = doc.char_span(max(ms - 1, 0), ms, alignment_mode="expand")
    if before is not None:
        sent = before.sent
        cands = [t for t in sent if t.idx < ms and t.pos_ in ("VERB", "AUX") and _lemma(t) in REPORT_VERBS]
        if cands:
            return cands[-1]
    return None


# subordinators of a clause the reporter adds around what was said
FRAMING_MARKS = {"as", "while", "whereas", "although", "though"}


def _quote_open(text: str) -> bool:
    """A quotation opened in `text` and not closed: what follows is still the quoted words
    ('are "long and thorough, aiming at ..."'), not the reporter's own clause."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _content_span(doc: Doc, comp: Token, verb: Token) -> tuple[int, int] | None:
    lo, hi = comp.left_edge.i, comp.right_edge.i
    # skip the complementiser; an indirect question is no statement
    while lo <= hi and (doc[lo].dep_ == "mark" or doc[lo].is_punct or doc[lo].is_space):
        if doc[lo].lower_ in QUESTION_MARKS:
            return None
        lo += 1
    if (
        doc[lo].lower_ in QUESTION_MARKS
        and doc[lo].head.i == comp.i
        and doc[lo].dep_ in ("advmod", "mark", "nsubj", "dobj")
    ):
        return None
    # cut a coordinated clause that is reported by someone else ('..., and Accra has stressed that')
    for c in comp.children:
        if (
            c.dep_ == "conj"
            and c.i > verb.i
            and any(g.dep_ == "ccomp" for g in c.children)
            and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        ):
            cut = c.left_edge.i
            while cut > lo and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
                cut -= 1
            hi = min(hi, cut - 1)
    # '... warned that A and urged B': the second verb is the speaker's, not part of what was said
    for c in comp.children:
        if (
            c.dep_ == "conj"
            and c.i > comp.i
            and _lemma(c) in REPORT_VERBS | SPEECH_ACTS | CHARACTERISE_VERBS
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        ):
            cut = c.left_edge.i
            while cut > lo and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
                cut -= 1
            hi = min(hi, cut - 1)
    # the reporter's framing after the content: '... lacks funding as it pushes for ...',
    # '..., despite a government inquiry's recommendation'
    for c in comp.children:
        framing = (
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in FRAMING_MARKS for m in c.children)
        ) or (c.dep_ == "prep" and c.lower_ in ("despite", "amid"))
        if framing and c.i > comp.i:
            cut = c.left_edge.i
            while cut > lo and doc[cut - 1].is_punct:
                cut -= 1
            hi = min(hi, cut - 1)
    # drop a trailing participle clause ('..., making the kingdom ...', '..., indicating that ...')
    for c in comp.children:
        if (
            c.dep_ in ("advcl", "xcomp")
            and c.tag_ == "VBG"
            and c.i > comp.i
            and doc[c.left_edge.i - 1].text == ","
            and not _quote_open(text_of(doc)[doc[lo].idx : doc[c.left_edge.i].idx])
        ):
            hi = min(hi, c.left_edge.i - 1)
    # a content clause ends before the reporting verb when it comes first
    if lo < verb.i <= hi:
        hi = verb.i - 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space or doc[hi].dep_ == "cc"):
        hi -= 1
    if hi - lo < 2:
        return None
    # fronted content ('Greece will stop ..., the minister said') may start after a dateline
    return doc[lo].idx, doc[hi].idx + len(doc[hi])
