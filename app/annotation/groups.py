"""Unnamed collectives ('human rights organizations', 'five men') made on demand."""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import GROUP_HEADS
from .registry import Actor, Mention, Registry, fold

# ---------------------------------------------------------------------------
# fmt: off
QUANTIFIERS = {
    'a', 'about', 'almost', 'an', 'around', 'at', 'first', 'its', 'least', 'many', 'more', 'nearly',
    'several', 'some', 'than', 'the', 'their', 'these', 'those', 'to', 'up', 'various',
}
# fmt: on


def make_group(reg: Registry, tok: Token) -> Actor | None:
    """An unnamed collective ('human rights organizations') from a noun phrase head."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("NOUN", "PROPN") or (lemma not in GROUP_HEADS and tok.lower_ not in GROUP_HEADS):
        return None
    if tok.tag_ in ("NN", "NNP") and lemma not in ("group", "cohort", "party", "society", "union", "family"):
        return None
    lo = tok.i
    for c in tok.lefts:
        if c.dep_ in ("det", "predet", "nummod", "quantmod", "poss") or c.like_num or c.lower_ in QUANTIFIERS:
            continue
        lo = min(lo, c.left_edge.i)
    while lo < tok.i and (tok.doc[lo].like_num or tok.doc[lo].dep_ in ("nummod", "quantmod", "det")):
        lo += 1
    hi = tok.i + 1
    # "five men deported from ...": keep a short participle phrase
    for c in tok.rights:
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.right_edge.i - tok.i <= 5:
            hi = c.right_edge.i + 1
    while lo < tok.i and tok.doc[lo].pos_ in ("DET", "PUNCT", "CCONJ"):
        lo += 1
    span = tok.doc[lo:hi]
    if any(i in reg.by_token for i in range(span.start, span.end)):
        m = reg.by_token.get(tok.i)
        return m.actor if m else None
    full_lo = tok.left_edge.i
    while full_lo < tok.i and tok.doc[full_lo].pos_ in ("PUNCT", "CCONJ"):
        full_lo += 1
    surface = tok.doc[full_lo:hi].text
    name = span.text
    if name[:1].isupper() and tok.doc[lo].pos_ != "PROPN":
        name = name[:1].lower() + name[1:]
    for a in reg.actors:
        if a.kind == "group" and fold(a.name) == fold(name):
            break
    else:
        a = Actor(kind="group", name=name)
        reg.actors.append(a)
    a.add(surface, (tok.doc[full_lo].idx, tok.doc[hi - 1].idx + len(tok.doc[hi - 1].text)))
    m = Mention(lo, hi, a, tok.i)
    reg.mentions.append(m)
    for i in range(lo, hi):
        reg.by_token.setdefault(i, m)
    return a
