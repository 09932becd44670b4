"""Read-API benchmark, side by side: this service, Datasette on the same SQLite file, and the
framework ceiling (a bare FastAPI app returning a precomputed body of the same size), on SQLite
and PostgreSQL, at 10k / 100k / 1M events. Writes bench/results/latest.md.

    make bench                      # python -m bench.run
    python -m bench.run --quick     # 10k and 100k only, 5 s runs, no PostgreSQL 1M

Then the export figure (bench/export_speed.py) and the counts figure (bench/counts_speed.py) on the
largest data set, with their peers. Either alone: ``python -m bench.export_speed``,
``python -m bench.counts_speed``.

One uvicorn worker pinned to one core (taskset), the load driver (wrk, one thread) on the other.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

from bench import counts_speed, export_speed, generate, servers, varied
from bench.load import LoadResult, cpu_seconds, ensure_wrk, run_load
from bench.report import load_average, render

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "latest.md"
COUNTRY, TYPE = "GBR", "removal"  # 2nd most frequent country, 2nd most frequent type
PAGE = 50
BASE_N = 100_000
# PostgreSQL 1M is loaded only when the 100k copy suggests it fits this budget (seconds).
PG_1M_BUDGET_S = 330
# The varied workload (bench/varied.py): distinct draws, the last WARM_PATHS of them for the warm-up only.
VARIED_PATHS, WARM_PATHS = 30_000, 3_000

DATASETTE_SQL = """
select e.id, e.type, e.policy_area, e.date, e.date_precision, e.people_count, e.summary, e.background,
  e.article_id, e.start, e."end", e.evidence_text, e.annotator, e.annotator_version, e.annotator_kind,
  e.confidence, e.review_state, e.created_at,
  (select json_group_array(c.country) from event_country c where c.event_id = e.id) as countries,
  (select json_group_array(json_object('role', p.role, 'id', a.id, 'kind', a.kind, 'name', a.name,
      'country', a.country)) from event_participant p join actor a on a.id = p.actor_id
    where p.event_id = e.id) as participants
