from datetime import datetime

from pydantic import BaseModel, ConfigDict

from app.core.vocabulary import ActorKind


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
