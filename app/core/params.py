"""Query and path parameter types shared by the routers."""

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from app.core.errors import ProblemError

# Ids are INTEGER columns (32-bit on PostgreSQL): a larger id cannot exist, and asking the
# database for one fails there instead of answering 404.
MAX_ID = 2**31 - 1
# PostgreSQL text cannot hold NUL: a filter value with one is refused (422), not sent to the database.
NO_NUL = r"^[^\x00]*$"

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
