from datetime import date, datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from app.core.tables import Provenance, created_at_field

# Spelled out here: inside a class that has a field named `date`, `date | None` would not read the type.
DateOrNone = date | None


class Event(Provenance, table=True):
    """A migration-policy event; ``start``/``end`` is its evidence sentence."""

    __tablename__ = "event"
    __table_args__ = (
        Index(None, "type", "id"),
        Index(None, "policy_area", "id"),
        Index(None, "article_id", "id"),
        Index(None, "date", "id"),
        # The review_state filter (e.g. confirmed events) pages in id order like the others.
        Index(None, "review_state", "id"),
        # The annotator filter (which annotator and version made it), for re-annotation by version too.
        Index(None, "annotator", "annotator_version", "id"),
        # A story's events, in id order (the story's links, GET /v1/events?distinct=story, regrouping).
        Index(None, "story_id", "id"),
        # The same filters sorted by date (sort=date / -date): an index range, not a sort of every match.
        Index(None, "type", "date", "id"),
        Index(None, "policy_area", "date", "id"),
        Index(None, "review_state", "date", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(max_length=32)
    policy_area: str = Field(max_length=32)
    # First day of the period; date_precision says how much of it is known.
    date: date
    date_precision: str = Field(max_length=16)
    people_count: int | None = Field(default=None, ge=0)
    summary: str = Field(max_length=1000)
    evidence_text: str = Field(sa_type=Text, description="the evidence sentence, copied for provenance")
    background: bool = Field(default=False)
    # The happening this report belongs to (app/stories/); null while ungrouped or when rejected.
    story_id: int | None = Field(default=None, foreign_key="story.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()


class EventParticipant(SQLModel, table=True):
    """``type``, ``policy_area`` and ``date`` are copies of the event's, written by the database itself
    (triggers, migration 0012), never by the app, as event_country's are: an actor's page, in id or date
    order, is then one range of an index that also tests the other filters."""

    __tablename__ = "event_participant"
    __table_args__ = (
        # Named: the names derived from these columns pass PostgreSQL's 63-byte limit on identifiers.
        Index(
            "ix_event_participant_actor_id_event_id_copies",
            "actor_id",
            "event_id",
            "role",
            "type",
            "policy_area",
            "date",
        ),
        Index(
            "ix_event_participant_actor_id_date_copies",
            "actor_id",
            "date",
            "event_id",
            "role",
            "type",
            "policy_area",
        ),
    )

    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE", primary_key=True)
    actor_id: int = Field(foreign_key="actor.id", ondelete="CASCADE", primary_key=True)
    role: str = Field(max_length=16, primary_key=True)
    type: str | None = Field(default=None, max_length=32)
    policy_area: str | None = Field(default=None, max_length=32)
    date: DateOrNone = None


class EventCountry(SQLModel, table=True):
    """The ISO3 codes an event concerns, one row each so a country filter uses an index.

    ``type``, ``policy_area`` and ``date`` are copies of the event's, written by the database itself
    (triggers, migration 0009: on insert here and on every update of the event), never by the app.
    They let a count for one country (GET /v1/events/counts?country=...) read one index range
    instead of looking up every event: ~10x less work at 1M events (bench/counts_speed.py), and a
    country's events sorted by date walk (country, date, event_id) (migration 0012)."""

    __tablename__ = "event_country"
    __table_args__ = (
        Index(None, "country", "date", "type", "policy_area"),
        # A country's page in id or date order, the copies there to test the other filters (migration 0012).
        Index(None, "country", "event_id", "type", "policy_area", "date"),
        Index(None, "country", "date", "event_id", "type", "policy_area"),
    )

    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE", primary_key=True)
    country: str = Field(max_length=3, primary_key=True)
    type: str | None = Field(default=None, max_length=32)
    policy_area: str | None = Field(default=None, max_length=32)
    date: DateOrNone = None


class EventDoc(SQLModel, table=True):
    """The read model: each event's public JSON (EventRead, without the request's ``search``), rendered at
    write time so a list page reads stored text (app/events/readmodel.py keeps it in step)."""

    __tablename__ = "event_doc"

    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE", primary_key=True)
    doc: str = Field(sa_type=Text)


class EventCsv(SQLModel, table=True):
    """The read model's CSV side: each event's export line (app/events/csv_lines.py), in two parts around
    ``confidence``, which the export prints. Kept with event_doc, by the same refresh. A table of its own
    rather than columns of event_doc: the CSV export then reads narrow rows (~330 bytes, not ~1.3 KB),
    and the NDJSON export's rows stay as narrow as they were."""

    __tablename__ = "event_csv"

    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE", primary_key=True)
    head: str = Field(sa_type=Text)
    tail: str = Field(sa_type=Text)


class EventDocStale(SQLModel, table=True):
    """Events whose document a write of this transaction touched, noted by triggers (migration 0008) and
    rendered again before the transaction commits. A surrogate key, not event_id: two PostgreSQL
    transactions noting the same event must not wait on each other's unique-index entry."""

    __tablename__ = "event_doc_stale"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int
