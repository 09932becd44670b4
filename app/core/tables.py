"""Shared pieces of every table: the metadata naming convention and provenance columns."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

# Named constraints make migrations reproducible and let SQLite batch mode alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware datetimes on every backend (SQLite returns naive ones): stored and read as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):  # noqa: ANN001
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def created_at_field() -> datetime:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Provenance(SQLModel):
    """Columns every annotation record carries: where it came from and who made it."""

    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", nullable=False)
    start: int = Field(ge=0, nullable=False)
    end: int = Field(ge=0, nullable=False)
    annotator: str = Field(max_length=120, nullable=False)
    annotator_version: str | None = Field(default=None, max_length=40)
    annotator_kind: str = Field(default="machine", max_length=16, nullable=False)
    confidence: float = Field(default=1.0, ge=0, le=1, nullable=False)
    review_state: str = Field(default="machine", max_length=16, nullable=False)
