"""Export benchmark: GET /v1/events/export of the generated 1M-event SQLite file, in each format, by
one uvicorn worker pinned to one core, beside two peers run on the same file in the same run:

- ``sqlite3 -csv``: the SQLite shell writing the same CSV cells (app/events/export.py's SQL, one
  query, no HTTP, no Python), the C floor for this data;
- ``python csv``: Python's csv module over a plain cursor on the event table alone (no participants,
  no countries), the simplest exporter one would write by hand.

Figures: rows/s of wall-clock time, rows per CPU-second of the server (its process only: the
database is embedded), and memory: the server's resident set before, sampled during (every 100 ms)
and its peak (VmHWM) after. Memory is flat when the peak does not grow with the rows written.

    python -m bench.export_speed              # 1M events (generated once, cached in bench/out/)
    python -m bench.export_speed --events 100000
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench import generate, servers
from bench.load import cpu_pin, cpu_seconds

FORMATS = ("csv", "ndjson", "plover")
TARGET_ROWS_PER_S = 50_000


@dataclass
class Figure:
    system: str
    fmt: str
    rows: int
    seconds: float
    cpu_seconds: float | None
    bytes: int
    rss_start_mb: float | None = None
    rss_peak_mb: float | None = None
    rss_samples_mb: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def cpu_rate(self) -> float | None:
        return self.rows / self.cpu_seconds if self.cpu_seconds else None


def _status_kb(pid: int, key: str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return float(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def _sampler(pid: int, out: list[float], stop: threading.Event) -> None:
    while not stop.wait(0.1):
        kb = _status_kb(pid, "VmRSS")
        if kb is not None:
            out.append(kb / 1024)


def service_export(srv: servers.Running, fmt: str, expected_rows: int) -> Figure:
    pid = srv.process.pid
    url = f"{srv.base_url}/v1/events/export?format={fmt}"
    httpx.get(srv.base_url + "/v1/events/export?format=csv&country=ATA", timeout=60)  # warm the route
    samples: list[float] = []
    stop = threading.Event()
    rss_start = (_status_kb(pid, "VmRSS") or 0) / 1024
    sampler = threading.Thread(target=_sampler, args=(pid, samples, stop), daemon=True)
    cpu0, t0 = cpu_seconds(pid), time.perf_counter()
    sampler.start()
    size = lines = 0
    with httpx.stream("GET", url, timeout=None) as r:
        r.raise_for_status()
        for chunk in r.iter_raw(1 << 20):
            size += len(chunk)
            lines += chunk.count(b"\n")
    seconds, cpu = time.perf_counter() - t0, cpu_seconds(pid) - cpu0
    stop.set()
    sampler.join()
    rows = lines - (1 if fmt == "csv" else 0)
    if rows != expected_rows:
        raise RuntimeError(f"{fmt}: {rows} rows exported, expected {expected_rows}")
    peak = (_status_kb(pid, "VmHWM") or 0) / 1024
    return Figure("service", fmt, rows, seconds, cpu, size, rss_start, peak, samples)


def _timed(cmd: list[str], stdin: str | None = None) -> tuple[float, int, float, int, float | None]:
    """(seconds, bytes on stdout, peak RSS in MB, exit code, CPU seconds) of a command pinned to the
    server core."""
    wrapper = ["/usr/bin/time", "-f", "%M %U %S"] if Path("/usr/bin/time").exists() else []
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*wrapper, *cpu_pin(servers.SERVER_CPU), *cmd],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    if stdin is not None:
        proc.stdin.write(stdin.encode())
    proc.stdin.close()
    size = 0
    while chunk := proc.stdout.read(1 << 20):
        size += len(chunk)
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = proc.wait()
    seconds = time.perf_counter() - t0
    if wrapper and err.strip():
        kb, user, system = (float(x) for x in err.strip().splitlines()[-1].split())
        return seconds, size, kb / 1024, code, user + system
    return seconds, size, float("nan"), code, None


def sqlite3_peer(path: Path, rows: int) -> Figure | None:
    exe = shutil.which("sqlite3")
    if not exe:
        return None
    from app.events.csv_lines import COLUMNS, _cells

    cells = ", ".join(f"{sql} AS {name}" for sql, name in zip(_cells("sqlite"), COLUMNS, strict=True))
    sql = f"SELECT {cells} FROM event AS e ORDER BY e.id;\n"
    seconds, size, peak, code, cpu = _timed([exe, "-csv", "-header", "-readonly", str(path)], sql)
    if code:
        raise RuntimeError(f"sqlite3 exited {code}")
    return Figure("sqlite3 -csv", "csv", rows, seconds, cpu, size, None, peak)


PLAIN_CSV = """
import csv, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
cur = db.execute("SELECT * FROM event ORDER BY id")
out = csv.writer(sys.stdout, lineterminator="\\r\\n")
out.writerow([d[0] for d in cur.description])
while batch := cur.fetchmany(1000):
    out.writerows(batch)
