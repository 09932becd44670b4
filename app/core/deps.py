"""The read-only unit of work the routers (and the key check) open."""

from contextlib import AbstractContextManager

from sqlmodel import Session

from app.core.db import session_scope


def read_scope() -> AbstractContextManager[Session]:
    """A read-only unit of work opened inside a sync route, on its worker thread.

    Cheaper than a generator dependency, which costs FastAPI an exit stack and a cancel
    scope per request on the hot read paths.
    """
    return session_scope(write=False)
