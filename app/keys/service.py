"""API keys: ``mev_<prefix>_<secret>``. Only sha256(secret) is stored.

The secret carries 256 bits of randomness, so a fast hash is enough (no need for
a password KDF); comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from app.core.tables import utcnow
from app.keys.models import ApiKey

SCOPES = ("read", "write", "admin")
KEY_PREFIX = "mev"


@dataclass(frozen=True)
class Principal:
    key_id: int
    name: str
    scopes: frozenset[str]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(session: Session, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise ValueError(f"unknown scopes: {sorted(unknown)}; allowed: {SCOPES}")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    key = ApiKey(name=name, prefix=prefix, secret_hash=_hash(secret), scopes=" ".join(sorted(set(scopes))))
    session.add(key)
    session.flush()
    return key, f"{KEY_PREFIX}_{prefix}_{secret}"


def revoke_key(session: Session, prefix: str) -> bool:
    key = session.execute(select(ApiKey).where(ApiKey.prefix == prefix)).scalar_one_or_none()
    if key is None or key.revoked_at is not None:
        return False
    key.revoked_at = utcnow()
    session.add(key)
    return True


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.execute(select(ApiKey).order_by(ApiKey.id)).scalars())


def verify(session: Session, presented: str) -> Principal | None:
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    key = session.execute(select(ApiKey).where(ApiKey.prefix == parts[1])).scalar_one_or_none()
    # Compare even when the prefix is unknown so timing does not reveal which prefixes exist.
    expected = key.secret_hash if key else _hash("no-such-key")
    if not hmac.compare_digest(expected, _hash(parts[2])) or key is None or key.revoked_at is not None:
        return None
    return Principal(key_id=key.id, name=key.name, scopes=frozenset(key.scopes.split()))