"""


def python_csv_peer(path: Path, rows: int) -> Figure:
    seconds, size, peak, code, cpu = _timed([sys.executable, "-c", PLAIN_CSV, str(path)])
    if code:
        raise RuntimeError(f"python csv peer exited {code}")
    return Figure("python csv (event table only)", "csv", rows, seconds, cpu, size, None, peak)


def measure(n_events: int, *, service: bool = True) -> list[Figure]:
    path = generate.cached_sqlite(n_events)
    figures = []
    with servers.service(f"sqlite:///{path}", f"export-{n_events}") as srv:
        for fmt in FORMATS if service else ():
            fig = service_export(srv, fmt, n_events)
            figures.append(fig)
            print(f"  service {fmt:7} {fig.rate:9,.0f} rows/s  peak RSS {fig.rss_peak_mb:.0f} MB", flush=True)
    for peer in (sqlite3_peer(path, n_events), python_csv_peer(path, n_events)):
        if peer:
            figures.append(peer)
            print(f"  {peer.system:30} {peer.rate:9,.0f} rows/s  peak {peer.rss_peak_mb:.0f} MB", flush=True)
    return figures


def render(n_events: int, figures: list[Figure]) -> str:
    out = [
        f"Exporting all {n_events:,} generated events from the SQLite file (`/v1/events/export`, one uvicorn "
        f"worker pinned to core {servers.SERVER_CPU}; the peers pinned to the same core). Target: "
        f"≥ {TARGET_ROWS_PER_S:,} rows/s on one core, flat memory.",
        "",
        "| system | format | rows/s (wall) | rows per CPU-second | MB | RSS before | RSS during (min–max) "
        "| peak RSS | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for f in figures:
        during = f"{min(f.rss_samples_mb):.0f}–{max(f.rss_samples_mb):.0f}" if f.rss_samples_mb else ""
        met = ""
        if f.system == "service":
            rate = f.cpu_rate or f.rate
            met = "met" if rate >= TARGET_ROWS_PER_S else "**missed**"
        cells = [
            f.system, f.fmt, f"{f.rate:,.0f}", f"{f.cpu_rate:,.0f}" if f.cpu_rate else "",
            f"{f.bytes / 1e6:,.0f}", f"{f.rss_start_mb:.0f}" if f.rss_start_mb else "", during,
            f"{f.rss_peak_mb:.0f}", met,
        ]  # fmt: skip
        out.append("| " + " | ".join(cells) + " |")
    out += [
        "",
        "The target is judged on rows per CPU-second of the server (the wall rate also carries whatever "
        "else the machine runs). The peers' CPU and peak RSS are their whole process's, from "
        "`/usr/bin/time`.",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--peers-only", action="store_true", help="only the peers (sqlite3 -csv, python csv)")
    args = p.parse_args(argv)
    print(f"export: {args.events:,} events", flush=True)
    print(render(args.events, measure(args.events, service=not args.peers_only)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
