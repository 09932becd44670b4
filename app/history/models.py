from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from app.core.tables import UTCDateTime, utcnow


class HistoryEntry(SQLModel, table=True):
    """One change, written in the same transaction as the change itself and never updated.

    No foreign keys on purpose: the entries about an article outlive the article, its
    records and the key that made them.
    """

    __tablename__ = "history"
    __table_args__ = (
        Index(None, "article_id", "id"),
        Index(None, "who", "id"),
        Index(None, "record_type", "id"),
        Index(None, "at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    who: str = Field(max_length=120, description="the API key's name, or cli:<user> for the command line")
    key_id: int | None = Field(default=None)
    record_type: str = Field(max_length=16)
    record_id: int
    article_id: int | None = Field(default=None)
    action: str = Field(max_length=16)
    before: Any | None = Field(default=None, sa_type=JSON)
    after: Any | None = Field(default=None, sa_type=JSON)
