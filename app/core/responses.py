"""Pre-serialised JSON answers for the read path.

With a dict, FastAPI validates it against the route's response_model and then
dumps it; for a page of 50 events that costs more than the three queries behind
it. The read services build dicts in the documented shape (numbers, enums and
datetimes already of the right type; tests/test_query_plans.py validates them
against the models), so they are dumped once with pydantic-core, the same
serializer FastAPI uses. Routes keep response_model: the OpenAPI document is
unchanged.
"""

from collections.abc import Mapping
from typing import Any

from pydantic_core import to_json
from starlette.responses import Response


class JSONBytes(Response):
    media_type = "application/json"


def json_response(content: Any, headers: Mapping[str, str] | None = None) -> Response:
    return JSONBytes(to_json(content), headers=headers)


def json_page(
    documents: list[str], rest: dict[str, Any], headers: Mapping[str, str] | None = None
) -> Response:
    """A page whose items are JSON documents already (built by the database): ``{"items": [...], **rest}``."""
    body = b'{"items":[' + ",".join(documents).encode() + b"]," + to_json(rest)[1:]
    return JSONBytes(body, headers=headers)
