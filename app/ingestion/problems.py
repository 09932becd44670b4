"""One item's problem in a batch or an ingestion job: the document a single POST would have answered."""

from __future__ import annotations

from pydantic import ValidationError

from app.core.errors import PROBLEM_BASE, FieldError, Problem, ProblemError


def item_problem(exc: Exception) -> Problem:
    if isinstance(exc, ProblemError):
        return Problem(
            type=PROBLEM_BASE + exc.slug,
            title=exc.title,
            status=exc.status,
            detail=exc.detail,
            errors=exc.errors,
        )
    found = exc.errors() if isinstance(exc, ValidationError) else []
    # Each bad field by name, as a single POST's problem has them (the item's own fields: no "body.").
    errors = [
        FieldError(
            location="body", name=".".join(str(p) for p in e.get("loc", ())), message=e.get("msg", "")[:300]
        )
        for e in found
    ]
    first = errors[0] if errors else None
    return Problem(
        type=PROBLEM_BASE + "validation-error",
        title="Invalid request",
        status=422,
        detail=f"{first.name}: {first.message}" if first and first.name else "invalid article",
        errors=errors or None,
    )
