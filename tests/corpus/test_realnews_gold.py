"""The committed real-news corpus is consistent without its texts (which are not in the repo).

Checks every gold file against the guideline's vocabulary, its own references
and the recorded excerpt length, and the split against the sources, so a bad
edit to the gold or the split fails CI even where the texts cannot be fetched.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.annotator.vocabulary import ActorKind, DatePrecision, EventType, PolicyArea, Role, StatementKind

REALNEWS = Path(__file__).resolve().parents[2] / "corpus" / "realnews"
SOURCES = {r["id"]: r for r in map(json.loads, (REALNEWS / "sources.jsonl").read_text().splitlines())}
GOLD = sorted((REALNEWS / "gold").glob("*.json"))


def test_every_source_has_gold_and_a_split():
    splits = json.loads((REALNEWS / "splits.json").read_text())["splits"]
    ids = [i for part in splits.values() for i in part]
    assert len(ids) == len(set(ids)), "an article is in two splits"
    assert set(ids) == set(SOURCES) == {p.stem for p in GOLD}
    assert len(splits["test"]) >= 40 and len(splits["dev"]) >= 20 and len(splits["train"]) >= 60


def test_sources_record_provenance_not_text():
    for r in SOURCES.values():
        assert re.fullmatch(r"[0-9a-f]{64}", r["excerpt_sha256"]) and r["excerpt_chars"] > 0, r["id"]
        assert r["query"] and r["url"].startswith("http"), r["id"]
        assert set(r) <= {
            "id",
            "query",
            "rank",
            "url",
            "outlet",
            "published",
            "focus",
            "story",
            "excerpt_sha256",
            "excerpt_chars",
        }, r["id"]


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_gold_file_is_consistent(path):
    gold = json.loads(path.read_text())
    n = SOURCES[path.stem]["excerpt_chars"]
    assert gold["source"]["excerpt_sha256"] == SOURCES[path.stem]["excerpt_sha256"]
    names = {a["name"] for a in gold["actors"]}
    assert len(names) == len(gold["actors"]), "one record per actor"
    for a in gold["actors"]:
        assert a["kind"] in ActorKind.__members__ and (
            a["country"] is None or re.fullmatch("[A-Z]{3}", a["country"])
        )
    for e in gold["events"]:
        assert e["type"] in EventType.__members__ and e["policy_area"] in PolicyArea.__members__
        assert e["date_precision"] in DatePrecision.__members__
        assert all(p["actor"] in names and p["role"] in Role.__members__ for p in e["participants"])
        s, t = e["evidence"]
        assert 0 <= s < t <= n
    for st in gold["statements"]:
        assert st["kind"] in StatementKind.__members__ and (st["speaker"] is None or st["speaker"] in names)
        assert st["event"] is None or 0 <= st["event"] < len(gold["events"])
        s, t = st["span"]
        assert 0 <= s < t <= n
        assert "text" not in st, "no article sentences in the repository"
