"""The OpenAPI contract: the committed file is what the server serves, clean enough to generate clients.

Besides the static checks, each operation is called with inputs that provoke its
4xx answers (unknown id, invalid parameter, bad or weak API key) and the status
that comes back must be one the operation documents, as problem+json.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest

from app.cli import SPEC_PATH, build_parser
from tests.conftest import make_key

PROBLEM = "application/problem+json"
PROBLEM_SCHEMA = {"schema": {"$ref": "#/components/schemas/Problem"}}
METHODS = {"get", "put", "post", "delete", "patch"}
READS = {
    "list_events": "/v1/events",
    "get_event": "/v1/events/{event_id}",
    "list_event_statements": "/v1/events/{event_id}/statements",
    "list_event_articles": "/v1/events/{event_id}/articles",
    "list_actors": "/v1/actors",
    "get_actor": "/v1/actors/{actor_id}",
    "list_actor_events": "/v1/actors/{actor_id}/events",
    "list_actor_statements": "/v1/actors/{actor_id}/statements",
    "list_statements": "/v1/statements",
    "get_statement": "/v1/statements/{statement_id}",
    "list_articles": "/v1/articles",
    "get_article": "/v1/articles/{article_id}",
}


@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def served(server) -> dict:
    r = httpx.get(server.base_url + "/openapi.json", timeout=30)
    assert r.status_code == 200
    return r.json()


def operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield path, method, op


def test_committed_spec_is_what_the_server_serves(committed, served):
    assert committed == served, "run `python -m app openapi` and commit openapi/openapi.json"


def test_openapi_check_command_agrees():
    # `python -m app openapi --check`, run in this process: the same command, without a second app import.
    args = build_parser().parse_args(["openapi", "--check"])
    assert args.func(args) == 0


def test_operation_ids_are_the_handler_names(served):
    ids = [op["operationId"] for _, _, op in operations(served)]
    assert len(ids) == len(set(ids)), "operation ids must be unique"
    for op_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", op_id), op_id
    by_id = {op["operationId"]: (path, method) for path, method, op in operations(served)}
    for op_id, path in READS.items():
        assert by_id.get(op_id) == (path, "get"), op_id


def test_every_operation_is_tagged_and_described(served):
    declared = {t["name"] for t in served["tags"]}
    for path, method, op in operations(served):
        where = f"{method.upper()} {path}"
        assert op.get("tags") and set(op["tags"]) <= declared, where
        assert op.get("summary") and op.get("description"), where


def test_every_error_answer_is_documented_as_problem_json(served):
    assert {"type", "title", "status"} <= set(served["components"]["schemas"]["Problem"]["required"])
    assert "HTTPValidationError" not in served["components"]["schemas"]
    for path, method, op in operations(served):
        for status, response in op["responses"].items():
            if status.startswith("4") or status.startswith("5"):
                assert response.get("content") == {PROBLEM: PROBLEM_SCHEMA}, f"{method} {path} {status}"
                assert response.get("description"), f"{method} {path} {status}"
        if path.startswith("/v1/"):
            assert "422" in op["responses"], f"{method} {path} takes input, so it can answer 422"


def concrete(path: str, ident: str) -> str:
    return re.sub(r"\{[a-z_]+\}", ident, path)


def provoke(client: httpx.Client, method: str, path: str, **kwargs) -> httpx.Response:
    r = client.request(method, path, **kwargs)
    assert r.status_code >= 400, (method, path, r.status_code)
    assert r.headers["content-type"] == PROBLEM
    return r


def test_the_4xx_answers_operations_give_are_documented(served, client, db_url):
    read_key = make_key("read", "contract-reader")
    for path, method, op in operations(served):
        if not path.startswith("/v1/"):
            continue
        documented = set(op["responses"])
        where = f"{method.upper()} {path}"
        got: set[str] = set()
        if "{" in path:
            got.add(str(provoke(client, method, concrete(path, "not-a-number")).status_code))
            if method == "get":
                got.add(str(provoke(client, method, concrete(path, "2000000000")).status_code))
        elif method == "get":
            got.add(str(provoke(client, method, path, params={"limit": "0"}).status_code))
        bad_key = provoke(client, method, concrete(path, "1"), headers={"X-API-Key": "mev_bogus_key"})
        got.add(str(bad_key.status_code))
        if method != "get":
            got.add(str(provoke(client, method, concrete(path, "1"), json={}).status_code))
            weak = provoke(client, method, concrete(path, "1"), json={}, headers={"X-API-Key": read_key})
            got.add(str(weak.status_code))
        assert got <= documented, f"{where} answers {sorted(got - documented)} without documenting them"


def test_docs_page_is_served(client):
    r = client.get("/docs")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "swagger" in r.text.lower() and "/openapi.json" in r.text


def test_enums_give_generated_clients_readable_member_names(served):
    # A value like "-id" is no identifier; without x-enum-varnames clients get EventSort.VALUE_1.
    for name, schema in served["components"]["schemas"].items():
        values = schema.get("enum") or []
        if all(isinstance(v, str) and v.isidentifier() for v in values):
            continue
        names = schema.get("x-enum-varnames", [])
        assert len(names) == len(values) and all(n.isidentifier() for n in names), name


def test_the_spec_declares_the_checks_the_server_makes(client, write_key):
    """Page limits, cursor shape, span shape, verdicts and conditional GETs are in the contract,
    and the server refuses exactly past the declared bounds."""
    spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    lists = 0
    for path, item in spec["paths"].items():
        for method, op in item.items():
            params = {p["name"]: p for p in op.get("parameters", [])}
            if "limit" in params:
                lists += 1
                limit = params["limit"]["schema"]["anyOf"][0]
                assert (limit["minimum"], limit["maximum"]) == (1, 500), path
                cursor = params["cursor"]["schema"]["anyOf"][0]
                assert cursor["maxLength"] == 512 and cursor["pattern"].startswith("^eyJ2Ijox"), path
            content = op["responses"].get("200", {}).get("content", {})
            streamed = method == "get" and path.startswith("/v1/") and "application/json" not in content
            if streamed:  # a download (app/core/export.py) is never tagged, and says so
                assert path.endswith("/export") and "ETag" not in op["responses"]["200"]["headers"], path
                assert "304" not in op["responses"] and "If-None-Match" not in params, path
            elif method == "get" and path.startswith("/v1/"):
                assert "304" in op["responses"] and "ETag" in op["responses"]["200"]["headers"], path
                assert "If-None-Match" in params, path
    assert lists >= 10
    schemas = spec["components"]["schemas"]
    span = schemas["StatementIn"]["properties"]["span"]
    assert (span["minItems"], span["maxItems"], span["items"]["minimum"]) == (2, 2, 0)
    for review in ("EventReviewIn", "StatementReviewIn", "MentionReviewIn"):
        verdict = schemas[review]["properties"]["review_state"]
        assert verdict["enum"] == ["machine", "confirmed", "rejected"], review
    # The bounds are the server's: 500 is served, 501 is refused.
    headers = {"X-API-Key": write_key}
    assert client.get("/v1/actors", params={"limit": 500}, headers=headers).status_code == 200
    assert client.get("/v1/actors", params={"limit": 501}, headers=headers).status_code == 422
    assert client.get("/v1/actors", params={"cursor": "x" * 513}, headers=headers).status_code == 422
