"""text + metadata -> Annotation. Orchestrates the rule modules."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from . import actors as A
from . import cast as K
from . import countries as C
from . import dates as D
from . import events as E
from . import numbers as N
from . import statements as S
from .lexicon import GROUP_HEADS
from .long_chunks import breakable
from .naming import canonical_body_name
from .nlp import entities, get_nlp, text_of
from .triggers import SPECIFIC_AREAS
from .types import ActorAnn, Annotation, EventAnn, ParticipantAnn, StatementAnn

ANNOTATOR_NAME = "rules-spacy-news"
ANNOTATOR_VERSION = "0.6.0"
# A news article is a few thousand characters; anything far longer is cut rather
# than parsed whole (time and memory grow with length; spaCy refuses > 1M chars).
MAX_CHARS = 100_000

# Words that mark migration-policy content; an article with (almost) none of
# them yields no annotation at all (sports, business, ... stories).
MIGRATION_RE = re.compile(
    r"\b(migra\w*|immigra\w*|emigra\w*|asylum|refugee\w*|deport\w*|expel\w*|expulsion\w*|"
    r"resettle\w*|detention|detainee\w*|border\w*|visas?|citizenship|smuggl\w*|undocumented|"
    r"stateless|displaced|non-citizens?|TPS|repatriat\w*|returnees?|irregular\w*|trafficking)\b",
    re.I,
)
TOURISM_RE = re.compile(r"\b(touris\w*|visitors?|travel\w*|holiday\w*|vacation\w*|sightseeing)\b", re.I)
PEOPLE_ON_THE_MOVE_RE = re.compile(
    r"\b(migra\w*|immigra\w*|asylum|refugee\w*|deport\w*|expel\w*|expulsion\w*|detention|detainee\w*|"
    r"smuggl\w*|undocumented|irregular\w*|repatriat\w*)\b",
    re.I,
)
DATELINE_RE = re.compile(
    r"(?m)^[A-ZÀ-Ý][A-ZÀ-Ý'’.\- ]{2,40}(?:\([^)]*\))?,?(?: [A-Z][a-z]{2,4}\.? \d{1,2})? ?[—–-]{1,2} "
)
# a dateline set as a line of its own: 'LONDON:'
DATELINE_LINE_RE = re.compile(r"(?m)^[A-ZÀ-Ý][A-ZÀ-Ý'’.\- ]{2,30}:[ \t]*\n")
BULLET_RE = re.compile(r"(?m)^[ \t]*[-•*–][ \t]+.*$")
TERMINAL = ".!?\"”’'…)"
BACKGROUND_CUES = ("in the past", "previously", "earlier", "last year", "years ago", "since")
SUMMARY = {
    "talks": "{a} hold talks{with}",
    "agreement": "{a} reach an agreement{with}",
    "agreement_ended": "{a} ends an arrangement{with}",
    "request": "{a} asks {r} to cooperate",
    "policy_change": "{a} adopts a migration measure",
    "removal": "{a} removes {r}",
    "ruling": "{a} rules on a migration measure",
    "criticism": "{a} criticises {r}",
    "support": "{a} supports {r}",
    "aid": "{a} gives money to {r}",
    "protest": "{a} protest",
}


def _as_date(value: dt.date | None) -> dt.date | None:
    """A datetime is accepted too; only its calendar date matters."""
    return value.date() if isinstance(value, dt.datetime) else value


def _empty() -> Annotation:
    return Annotation([], [], [], ANNOTATOR_NAME, ANNOTATOR_VERSION)


# Agencies named by their acronym, matched case-sensitively ('ICE raids', not 'ice').
MIGRATION_ACRONYMS_RE = re.compile(r"\b(ICE|CBP|USCIS|DHS|UNHCR|IOM|Frontex|UNRWA)\b")


def _relevant(text: str) -> bool:
    """Migration-policy content at all? One cue for a paragraph, two for an article."""
    if not text or not text.strip():
        return False
    if _cues(text) < (1 if len(text) < 400 else 2):
        return False
    # visa-free travel for tourists, holiday visas: visas without a migrant or a refugee
    return not (len(TOURISM_RE.findall(text)) >= 2 and len(PEOPLE_ON_THE_MOVE_RE.findall(text)) <= 1)


def _cues(text: str) -> int:
    return len(MIGRATION_RE.findall(text)) + len(MIGRATION_ACRONYMS_RE.findall(text))


def annotate(text: str, *, published: dt.date | None = None, title: str | None = None) -> Annotation:
    """Annotate one article. `title` is accepted for the service's convenience; the
    headline is read from the text's first line when present."""
    if not _relevant(text):
        return _empty()
    text = text[:MAX_CHARS]  # spans still index the caller's text: only the tail is ignored
    doc = get_nlp()(breakable(text))
    doc.user_data["text"] = text  # == doc.text but inside over-long chunks, without rebuilding it
    return _annotate_doc(doc, _as_date(published))


