"""Ingestion throughput: over HTTP, with the batch CLI, and where the time goes in-process.

    python -m bench.ingest_speed                  # 80 articles over HTTP and the CLI, 30 in-process
    python -m bench.ingest_speed --n 40 --clients 4 --server-workers 2

(a) a real uvicorn on loopback with a fresh SQLite database; a write key; N distinct ~400-word
    articles POSTed from a few client threads -> articles/s and latency.
(b) ``python -m app ingest`` on the same kind of input (NDJSON), all cores -> articles/s, wall
    clock including process start and model loading.
(c) in-process prepare / run_annotator / persist over the same kind of articles -> share of each.

Besides wall-clock rates it reports CPU seconds per article (server processes, CLI processes),
so a run on a machine shared with other work still says what the code costs; "capacity" is
cores / CPU-per-article, the rate an otherwise idle machine would reach. Linux only (/proc).
Needs shared/corpus (the development texts) next to the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
TARGET_WORDS = 400
TICK = os.sysconf("SC_CLK_TCK")


def make_articles(n: int, tag: str) -> list[dict]:
    """n distinct ~400-word articles: one corpus text, topped up from another, plus a varying line."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if not texts:
        sys.exit(f"no corpus texts in {CORPUS}")
    out = []
    for i in range(n):
        main, extra = texts[i % len(texts)], texts[(i // len(texts) + i + 1) % len(texts)]
        missing = max(0, TARGET_WORDS - len(main.split()))
        top_up = " ".join(extra.split("\n", 1)[-1].split()[:missing])
        text = f"{main}\n{top_up}.\nReporting by desk {tag}-{i}; edited on day {i % 28 + 1}."
        out.append(
            {
                "text": text,
                "url": f"https://bench.example/{tag}/{i}",
                "title": text.split("\n", 1)[0][:200],
                "published_at": f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            }
        )
    return out


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a live process and all its descendants (from /proc)."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    family, total = {pid}, 0.0
    for _ in range(4):  # uvicorn supervisor -> workers (and their helpers)
        family |= {p for p, (ppid, _) in stats.items() if ppid in family}
    for p in family:
        total += stats.get(p, (0, 0.0))[1]
    return total


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def use_database(url: str) -> None:
    """Point this process's app code at ``url`` (settings and engines are cached)."""
    from app.core.config import get_settings
    from app.core.db import get_engines

    os.environ["MIGEVENTS_DATABASE_URL"] = url
    get_settings.cache_clear()
    get_engines.cache_clear()


# ---- (a) HTTP -----------------------------------------------------------------------------------


def start_server(url: str, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    from tests.support.postgres import free_port

    port = free_port()
    env = {**os.environ, "MIGEVENTS_DATABASE_URL": url, "MIGEVENTS_RATE_LIMIT_PER_MINUTE": "10000000"}
    cmd = [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited early; see {log}")
        try:
            if httpx.get(base + "/health/ready", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    sys.exit(f"server did not become ready; see {log}")


def bench_http(articles: list[dict], url: str, clients: int, workers: int, log: Path) -> dict:
    from app.core import migrate
    from app.core.db import session_scope
    from app.keys.service import create_key

    migrate.upgrade(url)
    use_database(url)
    with session_scope(write=True) as session:
        _, key = create_key(session, "bench", ["read", "write"])
    proc, base = start_server(url, workers, log)
    headers = {"X-API-Key": key}
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    queue = list(reversed(articles))

    def client() -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
            while True:
                with lock:
                    if not queue:
                        return
                    body = queue.pop()
                started = time.perf_counter()
                r = c.post("/v1/articles", json=body)
                with lock:
                    latencies.append(time.perf_counter() - started)
                    statuses.append(r.status_code)

    try:
        # Not counted: one article per worker, so every process has annotated once.
        for warm in make_articles(2 * workers, "warmup"):
            httpx.post(base + "/v1/articles", json=warm, headers=headers, timeout=120).raise_for_status()
        cpu_before, started = tree_cpu(proc.pid), time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall, cpu = time.perf_counter() - started, tree_cpu(proc.pid) - cpu_before
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    created = statuses.count(201)
    lat = sorted(latencies)
    return {
        "created": created,
        "other_statuses": sorted(set(statuses) - {201}),
        "seconds": wall,
        "cpu_per_article": cpu / max(created, 1),
        "p50_ms": statistics.median(lat) * 1000,
        "p95_ms": lat[int(0.95 * (len(lat) - 1))] * 1000,
    }


# ---- (b) batch CLI --------------------------------------------------------------------------------


def bench_cli(articles: list[dict], url: str, folder: Path) -> dict:
    path = folder / "articles.ndjson"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    env = {**os.environ, "MIGEVENTS_DATABASE_URL": url}
    cmd = [sys.executable, "-m", "app", "ingest", str(path), "--workers", "0"]
    cpu_before, started = children_cpu(), time.perf_counter()
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    wall, cpu = time.perf_counter() - started, children_cpu() - cpu_before
    if run.returncode != 0:
        sys.exit(f"ingest failed:\n{run.stdout}\n{run.stderr[-2000:]}")
    summary = run.stdout.splitlines()[0]
    created = int(summary.split(",")[0].split()[1])
    return {"created": created, "seconds": wall, "cpu_per_article": cpu / max(created, 1), "summary": summary}


# ---- (c) where the time goes ---------------------------------------------------------------------


def bench_inprocess(articles: list[dict], url: str) -> dict:
    from app import annotator as annotation
    from app.core import migrate
    from app.core.db import session_scope
    from app.ingestion import service as ingest
    from app.ingestion.schemas import ArticleIn

    migrate.upgrade(url)
    use_database(url)
    annotation.load()
    cpu = {"prepare": 0.0, "annotate": 0.0, "persist": 0.0}
    started = time.perf_counter()
    for body in articles:
        t0 = time.process_time()
        p = ingest.prepare(ArticleIn.model_validate(body))
        t1 = time.process_time()
        text, published, title = ingest.annotator_args(p)
        ann = annotation.annotate(text, published=published, title=title)
        t2 = time.process_time()
        with session_scope(write=True) as session:
            assert ingest.persist(session, p, ann).created
        t3 = time.process_time()
        cpu["prepare"] += t1 - t0
        cpu["annotate"] += t2 - t1
        cpu["persist"] += t3 - t2
    wall = time.perf_counter() - started
    return {
        "created": len(articles),
        "seconds": wall,
        "cpu_per_article": sum(cpu.values()) / len(articles),
        **cpu,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=80, help="articles for the HTTP and CLI runs")
    ap.add_argument("--n-inprocess", type=int, default=30, help="articles for the in-process breakdown")
    ap.add_argument("--clients", type=int, default=4, help="concurrent HTTP client threads")
    ap.add_argument("--server-workers", type=int, default=os.cpu_count() or 1, help="uvicorn workers")
    args = ap.parse_args(argv)
    cores = os.cpu_count() or 1
    words = statistics.mean(len(a["text"].split()) for a in make_articles(30, "probe"))
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        folder = Path(tmp)
        http = bench_http(
            make_articles(args.n, "http"),
            f"sqlite:///{folder / 'http.db'}",
            args.clients,
            args.server_workers,
            folder / "server.log",
        )
        cli = bench_cli(make_articles(args.n, "cli"), f"sqlite:///{folder / 'cli.db'}", folder)
        inproc = bench_inprocess(make_articles(args.n_inprocess, "inproc"), f"sqlite:///{folder / 'in.db'}")

    print(
        f"{cores} cores, load average {load_start:.1f} at start and {os.getloadavg()[0]:.1f} at end; "
        f"~{words:.0f}-word articles; fresh SQLite file per run\n"
    )
    rows = [
        (f"(a) HTTP POST, {args.clients} clients, {args.server_workers} uvicorn workers", http, cores),
        ("(b) batch CLI, all cores, incl. start-up", cli, cores),
        ("(c) in-process, one thread", inproc, 1),
    ]
    print(f"{'path':50} {'articles':>8} {'wall s':>7} {'art/s':>6} {'CPU ms/art':>10} {'capacity art/s':>15}")
    for label, r, usable in rows:
        cpu_ms = r["cpu_per_article"] * 1000
        print(
            f"{label:50} {r['created']:8} {r['seconds']:7.1f} {r['created'] / r['seconds']:6.1f} "
            f"{cpu_ms:10.0f} {usable / r['cpu_per_article']:10.1f} ({usable} core{'s' * (usable > 1)})"
        )
    print(
        f"\nHTTP latency p50 {http['p50_ms']:.0f} ms, p95 {http['p95_ms']:.0f} ms"
        + (f"; non-201 statuses: {http['other_statuses']}" if http["other_statuses"] else "")
    )
    print(f"CLI: {cli['summary']}")
    total = inproc["prepare"] + inproc["annotate"] + inproc["persist"]
    print("\nsingle-article path, share of CPU time:")
    for step, what in (
        ("prepare", "clean/validate text"),
        ("annotate", "annotation (spaCy + rules)"),
        ("persist", "database (one write transaction)"),
    ):
        ms = inproc[step] / inproc["created"] * 1000
        print(f"  {step:9} {what:34} {inproc[step] / total:6.1%}  {ms:7.1f} ms/article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
