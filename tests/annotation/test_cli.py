"""The CLI writes gold-format predictions, reading `published` from a sidecar."""

from __future__ import annotations

import json

from app.annotator.cli import main

TEXT = (
    "ATHENS, May 2 — Greece deported 30 Pakistani migrants on Thursday, the migration ministry said.\n\n"
    "Rights groups criticised the flight."
)


def test_cli_with_sidecar(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a1.txt").write_text(TEXT, encoding="utf-8")
    (src / "a1.json").write_text(json.dumps({"source": {"published": "2025-05-02"}}), encoding="utf-8")
    (src / "a2.txt").write_text(TEXT, encoding="utf-8")
    (src / "a2.json").write_text(json.dumps({"published": "2025-05-02"}), encoding="utf-8")
    assert main([str(src), "--out", str(out)]) == 0
    for doc_id in ("a1", "a2"):
        pred = json.loads((out / f"{doc_id}.json").read_text())
        assert pred["id"] == doc_id
        removal = [e for e in pred["events"] if e["type"] == "removal"]
        assert removal and removal[0]["date"] == "2025-05-01" and removal[0]["people_count"] == 30
        # the deporting state, and the home the deportees are returned to
        assert removal[0]["countries"] == ["GRC", "PAK"]


def test_cli_rejects_missing_folder(tmp_path):
    assert main(["annotate", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
