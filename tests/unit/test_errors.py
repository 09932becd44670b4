"""app/core/errors.py: every failure is rendered as one RFC 9457 problem document."""

from enum import StrEnum
from typing import Annotated

import pytest
from fastapi import FastAPI, Query
from fastapi.testclient import TestClient

from app.core.errors import (
    PROBLEM_BASE,
    PROBLEM_MEDIA_TYPE,
    ProblemError,
    install_error_handlers,
    invalid,
    not_found,
    problem_responses,
)


class Colour(StrEnum):
    red = "red"
    blue = "blue"


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/things/{ident}")
    def thing(ident: int, colour: Annotated[list[Colour] | None, Query()] = None):
        if ident == 404:
            raise not_found("thing", ident)
        if ident == 429:
            raise ProblemError(
                429, "rate-limited", "Too Many Requests", "Slow down.", headers={"Retry-After": "3"}
            )
        if ident == 500:
            raise RuntimeError("SELECT secret FROM table")
        return {"ident": ident}

    @app.post("/things")
    def create(body: dict):
        return body

    return TestClient(app, raise_server_exceptions=False)


def _problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body = response.json()
    assert body["status"] == status and body["type"].startswith(PROBLEM_BASE)
    return body


def test_a_raised_problem(client):
    body = _problem(client.get("/things/404"), 404)
    assert body == {
        "type": PROBLEM_BASE + "not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "No thing with id 404.",
        "instance": "/things/404",
    }


def test_headers_travel_with_the_problem(client):
    r = client.get("/things/429")
    assert _problem(r, 429)["detail"] == "Slow down." and r.headers["retry-after"] == "3"


def test_validation_errors_name_the_parameter_and_the_allowed_values(client):
    body = _problem(client.get("/things/1", params=[("colour", "red"), ("colour", "green")]), 422)
    assert body["title"] == "Invalid request"
    assert body["detail"] == "Invalid query parameter 'colour': allowed values are red, blue."
    assert body["errors"] == [
        {
            "location": "query",
            "name": "colour",
            "message": body["errors"][0]["message"],
            "allowed": ["red", "blue"],
        }
    ]
    path = _problem(client.get("/things/abc"), 422)
    assert path["errors"][0]["location"] == "path" and path["errors"][0]["name"] == "ident"


def test_a_body_that_is_not_json(client):
    body = _problem(
        client.post("/things", content=b"{nope", headers={"content-type": "application/json"}), 422
    )
    assert body["errors"][0]["location"] == "body"


def test_unknown_routes_and_methods(client):
    assert _problem(client.get("/nowhere"), 404)["detail"] == "No route matches /nowhere."
    assert _problem(client.delete("/things"), 405)["title"] == "Method Not Allowed"


def test_an_unexpected_error_leaks_nothing(client):
    body = _problem(client.get("/things/500"), 500)
    assert body["detail"] == "An unexpected error occurred." and "SELECT" not in str(body)


def test_invalid_builds_one_field_error():
    problem = invalid("limit", "must be at most 500")
    assert (problem.status, problem.slug) == (422, "validation-error")
    assert problem.detail == "Invalid query parameter 'limit': must be at most 500"
    assert [e.name for e in problem.errors] == ["limit"]


def test_long_messages_are_capped():
    from app.core.errors import _clean_message

    assert len(_clean_message("x" * 1000)) == 300


def test_problem_responses_document_the_problem_body():
    documented = problem_responses(404, 422)
    assert set(documented) == {404, 422}
    assert documented[404]["description"] == "Not Found" and PROBLEM_MEDIA_TYPE in documented[404]["content"]
