"""The annotator child process: load the model once, then annotate one article per message.

Started by :class:`app.ingestion.pool.AnnotatorPool` (``spawn``: nothing of the
server's sockets or database connections is inherited). The protocol on its pipe:

- child -> server, once: ``("ready", None)`` when the model is loaded and warm;
- server -> child: ``(text, published, title)``; the child answers ``("ok", annotation)``
  or ``("error", exception)``, or ``("memory", message)`` and exits;
- server -> child: ``None``, or the pipe closing: exit.

The server owns this process's life: SIGINT and SIGTERM are ignored here, so a
Ctrl-C in a terminal or a SIGTERM to the whole process group (systemd's
``KillMode=control-group``) does not cut an article short; the server lets the
in-flight article finish within its grace period and then stops the child itself
(SIGKILL if need be). Should the server die without doing so, the child notices
that it was re-parented and exits, so that it is never left behind.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from multiprocessing.connection import Connection

WARM_UP = "Officials said on Monday that talks on returns would continue."
PARENT_CHECK_SECONDS = 0.5


def _exit_when_orphaned(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def serve(conn: Connection, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _exit_when_orphaned(parent)

    from app import annotator

    annotator.load()
    # The first call builds lazy tables; pay for it here, not inside a request's time limit.
    annotator.annotate(WARM_UP)
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        # the receipt: a death from here on counts against the article, one before it does not
        conn.send(("taken", None))
        text, published, title = job
        try:
            reply = ("ok", annotator.annotate(text, published=published, title=title))
        except MemoryError as exc:
            # The process may be in no state to go on: say why, and let the server replace it.
            conn.send(("memory", str(exc)[:200]))
            return
        except Exception as exc:  # noqa: BLE001 - the server re-raises it in the request
            reply = ("error", exc)
        try:
            conn.send(reply)
        except Exception as exc:  # noqa: BLE001 - e.g. an exception that does not pickle
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
