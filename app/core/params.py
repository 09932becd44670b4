"""Query and path parameter types shared by the routers."""

from typing import Annotated

from fastapi import Path, Query

Id = Annotated[int, Path(ge=1, le=2**63 - 1, description="Numeric id.")]
OptionalId = Annotated[int | None, Query(ge=1, le=2**63 - 1)]
Country = Annotated[
    str | None,
    Query(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code, upper case.", examples=["RWA"]),
]
