"""Dependencies shared by the routers."""

from collections.abc import AsyncIterator
from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from app.core.db import read_engine, session_scope


async def read_session() -> AsyncIterator[Session]:
    """A read-only unit of work for a sync route.

    Async, so it costs no thread hop of its own: creating a Session does no I/O (the
    connection is checked out on first use, in the route's worker thread) and closing
    it only returns that connection to the pool.
    """
    session = Session(read_engine(), expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()


def read_scope() -> AbstractContextManager[Session]:
    """The same unit of work opened inside a sync route, on its worker thread: hot read routes use
    this instead of ReadSession, whose generator dependency costs FastAPI an exit stack and a
    cancel scope per request."""
    return session_scope(write=False)


# scope="function": the session closes before the response is sent.
ReadSession = Annotated[Session, Depends(read_session, scope="function")]
