"""The corpus tools on a text of our own: drafts become offsets, and changed texts are refused."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[2] / "corpus" / "tools"
TEXT = "Ruritania agreed on Monday to take back 40 of its nationals. “We will cooperate,” said Anna Berg."


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_build_gold_turns_quoted_spans_into_offsets():
    build = _load("build_gold")
    draft = {
        "actors": [
            {"kind": "country", "name": "Ruritania", "country": "RUR", "title": None},
            {"kind": "person", "name": "Anna Berg", "country": "RUR", "title": None},
        ],
        "events": [
            {
                "type": "agreement",
                "policy_area": "deportation",
                "countries": ["RUR"],
                "participants": [{"actor": "Ruritania", "role": "actor"}],
                "people_count": 40,
                "date": "2025-06-02",
                "date_precision": "day",
                "summary": "Ruritania agrees to take back 40",
                "evidence": "Ruritania agreed on Monday to take back 40 of its nationals.",
            }
        ],
        "statements": [
            {"speaker": "Anna Berg", "kind": "quote", "verb": "say", "text": "We will cooperate", "event": 0}
        ],
    }
    gold, errors = build.build("x1", TEXT, draft, {"kind": "real_news"})
    assert errors == []
    s, e = gold["statements"][0]["span"]
    assert TEXT[s:e] == "We will cooperate" and "text" not in gold["statements"][0]
    assert gold["events"][0]["evidence"] == [0, TEXT.index(".") + 1]


def test_build_gold_reports_a_span_that_is_not_in_the_text():
    build = _load("build_gold")
    draft = {
        "actors": [],
        "events": [],
        "statements": [
            {"speaker": None, "kind": "quote", "verb": "say", "text": "never said", "event": None}
        ],
    }
    _, errors = build.build("x1", TEXT, draft, {})
    assert errors and "not found" in errors[0]


def test_restore_writes_only_the_text_that_was_annotated(tmp_path, monkeypatch):
    restore = _load("restore")
    sources = tmp_path / "sources.jsonl"
    row = {
        "id": "x1",
        "url": "https://example.org/x1",
        "published": None,
        "excerpt_sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
        "excerpt_chars": len(TEXT),
    }
    sources.write_text(json.dumps(row) + "\n")
    monkeypatch.setattr(restore, "SOURCES", sources)
    monkeypatch.setattr(restore, "SCRATCH", tmp_path / "scratch")
    raw = tmp_path / "raw.json"
    raw.write_text(json.dumps(TEXT.replace("“", '"')))  # straight quotes: not the same text
    assert restore.restore("x1", raw) == 1 and not (tmp_path / "scratch" / "texts" / "x1.txt").exists()
    raw.write_text(json.dumps(TEXT))
    assert restore.restore("x1", raw) == 0
    assert (tmp_path / "scratch" / "texts" / "x1.txt").read_text() == TEXT
