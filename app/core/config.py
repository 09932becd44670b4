"""Service settings, read from the environment (prefix ``MIGEVENTS_``) or a ``.env`` file."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_PATH = Path("var") / "migration-events.db"
# The contract's ceiling on `limit`; a server may be configured with a lower one.
MAX_PAGE_SIZE = 500


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MIGEVENTS_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_SQLITE_PATH}",
        description="SQLAlchemy URL; sqlite:///path (embedded default) or postgresql+psycopg://...",
    )
    # Limits. Each has a documented problem answer (see app/core/errors.py).
    max_body_bytes: int = 2_000_000
    max_batch_body_bytes: int = 50_000_000
    max_article_chars: int = 200_000
    max_article_words: int = 30_000
    max_batch_items: int = 1_000
    # Ingestion jobs (POST /v1/ingest-jobs): articles per NDJSON stream, and the stream's bytes.
    max_job_items: int = 100_000
    max_job_body_bytes: int = 1_000_000_000
    default_page_size: int = 50
    max_page_size: int = Field(default=MAX_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    rate_limit_per_minute: int = 6_000
    # Rows an export reads per query (app/core/export.py): its memory is about one batch.
    export_batch_rows: int = Field(default=1_000, ge=1, le=10_000)
    # Where the rate limit counts: "memory" (one process alone), "database" (shared by every
    # process and machine on the database), "auto": database on PostgreSQL, memory on SQLite
    # (``serve --workers N`` with N > 1 sets "database" for its workers).
    rate_limit_store: Literal["auto", "memory", "database"] = "auto"
    annotation_timeout_seconds: float = 30.0
    max_header_bytes: int = 16_384
    # Access control.
    require_key_for_reads: bool = False
    cors_origins: list[str] = []
    # Annotator child processes per server process (0: one per core). Started on the first
    # annotation, or at start-up when preload_annotator is set.
    annotator_processes: int = 0
    preload_annotator: bool = False
    # An article that takes its annotator process over this resident memory fails alone (422);
    # the process is replaced (0: no limit). The loaded model takes ~140 MB, a 30k-word article ~460.
    annotator_memory_limit_mb: int = 1024
    # How long a write waits for a free annotator process (or a replacement to start): then 503.
    annotator_queue_timeout_seconds: float = 30.0
    # After SIGTERM/SIGINT: in-flight requests get this long to finish (unfinished annotations
    # are answered 503), then the annotator processes are stopped and the server exits 0.
    shutdown_grace_seconds: float = 10.0
    log_level: str = "INFO"


@lru_cache
def get_settings() -> Settings:
    return Settings()
