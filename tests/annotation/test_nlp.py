"""Our pipeline keeps the model's analysis: fast_attributes == attribute_ruler + lemmatizer."""

from __future__ import annotations

import spacy

from app.annotator.nlp import MODEL, get_nlp

from .conftest import FIXTURES


def test_fast_attributes_match_the_model_components():
    ref = spacy.load(MODEL, exclude=["senter"])
    ref.add_pipe("line_breaks", before="parser")  # same sentences, so the same parse
    ours = get_nlp()
    assert "attribute_ruler" not in ours.pipe_names and "lemmatizer" not in ours.pipe_names
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    texts.append("There is no deal. I'd said it wasn't true, but he ain't gonna sign it.")
    n = 0
    for text in texts:
        for a, b in zip(ref(text), ours(text), strict=True):
            if a.text in ("ai", "gon", "na"):  # colloquial two-token lemmas are left out on purpose
                continue
            assert (a.pos_, a.tag_, str(a.morph), a.lemma_, a.dep_) == (
                b.pos_,
                b.tag_,
                str(b.morph),
                b.lemma_,
                b.dep_,
            ), a.text
            n += 1
    assert n > 500


def test_line_breaks_and_datelines_split_sentences():
    doc = get_nlp()("Rwanda confirms talks\n\nKIGALI, May 4 — Rwanda said on Sunday it was in talks.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Rwanda confirms talks"
    assert sents[-1] == "Rwanda said on Sunday it was in talks."
