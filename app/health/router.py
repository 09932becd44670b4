"""Liveness and readiness probes.

Readiness is what a load balancer asks before sending writes: the database answers,
and every check the app factory registered (the annotator pool) is ok.
"""

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import text

from app.core.db import read_engine
from app.core.errors import ProblemError, problem_responses
from app.core.readiness import CheckResult

router = APIRouter(prefix="/health", tags=["health"])


class Health(BaseModel):
    status: str


class Check(BaseModel):
    """One dependency; any further fields are its own figures (e.g. processes alive, queued)."""

    model_config = ConfigDict(extra="allow")
    status: Literal["ok", "unavailable"]
    detail: str | None = None


class Readiness(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "ok",
                    "checks": {
                        "database": {"status": "ok"},
                        "annotator": {
                            "status": "ok",
                            "state": "running",
                            "processes": 2,
                            "alive": 2,
                            "ready": 2,
                            "busy": 1,
                            "starting": 0,
                            "queued": 0,
                            "replaced": 0,
                            "memory_limit_mb": 1024,
                        },
                    },
                }
            ]
        }
    )
    status: Literal["ok"]
    checks: dict[str, Check] = Field(description="Each dependency by name: database, annotator.")


@router.get("/live", response_model=Health)
def liveness():
    """The process is up."""
    return {"status": "ok"}


def _database() -> CheckResult:
    try:
        with read_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means not ready
        return CheckResult(False, "the database is not reachable")
    return CheckResult(True)


def _as_check(result: CheckResult) -> dict[str, Any]:
    out: dict[str, Any] = {"status": "ok" if result.ok else "unavailable", **result.facts}
    if result.detail:
        out["detail"] = result.detail
    return out


@router.get("/ready", response_model=Readiness, responses=problem_responses(503))
def readiness(request: Request):
    """The process can take writes: its database answers and its annotator pool has a live
    process (or starts one with the first write). The answer lists each check's figures."""
    results = {"database": _database()}
    for name, check in getattr(request.app.state, "readiness_checks", {}).items():
        results[name] = check()
    failed = [f"{name}: {r.detail or 'unavailable'}" for name, r in results.items() if not r.ok]
    if failed:
        raise ProblemError(503, "unavailable", "Service Unavailable", "Not ready; " + "; ".join(failed) + ".")
    return {"status": "ok", "checks": {name: _as_check(r) for name, r in results.items()}}
