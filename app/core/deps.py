"""Dependencies shared by the routers."""

from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from app.core.db import read_session

# scope="function": the session closes before the response is sent.
ReadSession = Annotated[Session, Depends(read_session, scope="function")]