def annotate_many(
    texts: Iterable[str], *, published: Iterable[dt.date | None] | None = None, batch_size: int = 32
) -> list[Annotation]:
    """Like annotate() for each text, but parsed in batches (nlp.pipe), which is faster
    for bulk ingestion. Results are in input order."""
    texts = list(texts)
    pubs = [_as_date(p) for p in published] if published is not None else [None] * len(texts)
    if len(pubs) != len(texts):
        raise ValueError("published must have one entry per text")
    out = [_empty() for _ in texts]
    todo = [i for i, t in enumerate(texts) if _relevant(t)]
    parsed = get_nlp().pipe((breakable(texts[i][:MAX_CHARS]) for i in todo), batch_size=batch_size)
    for i, doc in zip(todo, parsed, strict=True):
        doc.user_data["text"] = texts[i][:MAX_CHARS]
        out[i] = _annotate_doc(doc, pubs[i])
    return out


# A sentence ends at a full stop (perhaps closing a quote) before a space, a line
# break or, in paragraphs glued in copying, the next sentence's capital.
SENTENCE_END_RE = re.compile(r"[.!?][”\"’)]?(?=\s|[A-Z])")


def _heading_line(text: str, pos: int) -> bool:
    """A headline or subhead set as its own line ('UK Says First Migrant Returned To France',
    'Bangladesh says begins talks with Myanmar'): what it reports is told again, with its
    speaker, in the body."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end >= 0 else len(text)].strip()
    if K.title_case_line(line):
        return True
    # (a line the text ends with is a cut-off sentence, not a heading)
    return (
        end >= 0
        and start < 400
        and len(line) < 150
        and line[-1:] not in TERMINAL
        and text[:start].count("\n") < 4
    )


def _regions(text: str) -> tuple[int, list[tuple[int, int]], list[tuple[int, int]], int]:
    """(body start, skipped ranges, dateline ranges, truncation point)."""
    body_start = A.headline_end(text)
    skip = [(m.start(), m.end()) for m in BULLET_RE.finditer(text)]
    datelines = sorted(
        (m.start(), m.end())
        for rx in (DATELINE_RE, DATELINE_LINE_RE)
        for m in rx.finditer(text)
        if m.start() >= body_start
    )
    stop = len(text)
    tail = text.rstrip()
    if tail and tail[-1] not in TERMINAL:
        # the last sentence is cut off: find where it starts
        # the last sentence end, also where paragraphs were glued ('intervention.The')
        ends = [m.start() for m in SENTENCE_END_RE.finditer(tail)]
        cut = max([ends[-1] if ends else -1, tail.rfind("\n")])
        stop = cut + 1 if cut >= 0 else 0
    return body_start, skip, datelines, stop


def _annotate_doc(doc: Doc, published: dt.date | None) -> Annotation:
    text = text_of(doc)
    body_start, skip, datelines, stop = _regions(text)
    home = A.dateline_country(doc)
    reg = A.build(doc, home)
    stmts = [st for st in S.find(doc, reg, body_start, stop, skip) if not _heading_line(text, st.start)]
    for st in stmts:
        for ds, de in datelines:
            if ds <= st.start < de:
                st.start = de
    sentences = [
        s
        for s in doc.sents
        if s.start_char >= body_start
        and s.end_char <= stop + 1
        and not any(a <= s.start_char < b for a, b in skip)
        and s.text.strip()
    ]
    quotes = [(ms, me) for s, e, ms, me in S.find_quotes(text) if len(text[s:e].split()) >= 4]
    evs = E.find(doc, reg, sentences, quotes)
    _statement_events(evs, stmts, doc, sentences)
    _demands(evs, stmts, doc, sentences, reg)
    evs = [e for e in evs if _fill_participants(e, evs, reg)]
    _judged_measures(evs)
    evs = _dedupe(evs, published, datelines[0][0] if datelines else None)
    if not evs and len(text) >= 400 and _cues(text) < 3:
        # Barely about migration and no policy event: an expat column, bird migration. Keep
        # only what people say about migration itself, not the rest of the chatter.
        stmts = [st for st in stmts if _cues(text[st.start : st.end])]
    return _build(doc, reg, evs, stmts, published, datelines)


def _statement_events(evs: list[E.Ev], stmts: list[S.Stmt], doc: Doc, sentences: list[Span]) -> None:
    """Speaker fills in for events reported in their words; critical content is criticism."""
    for ev in evs:
        for st in stmts:
            if st.start <= ev.trigger.idx < st.end:
                ev.statement_speaker = st.speaker
                if (
                    not ev.actors
                    and st.speaker is not None
                    and ev.type not in ("removal", "talks", "agreement", "agreement_ended")
                ):
                    ev.actors = [st.speaker]
                elif not ev.actors and st.speaker is not None and st.speaker.kind != "group":
                    ev.actors = [st.speaker] if st.speaker.kind == "country" else []
    for st in stmts:
        # critical words from officials defending their own measure are not criticism
        sp = st.speaker
        if sp is None or sp.kind in ("country", "government_body", "court"):
            continue
        if sp.kind == "person" and sp.title and any(w in sp.title.lower() for w in ("judge", "justice")):
            continue  # a judge's reasons belong to the ruling
        if sp.kind == "person" and sp.title and any(w in sp.title.lower() for w in OFFICE_WORDS):
            continue  # a minister or a government's spokesperson explaining a measure
        if not E.is_critical(_stmt_text(doc, st)):
            continue
        sent = doc.char_span(st.start, st.end, alignment_mode="expand")
        if sent is None:
            continue
        sent = sent.sent
        if sent not in sentences:
            continue
        if any(e.type in ("criticism", "support") and e.sent == sent for e in evs):
            continue
        trig = doc[st.verb_tok] if st.verb_tok is not None else sent.root
        if _speaks_for_previous(trig) and any(
            e.type == "criticism" and e.sent.end == sent.start and e.actors and e.actors[0].kind != "person"
            for e in evs
        ):
            continue  # 'X said the deal ... "...," said its spokeswoman': the same criticism
        evs.append(E.Ev("criticism", sent, trig, [st.speaker], [], [], 0.5))
    evs.sort(key=lambda e: e.trigger.i)


DEMAND_MODALS = {"must", "should"}
OFFICE_WORDS = ("minister", "secretary", "spokes", "president", "premier", "chancellor", "official")


def _demands(evs: list[E.Ev], stmts: list[S.Stmt], doc: Doc, sentences: list[Span], reg: A.Registry) -> None:
    """'Egypt must give rights workers access, the group said': someone said what a state or
    body must do: a request to it, unless the speaker is that state itself."""
    for st in stmts:
        sp = st.speaker
        if sp is None or sp.kind == "country":
            continue
        span = doc.char_span(st.start, st.end, alignment_mode="expand")
        if span is None or span.sent not in sentences:
            continue
        sent = span.sent
        if any(e.type == "request" and e.sent == sent for e in evs):
            continue
        for t in span:
            if t.lower_ not in DEMAND_MODALS or t.dep_ != "aux":
                continue
            subj = next((c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            target = reg.at(subj) if subj is not None else None
            if target is None or target is sp or target.kind not in ("country", "government_body", "igo"):
                continue
            if sp.country is not None and sp.country == target.country and sp.kind == "government_body":
                continue  # a state's own body on what the state must do: policy talk
            evs.append(E.Ev("request", sent, t.head, [sp], [target], [], 0.5))
            break
    evs.sort(key=lambda e: e.trigger.i)


def _speaks_for_previous(verb) -> bool:
    """'said its spokeswoman, Y': the speaker talks for the body just named."""
    subj = E.subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
    return subj is not None and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in subj.children)


def _stmt_text(doc: Doc, st: S.Stmt) -> str:
    return text_of(doc)[st.start : st.end]


def _fill_participants(ev: E.Ev, evs: list[E.Ev], reg: A.Registry) -> bool:
    """Participants the trigger's own clause did not give, from the context."""
    if ev.actors:
        return True
    if ev.type == "removal" and ev.statement_speaker is not None and ev.statement_speaker.kind != "group":
        # 'the ministry said ... were flown to X': the speaker's side did it
        ev.actors = [ev.statement_speaker]
        return True
    found = []
    kinds = ("country", "person") if ev.type in ("talks", "agreement") else ("country",)
    for t in ev.sent:
        a = reg.at(t)
        if a is not None and a.kind in kinds and a not in found:
            found.append(a)
    anaphoric = any(
        c.dep_ in ("nsubj", "nsubjpass", "dobj")
        and any(d.lower_ in ("this", "that", "the") for d in c.children)
        for c in ev.trigger.children
    )
    if ev.type in ("agreement_ended", "agreement", "talks") and (anaphoric or not found):
        prev = [
            e for e in evs if e.trigger.i < ev.trigger.i and e.type in ("agreement", "talks") and e.actors
        ]
        if prev:
            parties = prev[-1].actors + prev[-1].recipients
            # the party named in this sentence is the one that acts ('scrapped ... in the UK')
            named = [a for a in found if a in parties]
            first = named[-1] if named else parties[0]
            ev.actors = [first]
            ev.recipients = [a for a in parties if a is not first]
            return True
    if ev.type in ("agreement", "talks") and not found and _pair_subject(ev.trigger):
        pair = _leading_countries(ev.trigger, reg)
        if len(pair) == 2:
            ev.actors = pair
            ev.confidence = 0.4
            return True
    if found and ev.type == "removal" and not ev.recipients and ev.statement_speaker is None:
        # 'flights from Switzerland to Africa', 'who cross Hungary's border are pushed back':
        # the country people are sent from, or whose border it is, removes them
        return _removal_by_place(ev, found, reg)
    if found and ev.type not in ("criticism", "support", "protest", "removal"):
        ev.actors = found[-1:] if ev.type == "agreement_ended" else found
        ev.recipients = [r for r in ev.recipients if r not in ev.actors]
        if ev.type == "agreement_ended":
            ev.recipients += [a for a in found[:-1] if a not in ev.recipients]
        ev.confidence = 0.4
        return True
    if ev.statement_speaker is not None:
        ev.actors = [ev.statement_speaker]
        return True
    return bool(ev.recipients) and ev.type in ("removal", "policy_change")


