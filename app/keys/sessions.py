"""Browser sessions for the review page, derived from an API key.

The cookie holds no secret of the key: ``<prefix>.<expiry>.<signature>``, signed with
HMAC-SHA256 under the key's stored hash (which never leaves the server). So sessions
need no table, survive restarts and several workers, and end when the key is revoked.
Writes made with the cookie must also send the CSRF token (``X-CSRF-Token``), an HMAC of
the same session that only a page the server rendered for it can know.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from sqlalchemy import select
from sqlmodel import Session

from app.keys.models import ApiKey
from app.keys.service import Principal, verify

COOKIE = "mev_session"
CSRF_HEADER = "X-CSRF-Token"
LIFETIME_SECONDS = 8 * 3600


def _sign(secret_hash: str, purpose: str, prefix: str, expires: int) -> str:
    message = f"{purpose}|{prefix}|{expires}".encode()
    return hmac.new(secret_hash.encode(), message, hashlib.sha256).hexdigest()


def sign_in(session: Session, presented: str) -> tuple[Principal, str] | None:
    """A valid, unrevoked key -> (principal, cookie value); anything else -> None."""
    principal = verify(session, presented) if len(presented) <= 200 else None
    if principal is None:
        return None
    key = session.get(ApiKey, principal.key_id)
    expires = int(time.time()) + LIFETIME_SECONDS
    return principal, f"{key.prefix}.{expires}.{_sign(key.secret_hash, 'session', key.prefix, expires)}"


def check(session: Session, cookie: str) -> tuple[Principal, str] | None:
    """(principal, CSRF token) for a cookie this server issued that has not expired; else None."""
    parts = cookie.split(".")
    if len(parts) != 3 or not parts[1].isdigit() or len(cookie) > 200:
        return None
    prefix, expires, signature = parts[0], int(parts[1]), parts[2]
    key = session.execute(select(ApiKey).where(ApiKey.prefix == prefix)).scalar_one_or_none()
    if key is None or key.revoked_at is not None or expires < time.time():
        return None
    if not hmac.compare_digest(signature, _sign(key.secret_hash, "session", prefix, expires)):
        return None
    principal = Principal(key_id=key.id, name=key.name, scopes=frozenset(key.scopes.split()))
    return principal, _sign(key.secret_hash, "csrf", prefix, expires)
