"""One error shape for the whole API: RFC 9457 ``application/problem+json``.

Every handler below turns an exception into a :class:`Problem`. Nothing from a
stack trace or a SQL statement ever reaches the body.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://migration-events.dev/problems/"
log = logging.getLogger("app.errors")
# What FastAPI raises (as a 400) when it cannot even decode the body.
_FASTAPI_BODY_PARSE_ERROR = "There was an error parsing the body"


class FieldError(BaseModel):
    """One invalid input."""

    location: str = Field(description="Where the value was: query, path, body or header.", examples=["query"])
    name: str = Field(description="Parameter name or dotted body path.", examples=["type"])
    message: str = Field(examples=["Input should be 'talks', 'agreement' or 'removal'"])
    allowed: list[str] | None = Field(default=None, description="Allowed values, for enumerations.")


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": PROBLEM_BASE + "not-found",
                    "title": "Not Found",
                    "status": 404,
                    "detail": "No event with id 42.",
                    "instance": "/v1/events/42",
                }
            ]
        }
    )

    type: str = Field(description="URI identifying the problem type.")
    title: str = Field(description="Short, human-readable summary of the problem type.")
    status: int = Field(description="HTTP status code.", ge=400, le=599)
    detail: str | None = Field(default=None, description="Explanation specific to this occurrence.")
    instance: str | None = Field(default=None, description="The request path that caused it.")
    errors: list[FieldError] | None = Field(default=None, description="Invalid inputs, for 422 answers.")
    request_id: str | None = Field(default=None, description="Also in the X-Request-ID response header.")


class ProblemError(Exception):
    """Raise anywhere in a request to answer with a problem document."""

    def __init__(
        self,
        status: int,
        slug: str,
        title: str,
        detail: str | None = None,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or title)
        self.status, self.slug, self.title, self.detail = status, slug, title, detail
        self.errors, self.headers = errors, headers or {}


def not_found(what: str, ident: object) -> ProblemError:
    return ProblemError(404, "not-found", "Not Found", f"No {what} with id {ident}.")


def invalid(
    name: str, message: str, location: str = "query", allowed: list[str] | None = None
) -> ProblemError:
    return ProblemError(
        422,
        "validation-error",
        "Invalid request",
        f"Invalid {location} parameter '{name}': {message}",
        errors=[FieldError(location=location, name=name, message=message, allowed=allowed)],
    )


def problem_response(
    request: Request,
    status: int,
    slug: str,
    title: str,
    detail: str | None = None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=PROBLEM_BASE + slug,
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=errors,
        request_id=getattr(request.state, "request_id", None),
    )
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


_STATUS_SLUGS = {
    400: ("bad-request", "Bad Request"),
    401: ("unauthorized", "Unauthorized"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not Found"),
    405: ("method-not-allowed", "Method Not Allowed"),
    406: ("not-acceptable", "Not Acceptable"),
    409: ("conflict", "Conflict"),
    413: ("payload-too-large", "Payload Too Large"),
    415: ("unsupported-media-type", "Unsupported Media Type"),
    422: ("validation-error", "Invalid request"),
    429: ("rate-limited", "Too Many Requests"),
    431: ("headers-too-large", "Request Header Fields Too Large"),
    503: ("unavailable", "Service Unavailable"),
}


def _loc_to_parts(loc: tuple[Any, ...]) -> tuple[str, str]:
    if not loc:
        return "body", ""
    where = str(loc[0])
    rest = [str(p) for p in loc[1:]]
    if where != "body" and rest:
        # A repeated query parameter reports its item index (type.1); the client's parameter is "type".
        return where, rest[0]
    return where, ".".join(rest)


def _clean_message(msg: str) -> str:
    # Pydantic's messages can echo the input; cap their size so a huge bad value is not mirrored back.
    return msg if len(msg) <= 300 else msg[:297] + "..."


def validation_errors(exc: RequestValidationError) -> list[FieldError]:
    out: list[FieldError] = []
    for err in exc.errors():
        location, name = _loc_to_parts(tuple(err.get("loc", ())))
        allowed = None
        ctx = err.get("ctx") or {}
        if err.get("type") == "enum" and "expected" in ctx:
            allowed = [v.strip().strip("'") for v in str(ctx["expected"]).replace(" or ", ", ").split(",")]
        if err.get("type") == "json_invalid":
            location, name = "body", ""
        out.append(
            FieldError(
                location=location, name=name, message=_clean_message(err.get("msg", "")), allowed=allowed
            )
        )
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(request, exc.status, exc.slug, exc.title, exc.detail, exc.errors, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(exc)
        first = errors[0] if errors else None
        if first and first.allowed:
            detail = (
                f"Invalid {first.location} parameter '{first.name}': allowed values are "
                + ", ".join(first.allowed)
                + "."
            )
        elif first:
            label = f"{first.location} parameter '{first.name}'" if first.name else first.location
            detail = f"Invalid {label}: {first.message}"
        else:
            detail = "The request is not valid."
        return problem_response(request, 422, "validation-error", "Invalid request", detail, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == _FASTAPI_BODY_PARSE_ERROR:
            # Bytes that are not UTF-8, or JSON nested past the parser's depth: the same
            # answer as any other body that is not JSON (FastAPI's own is a bare 400).
            message = "The body is not valid JSON (UTF-8, not nested too deeply)."
            return problem_response(
                request,
                422,
                "validation-error",
                "Invalid request",
                f"Invalid body: {message}",
                [FieldError(location="body", name="", message=message)],
            )
        slug, title = _STATUS_SLUGS.get(exc.status_code, ("error", "Error"))
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
        if exc.status_code == 404 and detail in (None, "Not Found"):
            detail = f"No route matches {request.url.path}."
        return problem_response(
            request, exc.status_code, slug, title, detail, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": request.url.path})
        return problem_response(
            request, 500, "internal-error", "Internal Server Error", "An unexpected error occurred."
        )


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries documenting problem answers for a route."""
    descriptions = {s: t for s, (_, t) in _STATUS_SLUGS.items()}
    return {
        s: {
            "model": Problem,
            "description": descriptions.get(s, "Error"),
            "content": {PROBLEM_MEDIA_TYPE: {}},
        }
        for s in statuses
    }