def _removal_by_place(ev: E.Ev, found: list[A.Actor], reg: A.Registry) -> bool:
    removers, dests = [], []
    for t in ev.sent:
        a = reg.at(t)
        if a is None or a not in found:
            continue
        source = t.dep_ == "pobj" and t.head.lower_ == "from"
        border = _lem_of(t.head) == "border" and (t.dep_ == "poss" or t.head.dep_ != "pobj")
        border = border or (t.dep_ == "pobj" and t.head.lower_ == "of" and _lem_of(t.head.head) == "border")
        (removers if source or border else dests).append(a)
    if not removers:
        return False
    ev.actors = removers[:1]
    ev.recipients = [a for a in dests if a not in ev.actors]
    ev.confidence = 0.4
    return True


def _lem_of(t) -> str:
    return t.lemma_.lower()


# Nouns by which a reaction refers to something another party did ('condemned the move').
MEASURE_NOUNS = frozenset(
    [
        "move",
        "plan",
        "policy",
        "decision",
        "deportation",
        "deportations",
        "measure",
        "measures",
        "law",
        "deal",
        "agreement",
        "scheme",
        "rule",
        "rules",
        "regulation",
        "order",
        "practice",
        "action",
        "actions",
        "crackdown",
        "expulsion",
        "expulsions",
        "return",
        "returns",
        "removal",
        "removals",
        "transfer",
        "transfers",
        "pact",
        "arrangement",
        "bill",
        "step",
        "proposal",
        "ban",
        "suspension",
    ]
)


