from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from app.core.db import read_engine
from app.core.errors import ProblemError, problem_responses

router = APIRouter(prefix="/health", tags=["health"])


class Health(BaseModel):
    status: str


@router.get("/live", response_model=Health)
def liveness():
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready", response_model=Health, responses=problem_responses(503))
def readiness():
    """The process can reach its database."""
    try:
        with read_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        raise ProblemError(
            503, "unavailable", "Service Unavailable", "The database is not reachable."
        ) from exc
    return {"status": "ok"}
