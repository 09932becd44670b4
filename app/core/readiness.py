"""Readiness checks beyond the database: each domain's own, registered by the app factory.

The health router runs the checks in ``app.state.readiness_checks`` (name -> check);
one that is not ok makes /health/ready answer 503.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)  # reported as they are, e.g. counts


ReadinessCheck = Callable[[], CheckResult]
