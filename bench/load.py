"""Load drivers: wrk when available (installed with apt-get if we are root), else a small asyncio one.

Both hit one URL (or, for the varied workload, each request the next of a list of
paths) with N keep-alive connections for a fixed time and report requests/s and
latency percentiles. wrk is pinned to one thread (and one core
with taskset) so the server under test gets the other core.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str
    requests: int
    # Server CPU per request (all of its processes and threads, PostgreSQL's included): unlike req/s,
    # barely moved by other work on a shared machine. Filled in by the caller.
    cpu_ms: float = float("nan")


TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def cpu_seconds(pid: int, *, with_children: bool = False) -> float:
    """User + system CPU time of a process so far (Linux /proc), its threads included.

    ``with_children`` adds its live children's time and what its exited, reaped children
    used (PostgreSQL: the postmaster and every backend, including those a pool opened and
    closed during the run), so the total only grows.
    """
    fields = _stat(pid)
    if fields is None:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if with_children:
        ticks += int(fields[13]) + int(fields[14])
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (child := _stat(int(entry))) and int(child[1]) == pid:
                ticks += int(child[11]) + int(child[12])
    return ticks / TICKS


def cpu_pin(cpu: int) -> list[str]:
    """A taskset prefix pinning a command to one core, when there are at least two."""
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", str(cpu)]
    return []


def ensure_wrk() -> str | None:
    """Path to wrk; installs Debian's package when running as root and it is missing."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        if subprocess.run(cmd, capture_output=True, check=False).returncode != 0:
            return None
    return shutil.which("wrk")


def _ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", value.strip())
    if not m:
        raise ValueError(f"unexpected wrk latency {value!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def run_wrk(wrk: str, url: str, seconds: int, connections: int, script: Path | None = None) -> LoadResult:
    cmd = [*cpu_pin(0), wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    cmd += [*(["-s", str(script)] if script else []), url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    pct = dict(re.findall(r"^ +(50|99)% +(\S+) *$", out, re.M))
    rps_match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not rps_match or set(pct) != {"50", "99"}:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    rps = float(rps_match.group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", out))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket:
        errors += sum(int(g) for g in socket.groups())
    return LoadResult(rps, _ms(pct["50"]), _ms(pct["99"]), errors, "wrk", requests)


async def _python_load(
    url: str, seconds: int, connections: int, paths: list[str] | None = None
) -> LoadResult:
    import httpx

    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    base = "/".join(url.split("/", 3)[:3])  # scheme://host:port, for the paths
    turn = iter(range(10**12))
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    r = await client.get(base + paths[next(turn) % len(paths)] if paths else url)
                    if r.status_code >= 300:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - t0) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    n = len(latencies)
    p50, p99 = latencies[n // 2], latencies[min(n - 1, int(n * 0.99))]
    return LoadResult(n / elapsed, p50, p99, errors, "python", n)


def run_load(
    url: str, seconds: int, connections: int, wrk: str | None, paths: list[str] | None = None
) -> LoadResult:
    """Load ``url``; with ``paths``, each request the next path of the list on ``url``'s host instead."""
    if wrk:
        if not paths:
            return run_wrk(wrk, url, seconds, connections)
        with tempfile.TemporaryDirectory() as tmp:
            return run_wrk(wrk, url, seconds, connections, lua_paths(paths, Path(tmp) / "paths.lua"))
    # Keep the Python driver off the server's core, as taskset does for wrk.
    before = os.sched_getaffinity(0)
    if cpu_pin(0):
        os.sched_setaffinity(0, {0})
    try:
        return asyncio.run(_python_load(url, seconds, connections, paths))
    finally:
        os.sched_setaffinity(0, before)


def lua_paths(paths: list[str], target: Path) -> Path:
    """A wrk script sending each path of the list in turn (wrk -t1: one Lua state, so one counter). The
    paths (URL-encoded, so one a line) are read from a file beside it: a table literal of tens of thousands
    of strings would strain LuaJIT's constant limits."""
    listing = target.with_suffix(".txt")
    listing.write_text("".join(p + "\n" for p in paths))
    target.write_text(
        f"local paths = {{}}\nfor line in io.lines({str(listing)!r}) do paths[#paths + 1] = line end\n"
        "local i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
    )
    return target
