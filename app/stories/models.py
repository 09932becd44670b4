from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.core.tables import UTCDateTime, created_at_field


class Story(SQLModel, table=True):
    """One real-world happening, as many articles report it: the events (one per article's report)
    with its id in ``event.story_id``. The columns summarise them; app/stories/grouping.py keeps them
    in step in the transaction that changes the events."""

    __tablename__ = "story"
    __table_args__ = (
        Index(None, "type", "id"),
        Index(None, "date", "id"),
        # Stories come and go as events are regrouped: SQLite must not hand a gone story's id to a new
        # one (a client holding /v1/stories/5 would get another happening). PostgreSQL's sequence never does.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(max_length=32)
    # The earliest date a member's text gives (else its article's publication), to that member's precision.
    date: date
    date_precision: str = Field(max_length=16)
    first_reported: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_reported: datetime | None = Field(default=None, sa_type=UTCDateTime)
    article_count: int = Field(default=0, ge=0)
    mention_count: int = Field(default=0, ge=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
