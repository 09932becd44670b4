from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field

from app.core.tables import Provenance, created_at_field


class Statement(Provenance, table=True):
    """Who said what; ``start``/``end`` is the statement's content span."""

    __tablename__ = "statement"
    __table_args__ = (
        Index(None, "speaker_id", "id"),
        Index(None, "event_id", "id"),
        Index(None, "article_id", "id"),
        Index(None, "kind", "id"),
        Index(None, "annotator", "annotator_version", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int | None = Field(default=None, foreign_key="actor.id", ondelete="SET NULL")
    event_id: int | None = Field(default=None, foreign_key="event.id", ondelete="SET NULL")
    kind: str = Field(max_length=16)
    verb: str = Field(max_length=60)
    text: str = Field(sa_type=Text)
    created_at: datetime = created_at_field()
