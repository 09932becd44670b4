from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from app.core.tables import UTCDateTime, created_at_field


class Article(SQLModel, table=True):
    __tablename__ = "article"
    __table_args__ = (
        Index(None, "outlet", "id"),
        Index(None, "published_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    url: str | None = Field(default=None, max_length=2048, unique=True)
    content_hash: str = Field(max_length=64, unique=True, description="sha256 of the normalised text")
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    language: str = Field(default="en", max_length=8)
    source_format: str = Field(default="text", max_length=8)
    text: str = Field(sa_type=Text)
    word_count: int = Field(default=0)
    annotator: str | None = Field(default=None, max_length=120)
    annotator_version: str | None = Field(default=None, max_length=40)
    annotator_kind: str | None = Field(default=None, max_length=16)
    annotated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = created_at_field()