def _judged_measures(evs: list[E.Ev]) -> None:
    """'a move that has drawn criticism from the US', 'rights groups condemned the plan':
    who is criticised (or supported) is whoever took the measure the words refer to,
    the last event before the reaction that someone other than the critic did."""
    for ev in evs:
        if ev.type not in ("criticism", "support") or ev.recipients:
            continue
        sent_words = {t.lower_ for t in ev.sent}
        if not sent_words & MEASURE_NOUNS:
            continue
        before = [
            e
            for e in evs
            if e is not ev
            and e.type not in ("criticism", "support", "request", "protest")
            and e.trigger.i < ev.trigger.i
            and e.actors
        ]
        if not before:
            continue
        doers = [a for a in before[-1].actors if a.kind != "group" and a not in ev.actors]
        if doers:
            ev.recipients = doers[:2]


def _pair_subject(trigger) -> bool:
    """'The two governments agreed ...', 'both sides agreed ...'."""
    return any(
        c.dep_ == "nsubj"
        and c.lemma_.lower() in ("government", "country", "side", "nation")
        and any(d.lower_ in ("two", "both") for d in c.children)
        for c in trigger.children
    )


def _leading_countries(trigger, reg: A.Registry) -> list[A.Actor]:
    """The two countries the text names most before the trigger (states, their bodies, places)."""
    counts: dict[str, int] = {}
    for m in reg.mentions:
        if m.start < trigger.i and m.actor.country:
            counts[m.actor.country] = counts.get(m.actor.country, 0) + 1
    for ent in trigger.doc.ents:
        if ent.start < trigger.i and ent.label_ == "GPE" and ent.start not in reg.by_token:
            code = C.country_code(ent.text)
            if code:
                counts[code] = counts.get(code, 0) + 1
    top = sorted(counts, key=lambda c: -counts[c])[:2]
    out = [reg.get("country", C.short_name(c), c) for c in top]
    for a in out:
        if not a.aliases:  # known only as a place so far: keep its surface forms
            for ent in trigger.doc.ents:
                if ent.label_ == "GPE" and C.country_code(ent.text) == a.country:
                    a.add(ent.text, (ent.start_char, ent.end_char))
    return out


