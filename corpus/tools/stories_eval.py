#!/usr/bin/env python3
"""Pairwise precision and recall of story grouping on the real-news corpus.

    python corpus/tools/stories_eval.py [--split train|dev|test|all ...] [--machine DIR | --annotate TEXTS]
                                        [--json]

The grouping is app/stories/matching.py, the function the API runs at ingestion,
fed the annotation JSON files directly (no database). Gold events carry a
``story`` label; an event without one is a happening of its own. A pair of
events is a true positive when the grouping puts them in one story and the gold
labels them alike.

``--annotate TEXTS`` first annotates the re-materialised texts (corpus/realnews/README.md, "Fetch"; each
checked against its recorded hash) with the current annotator, each with its publication day from
sources.jsonl, into a temporary folder. ``--machine DIR`` scores machine annotations
(``python -m app annotate`` output, one <id>.json per article): each machine event takes the story label of
the gold event of its article with the same type whose evidence span overlaps
its own; one that matches none is a singleton no gold story holds. Articles are
taken in publication order (undated ones last, then by id), as an ingester
reading the corpus in order would store them; each split is grouped on its own
(splits keep a story's articles together).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
REALNEWS = REPO / "corpus" / "realnews"
sys.path.insert(0, str(REPO))

from app.stories.matching import Report, group, sentence_names, summary_words  # noqa: E402

SPLITS = ("train", "dev", "test", "test2")
# Label prefix of an event no gold story holds (a happening of its own).
UNLABELLED = "~"


def sources() -> dict[str, dict]:
    rows = [json.loads(x) for x in (REALNEWS / "sources.jsonl").read_text().splitlines() if x.strip()]
    return {r["id"]: r for r in rows}


def split_ids(name: str) -> list[str]:
    splits = json.loads((REALNEWS / "splits.json").read_text())["splits"]
    if name == "all":
        return sorted(i for ids in splits.values() for i in ids)
    return sorted(splits[name])


def published_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("the ", " ").split())


def _event_day(e: dict) -> tuple[dt.date | None, str]:
    value, precision = e.get("date"), e.get("date_precision") or "publication"
    if not value or precision == "publication":
        return None, "publication"
    parts = [int(p) for p in value.split("-")]
    try:
        return dt.date(
            parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
        ), precision
    except (ValueError, IndexError):
        return None, "publication"


def reports_of(
    doc: dict, article: str, published: dt.date | None, text: str | None = None
) -> list[tuple[Report, dict]]:
    """Each event of an annotation document as a Report, with the event itself; ``text`` (the article)
    gives each its evidence sentence, as the service has it (without it, the words of the summary only)."""
    actors = {a["name"]: a for a in doc.get("actors", [])}
    out = []
    for n, e in enumerate(doc.get("events", [])):
        names = [p["actor"] for p in e.get("participants", [])] or list(e.get("actors", []))
        idents = set()
        for name in names:
            a = actors.get(name)
            if a is None or a.get("kind") == "country":
                continue
            idents.add(f"{a['kind']}:{a.get('country') or ''}:{_fold(a['name'])}")
        day, precision = _event_day(e)
        evidence = text[e["evidence"][0] : e["evidence"][1]] if text is not None else ""
        r = Report(
            key=(article, n),
            article=article,
            type=e["type"],
            countries=frozenset(e.get("countries", [])),
            actors=frozenset(idents),
            day=day,
            precision=precision,
            published=published,
            people_count=e.get("people_count"),
            background=bool(e.get("background")),
            words=summary_words(e.get("summary") or ""),
            evidence=summary_words(evidence),
            names=sentence_names(evidence),
        )
        out.append((r, e))
    return out


def _overlap(a: list[int], b: list[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def machine_labels(gold: dict, machine: dict, article: str) -> list[str]:
    """A gold story label for each machine event (or a label of its own)."""
    labels = []
    for n, m in enumerate(machine.get("events", [])):
        label = f"{UNLABELLED}machine:{article}:{n}"
        for g_n, g in enumerate(gold.get("events", [])):
            if g["type"] == m["type"] and _overlap(g["evidence"], m["evidence"]):
                label = g.get("story") or f"{UNLABELLED}gold:{article}:{g_n}"
                break
        labels.append(label)
    return labels


def pairwise(groups: Iterable[list], label: dict, labelled_only: bool = False) -> dict:
    """Pairwise scores; ``labelled_only`` scores only pairs of two events that carry a gold story."""
    if labelled_only:
        label = {k: v for k, v in label.items() if not v.startswith(UNLABELLED)}
    predicted = {frozenset(p) for g in groups for p in combinations([r.key for r in g if r.key in label], 2)}
    by_label: dict[str, list] = {}
    for key, lab in label.items():
        by_label.setdefault(lab, []).append(key)
    gold = {frozenset(p) for keys in by_label.values() for p in combinations(keys, 2)}
    tp = len(predicted & gold)
    return {
        "events": len(label),
        "gold_pairs": len(gold),
        "predicted_pairs": len(predicted),
        "true_pairs": tp,
        "precision": tp / len(predicted) if predicted else 1.0,
        "recall": tp / len(gold) if gold else 1.0,
    }


def ordered(ids: list[str], src: dict[str, dict]) -> list[str]:
    far = dt.date.max
    return sorted(ids, key=lambda i: (published_day(src[i].get("published")) or far, i))


def intact_texts(texts: Path | None, ids: list[str]) -> dict[str, str] | None:
    """The article texts, when every one of ``ids`` is in ``texts`` with its recorded hash (else None:
    scoring half the articles with their evidence sentences and half without would measure neither)."""
    if texts is None:
        return None
    src, out = sources(), {}
    for i in ids:
        f = texts / f"{i}.txt"
        if not f.exists() or hashlib.sha256(f.read_bytes()).hexdigest() != src[i]["excerpt_sha256"]:
            return None
        out[i] = f.read_text(encoding="utf-8")
    return out


def evaluate(split: str, machine_dir: Path | None = None, texts: Path | None = None) -> dict:
    """Scores of one split; ``texts`` (the re-materialised articles) adds the evidence sentences' words."""
    src = sources()
    reports, label = [], {}
    articles = intact_texts(texts, split_ids(split)) or {}
    for article in ordered(split_ids(split), src):
        gold = json.loads((REALNEWS / "gold" / f"{article}.json").read_text())
        published = published_day(src[article].get("published"))
        text = articles.get(article)
        if machine_dir is None:
            pairs = reports_of(gold, article, published, text)
            labels = [e.get("story") or f"{UNLABELLED}gold:{article}:{n}" for n, (_, e) in enumerate(pairs)]
        else:
            path = machine_dir / f"{article}.json"
            if not path.exists():
                raise FileNotFoundError(f"no machine annotation {path}")
            doc = json.loads(path.read_text())
            pairs = reports_of(doc, article, published, text)
            labels = machine_labels(gold, doc, article)
        for (r, _), lab in zip(pairs, labels, strict=True):
            reports.append(r)
            label[r.key] = lab
    groups = group(reports)
    return {"strict": pairwise(groups, label), "labelled": pairwise(groups, label, labelled_only=True)}


