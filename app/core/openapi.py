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
* Writes need an API key with the `write` scope in the `X-API-Key` header. Reads
  need none unless the server is configured to require one; a key that is sent
  must be valid (401 otherwise).
* Limits, each answered with a problem: request body (413), headers (431),
  article length (413 `article-too-long`), page size (422 on `limit`), batch size
  (413 `batch-too-large`), requests per key per minute (429 with `Retry-After`),
  annotation time (422 `annotation-timeout`).
* Reads answer with an `ETag`; send it back in `If-None-Match` to get `304 Not
  Modified` (no body) while nothing changed. `OPTIONS` lists a resource's methods
  in `Allow`, as does every 405.
"""

# Follow-ups a client (or a stateful fuzzer) can take from an ingested article.
ARTICLE_LINKS = {
    "GetArticle": "get_article",
    "GetArticleAnnotations": "get_article_annotations",
    "ReplaceArticleAnnotations": "replace_article_annotations",
    "ReannotateArticle": "reannotate_article",
    "DeleteArticle": "delete_article",
    "GetArticleHistory": "get_article_history",
}


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
    for path, path_item in schema.get("paths", {}).items():
        for method, op in path_item.items():
            _document_access(method, op)
            if method == "get" and path.startswith("/v1/") and _json_200(op):
                _document_conditional_get(op)
            if op.get("operationId") == "create_article":
                _add_article_links(op)
            for status, resp in op.get("responses", {}).items():
                if not status.isdigit() or int(status) < 400:
                    continue
                if status == "422":
                    resp["description"] = "Invalid request"
                resp["content"] = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return schema


def _document_access(method: str, op: dict[str, Any]) -> None:
    """Reads take a key optionally (unless marked x-key-required); anything with a key can answer 401
    (bad key) and 429."""
    key_required = op.pop("x-key-required", False)
    if not op.get("security"):
        return
    if method == "get" and not key_required:
        op["security"] = [{"ApiKey": []}, {}]
    responses = op.setdefault("responses", {})
    for status, title in (("401", "Unauthorized"), ("429", "Too Many Requests")):
        responses.setdefault(status, {"description": title})
    op["responses"] = dict(sorted(responses.items()))


def _json_200(op: dict[str, Any]) -> bool:
    """A 200 answered whole, as JSON: tagged. Streamed downloads (app/core/export.py) are not."""
    return "application/json" in op.get("responses", {}).get("200", {}).get("content", {})


def _document_conditional_get(op: dict[str, Any]) -> None:
    """Every 200 GET carries an ETag and honours If-None-Match (app/core/conditional.py)."""
    op.setdefault("parameters", []).append(
        {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "description": "The `ETag` of a copy you hold: 304 with no body while it is still current.",
            "schema": {"type": "string"},
        }
    )
    responses = op["responses"]
    responses["200"].setdefault("headers", {})["ETag"] = {
        "description": "Strong entity tag of this answer; send it back in `If-None-Match`.",
        "schema": {"type": "string"},
    }
    responses["304"] = {
        "description": "Not Modified: the copy named in `If-None-Match` is current (no body).",
        "headers": {"ETag": {"schema": {"type": "string"}}},
    }
    op["responses"] = dict(sorted(responses.items()))


def _add_article_links(op: dict[str, Any]) -> None:
    links = {
        name: {"operationId": target, "parameters": {"article_id": "$response.body#/article/id"}}
        for name, target in ARTICLE_LINKS.items()
    }
    for status in ("200", "201"):
        if status in op.get("responses", {}):
            op["responses"][status]["links"] = links


def install(app: FastAPI) -> None:
    def custom_openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = custom_openapi  # type: ignore[method-assign]
