#!/usr/bin/env python3
"""Assign the real-news articles to train / dev / test, once, before any tuning.

    python3 corpus/tools/split.py            # writes corpus/realnews/splits.json if it does not exist
    python3 corpus/tools/split.py --extend   # later articles go to train only; existing ids never move

Articles that report the same story (the `story` label of sources.jsonl) stay
in one split, so the test split never holds another outlet's copy of a train
article. Off-topic articles (gold with no events) are spread over the splits
separately so every split has some. The draw is seeded, so it is reproducible.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

REALNEWS = Path(__file__).resolve().parent.parent / "realnews"
SEED = 20261201
SHARES = {"test": 0.34, "dev": 0.18}  # the rest is train


def groups(ids: list[str], src: dict[str, dict]) -> list[list[str]]:
    by: dict[str, list[str]] = {}
    for i in ids:
        by.setdefault(src[i].get("story") or i, []).append(i)
    return [sorted(v) for _, v in sorted(by.items())]


def assign(gs: list[list[str]], rng: random.Random) -> dict[str, list[str]]:
    rng.shuffle(gs)
    total = sum(len(g) for g in gs)
    out: dict[str, list[str]] = {"train": [], "dev": [], "test": []}
    for g in gs:
        # the split furthest below its share takes the next group
        need = {k: SHARES[k] * total - len(out[k]) for k in SHARES}
        k = max(need, key=need.get)
        (out[k] if need[k] > 0 else out["train"]).extend(g)
    return out


def main() -> int:
    lines = (REALNEWS / "sources.jsonl").read_text().splitlines()
    src = {r["id"]: r for r in (json.loads(x) for x in lines if x.strip())}
    gold = {p.stem for p in (REALNEWS / "gold").glob("*.json")}
    ids = sorted(gold & set(src))
    path = REALNEWS / "splits.json"
    if path.exists():
        if "--extend" not in sys.argv:
            print(f"{path} exists: splits are fixed once made (use --extend to add new ids to train)")
            return 1
        data = json.loads(path.read_text())
        known = {i for v in data["splits"].values() for i in v}
        new = [i for i in ids if i not in known]
        data["splits"]["train"] = sorted(data["splits"]["train"] + new)
        path.write_text(json.dumps(data, indent=1) + "\n")
        print(f"added {len(new)} to train")
        return 0
    rng = random.Random(SEED)
    off = [i for i in ids if not json.loads((REALNEWS / "gold" / f"{i}.json").read_text())["events"]]
    on = [i for i in ids if i not in off]
    splits = {"train": [], "dev": [], "test": []}
    for part in (on, off):
        for k, v in assign(groups(part, src), rng).items():
            splits[k].extend(v)
    data = {
        "seed": SEED,
        "method": "corpus/tools/split.py: groups of one story kept together, seeded draw, "
        "test 34% / dev 18% / train rest, off-topic articles drawn separately",
        "splits": {k: sorted(v) for k, v in splits.items()},
    }
    path.write_text(json.dumps(data, indent=1) + "\n")
    print({k: len(v) for k, v in splits.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
