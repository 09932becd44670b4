#!/usr/bin/env python3
"""Re-materialise a real-news text into the scratch folder, checked against its hash.

    python3 corpus/tools/restore.py --status          # which ids are missing or changed
    python3 corpus/tools/restore.py ID RAW.json       # RAW.json: the excerpt as a JSON string literal

The text is written only when its sha256 and length equal the row of
corpus/realnews/sources.jsonl, so spans in the gold always fit the text they
were made on. See corpus/realnews/README.md, "Fetch".
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
SOURCES = REPO / "corpus" / "realnews" / "sources.jsonl"
SCRATCH = Path(os.environ.get("REALNEWS_SCRATCH", "/work/scratch/realnews"))


def rows() -> dict[str, dict]:
    return {r["id"]: r for r in (json.loads(x) for x in SOURCES.read_text().splitlines() if x.strip())}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def status() -> int:
    bad = 0
    for i, r in sorted(rows().items()):
        f = SCRATCH / "texts" / f"{i}.txt"
        if not f.exists():
            print(f"missing  {i}\tquery={r['query']!r}\turl={r['url']}")
            bad += 1
        elif digest(f.read_text(encoding="utf-8")) != r["excerpt_sha256"]:
            print(f"changed  {i}")
            bad += 1
    print(f"{len(rows()) - bad} of {len(rows())} texts present and intact")
    return 1 if bad else 0


def restore(doc_id: str, raw: Path) -> int:
    r = rows().get(doc_id)
    if r is None:
        print(f"{doc_id}: not in sources.jsonl")
        return 1
    text = json.loads(raw.read_text(encoding="utf-8"))
    if digest(text) != r["excerpt_sha256"] or len(text) != r["excerpt_chars"]:
        print(f"{doc_id}: hash or length differs ({len(text)} vs {r['excerpt_chars']} chars): not written")
        return 1
    out = SCRATCH / "texts"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    side = {"id": doc_id, "published": r.get("published"), "source": {"url": r["url"]}}
    (out / f"{doc_id}.json").write_text(json.dumps(side))
    print(f"{doc_id}: restored")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--status"]:
        sys.exit(status())
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(restore(sys.argv[1], Path(sys.argv[2])))
