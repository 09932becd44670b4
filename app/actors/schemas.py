from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.annotator.vocabulary import ActorKind


class ActorRef(BaseModel):
    """A short reference to an actor, embedded in other records."""

    id: int
    kind: ActorKind
    name: str
    country: str | None = Field(description="ISO 3166-1 alpha-3", examples=["RWA"])


class ActorLinks(BaseModel):
    self: str
    events: str
    statements: str


class ActorRead(BaseModel):
    """One real-world entity (country, body, person, group), shared by every article that mentions it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 4,
                    "kind": "person",
                    "name": "Olivier Nduhungirehe",
                    "country": "RWA",
                    "title": "Foreign Minister",
                    "aliases": ["Rwandan Foreign Minister Olivier Nduhungirehe", "Nduhungirehe"],
                    "created_at": "2025-05-05T10:00:00Z",
                    "links": {
                        "self": "/v1/actors/4",
                        "events": "/v1/actors/4/events",
                        "statements": "/v1/actors/4/statements",
                    },
                }
            ]
        }
    )

    id: int
    kind: ActorKind
    name: str
    country: str | None
    title: str | None
    aliases: list[str]
    created_at: datetime
    links: ActorLinks