def annotate_texts(texts: Path, out: Path, ids: list[str]) -> None:
    """The current annotator's gold-format output for each text, dated from sources.jsonl."""
    from app import annotator

    src = sources()
    bad = [
        i
        for i in ids
        if not (texts / f"{i}.txt").exists()
        or hashlib.sha256((texts / f"{i}.txt").read_bytes()).hexdigest() != src[i]["excerpt_sha256"]
    ]
    if bad:
        raise SystemExit(f"{len(bad)} text(s) missing or changed in {texts}, e.g. {bad[0]}: see the README")
    annotator.load()
    for i in ids:
        text = (texts / f"{i}.txt").read_text(encoding="utf-8")
        ann = annotator.annotate(text, published=published_day(src[i].get("published")))
        (out / f"{i}.json").write_text(json.dumps(annotator.to_gold_dict(ann, i)), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--split", action="append", choices=[*SPLITS, "all"], help="default: every split and all")
    p.add_argument("--machine", type=Path, help="folder of machine annotations (<id>.json)")
    p.add_argument("--annotate", type=Path, metavar="TEXTS", help="annotate these texts first, then score")
    p.add_argument(
        "--texts", type=Path, help="the article texts, for the evidence sentences (default: --annotate's)"
    )
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    splits = args.split or [*SPLITS, "all"]
    texts = args.texts or args.annotate
    if args.annotate:
        import tempfile

        args.machine = Path(tempfile.mkdtemp(prefix="stories-machine-"))
        annotate_texts(args.annotate, args.machine, split_ids("all"))
    if texts is not None and intact_texts(texts, split_ids("all")) is None:
        raise SystemExit(f"texts missing or changed in {texts}: see corpus/realnews/README.md, 'Fetch'")
    # Gold with the summaries only (what scores without the texts), then with the evidence sentences.
    sets = [("gold", None, None)] + ([("gold", None, texts)] if texts else [])
    sets += [("machine", args.machine, texts)] if args.machine else []
    rows = [
        {"annotations": name, "split": s, "evidence": t is not None, **evaluate(s, d, t)}
        for name, d, t in sets
        for s in splits
    ]
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(
        "| annotations | evidence sentences | split | events | pairs scored | gold pairs | predicted pairs "
        "| precision | recall |"
    )
    print("|---|---|---|---:|---|---:|---:|---:|---:|")
    for r in rows:
        for scored, m in (("labelled", r["labelled"]), ("all (strict)", r["strict"])):
            print(
                f"| {r['annotations']} | {'yes' if r['evidence'] else 'no'} | {r['split']} | {m['events']} | "
                f"{scored} | {m['gold_pairs']} | {m['predicted_pairs']} | {m['precision']:.3f} | "
                f"{m['recall']:.3f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
