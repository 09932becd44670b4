from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from app.actors import service
from app.actors.repository import ActorFilter
from app.actors.schemas import ActorRead
from app.annotator.vocabulary import ActorKind
from app.core.deps import read_scope
from app.core.errors import problem_responses
from app.core.pagination import Page, PageParams, page_params
from app.core.params import NO_NUL, Country, Id

router = APIRouter(prefix="/v1/actors", tags=["actors"])


@router.get("", response_model=Page[ActorRead], responses=problem_responses(422))
def list_actors(
    request: Request,
    page: Annotated[PageParams, Depends(page_params)],
    kind: ActorKind | None = None,
    country: Country = None,
    name: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            pattern=NO_NUL,
            description="Case-insensitive prefix of the name.",
        ),
    ] = None,
):
    """List actors: countries, bodies, persons, organisations and groups."""
    f = ActorFilter(kind=kind.value if kind else None, country=country, name_prefix=name)
    with read_scope() as session:
        return service.actor_page(session, request, f, page)


@router.get("/{actor_id}", response_model=ActorRead, responses=problem_responses(404, 422))
def get_actor(actor_id: Id):
    """One actor with every surface form seen for it."""
    with read_scope() as session:
        return service.get_actor_record(session, actor_id)
