"""Actor queries, as Core selects returning plain rows (no ORM objects on the read path).

Statements are built once per combination of filters and cached; values travel
as parameters. tests/test_query_plans.py EXPLAINs them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Integer, Row, Select, bindparam, select
from sqlmodel import Session

from app.actors.models import Actor

ACTOR = Actor.__table__


@dataclass
class ActorFilter:
    kind: str | None = None
    country: str | None = None
    name_prefix: str | None = None


def actors_query(f: ActorFilter, limit: int, after: Sequence | None) -> tuple[Select, dict]:
    params: dict = {
        "limit": limit,
        "kind": f.kind,
        "country": f.country,
        "after": after[0] if after else None,
    }
    if f.name_prefix:
        # A range on the lower-cased name uses its index on every backend (LIKE would not on SQLite).
        key = f.name_prefix.lower()
        params |= {"name_from": key, "name_to": key + "\uffff"}
    return _statement(bool(f.kind), bool(f.country), bool(f.name_prefix), after is not None), params


@lru_cache(maxsize=64)
def _statement(kind: bool, country: bool, name: bool, after: bool) -> Select:
    stmt = select(*ACTOR.c)
    if kind:
        stmt = stmt.where(ACTOR.c.kind == bindparam("kind"))
    if country:
        stmt = stmt.where(ACTOR.c.country == bindparam("country"))
    if name:
        stmt = stmt.where(ACTOR.c.name_key >= bindparam("name_from"), ACTOR.c.name_key < bindparam("name_to"))
    if after:
        stmt = stmt.where(ACTOR.c.id > bindparam("after"))
    return stmt.order_by(ACTOR.c.id).limit(bindparam("limit", type_=Integer))


def list_actors(session: Session, f: ActorFilter, limit: int, after: Sequence | None) -> list[Row]:
    stmt, params = actors_query(f, limit, after)
    return list(session.connection().execute(stmt, params))


def get_actor(session: Session, actor_id: int) -> Row | None:
    return session.connection().execute(select(*ACTOR.c).where(ACTOR.c.id == actor_id)).first()
