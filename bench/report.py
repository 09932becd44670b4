"""Render bench/results/latest.md from the measured rows, with the targets checked."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.run import Bench, Row

BASE_N = 100_000


def _pg_version() -> str:
    from tests.support.postgres import find_bin

    pg = find_bin("postgres")
    if not pg:
        return "not installed"
    out = subprocess.run([pg, "--version"], capture_output=True, text=True, check=False).stdout
    return out.strip().rsplit(" ", 1)[-1]


def _cost_ms(row: Row) -> float:
    """Server time per request at saturation: one worker on one core, so 1000 / req/s."""
    return 1000 / row.result.rps if row.result.rps else float("inf")


def _line(row: Row) -> str:
    r = row.result
    err = str(r.errors) if r.errors else ""
    return (
        f"| {row.backend} | {row.n:,} | {row.request} | {row.system} | {r.rps:,.0f} | {r.p50_ms:.2f} | "
        f"{r.p99_ms:.2f} | {row.size / 1024:.1f} | {err} |"
    )


def _check(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def render(b: Bench, args, seconds: int, wrk: str | None, elapsed: float, ingest: str | None) -> str:  # noqa: ANN001
    out = [
        "# Read API benchmark",
        "",
        f"- Command: `make bench` (`python -m bench.run{' --quick' if args.quick else ''}`), "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, took {elapsed / 60:.1f} min.",
        f"- Machine: {os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, PostgreSQL {_pg_version()}.",
        f"- Load: {'wrk, 1 thread' if wrk else 'built-in asyncio driver'}, {args.connections} keep-alive "
        f"connections, {seconds} s per run after a 2 s warm-up, pinned to core 0; each server "
        "(one uvicorn worker, uvloop + httptools; PostgreSQL too) pinned to core 1.",
        "- Data: `bench/generate.py` (seed 1): ~3 events and ~3 statements per article, ~2 participants "
        "per event, Zipf-popular actors and countries, 2019-2025.",
        "- Filtered list: `country=GBR&type=removal&limit=50` (participants and countries included); "
        "Datasette runs the equivalent SQL (same join, same page, participants and countries as JSON "
        "columns) with `-i`, `_nocount=1`, facets and suggestions off.",
        "- Ceiling: a bare FastAPI app on the same uvicorn settings returning this service's own "
        "response body for that page, precomputed.",
        "",
        f"## All runs ({args.connections} connections)",
        "",
        "| backend | events | request | system | req/s | p50 ms | p99 ms | body KB | errors |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|",
        *[_line(r) for r in b.rows],
        "",
    ]
    targets = []
    ours = b.find("sqlite", BASE_N, "filtered list")
    ds = b.find("sqlite", BASE_N, "filtered list", "datasette")
    out += ["## Ratios (100k events, filtered list, req/s)", ""]
    if ours and ds:
        ratio = ours.result.rps / ds.result.rps
        out.append(f"- SQLite: service / Datasette = **{ratio:.1f}x**")
        targets.append(("filtered list >= 5x Datasette (SQLite, 100k)", f"{ratio:.1f}x", ratio >= 5))
    for backend in ("sqlite", "postgres"):
        mine, ceil = (
            b.find(backend, BASE_N, "filtered list"),
            b.find(backend, BASE_N, "filtered list", "ceiling"),
        )
        if mine and ceil:
            ratio = mine.result.rps / ceil.result.rps
            out.append(f"- {backend}: service / framework ceiling = **{ratio:.0%}**")
            targets.append(
                (f"filtered list >= 50% of ceiling ({backend}, 100k)", f"{ratio:.0%}", ratio >= 0.5)
            )
        if mine:
            targets.append(
                (f"p99 <= 20 ms at {args.connections} connections ({backend}, 100k)",
                 f"{mine.result.p99_ms:.1f} ms", mine.result.p99_ms <= 20)
            )  # fmt: skip
    out += ["", "## First page vs deep page (cursor at 90% of the matches)", ""]
    out += ["| backend | events | first: ms/req | deep: ms/req | deep / first |", "|---|---:|---:|---:|---:|"]
    for row in b.rows:
        if row.request == "deep page (90%)":
            first = b.find(row.backend, row.n, "filtered list")
            if first:
                ratio = _cost_ms(row) / _cost_ms(first)
                cells = [
                    row.backend,
                    f"{row.n:,}",
                    f"{_cost_ms(first):.2f}",
                    f"{_cost_ms(row):.2f}",
                    f"{ratio:.2f}x",
                ]
                out.append(f"| {' | '.join(cells)} |")
                if row.n == BASE_N:
                    targets.append((f"deep page <= 1.2x first page ({row.backend}, 100k)", f"{ratio:.2f}x",
                                    ratio <= 1.2))  # fmt: skip
    out += ["", "## The same query as the data grows (filtered list; ms/req = 1000 / req/s)", ""]
    out += [
        "| backend | events | req/s | ms/req | p50 ms | p99 ms | cost vs 10k |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for backend in ("sqlite", "postgres"):
        small = b.find(backend, 10_000, "filtered list")
        for row in sorted((r for r in b.rows if r.backend == backend and r.request == "filtered list"
                           and r.system == "service"), key=lambda r: r.n):  # fmt: skip
            ratio = _cost_ms(row) / _cost_ms(small) if small else None
            r = row.result
            cells = [backend, f"{row.n:,}", f"{r.rps:,.0f}", f"{_cost_ms(row):.2f}", f"{r.p50_ms:.2f}"]
            cells += [f"{r.p99_ms:.2f}", f"{ratio:.2f}x" if ratio else ""]
            out.append(f"| {' | '.join(cells)} |")
            if ratio and row.n == 1_000_000:
                targets.append((f"1M <= 1.5x the cost at 10k ({backend})", f"{ratio:.2f}x", ratio <= 1.5))
    out += ["", "## Targets", "", "| target | measured | |", "|---|---:|---|"]
    out += [f"| {name} | {value} | {_check(ok)} |" for name, value, ok in targets]
    if b.notes:
        out += ["", "## Notes", "", *[f"- {n}" for n in b.notes]]
    if ingest is not None:
        out += ["", "## Ingestion (`bench/ingest_speed.py`)", "", "```", ingest, "```"]
    return "\n".join(out) + "\n"
