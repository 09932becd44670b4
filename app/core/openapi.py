"""Shape the generated OpenAPI document: clean operation ids, problem+json error bodies."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from app.core.errors import PROBLEM_MEDIA_TYPE

DESCRIPTION = """
Structured migration-policy data extracted from news articles: **events**
(talks, agreements, removals, rulings...), **actors** (countries, bodies,
persons, groups) and **statements** (who said what). Every record points back
to the article and the character span it came from.

* Lists use cursor pagination: follow `next` (also sent as a `Link` header).
* Errors are `application/problem+json` (RFC 9457).
* Writes need an API key with the `write` scope in the `X-API-Key` header.
"""


def operation_id(route: APIRoute) -> str:
    # The handler's name: generated clients get list_events, get_actor, ...
    return route.name


def build_openapi(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=DESCRIPTION,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    for path_item in schema.get("paths", {}).values():
        for op in path_item.values():
            for status, resp in op.get("responses", {}).items():
                if not status.isdigit() or int(status) < 400:
                    continue
                if status == "422":
                    resp["description"] = "Invalid request"
                resp["content"] = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return schema


def install(app: FastAPI) -> None:
    def custom_openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = custom_openapi  # type: ignore[method-assign]
