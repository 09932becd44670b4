from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from app.actors.models import Actor


@dataclass
class ActorFilter:
    kind: str | None = None
    country: str | None = None
    name_prefix: str | None = None


def list_actors(session: Session, f: ActorFilter, limit: int, after: Sequence | None) -> list[Actor]:
    stmt = select(Actor)
    if f.kind:
        stmt = stmt.where(Actor.kind == f.kind)
    if f.country:
        stmt = stmt.where(Actor.country == f.country)
    if f.name_prefix:
        # A range on the lower-cased name uses its index on every backend (LIKE would not on SQLite).
        key = f.name_prefix.lower()
        stmt = stmt.where(Actor.name_key >= key, Actor.name_key < key + "\uffff")
    if after is not None:
        stmt = stmt.where(Actor.id > after[0])
    return list(session.execute(stmt.order_by(Actor.id).limit(limit)).scalars())