def _key(ev: E.Ev) -> tuple:
    return ev.type, frozenset(id(a) for a in ev.actors + ev.recipients)


def _countries(ev: E.Ev) -> set[str]:
    return {a.country for a in ev.actors + ev.recipients if a.country} | set(ev.places)


def _long_before(date: str, published: dt.date) -> bool:
    """A date in a month or year that ended weeks before publication."""
    day = date[:10] if len(date) >= 10 else f"{date[:7]}-01" if len(date) == 7 else f"{date[:4]}-01-01"
    try:
        start = dt.date.fromisoformat(day)
    except ValueError:
        return False
    return (published - start).days > 60


def _dates_compatible(o: E.Ev, ev: E.Ev, published: dt.date | None) -> bool:
    d1, p1 = _event_date(o, published)
    d2, p2 = _event_date(ev, published)
    if d1 == d2:
        return True
    if "publication" in (p1, p2):
        # an undated telling is the news of the day; an earlier dated one ('last year the
        # Dominican Republic deported 174,000', 'in 2015') is another, background event
        dated = d2 if p1 == "publication" else d1
        return not (published and dated and _long_before(dated, published))
    if p1 == p2 == "day" and d1 and d2:
        gap = abs((dt.date.fromisoformat(d1) - dt.date.fromisoformat(d2)).days)
        return gap <= 2
    return False


def _same_event(o: E.Ev, ev: E.Ev, published: dt.date | None) -> bool:
    """One real-world event told twice (lead sentence, then a detail sentence)."""
    if o.type != ev.type:
        return False
    if ev.type in _ARRANGEMENTS and _other_pair(o, ev):
        return False
    shared_actor = bool(set(map(id, o.actors)) & set(map(id, ev.actors)))
    if (
        o.sent != ev.sent
        and ev.type in _TOLD_ONCE
        and _in_heading(o) != _in_heading(ev)
        and (shared_actor or _countries(o) & _countries(ev))
    ):
        return True  # a headline retells the measure or the reaction the body reports
    if o.sent == ev.sent:
        if o.type == "policy_change":
            return o.trigger.i == ev.trigger.i
        return shared_actor or not o.actors or not ev.actors
    if ev.type == "policy_change":
        return False
    if ev.type in ("criticism", "support", "request", "protest", "aid", "ruling"):
        return shared_actor  # the same doer again
    shared = set(map(id, o.actors + o.recipients)) & set(map(id, ev.actors + ev.recipients))
    if not shared and not (_countries(o) & _countries(ev)):
        return False
    if ev.type == "removal" and _tally(o) != _tally(ev):
        return False  # '857,157 repatriated so far' is the campaign, not the day's removal
    return _dates_compatible(o, ev, published)


