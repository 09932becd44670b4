#!/usr/bin/env python3
"""Annotate one split of the real-news corpus and score it against the gold.

    python corpus/tools/eval.py --corpus DIR [--split dev] [--out DIR] [--json]

DIR holds the re-materialised texts (<id>.txt, see corpus/realnews/README.md,
"Fetch"). Each text is checked against the hash in sources.jsonl before use:
a text that differs from what was annotated would be scored against spans that
no longer fit it. Prints the table of ../shared/corpus/score.py, then
precision and recall per event type and per actor kind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
REALNEWS = REPO / "corpus" / "realnews"
SCORE_PY = REPO.parent / "shared" / "corpus" / "score.py"


def load_score():
    spec = importlib.util.spec_from_file_location("score", SCORE_PY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def sources() -> dict[str, dict]:
    rows = [json.loads(x) for x in (REALNEWS / "sources.jsonl").read_text().splitlines() if x.strip()]
    return {r["id"]: r for r in rows}


def split_ids(name: str) -> list[str]:
    splits = json.loads((REALNEWS / "splits.json").read_text())
    if name == "all":
        return sorted(i for ids in splits["splits"].values() for i in ids)
    return sorted(splits["splits"][name])


def published(value: str | None) -> dt.date | None:
    """A month-only or missing date gives no day to resolve relative dates against."""
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def check_texts(corpus: Path, ids: list[str], src: dict[str, dict]) -> list[str]:
    bad = []
    for i in ids:
        f = corpus / f"{i}.txt"
        if not f.exists():
            bad.append(f"{i}: missing")
            continue
        text = f.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode()).hexdigest() != src[i]["excerpt_sha256"]:
            bad.append(f"{i}: hash differs from sources.jsonl")
    return bad


def annotate_split(corpus: Path, ids: list[str], src: dict[str, dict], out: Path) -> float:
    import time

    try:
        from app.annotator import annotate, load, to_gold_dict
    except ImportError:  # the engine before its rename (the baseline of the real-news issue)
        from app.annotation import annotate, load, to_gold_dict

    load()
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for i in ids:
        text = (corpus / f"{i}.txt").read_text(encoding="utf-8")
        ann = annotate(text, published=published(src[i].get("published")))
        (out / f"{i}.json").write_text(json.dumps(to_gold_dict(ann, i), ensure_ascii=False, indent=1))
    return time.perf_counter() - t0


def breakdown(score, gold_dir: Path, pred_dir: Path, ids: list[str]) -> dict[str, dict]:
    """P/R per event type and per actor kind (same matching as score.py, within one label)."""
    rows: dict[str, object] = {}
    for i in ids:
        gold = json.loads((gold_dir / f"{i}.json").read_text())
        pf = pred_dir / f"{i}.json"
        pred = json.loads(pf.read_text()) if pf.exists() else {}
        for field, key, ok in (
            ("events", "type", score.event_match),
            ("actors", "kind", score.actor_match),
        ):
            g_all, p_all = gold.get(field, []), pred.get(field, [])
            labels = {x.get(key) for x in g_all + p_all}
            for lab in labels:
                g = [x for x in g_all if x.get(key) == lab]
                p = [x for x in p_all if x.get(key) == lab]
                prf = rows.setdefault(f"{field}.{lab}", score.PRF())
                prf.add(len(score.greedy(g, p, ok)), len(g), len(p))
    return {k: v.row() for k, v in sorted(rows.items())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", required=True, help="folder of re-materialised <id>.txt")
    ap.add_argument("--split", default="dev", help="train, dev, test, test2 or all")
    ap.add_argument("--out", default=None, help="where predictions go (default: a temp folder)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    corpus = Path(a.corpus)
    src = sources()
    ids = split_ids(a.split)
    bad = check_texts(corpus, ids, src)
    if bad:
        print("texts missing or changed (re-run the fetch procedure):", *bad, sep="\n  ", file=sys.stderr)
        return 2
    out = Path(a.out) if a.out else Path(tempfile.mkdtemp(prefix=f"eval-{a.split}-"))
    seconds = annotate_split(corpus, ids, src, out)
    score = load_score()
    gold_dir = Path(tempfile.mkdtemp(prefix="gold-"))
    for i in ids:  # score.py scores every gold file in a folder: give it just this split's
        (gold_dir / f"{i}.json").write_bytes((REALNEWS / "gold" / f"{i}.json").read_bytes())
    totals, _ = score.score(gold_dir, out)
    detail = breakdown(score, gold_dir, out, ids)
    if a.json:
        print(json.dumps({"split": a.split, "articles": len(ids), "totals": totals, "detail": detail}))
        return 0
    print(f"split {a.split}: {len(ids)} articles, annotated in {seconds:.1f} s; predictions in {out}")
    print(f"{'metric':26} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'gold':>5} {'pred':>5}")
    for k, r in list(totals.items()) + [("", None)] + list(detail.items()):
        if r is None:
            print()
            continue
        print(f"{k:26} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f} {r['tp']:5} {r['gold']:5} {r['pred']:5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
