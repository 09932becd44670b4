"""Events the trained sentence classifier finds where the trigger rules found none.

A sentence the classifier scores above its type's threshold (chosen on the dev
split by `make train`) gets an event of that type unless the rules already
made one of that type there. Its trigger is the sentence's main verb, so the
participant rules read the same clause they read for a rule event; its
confidence is the model's probability, scaled below a rule event's.
"""

from __future__ import annotations

from spacy.tokens import Span

from . import sentence_types as M
from .events import Ev, Finder

# Below the rules' usual 0.6: a model event has no trigger word to vouch for it.
CONFIDENCE_SCALE = 0.5


def _main_verb(sent: Span):
    root = sent.root
    if root.pos_ in ("VERB", "AUX"):
        return root
    return next((t for t in sent if t.pos_ == "VERB"), root)


def add(f: Finder, sentences: list[Span], quotes: list[tuple[int, int]], evs: list[Ev]) -> list[Ev]:
    thresholds = M.thresholds()
    if not thresholds:
        return evs
    found = {(id(e.sent), e.type) for e in evs}
    added = []
    for sent, cats in zip(sentences, M.score(sentences), strict=True):
        trig = _main_verb(sent)
        if any(a <= trig.idx < b for a, b in quotes):
            continue
        for typ, p in cats.items():
            if p < thresholds.get(typ, 1.1) or (id(sent), typ) in found:
                continue
            ev = Ev(typ, sent, trig, confidence=round(CONFIDENCE_SCALE * p, 3))
            f.participants(ev)
            added.append(ev)
    return sorted(evs + added, key=lambda e: e.trigger.i)
