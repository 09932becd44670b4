"""The tables of ingestion jobs. An item is one line of the posted stream, stored at POST time.

An item is ``pending`` until a worker has dealt with it, then ``created`` (a new article,
stored with its annotation in the same transaction as the item's new state), ``existing``
(the same URL or text was stored already) or ``rejected`` (its ``problem`` says why). The
job's counts are counted from its items, never kept beside them, so they cannot drift.
"""

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.tables import UTCDateTime, created_at_field


class IngestJob(SQLModel, table=True):
    __tablename__ = "ingest_job"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = created_at_field()
    created_by: str = Field(max_length=120, description="the API key's name")
    total: int = Field(description="lines with an article in the stream")
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class IngestJobItem(SQLModel, table=True):
    __tablename__ = "ingest_job_item"
    __table_args__ = (
        UniqueConstraint("job_id", "position"),
        Index("ix_ingest_job_item_job_id_status", "job_id", "status"),
        # The SQLite workers' claim: the oldest pending items.
        Index("ix_ingest_job_item_status_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="ingest_job.id", ondelete="CASCADE", nullable=False)
    position: int = Field(description="0-based index of the article in the stream")
    line: int = Field(description="1-based line number in the stream")
    payload: str | None = Field(default=None, sa_type=Text, description="the line's JSON object")
    status: str = Field(default="pending", max_length=16)
    article_id: int | None = Field(default=None, foreign_key="article.id", ondelete="SET NULL")
    problem: str | None = Field(default=None, sa_type=Text, description="problem+json, if rejected")
    claimed_by: str | None = Field(default=None, max_length=80, description="SQLite: host:pid of the worker")
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
