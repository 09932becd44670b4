#!/usr/bin/env python3
"""Write one search-tool excerpt into the scratch folder and record its source.

The excerpt is given as the JSON string literal exactly as the search tool
returned it (escapes kept), in a file, so no character is retyped by hand:

    python3 corpus/tools/save_excerpt.py ID RAW.json --query Q --url URL \
        --outlet NAME [--published YYYY-MM-DD|YYYY-MM] [--rank N] [--focus ISO3,ISO3]

It writes SCRATCH/texts/ID.txt (the text, byte for byte, no newline added) and
SCRATCH/texts/ID.json (a sidecar with source.url, which guard.py reads), then
runs ../shared/guard/guard.py on it. A refused excerpt is deleted and the
command exits 1. An accepted one is appended (or updated) in
corpus/realnews/sources.jsonl, the committed record: query, url, hash, length,
never the text.
"""

import argparse
import fcntl
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCRATCH = Path(os.environ.get("REALNEWS_SCRATCH", "/work/scratch/realnews"))
SOURCES = REPO / "corpus" / "realnews" / "sources.jsonl"
GUARD = REPO.parent / "shared" / "guard" / "guard.py"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_sources() -> dict[str, dict]:
    if not SOURCES.exists():
        return {}
    rows = [json.loads(line) for line in SOURCES.read_text().splitlines() if line.strip()]
    return {r["id"]: r for r in rows}


def write_sources(rows: dict[str, dict]) -> None:
    SOURCES.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(json.dumps(rows[k], ensure_ascii=False) + "\n" for k in sorted(rows))
    SOURCES.write_text(body)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("id")
    ap.add_argument("raw", help="file holding the excerpt as a JSON string literal")
    ap.add_argument("--query", required=True)
    ap.add_argument("--url", default=None)
    ap.add_argument("--outlet", required=True)
    ap.add_argument("--published", default=None)
    ap.add_argument("--rank", type=int, default=None)
    ap.add_argument("--focus", default="", help="ISO3 codes of the countries the story is about")
    ap.add_argument("--story", default=None, help="label shared by articles reporting the same happening")
    a = ap.parse_args()

    text = json.loads(Path(a.raw).read_text(encoding="utf-8"))
    if not isinstance(text, str) or not text.strip():
        print("the raw file must hold one non-empty JSON string", file=sys.stderr)
        return 2
    texts = SCRATCH / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    txt, side = texts / f"{a.id}.txt", texts / f"{a.id}.json"
    txt.write_text(text, encoding="utf-8")
    side.write_text(json.dumps({"id": a.id, "source": {"url": a.url}}))
    guard = subprocess.run([sys.executable, str(GUARD), str(txt)], capture_output=True, text=True)
    if guard.returncode != 0:
        txt.unlink()
        side.unlink()
        print(f"REFUSED by guard: {a.id} ({guard.stdout.strip() or guard.stderr.strip()})")
        return 1
    # Several annotators save at once: hold a lock over the read-modify-write.
    with open(SOURCES.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        rows = read_sources()
        rows[a.id] = {
            "id": a.id,
            "query": a.query,
            "rank": a.rank,
            "url": a.url,
            "outlet": a.outlet,
            "published": a.published,
            "focus": [c for c in a.focus.split(",") if c],
            "story": a.story,
            "excerpt_sha256": sha256(text),
            "excerpt_chars": len(text),
        }
        write_sources(rows)
    print(f"accepted {a.id}: {len(text)} chars, sha256 {sha256(text)[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
