"""A trained sentence classifier: which event types a sentence states.

The rules find an event from its trigger and the parse; real news words
events in more ways than a trigger table can list. This small bag-of-n-grams
model (spaCy's TextCatBOW, trained by `make train` on the real-news train
split, see training.py) scores every sentence for each event type; the
pipeline adds an event where the model is confident and the rules found none
of that type in the sentence. The model ships in models/sentence_types/ with
its model card; nothing is downloaded.
"""

from __future__ import annotations

import threading
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

MODEL_DIR = Path(__file__).resolve().parent / "models" / "sentence_types"

_model: Language | None = None
_missing = False
_lock = threading.Lock()


def get_model() -> Language | None:
    """The trained classifier, or None when it has not been trained (rules only)."""
    global _model, _missing
    if _model is None and not _missing:
        with _lock:
            if _model is None and not _missing:
                if (MODEL_DIR / "meta.json").exists():
                    _model = spacy.load(MODEL_DIR)
                else:
                    _missing = True
    return _model


def thresholds() -> dict[str, float]:
    model = get_model()
    if model is None:
        return {}
    return dict(model.meta.get("thresholds", {}))


def sentence_doc(model: Language, sent: Span) -> Doc:
    """The sentence as the classifier's own Doc (the same words; no parse needed)."""
    words = [t.text for t in sent]
    spaces = [bool(t.whitespace_) for t in sent]
    return Doc(model.vocab, words=words, spaces=spaces)


def score(sents: list[Span]) -> list[dict[str, float]]:
    """Per sentence, the probability of each event type; [] for each when untrained."""
    model = get_model()
    if model is None or not sents:
        return [{} for _ in sents]
    docs = [sentence_doc(model, s) for s in sents]
    return [dict(d.cats) for d in model.pipe(docs)]
