"""API-key access control and per-client rate limits, as FastAPI dependencies.

Reads are open unless ``require_key_for_reads``; every write needs the `write`
scope. The key travels in the ``X-API-Key`` header and is never logged.

These dependencies run at the HTTP edge, before the route: a presented key is
checked in a read-only unit of work of its own (keyless reads open none), and
app.keys.service.verify only takes the session.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader

from app.core.config import get_settings
from app.core.deps import read_scope
from app.core.errors import ProblemError
from app.keys import sessions
from app.keys.ratelimit import Limiter, limiter_for
from app.keys.service import Principal, verify

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="API key, `mev_<prefix>_<secret>`. Writes need the `write` scope.",
    scheme_name="ApiKey",
)
_limiter: Limiter | None = None


def limiter() -> Limiter:
    global _limiter
    if _limiter is None:
        _limiter = limiter_for(get_settings())
    return _limiter


def _unauthorized(detail: str) -> ProblemError:
    return ProblemError(401, "unauthorized", "Unauthorized", detail, headers={"WWW-Authenticate": "ApiKey"})


def _principal(key: str | None) -> Principal | None:
    if not key:
        return None
    if len(key) > 200:
        raise _unauthorized("The API key is not valid.")
    with read_scope() as session:
        principal = verify(session, key)
    if principal is None:
        raise _unauthorized("The API key is not valid or has been revoked.")
    return principal


def _rate_limit(request: Request, principal: Principal | None) -> None:
    client = (
        f"key:{principal.key_id}" if principal else f"ip:{request.client.host if request.client else '-'}"
    )
    wait = limiter().hit(client)
    if wait:
        raise ProblemError(
            429,
            "rate-limited",
            "Too Many Requests",
            f"Over {get_settings().rate_limit_per_minute} requests per minute; retry in {int(wait)} s.",
            headers={"Retry-After": str(int(wait))},
        )


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def session_principal(request: Request) -> Principal | None:
    """The review page's signed-in key, from its session cookie (app/keys/sessions.py); None without a
    valid one. A write that rides on the cookie must carry the session's CSRF token as well."""
    cookie = request.cookies.get(sessions.COOKIE)
    if not cookie:
        return None
    with read_scope() as session:
        found = sessions.check(session, cookie)
    if found is None:
        return None
    principal, csrf = found
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(sessions.CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), csrf.encode()):
            raise ProblemError(
                403, "csrf-token-missing", "Forbidden", "A write from the review page needs its X-CSRF-Token."
            )
    return principal


def require_scope(scope: str):
    def dependency(
        request: Request, key: Annotated[str | None, Security(api_key_header)] = None
    ) -> Principal:
        # The header wins; without one, the review page's session cookie stands for the key.
        principal = _principal(key) if key else session_principal(request)
        if principal is None:
            raise _unauthorized(f"This operation needs an API key with the '{scope}' scope in X-API-Key.")
        if scope not in principal.scopes and "admin" not in principal.scopes:
            raise ProblemError(403, "forbidden", "Forbidden", f"The API key lacks the '{scope}' scope.")
        _rate_limit(request, principal)
        request.state.principal = principal
        return principal

    return dependency


async def read_access(
    request: Request, key: Annotated[str | None, Security(api_key_header)] = None
) -> Principal | None:
    # Async so that a keyless read costs no thread hop; a key is checked in the database, off the loop.
    principal = await run_in_threadpool(_principal, key) if key else None
    if principal is None and get_settings().require_key_for_reads and sessions.COOKIE in request.cookies:
        principal = await run_in_threadpool(session_principal, request)
    if principal is None and get_settings().require_key_for_reads:
        raise _unauthorized("Reads need an API key on this server.")
    if limiter().shared:  # a database round trip: off the event loop
        await run_in_threadpool(_rate_limit, request, principal)
    else:
        _rate_limit(request, principal)
    return principal


WriteAccess = Annotated[Principal, Depends(require_scope("write"))]
ReadAccess = Depends(read_access)
