"""Scale-out on PostgreSQL: ingestion jobs with 1 and 2 workers, reads with 1 and 2 API processes.

    python -m bench.scale_out                     # 160 articles per ingestion run, 100k events read
    python -m bench.scale_out --articles 80 --events 10000 --seconds 5

(a) Ingestion: a fresh database, one API process; the workers (`python -m app worker
    --concurrency 1`, one annotator process each) are started and their model loaded
    first, then one job of N distinct ~400-word articles is posted (POST /v1/ingest-jobs)
    and timed until its GET says done. Reports articles/s, and the CPU seconds per
    article of the workers (annotator processes included) and of PostgreSQL.
(b) Reads: the benchmark's data set (bench/generate.py) copied into PostgreSQL, served
    by `python -m app serve --workers N`, loaded by wrk (32 connections) on the filtered
    events list. Reports req/s, p50/p99 and CPU ms per request (API processes and
    PostgreSQL). Nothing is pinned: N processes need N cores.
(c) Intake (``--intake N``): one POST of N one-sentence articles, timed to its 202, then
    one GET of the job; no worker runs.

On a shared machine the wall-clock rates move with other work; CPU per unit is the
stable measure, and "capacity" (cores / CPU per unit) the rate an idle machine would reach.
Writes bench/results/scale_out.md.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench import generate
from bench.ingest_speed import make_articles, tree_cpu
from bench.load import cpu_seconds, ensure_wrk, run_load
from bench.report import load_average
from bench.run import Workload
from tests.support import postgres
from tests.support.postgres import free_port

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "scale_out.md"
LOGS = ROOT / "bench" / "out" / "logs"
CORES = len(os.sched_getaffinity(0))


def _env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "MIGEVENTS_DATABASE_URL": url,
        "MIGEVENTS_RATE_LIMIT_PER_MINUTE": "1000000000",  # counted on every request, never reached
        "MIGEVENTS_LOG_LEVEL": "INFO",
    }


def start_api(url: str, workers: int, name: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    LOGS.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers)]
    log = open(LOGS / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the child
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(url), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited early; see {LOGS / name}.log")
        try:
            if httpx.get(base + "/health/ready", timeout=2).status_code == 200:
                time.sleep(3 if workers > 1 else 0)  # let the other workers finish starting
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    sys.exit(f"server did not become ready; see {LOGS / name}.log")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def make_key(url: str) -> str:
    from sqlmodel import Session

    from app.core.db import get_engines
    from app.keys.service import create_key

    with Session(get_engines(url)[1]) as session:
        _, token = create_key(session, "bench", ["read", "write"])
        session.commit()
    return token


# ---- (a) ingestion -------------------------------------------------------------------------------


def start_workers(url: str, n: int, tag: str) -> list[tuple[subprocess.Popen, Path]]:
    out = []
    for i in range(n):
        log = LOGS / f"worker-{tag}-{i}.log"
        log.unlink(missing_ok=True)
        with open(log, "ab") as handle:
            cmd = [sys.executable, "-m", "app", "worker", "--concurrency", "1"]
            proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(url), stdout=handle, stderr=subprocess.STDOUT)
        out.append((proc, log))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if all("annotator process ready" in log.read_text(errors="replace") for _, log in out):
            return out
        if any(proc.poll() is not None for proc, _ in out):
            sys.exit(f"a worker exited early; see {LOGS}")
        time.sleep(0.3)
    sys.exit("the workers did not become ready")


def ingestion_run(url: str, base: str, key: str, pg_pid: int, workers: int, n: int) -> dict:
    articles = make_articles(n, f"w{workers}")
    body = ("\n".join(json.dumps(a) for a in articles) + "\n").encode()
    procs = start_workers(url, workers, f"w{workers}")
    try:
        worker_cpu0 = sum(tree_cpu(p.pid) for p, _ in procs)
        pg_cpu0 = cpu_seconds(pg_pid, with_children=True)
        started = time.perf_counter()
        with httpx.Client(base_url=base, timeout=300, headers={"X-API-Key": key}) as c:
            r = c.post("/v1/ingest-jobs", content=body, headers={"content-type": "application/x-ndjson"})
            r.raise_for_status()
            posted = time.perf_counter() - started
            job = r.json()["id"]
            while True:
                state = c.get(f"/v1/ingest-jobs/{job}").json()
                if state["state"] == "done":
                    break
                time.sleep(0.1)
        elapsed = time.perf_counter() - started
        worker_cpu = sum(tree_cpu(p.pid) for p, _ in procs) - worker_cpu0
        pg_cpu = cpu_seconds(pg_pid, with_children=True) - pg_cpu0
    finally:
        for proc, _ in procs:
            stop(proc)
    if state["counts"]["created"] != n:
        sys.exit(f"expected {n} new articles, got {state['counts']}")
    row = {
        "workers": workers,
        "articles": n,
        "seconds": elapsed,
        "post_seconds": posted,
        "rate": n / elapsed,
        "worker_cpu": worker_cpu / n,
        "pg_cpu": pg_cpu / n,
    }
    row["capacity"] = CORES / (row["worker_cpu"] + row["pg_cpu"])
    print(
        f"  ingestion, {workers} worker(s): {n} articles in {elapsed:.1f} s = {row['rate']:.1f}/s "
        f"(POST {posted:.2f} s); CPU/article: workers {row['worker_cpu'] * 1000:.0f} ms, "
        f"PostgreSQL {row['pg_cpu'] * 1000:.0f} ms",
        flush=True,
    )
    return row


# ---- (c) intake ----------------------------------------------------------------------------------


def intake_run(url: str, base: str, key: str, n: int) -> dict:
    lines = (
        json.dumps({"text": f"Kenya agreed on Monday to take {i} migrants deported from Britain.",
                    "url": f"https://intake.example/{i}"})
        for i in range(n)
    )  # fmt: skip
    body = ("\n".join(lines) + "\n").encode()
    with httpx.Client(base_url=base, timeout=900, headers={"X-API-Key": key}) as c:
        started = time.perf_counter()
        r = c.post("/v1/ingest-jobs", content=body, headers={"content-type": "application/x-ndjson"})
        posted = time.perf_counter() - started
        r.raise_for_status()
        started = time.perf_counter()
        c.get(f"/v1/ingest-jobs/{r.json()['id']}").raise_for_status()
        got = time.perf_counter() - started
    row = {"articles": n, "mb": len(body) / 1e6, "post_seconds": posted, "get_ms": got * 1000}
    print(
        f"  intake: {n} articles ({row['mb']:.1f} MB) answered 202 in {posted:.1f} s; GET {got * 1000:.0f} ms"
    )
    return row


# ---- (b) reads -----------------------------------------------------------------------------------


def read_run(url: str, path: str, pg_pid: int, processes: int, seconds: int, wrk: str | None) -> dict:
    proc, base = start_api(url, processes, f"read-{processes}")
    try:
        httpx.get(base + path, timeout=60).raise_for_status()
        run_load(base + path, 3, 32, wrk)  # warm-up: every process's pools and caches
        cpu0 = tree_cpu(proc.pid) + cpu_seconds(pg_pid, with_children=True)
        result = run_load(base + path, seconds, 32, wrk)
        cpu = tree_cpu(proc.pid) + cpu_seconds(pg_pid, with_children=True) - cpu0
    finally:
        stop(proc)
    row = {
        "processes": processes,
        "rps": result.rps,
        "p50": result.p50_ms,
        "p99": result.p99_ms,
        "errors": result.errors,
        "cpu_ms": cpu * 1000 / max(1, result.requests),
    }
    print(
        f"  reads, {processes} API process(es): {result.rps:.0f} req/s, p50 {result.p50_ms:.1f} ms, "
        f"p99 {result.p99_ms:.1f} ms, CPU {row['cpu_ms']:.2f} ms/req, errors {result.errors}",
        flush=True,
    )
    return row


def render(
    args: argparse.Namespace,
    ingest: list[dict],
    reads: list[dict],
    intake: list[dict],
    took: float,
    load: tuple,
) -> str:
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Scale-out on PostgreSQL",
        "",
        f"Command: `python -m bench.scale_out {' '.join(sys.argv[1:])}`, {at}, "
        f"took {took / 60:.1f} min; {CORES} cores, load average "
        f"{load[0]} at the start and {load[1]} at the end (the machine is shared). PostgreSQL is the "
        "tests' throwaway server (fsync off).",
        "",
        "Ingestion jobs (`POST /v1/ingest-jobs`, then `python -m app worker --concurrency 1` per worker; "
        "~400-word articles; model loaded before the clock starts):",
        "",
        "| workers | articles | seconds | articles/s | worker CPU s/article | PostgreSQL CPU ms/article "
        "| capacity articles/s |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in ingest:
        lines.append(
            f"| {r['workers']} | {r['articles']} | {r['seconds']:.1f} | {r['rate']:.1f} | "
            f"{r['worker_cpu']:.3f} | {r['pg_cpu'] * 1000:.1f} | {r['capacity']:.1f} |"
        )
    lines += [
        "",
        f"Reads (`python -m app serve --workers N`, {args.events:,} events, filtered events list, "
        "wrk 32 connections):",
        "",
        "| API processes | req/s | p50 ms | p99 ms | CPU ms/req (API + PostgreSQL) | errors |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in reads:
        lines.append(
            f"| {r['processes']} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['cpu_ms']:.2f} "
            f"| {r['errors']} |"
        )
    if intake:
        lines += [
            "",
            "Intake (one `POST /v1/ingest-jobs` of one-sentence articles, no worker running):",
            "",
            "| articles | MB | seconds to 202 | GET of the job, ms |",
            "|---:|---:|---:|---:|",
        ]
        for r in intake:
            lines.append(
                f"| {r['articles']:,} | {r['mb']:.1f} | {r['post_seconds']:.1f} | {r['get_ms']:.0f} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=160, help="articles per ingestion run")
    p.add_argument("--events", type=int, default=100_000, help="events in the read data set")
    p.add_argument("--seconds", type=int, default=10, help="length of each read run")
    p.add_argument("--no-reads", action="store_true")
    p.add_argument("--no-ingest", action="store_true")
    p.add_argument("--intake", type=int, default=0, help="also time one POST of this many articles")
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args(argv)
    started, load0 = time.perf_counter(), load_average()
    pg = postgres.start()
    if pg is None:
        sys.exit("PostgreSQL is not installed")
    pg_pid = int((pg.datadir / "postmaster.pid").read_text().split()[0])
    ingest, reads, intake = [], [], []
    try:
        if not args.no_ingest:
            from app.core import migrate

            url = pg.create_database("scale_ingest")
            migrate.upgrade(url)
            key = make_key(url)
            api, base = start_api(url, 1, "ingest-api")
            try:
                for workers in (1, 2):
                    ingest.append(ingestion_run(url, base, key, pg_pid, workers, args.articles))
            finally:
                stop(api)
        if args.intake:
            from app.core import migrate

            url = pg.create_database("scale_intake")
            migrate.upgrade(url)
            key = make_key(url)
            api, base = start_api(url, 1, "intake-api")
            try:
                intake.append(intake_run(url, base, key, args.intake))
            finally:
                stop(api)
        if not args.no_reads:
            url = pg.create_database("scale_reads")
            w = Workload.of(args.events, generate.cached_sqlite(args.events))
            generate.copy_sqlite_to(w.path, url)
            wrk = ensure_wrk()
            for processes in (1, 2):
                reads.append(read_run(url, w.urls["filtered list"], pg_pid, processes, args.seconds, wrk))
    finally:
        pg.stop()
    report = render(args, ingest, reads, intake, time.perf_counter() - started, (load0, load_average()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
