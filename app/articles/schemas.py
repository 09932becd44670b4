from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.core.schemas import AnnotatorRef


class ArticleLinks(BaseModel):
    self: str
    annotations: str
    events: str
    statements: str


class ArticleSummary(BaseModel):
    """An ingested article, without its text."""

    id: int
    url: str | None
    title: str | None
    outlet: str | None
    published_at: datetime | None
    language: str
    source_format: str = Field(description="`text` or `html`: what the client sent.")
    word_count: int
    content_hash: str = Field(
        description="sha256 of the normalised text; the idempotency key besides the URL."
    )
    annotator: AnnotatorRef | None = Field(description="Who made the current annotation.")
    annotated_at: datetime | None
    created_at: datetime
    links: ArticleLinks


class ArticleRead(ArticleSummary):
    """An ingested article with its stored text; every span in the API indexes into `text`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "url": "https://example.org/news/rwanda-us-talks",
                    "title": "Rwanda in talks with US over deportees",
                    "outlet": "Example News",
                    "published_at": "2025-05-05T00:00:00Z",
                    "language": "en",
                    "source_format": "text",
                    "word_count": 306,
                    "content_hash": "1066dbea8fb2b28af4f073787424878f243ed4aae2953b3a76cbf9fb726393c7",
                    "annotator": {"kind": "machine", "name": "rules-spacy", "version": "0.1.0"},
                    "annotated_at": "2025-05-05T10:00:00Z",
                    "created_at": "2025-05-05T10:00:00Z",
                    "links": {
                        "self": "/v1/articles/1",
                        "annotations": "/v1/articles/1/annotations",
                        "events": "/v1/events?article=1",
                        "statements": "/v1/statements?article=1",
                    },
                    "text": "Rwanda in talks with US ...",
                }
            ]
        }
    )

    text: str


class ArticleIn(BaseModel):
    """A raw article to ingest. Server-owned fields (id, annotator, timestamps) cannot be set."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Rwanda confirmed on Sunday that it is in talks with the United States ...",
                    "url": "https://example.org/news/rwanda-us-talks",
                    "title": "Rwanda in talks with US over deportees",
                    "outlet": "Example News",
                    "published_at": "2025-05-05T00:00:00Z",
                    "language": "en",
                }
            ]
        },
    )

    text: str = Field(min_length=1, description="Plain text or HTML (HTML is turned into clean text).")
    url: str | None = Field(default=None, max_length=2048, pattern=r"^https?://[^\s]+$")
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    published_at: datetime | None = Field(
        default=None, description="ISO 8601; a date alone means midnight UTC. Used to resolve relative dates."
    )
    language: str = Field(
        default="en", pattern=r"^[a-z]{2}$", description="ISO 639-1 code; only `en` is annotated."
    )
    format: Literal["auto", "text", "html"] = Field(default="auto", description="How to read `text`.")

    @field_validator("url")
    @classmethod
    def _url_with_a_host(cls, url: str | None) -> str | None:
        # The pattern lets through what no URL parser reads ("https://[x"); the URL is echoed
        # back in every answer about the article, so it must be one clients can parse.
        if url is None:
            return url
        try:
            host = urlsplit(url).hostname
        except ValueError as exc:
            raise ValueError("is not a valid URL") from exc
        if not host:
            raise ValueError("has no host")
        return url


class AnnotationCounts(BaseModel):
    actors: int
    events: int
    statements: int


class IngestResult(BaseModel):
    """What happened to a posted article."""

    created: bool = Field(description="False when the article was already stored (same URL or same text).")
    article: ArticleSummary
    annotation: AnnotationCounts
