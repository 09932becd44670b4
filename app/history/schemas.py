from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.history.vocabulary import Action, RecordType


class HistoryLinks(BaseModel):
    record: str | None = Field(description="The record now (404 once it is gone).")
    article: str | None
    article_history: str | None


class HistoryRead(BaseModel):
    """One change a person made (or started), as it was recorded in the same transaction."""

    id: int
    at: datetime
    who: str = Field(description="The API key's name (`cli:<user>` for the command line).")
    record_type: RecordType
    record_id: int
    article_id: int | None
    action: Action
    before: Any | None = Field(description="The record before the change (null when it did not exist).")
    after: Any | None = Field(description="The record after the change (null when it was deleted).")
    links: HistoryLinks