TALLY_RE = re.compile(
    r"\b(so far|to date|a total of|in total|altogether|since (?:19|20)\d\d|since (?:january|february|march|"
    r"april|may|june|july|august|september|october|november|december)|first time|last year|this year|"
    r"in (?:19|20)\d\d|first half|previously)\b",
    re.I,
)


def _tally(ev: E.Ev) -> bool:
    """A running total or an earlier round told beside the news: a removal of its own."""
    cached = getattr(ev, "_tally", None)
    if cached is None:
        cached = ev._tally = TALLY_RE.search(ev.sent.text) is not None
    return cached


_ARRANGEMENTS = ("agreement", "talks", "agreement_ended")
# kinds of event a second sentence does not merge into the first (see _same_event)
_TOLD_ONCE = ("policy_change", "criticism", "support", "request", "protest", "aid", "ruling")


def _other_pair(o: E.Ev, ev: E.Ev) -> bool:
    """Deals of one state with two others are two arrangements ('Uganda joins South Sudan
    and Rwanda in deals with Washington'): the same only when one's parties hold the other's."""
    a, b = _countries(o), _countries(ev)
    return len(a) >= 2 and len(b) >= 2 and not (a <= b or b <= a)


def _dedupe(evs: list[E.Ev], published: dt.date | None, body_from: int | None = None) -> list[E.Ev]:
    out: list[E.Ev] = []
    for ev in evs:
        same = next((o for o in out if _same_event(o, ev, published)), None)
        # a standfirst above the dateline ('LONDON:') is told again by the body below it
        lead = (
            body_from is not None
            and same is not None
            and same.sent.start_char < body_from <= ev.sent.start_char
        )
        if same is not None and (lead or _in_heading(same)) and not _in_heading(ev):
            # a headline or subhead told it first: the body's sentence is the evidence
            out[out.index(same)] = ev
            ev.recipients += [r for r in same.recipients if r not in ev.actors + ev.recipients]
            continue
        if same is not None:
            # the retelling may name who it was done to ('barred the administration from ...')
            # ('The men' there is an anaphor for people the first telling named, not new people)
            same.recipients += [
                r
                for r in ev.recipients
                if r not in same.actors + same.recipients
                and not (r.kind == "group" and all(x.lower().startswith("the ") for x in r.aliases))
            ]
            continue
        out.append(ev)
    return out


def _in_heading(ev: E.Ev) -> bool:
    """The event's sentence is a line of its own with no final stop: a headline, a subhead,
    a teaser (also after page furniture, which _heading_line does not look past). Cached on
    the event: dedupe asks it for every pair."""
    cached = getattr(ev, "_heading", None)
    if cached is None:
        text = text_of(ev.sent.doc)
        pos = ev.sent.start_char
        # a heading is shorter than 150 characters: look no further for its line breaks
        start = text.rfind("\n", max(0, pos - 150), pos) + 1
        end = text.find("\n", pos, pos + 150)
        line = text[start:end].strip() if end >= 0 and (start > 0 or pos < 150) else ""
        cached = ev._heading = (bool(line) and len(line) < 150 and line[-1] not in TERMINAL) or (
            pos < 400 and _heading_line(text, pos)
        )
    return cached


def _event_date(ev: E.Ev, published: dt.date | None) -> tuple[str | None, str]:
    cached = getattr(ev, "_date", None)
    if cached is None:
        cached = ev._date = _find_event_date(ev, published)
    return cached


