"""The whole development corpus, scored with the corpus' own score.py."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.annotator import annotate, to_gold_dict, validate
from app.annotator.cli import main

TARGETS = {
    "actors": 0.85,
    "events": 0.70,
    "events@span": 0.70,
    "statements": 0.85,
    "statements+speaker": 0.75,
}


@pytest.fixture(scope="module")
def predictions(corpus_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("pred")
    assert main(["annotate", str(corpus_dir), "--out", str(out)]) == 0
    return out


@pytest.mark.slow
def test_corpus_scores_reach_targets(corpus_dir, score_module, predictions):
    totals, _ = score_module.score(str(corpus_dir), str(predictions))
    low = {k: totals[k]["f1"] for k, target in TARGETS.items() if totals[k]["f1"] < target}
    assert not low, f"below target: {low}"


@pytest.mark.slow
def test_sports_story_yields_nothing(corpus_dir, predictions):
    pred = json.loads((predictions / "d12-football-transfer-no-event.json").read_text())
    assert (pred["actors"], pred["events"], pred["statements"]) == ([], [], [])


@pytest.mark.slow
def test_every_prediction_is_valid(corpus_dir):
    for txt in sorted(corpus_dir.glob("*.txt")):
        gold = json.loads(txt.with_suffix(".json").read_text())
        text = txt.read_text(encoding="utf-8")
        ann = annotate(text, published=dt.date.fromisoformat(gold["source"]["published"]))
        assert validate(ann, text) == [], txt.name
        for a in ann.actors:  # every actor points at real text
            assert a.mentions and all(s < e for s, e in a.mentions), (txt.name, a.name)
        # speakers and participants are always recorded actors (the story's cast may hold more)
        d = to_gold_dict(ann, txt.stem)
        used = {p["actor"] for e in d["events"] for p in e["participants"]} | {
            s["speaker"] for s in d["statements"] if s["speaker"]
        }
        assert used <= {a["name"] for a in d["actors"]}, txt.name
