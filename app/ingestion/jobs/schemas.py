from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.core.errors import Problem

ItemStatus = Literal["pending", "created", "existing", "rejected"]


class JobCounts(BaseModel):
    pending: int = Field(description="not dealt with yet")
    created: int = Field(description="stored as new articles, with their annotation")
    existing: int = Field(description="the same URL or text was stored already")
    rejected: int = Field(description="not stored; the item's problem says why")


class JobItem(BaseModel):
    index: int = Field(description="0-based index of the article in the stream")
    line: int = Field(description="1-based line number in the stream")
    status: ItemStatus
    article_id: int | None = None
    problem: Problem | None = None


class IngestJobRead(BaseModel):
    id: int
    state: Literal["queued", "running", "done"] = Field(
        description="queued: no article stored yet; running: some; done: every item dealt with"
    )
    created_at: datetime
    finished_at: datetime | None
    total: int = Field(description="articles (non-blank lines) in the stream")
    counts: JobCounts
    progress: float = Field(ge=0, le=1, description="share of the items dealt with")
    problems: list[JobItem] = Field(description="the first rejected items (all of them: `items`)")
    items: str = Field(description="URL of the job's items, `?status=rejected` for every problem")
