"""Counts benchmark: GET /v1/events/counts?country=GBR&group_by=month,type (a month-by-type count for
one country, GBR: the 2nd most frequent) on the generated data set, SQLite and PostgreSQL, beside
Datasette running the same SQL (the service's own grouped statement) on the same SQLite file.

Each system answers the request one at a time (one client, one connection) after a warm-up; the
figures are the median wall time per answer and the server's CPU per answer (PostgreSQL's backends
included), the stable measure on a shared machine. Target: under 100 ms.

    python -m bench.counts_speed                  # 1M events (generated once, cached in bench/out/)
    python -m bench.counts_speed --events 100000 --no-postgres
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

from bench import generate, servers
from bench.load import cpu_seconds

COUNTRY = "GBR"
PATH = f"/v1/events/counts?country={COUNTRY}&group_by=month,type"
TARGET_MS = 100
REPEATS = 30


@dataclass
class Figure:
    backend: str
    system: str
    n: int
    wall_ms: float
    cpu_ms: float
    rows: int


def counts_sql() -> str:
    """The grouped statement the service issues for PATH on SQLite, with a named :country parameter."""
    from sqlalchemy.dialects import sqlite

    from app.events.counts import counts_query
    from app.events.repository import EventFilter

    grouped, _, _ = counts_query(EventFilter(country=COUNTRY), ("month", "type"), "sqlite")
    return str(grouped.compile(dialect=sqlite.dialect(paramstyle="named")))


def _time(base: str, path: str, cpu: callable, rows_of: callable) -> tuple[float, float, int]:
    r = httpx.get(base + path, timeout=120)
    r.raise_for_status()
    rows = rows_of(r.json())
    for _ in range(3):  # warm-up: page cache, statement caches, connections
        httpx.get(base + path, timeout=120)
    walls = []
    cpu0 = cpu()
    with httpx.Client(base_url=base, timeout=120) as client:
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            client.get(path).raise_for_status()
            walls.append((time.perf_counter() - t0) * 1000)
    return statistics.median(walls), (cpu() - cpu0) * 1000 / REPEATS, rows


def service(backend: str, n: int, url: str, postmaster: int | None = None) -> Figure:
    with servers.service(url, f"counts-{backend}-{n}") as srv:

        def cpu() -> float:
            total = cpu_seconds(srv.process.pid)
            return total + (cpu_seconds(postmaster, with_children=True) if postmaster else 0.0)

        wall, cpu_ms, rows = _time(srv.base_url, PATH, cpu, lambda b: sum(1 for r in b["rows"] if r["count"]))
    return Figure(backend, "service", n, wall, cpu_ms, rows)


def datasette(path: Path, n: int) -> Figure:
    params = {"sql": counts_sql(), "country": COUNTRY}
    url = f"/{path.stem}.json?{urlencode(params, quote_via=quote)}&_shape=array&_nocount=1"
    with servers.datasette(path, max_rows=100_000) as ds:  # the whole answer, as the service gives
        wall, cpu_ms, rows = _time(ds.base_url, url, lambda: cpu_seconds(ds.process.pid), len)
    return Figure("sqlite", "datasette (same SQL)", n, wall, cpu_ms, rows)


def measure(n: int, *, postgres: bool = True) -> tuple[list[Figure], list[str]]:
    path = generate.cached_sqlite(n)
    figures, notes = [service("sqlite", n, f"sqlite:///{path}"), datasette(path, n)], []
    for f in figures:
        print(f"  {f.backend:9} {f.system:22} {f.wall_ms:7.1f} ms  cpu {f.cpu_ms:7.1f} ms  {f.rows} rows")
    if postgres:
        from tests.support import postgres as pg_support

        pg = pg_support.start()
        if pg is None:
            notes.append("PostgreSQL binaries not found: PostgreSQL row skipped.")
            return figures, notes
        try:
            servers.pin_postgres(pg)
            postmaster = int((pg.datadir / "postmaster.pid").read_text().split()[0])
            url = pg.create_database(f"counts_{n}")
            generate.copy_sqlite_to(path, url)
            f = service("postgres", n, url, postmaster)
            figures.append(f)
            print(f"  {f.backend:9} {f.system:22} {f.wall_ms:7.1f} ms  cpu {f.cpu_ms:7.1f} ms  {f.rows} rows")
        finally:
            pg.stop()
    return figures, notes


def render(n: int, figures: list[Figure], notes: list[str]) -> str:
    out = [
        f"`GET {PATH}` on {n:,} generated events: one client, requests one after another, median of "
        f"{REPEATS} after a warm-up; the server pinned to core {servers.SERVER_CPU} (PostgreSQL too). "
        f"Datasette runs the service's own grouped SQL on the same SQLite file (`-i`). Target: "
        f"< {TARGET_MS} ms.",
        "",
        "| backend | system | wall ms (median) | server CPU ms/request | non-zero rows | target |",
        "|---|---|---:|---:|---:|---|",
    ]
    for f in figures:
        met = ""
        if f.system == "service":
            met = "met" if f.cpu_ms < TARGET_MS and f.wall_ms < TARGET_MS else "**missed**"
        out.append(f"| {f.backend} | {f.system} | {f.wall_ms:.1f} | {f.cpu_ms:.1f} | {f.rows:,} | {met} |")
    out += ["", *notes] if notes else []
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--no-postgres", action="store_true")
    args = p.parse_args(argv)
    print(f"counts: {args.events:,} events", flush=True)
    figures, notes = measure(args.events, postgres=not args.no_postgres)
    print(render(args.events, figures, notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
