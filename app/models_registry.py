"""Every table module, imported so SQLModel.metadata is complete (Alembic, tests and the benchmark use this).

It lives outside app/core on purpose: core knows no domain.
"""

from app.actors.models import Actor, ActorMention
from app.articles.models import Article
from app.events.models import Event, EventCountry, EventCsv, EventDoc, EventDocStale, EventParticipant
from app.history.models import HistoryEntry
from app.ingestion.jobs.models import IngestJob, IngestJobItem
from app.keys.models import ApiKey, RateLimitWindow
from app.statements.models import Statement
from app.stories.models import Story

__all__ = [
    "Actor",
    "ActorMention",
    "ApiKey",
    "Article",
    "Event",
    "EventCountry",
    "EventCsv",
    "EventDoc",
    "EventDocStale",
    "EventParticipant",
    "HistoryEntry",
    "IngestJob",
    "IngestJobItem",
    "RateLimitWindow",
    "Statement",
    "Story",
]