def _find_event_date(ev: E.Ev, published: dt.date | None) -> tuple[str | None, str]:
    sent = ev.sent
    verb = ev.trigger
    clause = (
        set(x.i for x in verb.subtree)
        if verb.pos_ in ("VERB", "AUX")
        else set(x.i for x in verb.head.subtree)
    )
    dates = ev.sent.doc.user_data.get("dates")
    if dates is None:  # doc.ents is rebuilt on every access: keep the DATE entities once
        dates = ev.sent.doc.user_data["dates"] = [e for e in entities(ev.sent.doc) if e.label_ == "DATE"]
    ents = [e for e in dates if sent.start <= e.start < sent.end]

    def governor(e) -> int:
        h = e.root
        while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i:
            h = h.head
        return h.i

    ancestors = {a.i for a in verb.ancestors}

    def rank(e) -> int:
        g = governor(e)
        # the trigger's own date, then the reporting clause's ('said on Monday that ...'),
        # then one inside a sub-clause ('under an agreement reached last month'), then any
        return 0 if g == verb.i else 1 if g in ancestors else 2 if e.root.i in clause else 3

    ents.sort(key=lambda e: (rank(e), abs(e.start - verb.i)))
    for e in ents:
        # include a preceding 'last'/'this' ('in April last year' is one entity, mostly)
        r = D.resolve(e.text, published)
        if r:
            return r
    if published is None:
        return None, "publication"
    return published.isoformat(), "publication"


def _home_countries(recipients: list[A.Actor]) -> list[str]:
    """'Afghan refugees', 'Haitians deported from ...': the country a demonym names."""
    out = []
    for a in recipients:
        if a.kind != "group":
            continue
        for word in re.findall(r"[A-Za-z]+", a.name):
            code = C.demonym_code(word) or (C.demonym_code(word[:-1]) if word.endswith("s") else None)
            if code and code not in out:
                out.append(code)
                break
    return out


def _people_homes(sent: Span) -> list[str]:
    """'199 Venezuelan migrants arrived ... after being deported': the people's country, read
    off a demonym on a plural people noun of the sentence, when no recipient names it."""
    out: list[str] = []
    for t in sent:
        head = t.head
        if t.dep_ not in ("amod", "compound") or head.tag_ != "NNS" or head.lemma_.lower() not in GROUP_HEADS:
            continue
        code = C.demonym_code(t.text)
        if code and code not in out:
            out.append(code)
    return out[:1]


def _sentence_places(sent) -> list[str]:
    doc = sent.doc
    out: list[str] = []
    for ent in (e for e in entities(doc) if sent.start <= e.start < sent.end):
        if ent.label_ in ("GPE", "LOC", "FAC", "ORG"):
            code = C.city_country(ent.text) or C.capital_code(ent.text) or C.country_code(ent.text)
            if code is None:
                for tok in ent:  # 'Central Jakarta', 'Lower Manhattan'
                    code = C.city_country(tok.text) or C.capital_code(tok.text)
                    if code:
                        break
            if code and code not in out:
                out.append(code)
    return out


# bare words for people in general ('people', 'migrants', 'the group'): not one collective
# of the story (the guideline's 'not every passing word for migrants in general')
PASSING_WORDS = {
    "people",
    "men",
    "women",
    "persons",
    "group",
    "refugees",
    "migrants",
    "governments",
    "countries",
    "protesters",
    "critics",
}


def _passing_word(a: A.Actor) -> bool:
    return a.kind == "group" and a.name.lower() in PASSING_WORDS


