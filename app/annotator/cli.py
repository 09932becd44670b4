"""`annotate DIR --out DIR`: write gold-format predictions for every <id>.txt."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from . import annotate, load, to_gold_dict


def _published(sidecar: Path) -> dt.date | None:
    if not sidecar.exists():
        return None
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = meta.get("published") or (meta.get("source") or {}).get("published")
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m app.annotator", description=__doc__)
    p.add_argument("command", nargs="?", default="annotate", help="'annotate' (default)")
    p.add_argument("dir", nargs="?", help="folder of <id>.txt (+ optional <id>.json with 'published')")
    p.add_argument("--out", required=True, help="folder for <id>.json predictions")
    args = p.parse_args(argv)
    src = args.dir
    if args.command != "annotate" and src is None:
        src = args.command  # `python -m app.annotator DIR --out OUT`
    elif args.command != "annotate":
        p.error(f"unknown command {args.command!r}")
    if src is None:
        p.error("DIR is required")
    src_dir, out_dir = Path(src), Path(args.out)
    if not src_dir.is_dir():
        print(f"not a folder: {src_dir}", file=sys.stderr)
        return 2
    out_dir.mkdir(parents=True, exist_ok=True)
    load()
    n = 0
    for txt in sorted(src_dir.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        ann = annotate(text, published=_published(txt.with_suffix(".json")))
        out = to_gold_dict(ann, txt.stem)
        (out_dir / f"{txt.stem}.json").write_text(
            json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        n += 1
    print(f"annotated {n} article(s) -> {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
