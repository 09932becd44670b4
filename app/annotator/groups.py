"""Unnamed collectives ('human rights organizations', 'five men') made on demand."""

from __future__ import annotations

from spacy.tokens import Token

from . import countries as C
from .lexicon import ETHNONYMS, GROUP_HEADS
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
    if lemma in ("group", "batch") and tok.tag_ == "NN":
        # 'a first group of 45 Mauritanians': the people, not the batch
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                inner = [p for p in c.children if p.dep_ == "pobj" and p.tag_ in ("NNS", "NNPS")]
                if inner:
                    return make_group(reg, inner[0])
    # plural demonyms name people: '45 Mauritanians', '238 Venezuelans'
    demonyms = tok.tag_ in ("NNS", "NNPS") and tok.text.endswith("s") and C.demonym_code(tok.text[:-1])
    # 'deported 40 Uyghurs': a people with no country of its own (the tagger's NNP)
    ethnic = tok.lower_.endswith("s") and tok.lower_[:-1] in ETHNONYMS
    demonyms = demonyms or ethnic
    if tok.pos_ not in ("NOUN", "PROPN") or (
        lemma not in GROUP_HEADS and tok.lower_ not in GROUP_HEADS and not demonyms
    ):
        return None
    if (
        tok.tag_ in ("NN", "NNP")
        and not ethnic
        and lemma
        not in (
            "group",
            "cohort",
            "party",
            "society",
            "union",
            "family",
            "community",
        )
    ):
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
    if hi - lo == 1:
        # a bare 'migrants' is named by what the sentence says of them: 'migrants arriving
        # from Libya', 'refugees in Lebanon', 'migrants rescued off Gavdos'
        name = tok.doc[lo : _describing_end(tok)].text
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


DESCRIBING_PREPS = {"in", "from", "off", "at", "against", "to"}


def _describing_end(tok: Token) -> int:
    """End of a short phrase that says which people a bare plural means (at most 6 tokens)."""
    hi = tok.i + 1
    for c in tok.rights:
        if c.i != hi:
            break
        short = c.right_edge.i - tok.i <= 6 and not any(t.is_punct for t in tok.doc[c.i : c.right_edge.i + 1])
        participle = c.dep_ == "acl" and c.tag_ in ("VBG", "VBN")
        if short and (participle or (c.dep_ == "prep" and c.lower_ in DESCRIBING_PREPS)):
            hi = c.right_edge.i + 1
        break
    return hi
