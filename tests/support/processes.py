"""The process table, read from /proc: a server's descendants, its annotator children, who is busy.

A process is named by (pid, start time), so that a pid reused by a newcomer is not
mistaken for a survivor when tables taken before and after are compared.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

Proc = tuple[int, int]  # (pid, start time in clock ticks since boot)


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The command name may hold spaces and parentheses: split after its last ')'.
    return raw[raw.rindex(")") + 2 :].split()


def table() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, start time, state) for every process that is not a zombie."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))) and fields[0] != "Z":
            out[int(entry)] = (int(fields[1]), int(fields[19]), fields[0])
    return out


def tree(root: int) -> set[Proc]:
    """``root`` and every live process below it."""
    procs = table()
    found, frontier = set(), [root]
    while frontier:
        pid = frontier.pop()
        if pid in procs:
            found.add((pid, procs[pid][1]))
            frontier += [p for p, (ppid, _, _) in procs.items() if ppid == pid]
    return found


def survivors(procs: set[Proc]) -> set[Proc]:
    """Those of ``procs`` that still run (same pid, same start time, not a zombie)."""
    now = table()
    return {(pid, start) for pid, start in procs if pid in now and now[pid][1] == start}


def annotators(server: int) -> list[int]:
    """The server's annotator processes (multiprocessing's resource tracker left out)."""
    out = []
    for pid, (ppid, _, _) in table().items():
        if ppid == server:
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except FileNotFoundError:
                continue
            if b"resource_tracker" not in cmdline:
                out.append(pid)
    return sorted(out)


def cpu_ticks(pid: int) -> int:
    fields = _stat(pid)
    return int(fields[11]) + int(fields[12]) if fields else -1


def busy_one(server: int, among: set[int] | None = None, timeout: float = 30.0, ticks: int = 10) -> int:
    """The annotator child that is working: the first to use ``ticks`` of CPU from now. A
    replacement loading its model works too: ``among`` leaves out those not in it."""
    start = {pid: cpu_ticks(pid) for pid in annotators(server)}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in annotators(server):
            if among is not None and pid not in among:
                continue
            if cpu_ticks(pid) - start.setdefault(pid, cpu_ticks(pid)) >= ticks:
                return pid
        time.sleep(0.02)
    raise AssertionError("no annotator process started working")


def wait_gone(procs: set[Proc], timeout: float) -> set[Proc]:
    deadline = time.monotonic() + timeout
    while (left := survivors(procs)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left
