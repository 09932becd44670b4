"""Query and path parameter types shared by the routers."""

import re
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from pydantic import BeforeValidator, Field

from app.core.errors import ProblemError

# Ids are INTEGER columns (32-bit on PostgreSQL): a larger id cannot exist, and asking the
# database for one fails there instead of answering 404.
MAX_ID = 2**31 - 1
# PostgreSQL text cannot hold NUL: a filter value with one is refused (422), not sent to the database.
NO_NUL = r"^[^\x00]*$"

_NUMBER = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")


def iso_not_number(value: Any) -> Any:
    # Pydantic reads a number (or a string of digits) as a Unix time; the contract says ISO 8601
    # (format date / date-time), so "0" or 1700000000 is refused rather than read as 1970 or 2023.
    if isinstance(value, bool | int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("must be an ISO 8601 date or date-time, not a number")
    return value


def _json_integer(value: Any) -> Any:
    # Pydantic reads true as 1 and "5" as 5; JSON Schema's integer is neither (but 5.0 is one).
    if isinstance(value, bool | str):
        raise ValueError("must be a JSON integer")
    return value


def json_int(**bounds: int) -> Any:
    """An integer as JSON Schema has it, with ``ge``/``le`` bounds. The bounds come before the
    validator so that they stay in the schema (after it, Pydantic writes them out as raw keys)."""
    return Annotated[int, Field(**bounds), BeforeValidator(_json_integer)]


JsonInt = json_int()
RowId = json_int(ge=1, le=2**31 - 1)  # an id in a request body: INTEGER columns, as MAX_ID
NonNegative = json_int(ge=0)
Offset = json_int(ge=0, le=10**9)  # a character offset into an article's text
PeopleCount = json_int(ge=0, le=10**9)

IsoDate = Annotated[date, BeforeValidator(iso_not_number)]
IsoDateTime = Annotated[datetime, BeforeValidator(iso_not_number)]

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="Numeric id.")]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Country = Annotated[
    str | None,
    Query(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code, upper case.", examples=["RWA"]),
]


JSON_TYPES = ("application/json",)


def content_type(*allowed: str):
    """A dependency answering 415 unless the body is one of ``allowed`` media types."""

    def check(request: Request) -> None:
        given = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if given not in allowed:
            raise ProblemError(
                415,
                "unsupported-media-type",
                "Unsupported Media Type",
                f"Send the body as {' or '.join(allowed)} (got '{given or 'nothing'}').",
            )

    return Depends(check)


AnnotatorName = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=120,
        pattern=NO_NUL,
        description="Only records made by this annotator: the machine's name, or `key:<name>` for a person.",
        examples=["rules-spacy"],
    ),
]
AnnotatorVersion = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=40,
        pattern=NO_NUL,
        description="Only records made by this annotator version.",
    ),
]
