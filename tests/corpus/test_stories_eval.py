"""The story rule measured on the real-news corpus's labelled groups (corpus/tools/stories_eval.py).

The gold is committed, so the gold measurement always runs. The machine measurement needs the texts
(re-materialised outside the repository, corpus/realnews/README.md "Fetch") to annotate; it is skipped,
saying so, when they are missing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "corpus" / "tools"
TEXTS = Path(os.environ.get("REALNEWS_SCRATCH", "/work/scratch/realnews")) / "texts"

# The figures the rule reached on train and dev when it was chosen, less a margin: a change that loses
# ground fails here (the test split is reported, never tuned on: no floor). With the texts the
# evaluator also reads the evidence sentences (their weights are off in the rule today: same floors).
GOLD_FLOORS = {"train": (0.85, 0.68), "dev": (0.90, 0.85)}
MACHINE_FLOORS = {"dev": (0.90, 0.15)}


def tool():
    if "stories_eval" in sys.modules:
        return sys.modules["stories_eval"]
    spec = importlib.util.spec_from_file_location("stories_eval", TOOLS / "stories_eval.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["stories_eval"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("split", sorted(GOLD_FLOORS))
def test_gold_grouping_keeps_its_measured_precision_and_recall(split):
    scores = tool().evaluate(split)["labelled"]
    precision, recall = GOLD_FLOORS[split]
    assert scores["gold_pairs"] > 20
    assert scores["precision"] >= precision and scores["recall"] >= recall, scores


@pytest.mark.parametrize("split", sorted(GOLD_FLOORS))
def test_gold_grouping_with_the_evidence_sentences(split):
    se = tool()
    missing = _texts_present(se.split_ids(split), se.sources())
    if missing:
        pytest.skip(
            f"the real-news texts are not in {TEXTS} ({len(missing)} of the {split} split missing or "
            "changed, e.g. " + missing[0] + "): re-materialise them as corpus/realnews/README.md 'Fetch' "
            "says to measure the grouping with the evidence sentences"
        )
    scores = se.evaluate(split, texts=TEXTS)["labelled"]
    precision, recall = GOLD_FLOORS[split]
    assert scores["precision"] >= precision and scores["recall"] >= recall, scores


def test_the_metric_counts_pairs():
    se = tool()
    from app.stories.matching import Report

    r = [Report(key=i, article=i, type="talks", countries=frozenset()) for i in range(4)]
    label = {0: "x", 1: "x", 2: "x", 3: "~3"}
    scores = se.pairwise([[r[0], r[1]], [r[2], r[3]]], label)
    # predicted pairs {0,1} (right) and {2,3} (wrong); gold pairs {0,1} {0,2} {1,2}
    assert (scores["precision"], scores["recall"]) == (0.5, 1 / 3)
    assert se.pairwise([[r[0], r[1]], [r[2], r[3]]], label, labelled_only=True)["precision"] == 1.0


def _texts_present(ids: list[str], sources: dict) -> list[str]:
    missing = []
    for i in ids:
        f = TEXTS / f"{i}.txt"
        if not f.exists() or hashlib.sha256(f.read_bytes()).hexdigest() != sources[i]["excerpt_sha256"]:
            missing.append(i)
    return missing


def test_machine_grouping_on_the_dev_split(tmp_path):
    se = tool()
    sources = se.sources()
    ids = se.split_ids("dev")
    missing = _texts_present(ids, sources)
    if missing:
        pytest.skip(
            f"the real-news texts are not in {TEXTS} ({len(missing)} of the dev split missing or changed, "
            "e.g. " + missing[0] + "): re-materialise them as corpus/realnews/README.md 'Fetch' says to "
            "measure the grouping of machine annotations"
        )
    from app import annotator

    annotator.load()
    out = tmp_path / "machine"
    out.mkdir()
    for i in ids:
        published = se.published_day(sources[i].get("published"))
        ann = annotator.annotate((TEXTS / f"{i}.txt").read_text(encoding="utf-8"), published=published)
        (out / f"{i}.json").write_text(json.dumps(annotator.to_gold_dict(ann, i)), encoding="utf-8")
    scores = se.evaluate("dev", out, texts=TEXTS)["labelled"]
    precision, recall = MACHINE_FLOORS["dev"]
    assert scores["precision"] >= precision and scores["recall"] >= recall, scores
