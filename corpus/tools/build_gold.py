#!/usr/bin/env python3
"""Turn an annotator's draft (spans given as quoted text) into a gold file (spans as offsets).

Drafts live in the scratch folder because they quote the article; the gold
file written to corpus/realnews/gold/ holds offsets, names and labels only.

    python3 corpus/tools/build_gold.py ID [--drafts DIR] [--out DIR]

Draft format (JSON), spans given by exact substrings of the text:

    {"actors": [{"kind", "name", "country", "title", "aliases": [...]}],
     "events": [{"type", "policy_area", "countries": [...],
                 "participants": [{"actor": NAME, "role": "actor"|"recipient"}],
                 "people_count", "date", "date_precision", "summary",
                 "evidence": "exact substring", "evidence_n": 1,
                 "background": false, "story": null}],
     "statements": [{"speaker": NAME|null, "kind": "quote"|"paraphrase", "verb",
                     "text": "exact substring", "text_n": 1, "event": INDEX|null}]}

`evidence_n` / `text_n` pick the n-th occurrence when the substring repeats (give 1
explicitly for the first of several).
Every check failure is printed and the gold file is not written.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCRATCH = Path(os.environ.get("REALNEWS_SCRATCH", "/work/scratch/realnews"))

ACTOR_KINDS = {"country", "government_body", "person", "igo", "ngo", "court", "organization", "group"}
EVENT_TYPES = {
    "talks",
    "agreement",
    "agreement_ended",
    "request",
    "policy_change",
    "removal",
    "ruling",
    "criticism",
    "support",
    "aid",
    "protest",
}
POLICY_AREAS = {
    "third_country_transfer",
    "deportation",
    "asylum",
    "border_control",
    "detention",
    "resettlement",
    "legal_migration",
    "other",
}
ROLES = {"actor", "recipient"}
PRECISIONS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}", "publication": r".*"}
STATEMENT_KINDS = {"quote", "paraphrase"}


def find(text: str, needle: str, n: int | None, errors: list[str], what: str) -> list[int] | None:
    """Offsets of the n-th occurrence; with n not given, the substring must be unique."""
    explicit = n is not None
    n = int(n or 1)
    if not needle:
        errors.append(f"{what}: empty span text")
        return None
    start = -1
    for _ in range(max(1, n)):
        start = text.find(needle, start + 1)
        if start < 0:
            errors.append(f"{what}: not found in the text (occurrence {n}): {needle[:60]!r}")
            return None
    if not explicit and text.find(needle, start + 1) >= 0:
        errors.append(f"{what}: occurs more than once; give {what.split()[0]}_n: {needle[:60]!r}")
    return [start, start + len(needle)]


def build(doc_id: str, text: str, draft: dict, source: dict) -> tuple[dict, list[str]]:
    errors: list[str] = []
    actors = []
    names = set()
    for i, a in enumerate(draft.get("actors", [])):
        if a.get("kind") not in ACTOR_KINDS:
            errors.append(f"actor {i}: kind {a.get('kind')!r}")
        c = a.get("country")
        if c is not None and not re.fullmatch(r"[A-Z]{3}", c):
            errors.append(f"actor {i}: country {c!r} is not ISO3")
        if a.get("kind") == "country" and not c:
            errors.append(f"actor {i}: a country needs its ISO3 code")
        if a["name"] in names:
            errors.append(f"actor {i}: duplicate name {a['name']!r}")
        names.add(a["name"])
        actors.append(
            {
                "kind": a["kind"],
                "name": a["name"],
                "country": c,
                "title": a.get("title"),
                "aliases": list(a.get("aliases") or []),
            }
        )
    events = []
    for i, e in enumerate(draft.get("events", [])):
        w = f"event {i}"
        if e.get("type") not in EVENT_TYPES:
            errors.append(f"{w}: type {e.get('type')!r}")
        if e.get("policy_area") not in POLICY_AREAS:
            errors.append(f"{w}: policy_area {e.get('policy_area')!r}")
        parts = e.get("participants") or []
        for p in parts:
            if p.get("actor") not in names:
                errors.append(f"{w}: participant {p.get('actor')!r} is not an actor")
            if p.get("role") not in ROLES:
                errors.append(f"{w}: role {p.get('role')!r}")
        for c in e.get("countries") or []:
            if not re.fullmatch(r"[A-Z]{3}", c):
                errors.append(f"{w}: country {c!r}")
        prec = e.get("date_precision")
        if prec not in PRECISIONS:
            errors.append(f"{w}: date_precision {prec!r}")
        elif e.get("date") and not re.fullmatch(PRECISIONS[prec], e["date"]):
            errors.append(f"{w}: date {e.get('date')!r} does not fit precision {prec}")
        span = find(text, e.get("evidence", ""), e.get("evidence_n"), errors, f"evidence of {w}")
        ev = {
            "type": e.get("type"),
            "policy_area": e.get("policy_area"),
            "countries": list(e.get("countries") or []),
            "actors": [p["actor"] for p in parts],
            "participants": [{"actor": p["actor"], "role": p["role"]} for p in parts],
            "people_count": e.get("people_count"),
            "date": e.get("date"),
            "date_precision": prec,
            "summary": e.get("summary"),
            "evidence": span,
            "confidence": 1.0,
        }
        if e.get("background"):
            ev["background"] = True
        if e.get("story"):
            ev["story"] = e["story"]
        events.append(ev)
    statements = []
    for i, s in enumerate(draft.get("statements", [])):
        w = f"statement {i}"
        if s.get("kind") not in STATEMENT_KINDS:
            errors.append(f"{w}: kind {s.get('kind')!r}")
        if s.get("speaker") is not None and s["speaker"] not in names:
            errors.append(f"{w}: speaker {s['speaker']!r} is not an actor")
        ev = s.get("event")
        if ev is not None and not (isinstance(ev, int) and 0 <= ev < len(events)):
            errors.append(f"{w}: event {ev!r} is not an event index")
        span = find(text, s.get("text", ""), s.get("text_n"), errors, f"text of {w}")
        statements.append(
            {
                "speaker": s.get("speaker"),
                "kind": s.get("kind"),
                "verb": s.get("verb"),
                "span": span,
                "event": ev,
            }
        )
    gold = {
        "id": doc_id,
        "source": source,
        "actors": actors,
        "events": events,
        "statements": statements,
        "notes": draft.get("notes", ""),
    }
    return gold, errors


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("id")
    ap.add_argument("--drafts", default=str(SCRATCH / "drafts"))
    ap.add_argument("--texts", default=str(SCRATCH / "texts"))
    ap.add_argument("--out", default=str(REPO / "corpus" / "realnews" / "gold"))
    a = ap.parse_args()
    text = Path(a.texts, f"{a.id}.txt").read_text(encoding="utf-8")
    draft = json.loads(Path(a.drafts, f"{a.id}.json").read_text(encoding="utf-8"))
    sources = {}
    src_file = REPO / "corpus" / "realnews" / "sources.jsonl"
    if src_file.exists():
        for line in src_file.read_text().splitlines():
            if line.strip():
                r = json.loads(line)
                sources[r["id"]] = r
    src = sources.get(a.id)
    if src is None:
        print(f"{a.id}: no row in sources.jsonl (save it with save_excerpt.py first)")
        return 1
    source = {
        "kind": "real_news",
        "url": src["url"],
        "outlet": src["outlet"],
        "published": src["published"],
        "excerpt_sha256": src["excerpt_sha256"],
        "excerpt_chars": src["excerpt_chars"],
    }
    gold, errors = build(a.id, text, draft, source)
    if errors:
        print(f"{a.id}: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        return 1
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{a.id}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n")
    print(
        f"{a.id}: {len(gold['actors'])} actors, {len(gold['events'])} events, "
        f"{len(gold['statements'])} statements"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
