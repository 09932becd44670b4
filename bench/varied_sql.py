"""The varied workload's statements without HTTP: what the database part of a varied request costs.

    python -m bench.varied_sql service FILE [--n 3000] [--ids-out PATH]
    python -m bench.varied_sql datasette FILE_A FILE_B [--n 1500]

``service``: for each of n draws of bench/varied.py, the service's own list statement (the repository's
filters, keyset and order inside the documents wrapper, as app/events/service.py issues it) run on FILE
by the app of the current checkout; prints the mean CPU ms per statement and the costliest shapes.
``--ids-out`` writes each page's ids, one line per draw, so two checkouts' answers can be compared
(``cmp``): run it from each, on its own file, for a before/after on the same rows.

``datasette``: Datasette's SQL for the same draws, run by sqlite3 on two files, interleaved: whether a
schema change moves the peer's cost.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bench import varied

FILTERS = ("country", "actor", "type", "policy_area", "date_from", "review_state")


def _service(path: Path, n: int, ids_out: Path | None) -> None:
    from sqlalchemy import create_engine

    from app.core.pagination import decode_cursor
    from app.events import repository
    from app.events.documents import documents_query

    paths = [p for p, _ in varied.draws(path, varied_n())][:: varied_n() // n][:n]
    total, by_shape, ids = 0.0, defaultdict(list), []
    with create_engine(f"sqlite:///{path}").connect() as conn:
        for p in paths:
            q = parse_qs(urlsplit(p).query)

            def one(k: str, q: dict = q) -> str | None:
                return q[k][0] if k in q else None

            sort = one("sort") or "id"
            day = lambda k: date.fromisoformat(v) if (v := one(k)) else None  # noqa: E731
            f = repository.EventFilter(
                types=q.get("type", []), policy_areas=q.get("policy_area", []), country=one("country"),
                actor_id=int(a) if (a := one("actor")) else None, date_from=day("date_from"),
                date_to=day("date_to"), review_state=one("review_state"),
            )  # fmt: skip
            key_types = (date, int) if sort.lstrip("-") == "date" else (int,)
            after = decode_cursor(c, sort, key_types) if (c := one("cursor")) else None
            stmt, params = repository.events_query(f, sort, int(one("limit") or 50) + 1, after, "sqlite")
            stmt = documents_query(stmt, "sqlite", sort.lstrip("-") == "date", sort.startswith("-"))
            t0 = time.process_time()
            rows = conn.execute(stmt, params).all()
            spent = time.process_time() - t0
            total += spent
            shape = "+".join(k for k in FILTERS if k in q) or "no filter"
            by_shape[f"{shape}, sort {sort}{', cursor' if after else ''}"].append(spent)
            ids.append(",".join(str(r.id) for r in rows))
    print(f"{n} draws on {path}: {1000 * total / n:.3f} ms CPU per statement")
    for shape in sorted(by_shape, key=lambda s: -sum(by_shape[s]))[:12]:
        spent = by_shape[shape]
        print(f"  {shape:55s} n={len(spent):5d}  {1000 * sum(spent) / len(spent):7.2f} ms"
              f"  {100 * sum(spent) / total:5.1f}% of the CPU")  # fmt: skip
    if ids_out:
        ids_out.write_text("\n".join(ids) + "\n")


def _datasette(a: Path, b: Path, n: int) -> None:
    draws = [d for _, d in varied.draws(b, varied_n())][:: varied_n() // n][:n]
    conn_a, conn_b = sqlite3.connect(a), sqlite3.connect(b)
    spent_a = spent_b = 0.0
    differ = 0
    for d in draws:
        q = {k: v[0] for k, v in parse_qs(d).items() if k not in ("_shape", "_nocount")}
        sql = q.pop("sql")
        t0 = time.process_time()
        rows_a = conn_a.execute(sql, q).fetchall()
        t1 = time.process_time()
        rows_b = conn_b.execute(sql, q).fetchall()
        t2 = time.process_time()
        spent_a, spent_b = spent_a + t1 - t0, spent_b + t2 - t1
        differ += rows_a != rows_b
    print(f"{n} draws, Datasette's SQL: {a} {1000 * spent_a / n:.2f} ms, {b} {1000 * spent_b / n:.2f} ms "
          f"CPU per query; {differ} answers differ")  # fmt: skip


def varied_n() -> int:
    from bench.run import VARIED_PATHS

    return VARIED_PATHS


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    s = sub.add_parser("service")
    s.add_argument("file", type=Path)
    s.add_argument("--n", type=int, default=3000)
    s.add_argument("--ids-out", type=Path)
    d = sub.add_parser("datasette")
    d.add_argument("file_a", type=Path)
    d.add_argument("file_b", type=Path)
    d.add_argument("--n", type=int, default=1500)
    args = p.parse_args(argv)
    if args.what == "service":
        _service(args.file, args.n, args.ids_out)
    else:
        _datasette(args.file_a, args.file_b, args.n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
