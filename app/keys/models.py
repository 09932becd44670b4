from datetime import datetime

from sqlmodel import Field, SQLModel

from app.core.tables import UTCDateTime, created_at_field


class ApiKey(SQLModel, table=True):
    """An API key. Only a hash of the secret is stored."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    prefix: str = Field(max_length=16, unique=True, description="public part of the key, for look-up")
    secret_hash: str = Field(max_length=128)
    scopes: str = Field(max_length=200, description="space-separated: read write admin")
    created_at: datetime = created_at_field()
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RateLimitWindow(SQLModel, table=True):
    """Requests one client made in one minute, shared by every server process (app/keys/ratelimit.py).

    A fixed window per (client, minute): one atomic upsert per request counts it, on any
    number of processes and machines; windows older than the current one are swept."""

    __tablename__ = "rate_limit_window"

    client: str = Field(primary_key=True, max_length=80, description="key:<id> or ip:<address>")
    window: int = Field(primary_key=True, description="minutes since the Unix epoch")
    hits: int = Field(default=0)
