"""Hear SIGINT/SIGTERM before the server does, without taking its handling away.

uvicorn installs its own handlers (stop accepting, wait for in-flight requests); a
callback chained in front of them lets the app start its own bounded shutdown at the
same moment, instead of only after the server has finished waiting.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def chain_stop_signals(callback: Callable[[int], None]) -> Callable[[], None]:
    """Call ``callback(signum)`` on each stop signal, then the handler that was there before.

    Returns a function that puts the previous handlers back. Signals can only be handled
    in the main thread; elsewhere (e.g. an in-process test client) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous: dict[int, object] = {}

    def handler(sig: int, frame: FrameType | None) -> None:
        callback(sig)
        before = previous.get(sig)
        if callable(before):
            before(sig, frame)
        elif before == signal.SIG_DFL:
            signal.signal(sig, signal.SIG_DFL)
            signal.raise_signal(sig)

    for sig in STOP_SIGNALS:
        previous[sig] = signal.signal(sig, handler)

    def undo() -> None:
        for sig, before in previous.items():
            if signal.getsignal(sig) is handler:
                signal.signal(sig, before)  # type: ignore[arg-type]

    return undo
