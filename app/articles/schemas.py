from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.core.fulltext import SearchMatch
from app.review.schemas import AnnotatorRef


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
    search: SearchMatch | None = Field(
        default=None, description="Only in a list searched with `q`: the item's rank and snippet."
    )


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
                    "annotator": {"kind": "machine", "name": "rules-spacy-news", "version": "0.4.0"},
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