def _build(
    doc: Doc,
    reg: A.Registry,
    evs: list[E.Ev],
    stmts: list[S.Stmt],
    published: dt.date | None,
    datelines: list[tuple[int, int]],
) -> Annotation:
    used: list[A.Actor] = []

    def use(a: A.Actor | None) -> str | None:
        if a is None:
            return None
        if a not in used:
            used.append(a)
        return a

    text = text_of(doc)
    home = reg.home
    article_area = E.policy_area(text) or "other"
    events: list[EventAnn] = []
    ev_objs = []
    for ev in evs:
        doers = [a for i, a in enumerate(ev.actors) if a not in ev.actors[:i] and not _passing_word(a)]
        parts = [(a, "actor") for a in doers] + [
            (a, "recipient")
            for i, a in enumerate(ev.recipients)
            if a not in doers and a not in ev.recipients[:i] and not _passing_word(a)
        ]
        for a, _ in parts:
            use(a)
        countries: list[str] = []
        for a, _ in parts:
            if a.country and a.country not in countries and a.kind not in ("igo", "ngo"):
                countries.append(a.country)
        for c in ev.places:
            if c not in countries:
                countries.append(c)
        if not countries:
            # where it happened: a city of the sentence ('in a Rotterdam prison'), the previous
            # event's place, the dateline country, else the country the story is most about
            prev = events[-1].countries if events else []
            countries = (
                _sentence_places(ev.sent)
                or list(prev)
                or ([home] if home else [])
                # an act of the EU or the UN has no country of its own
                or ([] if any(a.kind == "igo" for a, _ in parts) else [c for c in [reg.story_country()] if c])
            )
        date, prec = _event_date(ev, published)
        s, e = ev.sent.start_char, ev.sent.end_char
        for ds, de in datelines:
            if ds <= s < de:
                s = de
        while e > s and text[e - 1].isspace():
            e -= 1
        sent_text = text[s:e]
        area = E.policy_area(sent_text)
        if area not in SPECIFIC_AREAS:
            area = article_area if article_area != "other" or area is None else area
        if ev.type == "removal" and area == "deportation":
            # people returned home: their country is where the removal takes them
            homes = _home_countries(ev.recipients) or _people_homes(ev.sent)
            for home_code in homes:
                if home_code not in countries:
                    countries.append(home_code)
        count = None
        if ev.type in ("removal", "protest", "policy_change", "agreement", "ruling"):
            verb = ev.trigger if ev.trigger.pos_ in ("VERB", "AUX") else ev.trigger.head
            count = N.people_count(list(verb.subtree) if ev.type != "protest" else list(ev.sent))
        background = False
        if prec != "publication" and published is not None and date is not None:
            # recalled rather than reported: a past month or year, or a day weeks before
            if prec == "day":
                background = (published - dt.date.fromisoformat(date)).days > 14
            else:
                background = (
                    date[:7] < published.isoformat()[:7] if prec == "month" else date < str(published.year)
                )
        if any(c in sent_text.lower() for c in BACKGROUND_CUES[:2]) or (
            any(c.lower_ == "had" and c.dep_ == "aux" for c in ev.trigger.children)
            and ev.statement_speaker is None
        ):
            background = True
        actor_names = " and ".join(x.name for x in ev.actors) or "An actor"
        rec_names = " and ".join(x.name for x in ev.recipients) or "others"
        with_part = (" with " + rec_names) if ev.recipients else ""
        summary = SUMMARY[ev.type].replace("{with}", with_part).format(a=actor_names, r=rec_names)
        events.append(
            EventAnn(
                type=ev.type,
                policy_area=area,
                participants=[ParticipantAnn(a, r) for a, r in parts],  # actors replaced by keys below
                countries=countries,
                date=date,
                date_precision=prec,
                people_count=count,
                summary=summary,
                evidence=(s, e),
                confidence=ev.confidence,
                background=background,
            )
        )
        ev_objs.append(ev)

    statements: list[StatementAnn] = []
    for st in stmts:
        if st.speaker is not None and _passing_word(st.speaker):
            st.speaker = None
        use(st.speaker)
        link = None
        for i, ev in enumerate(ev_objs):
            if st.start <= ev.trigger.idx < st.end or ev.sent.start_char <= st.start < ev.sent.end_char:
                link = i
                break
        if link is None and ev_objs:
            before = [i for i, ev in enumerate(ev_objs) if ev.sent.start_char <= st.start]
            link = before[-1] if before else 0
        statements.append(
            StatementAnn(
                speaker=st.speaker,
                kind=st.kind,
                verb=st.verb,
                text=text[st.start : st.end],
                span=(st.start, st.end),
                event=link,
                confidence=st.confidence,
            )
        )

    for a in K.cast(reg, text, used, story=bool(events or statements)):
        use(a)
    keys = {id(a): f"a{i}" for i, a in enumerate(used)}
    actors = [
        ActorAnn(
            key=keys[id(a)],
            kind=a.kind,
            name=canonical_body_name(a.name, a.country) if a.kind == "government_body" else a.name,
            country=a.country,
            title=a.title if a.kind == "person" else None,
            aliases=list(a.aliases),
            mentions=[tuple(m) for m in sorted(a.mentions)] or [(0, 0)],
        )
        for a in used
    ]
    for ev in events:
        ev.participants = [ParticipantAnn(keys[id(p.actor)], p.role) for p in ev.participants]
    for st in statements:
        st.speaker = keys[id(st.speaker)] if st.speaker is not None else None
    return Annotation(actors, events, statements, ANNOTATOR_NAME, ANNOTATOR_VERSION)


__all__ = ["annotate", "annotate_many", "ANNOTATOR_NAME", "ANNOTATOR_VERSION"]
