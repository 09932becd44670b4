from datetime import datetime

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from app.core.tables import Provenance, created_at_field


class Actor(SQLModel, table=True):
    """One row per real-world entity across the whole database."""

    __tablename__ = "actor"
    __table_args__ = (
        Index(None, "kind", "id"),
        Index(None, "country", "id"),
        Index(None, "name_key", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Identity: kind + country + normalised name; "country:RWA" for countries.
    identity: str = Field(max_length=400, unique=True)
    kind: str = Field(max_length=32)
    name: str = Field(max_length=300)
    name_key: str = Field(max_length=300, description="lower-cased name, for prefix search")
    country: str | None = Field(default=None, max_length=3)
    title: str | None = Field(default=None, max_length=200)
    aliases: list[str] = Field(default_factory=list, sa_type=JSON)
    created_at: datetime = created_at_field()


class ActorMention(Provenance, table=True):
    """Where an actor is mentioned in an article."""

    __tablename__ = "actor_mention"
    __table_args__ = (
        Index(None, "actor_id", "article_id"),
        Index(None, "article_id", "start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int = Field(foreign_key="actor.id", ondelete="CASCADE")
    text: str = Field(max_length=500)
