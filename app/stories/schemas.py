from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.annotator.vocabulary import DatePrecision, EventType
from app.events.schemas import Participant


class StoryLinks(BaseModel):
    self: str
    events: str
    articles: str
    statements: str


class StoryRead(BaseModel):
    """One real-world happening, reported by one or more articles: each article's report is an event."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "type": "removal",
                    "date": "2025-07-15",
                    "date_precision": "day",
                    "first_reported": "2025-07-16T00:00:00Z",
                    "last_reported": "2025-08-20T00:00:00Z",
                    "article_count": 5,
                    "mention_count": 5,
                    "countries": ["SWZ", "USA"],
                    "participants": [
                        {
                            "actor": {"id": 3, "kind": "country", "name": "Eswatini", "country": "SWZ"},
                            "role": "recipient",
                        }
                    ],
                    "links": {
                        "self": "/v1/stories/1",
                        "events": "/v1/stories/1/events",
                        "articles": "/v1/stories/1/articles",
                        "statements": "/v1/stories/1/statements",
                    },
                }
            ]
        }
    )

    id: int
    type: EventType
    date: str = Field(description="The earliest date its reports give (YYYY-MM-DD, YYYY-MM or YYYY).")
    date_precision: DatePrecision
    first_reported: datetime | None = Field(
        description="Publication time of the first article reporting it (its storage time when undated)."
    )
    last_reported: datetime | None = Field(description="Publication time of the latest article reporting it.")
    article_count: int = Field(ge=0, description="Articles that report it.")
    mention_count: int = Field(ge=0, description="Events that report it (an article can report it twice).")
    countries: list[str] = Field(description="ISO3 codes of the countries its reports concern, sorted.")
    participants: list[Participant] = Field(description="Every actor and role its reports name, once each.")
    links: StoryLinks


class StorySort(StrEnum):
    """Sort orders for the story list; `-` means descending; `date` is the story's date, then id."""

    id = "id"
    id_desc = "-id"
    date = "date"
    date_desc = "-date"

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):  # noqa: ANN001, ANN206
        schema = handler(core_schema)
        schema["x-enum-varnames"] = [m.name for m in cls]
        return schema
