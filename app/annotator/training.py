"""`make train`: rebuild the trained parts of the annotator from the corpus.

    python -m app.annotator.training --corpus TEXTS_DIR [--gold DIR] [--splits FILE] [--out DIR]

Trains the sentence event-type classifier (sentence_types.py) on the train
split of the real-news corpus: every body sentence of a train article is an
example, labelled with the types of the gold events whose evidence overlaps
it. Per-type decision thresholds are then chosen on the dev split (the one
that maximises F1 of sentence labels, between 0.1 and 0.9), so the test split is
never seen. Fixed seeds; the model and a model card (data, seed, scores) are
written to models/sentence_types/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

import spacy
from spacy.training import Example

from .nlp import get_nlp
from .sentence_types import MODEL_DIR, sentence_doc
from .types import EVENT_TYPES

SEED = 7
EPOCHS = 30
LEARN_RATE = 0.01
REPO = Path(__file__).resolve().parents[2]
REALNEWS = REPO / "corpus" / "realnews"


def _overlaps(a: tuple[int, int], b: list[int] | None) -> bool:
    return bool(b) and min(a[1], b[1]) > max(a[0], b[0])


def labelled_sentences(text: str, gold: dict) -> list[tuple[object, set[str]]]:
    doc = get_nlp()(text)
    out = []
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        span = (sent.start_char, sent.end_char)
        types = {e["type"] for e in gold.get("events", []) if _overlaps(span, e.get("evidence"))}
        out.append((sent, types))
    return out


def _examples(model, items: list[tuple[object, set[str]]]) -> list[Example]:
    exs = []
    for sent, types in items:
        doc = sentence_doc(model, sent)
        cats = {t: float(t in types) for t in EVENT_TYPES}
        exs.append(Example.from_dict(doc, {"cats": cats}))
    return exs


def _load_split(corpus: Path, gold_dir: Path, ids: list[str]) -> list[tuple[object, set[str]]]:
    items = []
    for i in ids:
        text = (corpus / f"{i}.txt").read_text(encoding="utf-8")
        gold = json.loads((gold_dir / f"{i}.json").read_text())
        items.extend(labelled_sentences(text, gold))
    return items


def _best_threshold(scores: list[float], truth: list[bool]) -> tuple[float, float]:
    best = (0.5, -1.0)
    for th in [x / 20 for x in range(2, 19)]:
        tp = sum(1 for s, t in zip(scores, truth, strict=True) if s >= th and t)
        fp = sum(1 for s, t in zip(scores, truth, strict=True) if s >= th and not t)
        fn = sum(1 for s, t in zip(scores, truth, strict=True) if s < th and t)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best[1]:
            best = (th, f1)
    return best


def train(corpus: Path, gold_dir: Path, splits_file: Path, out: Path) -> dict:
    random.seed(SEED)
    spacy.util.fix_random_seed(SEED)
    splits = json.loads(splits_file.read_text())["splits"]
    train_items = _load_split(corpus, gold_dir, splits["train"])
    dev_items = _load_split(corpus, gold_dir, splits["dev"])

    nlp = spacy.blank("en")
    cat = nlp.add_pipe(
        "textcat_multilabel",
        config={
            "model": {
                "@architectures": "spacy.TextCatBOW.v3",
                "exclusive_classes": False,
                "ngram_size": 1,
                "no_output_layer": False,
                "length": 2**16,
            }
        },
    )
    for t in EVENT_TYPES:
        cat.add_label(t)
    train_ex = _examples(nlp, train_items)
    optimizer = nlp.initialize(lambda: train_ex)
    optimizer.learn_rate = LEARN_RATE
    for _ in range(EPOCHS):
        random.shuffle(train_ex)
        for start in range(0, len(train_ex), 8):
            nlp.update(train_ex[start : start + 8], sgd=optimizer, drop=0.0)

    dev_docs = list(nlp.pipe(sentence_doc(nlp, s) for s, _ in dev_items))
    thresholds, dev_f1 = {}, {}
    for t in EVENT_TYPES:
        th, f1 = _best_threshold([d.cats[t] for d in dev_docs], [t in ty for _, ty in dev_items])
        thresholds[t], dev_f1[t] = th, round(f1, 3)
    nlp.meta["name"] = "sentence_types"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["thresholds"] = thresholds
    card = {
        "model": "sentence event-type classifier (spaCy TextCatBOW.v3, unigrams, 2**16 features)",
        "data": {
            "train_articles": len(splits["train"]),
            "train_sentences": len(train_items),
            "train_sentences_with_event": sum(1 for _, t in train_items if t),
            "dev_articles": len(splits["dev"]),
            "dev_sentences": len(dev_items),
            "gold_sha256": hashlib.sha256(
                b"".join((gold_dir / f"{i}.json").read_bytes() for i in sorted(splits["train"]))
            ).hexdigest(),
        },
        "seed": SEED,
        "epochs": EPOCHS,
        "thresholds (chosen on dev)": thresholds,
        "dev sentence-label F1 per type": dev_f1,
    }
    nlp.meta["card"] = card
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return card


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m app.annotator.training", description=__doc__)
    ap.add_argument("--corpus", required=True, help="folder of the re-materialised real-news texts")
    ap.add_argument("--gold", default=str(REALNEWS / "gold"))
    ap.add_argument("--splits", default=str(REALNEWS / "splits.json"))
    ap.add_argument("--out", default=str(MODEL_DIR))
    a = ap.parse_args(argv)
    card = train(Path(a.corpus), Path(a.gold), Path(a.splits), Path(a.out))
    print(json.dumps(card, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
