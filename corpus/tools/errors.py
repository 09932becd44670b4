#!/usr/bin/env python3
"""List what the annotator missed and what it added, per document (error analysis).

    python3 corpus/tools/errors.py GOLD_DIR PRED_DIR [--field actors|events|statements] [--ids a,b]

Refuses a folder of the locked test split: its errors are not looked at until
the end (corpus/realnews/README.md, "Splits").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eval import REALNEWS, load_score


def label(field: str, x: dict) -> str:
    if field == "actors":
        return f"{x.get('kind')}:{x.get('name')} ({x.get('country')})"
    if field == "events":
        names = ",".join(p.get("actor") or p.get("name") or "?" for p in x.get("participants") or [])
        return f"{x.get('type')} [{names}] {x.get('countries')} ev={x.get('evidence')}"
    return f"{x.get('kind')} {x.get('speaker')} span={x.get('span')}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--field", default="actors")
    ap.add_argument("--ids", default="")
    a = ap.parse_args()
    splits = (
        json.loads((REALNEWS / "splits.json").read_text())["splits"]
        if (REALNEWS / "splits.json").exists()
        else {}
    )
    # both locked splits: their errors are not looked at until a release is scored
    test = set(splits.get("test", [])) | set(splits.get("test2", []))
    score = load_score()
    ok = {
        "actors": score.actor_match,
        "events": score.event_match,
        "statements": lambda g, p: score.iou(g["span"], p["span"]) >= 0.5,
    }[a.field]
    ids = set(filter(None, a.ids.split(",")))
    for gf in sorted(Path(a.gold).glob("*.json")):
        if gf.stem in test:
            print(f"{gf.stem}: locked test split, not shown", file=sys.stderr)
            continue
        if ids and gf.stem not in ids:
            continue
        pf = Path(a.pred) / gf.name
        if not pf.exists():
            continue  # not in the split that was annotated
        g = json.loads(gf.read_text()).get(a.field, [])
        p = json.loads(pf.read_text()).get(a.field, []) if pf.exists() else []
        if a.field == "events" or a.field == "statements":
            pass
        m = score.greedy(g, p, ok)
        mg = {id(x) for x, _ in m}
        mp = {id(y) for _, y in m}
        miss = [label(a.field, x) for x in g if id(x) not in mg]
        extra = [label(a.field, y) for y in p if id(y) not in mp]
        if miss or extra:
            print(f"== {gf.stem}")
            for s in miss:
                print("  - missed ", s)
            for s in extra:
                print("  + added  ", s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
