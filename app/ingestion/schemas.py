"""What a client posts to ingest articles, and what it gets back."""

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.articles.schemas import ArticleSummary
from app.core.errors import Problem
from app.core.params import NO_NUL, iso_not_number

# The publication dates accepted, from the first instant of 1900 up to (not including) 2101, UTC;
# a date-time without an offset is read as UTC. The annotator resolves "on Wednesday",
# "yesterday" or "last year" by counting back from the publication day, and reads bare years
# 1950-2099; it is built for modern news. Dates near the ends of the calendar (year 1, year
# 9999) made that arithmetic overflow (issue 14), and a time zone shift near them overflows
# the database's timestamp. A wider range later is a compatible change; a narrower one is not.
PUBLISHED_MIN = datetime(1900, 1, 1, tzinfo=UTC)
PUBLISHED_END = datetime(2101, 1, 1, tzinfo=UTC)
PUBLISHED_RANGE = "1900-01-01 to 2100-12-31 (UTC)"
NO_CONTROLS = {"pattern": r"^[^\x00-\x1f]*$"}
# What urlsplit reads with a host: http(s)://, optional user info, a host (no IPv6 literal), optional
# port, then anything without blanks or controls. The authority is ASCII: urlsplit refuses one whose
# NFKC form holds a delimiter, which no pattern can say for Unicode.
_AUTH = r"A-Za-z0-9\-._~!$&'()*+,;=%"
URL_PATTERN = rf"^https?://([{_AUTH}:@]*@)?[{_AUTH}]+(:[{_AUTH}:]*)?([/?#][^\s\x00-\x1f]*)?$"


def _declare_range(schema: dict[str, Any]) -> None:
    """Put the bounds on the date-time branch of ``published_at``'s schema.

    JSON Schema has no bounds for date-time strings; ``formatMinimum`` and
    ``formatExclusiveMaximum`` are the keywords of the validators that have them (ajv-formats),
    read next to ``format``. The description says the same for people.
    """
    for branch in schema.get("anyOf", []):
        if branch.get("format") == "date-time":
            branch["formatMinimum"] = _utc(PUBLISHED_MIN)
            branch["formatExclusiveMaximum"] = _utc(PUBLISHED_END)


def _utc(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


# The bounds before the validator, as app/core/params.json_int explains.
Published = Annotated[datetime, Field(ge=PUBLISHED_MIN, lt=PUBLISHED_END), BeforeValidator(iso_not_number)]


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

    # clean() refuses a NUL with its own problem (invalid-text); the pattern declares it.
    text: str = Field(
        min_length=1,
        description="Plain text or HTML (HTML is turned into clean text).",
        json_schema_extra={"pattern": NO_NUL},
    )
    url: str | None = Field(
        default=None,
        max_length=2048,
        pattern=URL_PATTERN,
        description="http(s), with a host; the part before the path in ASCII (IDNA for international names).",
    )
    # prepare() refuses control characters in these with its own problem (invalid-text); declared here.
    title: str | None = Field(default=None, max_length=1000, json_schema_extra=NO_CONTROLS)
    outlet: str | None = Field(default=None, max_length=200, json_schema_extra=NO_CONTROLS)
    published_at: Published | None = Field(
        default=None,
        description=(
            "ISO 8601; a date alone means midnight UTC. Used to resolve relative dates. "
            f"Accepted: {PUBLISHED_RANGE}; anything else is a 422 problem naming `published_at`."
        ),
        json_schema_extra=_declare_range,
    )
    language: str = Field(
        default="en",
        pattern=r"^[a-z]{2}$",
        description="ISO 639-1 code; only `en` is annotated (another is a 422 `unsupported-language`).",
        # The contract lists what is accepted today; the pattern is what a later version may widen to.
        json_schema_extra={"enum": ["en"]},
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


class BatchItem(BaseModel):
    index: int = Field(description="Position of the item in the request.")
    status: Literal["created", "existing", "rejected"]
    article_id: int | None = None
    problem: Problem | None = None


class BatchResult(BaseModel):
    """Per-item outcome of a batch ingest. Each item is stored (or not) on its own."""

    created: int
    existing: int
    rejected: int
    items: list[BatchItem]