from event e join event_country ec on ec.event_id = e.id and ec.country = :country
where e.type = :type and e.id > :after
order by e.id limit 51
""".strip()


@dataclass
class Workload:
    """The URLs of one data set; the ids are the same in SQLite and PostgreSQL."""

    n: int
    path: Path
    urls: dict[str, str] = field(default_factory=dict)
    draws: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, n: int, path: Path) -> Workload:
        from app.core.pagination import encode_cursor

        db = sqlite3.connect(path)
        ids = [
            r[0]
            for r in db.execute(
                "select e.id from event e join event_country c on c.event_id = e.id and c.country = ? "
                "where e.type = ? order by e.id",
                (COUNTRY, TYPE),
            )
        ]
        (actor,) = db.execute(
            "select actor_id from event_participant group by actor_id order by count(*) desc limit 1"
        ).fetchone()
        db.close()
        first = f"/v1/events?{urlencode({'country': COUNTRY, 'type': TYPE, 'limit': PAGE})}"
        deep = encode_cursor("id", [ids[int(len(ids) * 0.9)]])
        w = cls(n, path)
        w.urls = {
            "filtered list": first,
            "next page": f"{first}&cursor={encode_cursor('id', [ids[PAGE - 1]])}",
            "deep page (90%)": f"{first}&cursor={deep}",
            "event detail": f"/v1/events/{n // 2}",
            "actor's events": f"/v1/actors/{actor}/events?limit={PAGE}",
        }
        return w

    def varied(self) -> list[tuple[str, str]]:
        """(service path, Datasette path) of each draw of the varied workload, drawn once."""
        if not self.draws:
            self.draws = [
                (p, f"/{self.path.stem}.json?{q}") for p, q in varied.draws(self.path, VARIED_PATHS)
            ]
        return self.draws

    def datasette_url(self) -> str:
        params = {"sql": DATASETTE_SQL, "country": COUNTRY, "type": TYPE, "after": 0}
        return f"/{self.path.stem}.json?{urlencode(params, quote_via=quote)}&_shape=array&_nocount=1"


@dataclass
class Row:
    backend: str
    n: int
    request: str
    system: str
    result: LoadResult
    size: int


class Bench:
    def __init__(self, seconds: int, connections: int, wrk: str | None) -> None:
        self.seconds, self.connections, self.wrk = seconds, connections, wrk
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.postmaster: int | None = None  # its CPU counts too while PostgreSQL serves

    def measure(
        self, backend: str, n: int, request: str, system: str, srv: servers.Running, path: str | list[str]
    ) -> Row:
        """One run on ``path``, or, given a list, each request the next path of it (the varied workload:
        its last WARM_PATHS paths warm up, so the measured requests are all new to the server)."""
        base = srv.base_url
        paths, warm = (path[:-WARM_PATHS], path[-WARM_PATHS:]) if isinstance(path, list) else (None, None)
        first = paths[0] if paths else path
        r = httpx.get(base + first, timeout=60)
        r.raise_for_status()
        run_load(base + first, 2, self.connections, self.wrk, warm)  # warm-up: caches, pools, connections

        def cpu() -> float:
            total = cpu_seconds(srv.process.pid)
            if backend == "postgres" and system == "service" and self.postmaster:
                total += cpu_seconds(self.postmaster, with_children=True)
            return total

        cpu_before = cpu()
        result = run_load(base + first, self.seconds, self.connections, self.wrk, paths)
        result.cpu_ms = (cpu() - cpu_before) * 1000 / max(1, result.requests)
        row = Row(backend, n, request, system, result, len(r.content))
        self.rows.append(row)
        print(
            f"  {backend:10} {n:>9,} {request:17} {system:10} {result.rps:8.0f} req/s "
            f"p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms  cpu {result.cpu_ms:5.2f} ms/req  "
            f"{len(r.content) / 1024:5.1f} KB" + (f"  ERRORS {result.errors}" if result.errors else ""),
            flush=True,
        )
        return row

    def service(
        self, backend: str, w: Workload, db_url: str, requests: list[str], vary: bool = False
    ) -> None:
        with servers.service(db_url, f"{backend}-{w.n}") as srv:
            for name in requests:
                self.measure(backend, w.n, name, "service", srv, w.urls[name])
            if vary:
                self.measure(backend, w.n, "varied list", "service", srv, [p for p, _ in w.varied()])

    def find(self, backend: str, n: int, request: str, system: str = "service") -> Row | None:
        for row in self.rows:
            if (row.backend, row.n, row.request, row.system) == (backend, n, request, system):
                return row
        return None


def sqlite_part(b: Bench, workloads: dict[int, Workload]) -> None:
    w = workloads[BASE_N]
    url = f"sqlite:///{w.path}"
    b.service("sqlite", w, url, list(w.urls), vary=True)
    with servers.service(url, "sqlite-body") as srv:
        page = httpx.get(srv.base_url + w.urls["filtered list"], timeout=60).content
    body_path = servers.LOGS / "ceiling-body.json"
    body_path.write_bytes(page)
    with servers.datasette(w.path) as ds:
        rows = httpx.get(ds.base_url + w.datasette_url(), timeout=60).json()
        if len(rows) != PAGE + 1:
            raise RuntimeError(f"Datasette answered {len(rows)} rows, expected {PAGE + 1}")
        b.measure("sqlite", w.n, "filtered list", "datasette", ds, w.datasette_url())
        b.measure("sqlite", w.n, "varied list", "datasette", ds, [d for _, d in w.varied()])
    with servers.ceiling(body_path) as ceil:
        b.measure("sqlite", w.n, "filtered list", "ceiling", ceil, w.urls["filtered list"])
    for n, other in workloads.items():
        if n != BASE_N:
            b.service("sqlite", other, f"sqlite:///{other.path}", ["filtered list", "deep page (90%)"])


def postgres_part(b: Bench, workloads: dict[int, Workload], allow_1m: bool) -> None:
    from tests.support import postgres

    pg = postgres.start()
    if pg is None:
        b.notes.append("PostgreSQL binaries not found: PostgreSQL rows skipped.")
        return
    try:
        servers.pin_postgres(pg)
        b.postmaster = int((pg.datadir / "postmaster.pid").read_text().split()[0])
        copy_time: dict[int, float] = {}
        for n in sorted(workloads):
            w = workloads[n]
            if n > BASE_N:
                estimate = copy_time.get(BASE_N, 0) * n / BASE_N
                if not allow_1m or estimate > PG_1M_BUDGET_S:
                    b.notes.append(
                        f"PostgreSQL at {n:,} events skipped: loading it would take ~{estimate:.0f} s "
                        f"(budget {PG_1M_BUDGET_S} s)" + ("" if allow_1m else "; --quick")
                    )
                    continue
            url = pg.create_database(f"bench_{n}")
            t0 = time.perf_counter()
            generate.copy_sqlite_to(w.path, url)
            copy_time[n] = time.perf_counter() - t0
            requests = list(w.urls) if n == BASE_N else ["filtered list", "deep page (90%)"]
            b.service("postgres", w, url, requests, vary=n == BASE_N)
            if n == BASE_N:
                body_path = servers.LOGS / "ceiling-body-pg.json"
                with servers.service(url, "postgres-body") as srv:
                    body_path.write_bytes(httpx.get(srv.base_url + w.urls["filtered list"]).content)
                with servers.ceiling(body_path) as ceil:
                    b.measure("postgres", n, "filtered list", "ceiling", ceil, w.urls["filtered list"])
    finally:
        pg.stop()


def ingestion_part() -> str | None:
    """The ingestion benchmark, when bench/ingest_speed.py exists (another engineer's)."""
    if not (ROOT / "bench" / "ingest_speed.py").exists():
        return None
    proc = subprocess.run(
        [sys.executable, "-m", "bench.ingest_speed"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return (
        proc.stdout + (f"\n(exit {proc.returncode})\n{proc.stderr[-2000:]}" if proc.returncode else "")
    ).strip()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="10k and 100k only, 5 s runs")
    p.add_argument("--seconds", type=int, default=None, help="length of each run (default 10, quick 5)")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--no-postgres", action="store_true")
    p.add_argument(
        "--no-sqlite", action="store_true", help="PostgreSQL runs only (the SQLite file still feeds it)"
    )
    p.add_argument("--no-ingest", action="store_true", help="skip bench/ingest_speed.py")
    p.add_argument("--no-export", action="store_true", help="skip bench/export_speed.py")
    p.add_argument("--no-counts", action="store_true", help="skip bench/counts_speed.py")
    p.add_argument("--out", type=Path, default=RESULTS)
    p.add_argument("--sizes", type=int, nargs="+", help="data sets, in events (must include 100000)")
    p.add_argument(
        "--sqlite-file", type=Path, help="the 100k data set's SQLite file, used as it is (not migrated); "
        "with --service-root, a before/after on the same rows (an older service ignores newer tables)"
    )  # fmt: skip
    p.add_argument("--service-root", type=Path, help="run the service from this checkout (default: this one)")
    args = p.parse_args(argv)
    seconds = args.seconds or (5 if args.quick else 10)
    sizes = args.sizes or ([10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000])
    if BASE_N not in sizes:
        p.error(f"--sizes must include {BASE_N}")
    if args.service_root:
        os.environ["BENCH_SERVICE_ROOT"] = str(args.service_root.resolve())
    started, load_at_start = time.perf_counter(), load_average()
    wrk = ensure_wrk()
    b = Bench(seconds, args.connections, wrk)
    if not wrk:
        b.notes.append("wrk unavailable: load from the built-in asyncio driver, itself a bottleneck.")
    workloads = {}
    for n in sizes:
        print(f"data: {n:,} events", flush=True)
        path = args.sqlite_file if args.sqlite_file and n == BASE_N else generate.cached_sqlite(n)
        workloads[n] = Workload.of(n, path)
    if not args.no_sqlite:
        sqlite_part(b, workloads)
    if not args.no_postgres:
        postgres_part(b, workloads, allow_1m=not args.quick)
    ingest = None if args.no_ingest else ingestion_part()
    export = None
    if not args.no_export:
        n = max(sizes)
        export = export_speed.render(n, export_speed.measure(n))
    counts = None
    if not args.no_counts:
        n = max(sizes)
        counts = counts_speed.render(n, *counts_speed.measure(n, postgres=not args.no_postgres))
    load = (load_at_start, load_average())
    report = render(b, args, seconds, wrk, time.perf_counter() - started, ingest, load, export, counts)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
