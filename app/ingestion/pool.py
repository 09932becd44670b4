"""A fixed number of annotator child processes, supervised: the one annotation path of the service.

Why processes: a thread cannot be stopped, so an article over its time or memory
limit would go on holding a core; a child process is killed instead, and only
that one. Why our own small pool rather than ``multiprocessing.Pool``: that pool
loses the task of a worker that dies (the caller waits forever) and can deadlock
when a worker is killed while holding its queue lock; here each child has a pipe
of its own, and the caller waits on that pipe *and* the child's exit.

- A supervisor thread keeps ``size`` children: one that dies (SIGKILL, the OOM
  killer, a crash) or is stopped is replaced at once, never more than ``size``.
- A caller takes a free child (waiting at most ``queue_timeout``), sends it one
  article and polls for the answer, the child's death, the time limit, the
  memory limit and the shutdown deadline. An article whose child died is tried
  once more on another child; a second death is :class:`AnnotatorUnavailable`.
- :meth:`drain` (on SIGTERM/SIGINT) stops replacing children and gives in-flight
  articles until a deadline; :meth:`close` kills what is left and reaps it.

The HTTP routes (app/ingestion/annotate.py) and the batch CLI both use this pool.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import multiprocessing.util  # noqa: F401 - registered before our atexit hook, so ours runs first
import os
import socket
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from app.annotator.types import Annotation
from app.ingestion import annotator_process

log = logging.getLogger("app.ingestion.pool")

STARTUP_TIMEOUT = 300.0
POLL_SECONDS = 0.025  # how often a caller checks the clock and its child's memory
RECYCLE_SHARE = 0.8  # a child left above this share of its memory limit is replaced after its answer
MAX_START_BACKOFF = 30.0
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class AnnotationTimeout(Exception):
    """The article was not annotated within the limit; its child process was killed."""


class AnnotationOverMemory(Exception):
    """Annotating the article would take its child over the memory limit; the child was killed."""


class AnnotatorUnavailable(Exception):
    """No child could annotate the article: none free in time, two died on it, or shutting down."""


class _Died(Exception):
    def __init__(self, delivered: bool = True) -> None:
        super().__init__()
        self.delivered = delivered  # False: it died before it could read the article


@dataclass(eq=False)
class _Child:
    process: BaseProcess
    conn: Connection
    state: str = "starting"  # starting -> idle <-> busy
    since: float = field(default_factory=time.monotonic)

    @property
    def pid(self) -> int:
        return self.process.pid or 0

    def rss(self) -> int:
        """Resident memory in bytes (Linux); 0 when it cannot be read."""
        try:
            return int(Path(f"/proc/{self.pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            return 0

    def stop(self) -> None:
        """Kill (it ignores SIGTERM by design), reap, close our end of the pipe."""
        if self.process.exitcode is None:
            self.process.kill()
        self.process.join(5)
        self.conn.close()


_pools: weakref.WeakSet[AnnotatorPool] = weakref.WeakSet()


@atexit.register
def _kill_leftovers() -> None:
    # multiprocessing's own exit hook would SIGTERM (ignored) and then join our children for
    # ever; a pool not closed (a forced exit skips the app's shutdown) is closed here first.
    for pool in list(_pools):
        pool.close()


class AnnotatorPool:
    def __init__(self, processes: int = 0, memory_limit_mb: int = 0, queue_timeout: float = 60.0) -> None:
        self.size = processes or os.cpu_count() or 1
        self.memory_limit = memory_limit_mb * 2**20
        self.queue_timeout = queue_timeout
        self.replaced = 0  # children that died or were killed, since start
        self._cv = threading.Condition()
        self._children: list[_Child] = []
        self._idle: deque[_Child] = deque()
        self._queued = 0
        self._state = "not started"  # -> running -> draining -> stopped
        self._deadline: float | None = None  # while draining: in-flight work ends by then
        self._failed_starts = 0
        self._next_start = 0.0
        self._wake_r, self._wake_w = socket.socketpair()
        self._supervisor: threading.Thread | None = None
        _pools.add(self)

    # ---- life cycle -------------------------------------------------------------------------

    def _start_locked(self) -> None:
        if self._state == "not started":
            self._state = "running"
            self._supervisor = threading.Thread(target=self._supervise, name="annotator-pool", daemon=True)
            self._supervisor.start()

    def start(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Start the children and wait until all have loaded the model (or one failed to)."""
        end = time.monotonic() + timeout
        with self._cv:
            self._start_locked()
            while sum(c.state != "starting" for c in self._children) < self.size:
                if self._failed_starts:
                    raise RuntimeError("an annotator process exited while loading the model")
                if self._state != "running" or time.monotonic() >= end:
                    raise RuntimeError("the annotator processes did not start")
                self._cv.wait(min(1.0, end - time.monotonic()))

    def drain(self, seconds: float) -> None:
        """Stop replacing children; in-flight and queued articles get ``seconds`` more at most."""
        with self._cv:
            if self._state == "not started":
                self._state = "stopped"
            elif self._state in ("running", "draining"):
                self._state = "draining"
                deadline = time.monotonic() + max(seconds, 0.0)
                self._deadline = deadline if self._deadline is None else min(self._deadline, deadline)
            self._cv.notify_all()
        self._wake()

    def close(self) -> None:
        """Kill every child now and reap it; callers waiting on one get AnnotatorUnavailable."""
        with self._cv:
            self._state = "stopped"
            children, self._children = self._children, []
            self._idle.clear()
            self._cv.notify_all()
        self._wake()
        for child in children:
            if child.state == "busy":
                # Its caller owns the pipe and closes it; killing is enough to wake the caller.
                child.process.kill()
                child.process.join(5)
            else:
                child.stop()
        if self._supervisor is not None and self._supervisor is not threading.current_thread():
            self._supervisor.join(5)

    def status(self) -> dict[str, Any]:
        with self._cv:
            states = [c.state for c in self._children]
            return {
                "state": self._state,
                "processes": self.size,
                "alive": len(states),
                "ready": states.count("idle") + states.count("busy"),
                "busy": states.count("busy"),
                "starting": states.count("starting"),
                "queued": self._queued,
                "replaced": self.replaced,
                "memory_limit_mb": self.memory_limit // 2**20 or None,
            }

    # ---- the supervisor thread --------------------------------------------------------------

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # closed at interpreter exit
            self._wake_w.send(b"x")

    def _spawn(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # not fork: no inherited sockets or DB connections
        ours, theirs = ctx.Pipe()
        process = ctx.Process(
            target=annotator_process.serve, args=(theirs, os.getpid()), name="annotator", daemon=True
        )
        process.start()
        theirs.close()
        child = _Child(process, ours)
        with self._cv:
            if self._state == "running":
                self._children.append(child)
                return
        child.stop()  # closed or draining while it started

    def _supervise(self) -> None:
        while True:
            with self._cv:
                if self._state == "stopped":
                    return
                missing = self.size - len(self._children) if self._state == "running" else 0
                until_start = self._next_start - time.monotonic()
                watched: list[Any] = [self._wake_r]
                for c in self._children:
                    # A busy child's pipe and exit belong to its caller.
                    if c.state == "starting":
                        watched.append(c.conn)
                    if c.state != "busy":
                        watched.append(c.process.sentinel)
            if missing and until_start <= 0:
                try:
                    for _ in range(missing):
                        self._spawn()
                except Exception:  # e.g. out of pids or file descriptors: try again later
                    log.exception("could not start an annotator process")
                    with self._cv:
                        self._failed_starts += 1
                        self._next_start = time.monotonic() + self._backoff()
                continue
            ready = wait(watched, timeout=max(until_start, 0.05) if missing else 5.0)
            if self._wake_r in ready:
                self._wake_r.recv(4096)
            self._collect(ready)

    def _backoff(self) -> float:
        """Seconds before the next start after failed ones: a broken model must not spin a core."""
        return min(2.0 ** (self._failed_starts - 1), MAX_START_BACKOFF)

    def _collect(self, ready: list[Any]) -> None:
        dead: list[_Child] = []
        with self._cv:
            for c in list(self._children):
                if c.state == "starting" and c.conn in ready:
                    try:
                        c.conn.recv()  # ("ready", None)
                    except (EOFError, OSError):
                        dead.append(c)
                        continue
                    c.state, c.since = "idle", time.monotonic()
                    self._idle.append(c)
                    self._failed_starts = 0
                    log.info("annotator process ready", extra={"pid": c.pid})
                    self._cv.notify_all()
                elif c.state != "busy" and c.process.sentinel in ready:
                    dead.append(c)
            for c in dead:
                self._children.remove(c)
                if c in self._idle:
                    self._idle.remove(c)
                if c.state == "starting":
                    self._failed_starts += 1
                    self._next_start = time.monotonic() + self._backoff()
                else:
                    self.replaced += 1
            self._cv.notify_all()
        for c in dead:
            c.stop()
            log.warning(
                "annotator process died while %s; replacing it",
                c.state,
                extra={"pid": c.pid, "exitcode": c.process.exitcode},
            )

    # ---- callers ----------------------------------------------------------------------------

    def _acquire(self) -> _Child:
        with self._cv:
            self._start_locked()
            end = time.monotonic() + self.queue_timeout
            self._queued += 1
            try:
                while not (child := self._next_idle_locked()):
                    if self._state == "stopped":
                        raise AnnotatorUnavailable("The service is shutting down.")
                    limit = end if self._deadline is None else min(end, self._deadline)
                    left = limit - time.monotonic()
                    if left <= 0:
                        if self._deadline is not None:
                            raise AnnotatorUnavailable("The service is shutting down.")
                        raise AnnotatorUnavailable(
                            f"No annotator process was free within {self.queue_timeout:g} s."
                        )
                    self._cv.wait(left)
                child.state = "busy"
                return child
            finally:
                self._queued -= 1

    def _next_idle_locked(self) -> _Child | None:
        """A free child that is alive; one killed while idle and not yet collected is retired here."""
        while self._idle:
            child = self._idle.popleft()
            if not wait([child.process.sentinel], 0):
                return child
            self._children.remove(child)
            self.replaced += 1
            child.stop()  # dead already: reaping is immediate
            log.warning("annotator process died while idle; replacing it", extra={"pid": child.pid})
            self._wake()
        return None

    def _retire(self, child: _Child) -> None:
        """Take a child out of the pool for good (the supervisor starts its replacement)."""
        with self._cv:
            if child in self._children:
                self._children.remove(child)
                self.replaced += 1
            self._cv.notify_all()
        child.stop()
        self._wake()

    def _release(self, child: _Child) -> None:
        if self.memory_limit and child.rss() > RECYCLE_SHARE * self.memory_limit:
            # Memory a process has grown to stays with it; start afresh before it hurts an article.
            self._retire(child)
            return
        with self._cv:
            if child in self._children:
                child.state = "idle"
                self._idle.append(child)
                self._cv.notify_all()
                return
        child.stop()  # the pool closed meanwhile

    def _run(self, child: _Child, job: tuple, timeout: float) -> Annotation:
        try:
            child.conn.send(job)
        except OSError as exc:
            raise _Died(delivered=False) from exc
        end = time.monotonic() + timeout
        taken = False  # the child's receipt came: its death now counts against the article
        while True:
            ready = wait(
                [child.conn, child.process.sentinel], min(POLL_SECONDS, max(end - time.monotonic(), 0))
            )
            if child.conn in ready:
                try:
                    kind, value = child.conn.recv()
                except (EOFError, OSError) as exc:
                    raise _Died(delivered=taken) from exc
                if kind == "taken":
                    taken = True
                    continue
                if kind == "ok":
                    self._release(child)
                    if time.monotonic() > end:
                        # the limit holds even when the answer beat the first poll
                        raise AnnotationTimeout(f"annotation exceeded {timeout:g} s")
                    return value
                if kind == "memory":
                    self._retire(child)
                    raise AnnotationOverMemory(value)
                self._release(child)
                raise value  # the annotator's own exception, as if called in this process
            if ready:
                raise _Died(delivered=taken)
            now = time.monotonic()
            if now >= end:
                self._retire(child)
                raise AnnotationTimeout(f"annotation exceeded {timeout:g} s")
            if self._deadline is not None and now >= self._deadline:
                self._retire(child)
                raise AnnotatorUnavailable("The service is shutting down.")
            if self.memory_limit and (rss := child.rss()) > self.memory_limit:
                self._retire(child)
                raise AnnotationOverMemory(f"{rss / 2**20:.0f} MB resident")

    def annotate(self, text: str, published: date | None, title: str | None, timeout: float) -> Annotation:
        job = (text, published, title)
        deaths = 0
        # Children that died before reading the article do not count; a bound keeps it finite.
        for _ in range(self.size + 2):
            child = self._acquire()
            try:
                return self._run(child, job, timeout)
            except _Died as died:
                self._retire(child)
                deaths += died.delivered
                log.warning(
                    "annotator process died while annotating; %s",
                    "giving up" if deaths >= 2 else "trying another",
                    extra={"pid": child.pid, "exitcode": child.process.exitcode},
                )
                if deaths >= 2:
                    break
        raise AnnotatorUnavailable("The annotator process stopped twice while annotating this article.")
