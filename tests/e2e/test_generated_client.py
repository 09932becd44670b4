"""A Python client generated from openapi/openapi.json talks to the live server.

openapi-python-client generates from the committed file only (no network); the
package is imported from a temporary folder and its `sync`/`sync_detailed`
functions run against the real server and database.
"""

from __future__ import annotations

import csv
import fcntl
import importlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.cli import ROOT, SPEC_PATH
from tests.conftest import make_key
from tests.support import data
from tests.support.data import Dataset

PACKAGE = "migevents_client"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"


def generate(out: Path) -> None:
    config = out / "config.yaml"
    # No formatter run: nothing outside the generator itself. The generator knows no NDJSON: the
    # body of POST /v1/ingest-jobs is bytes to it, sent with its own content type.
    config.write_text(
        "post_hooks: []\ncontent_type_overrides:\n  application/x-ndjson: application/octet-stream\n"
    )
    command = [str(GENERATOR), "generate", "--path", str(SPEC_PATH), "--output-path", str(out / PACKAGE)]
    command += ["--meta", "none", "--config", str(config), "--fail-on-warning"]
    # Proxies pointing at a closed port: any attempt to reach the network would fail the generation.
    offline = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
    env = {**os.environ, **offline, **{k.lower(): v for k, v in offline.items()}}
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture(scope="module")
def api(tmp_path_factory, worker_id) -> SimpleNamespace:
    """Generate the client once per test session (xdist workers share it) and import what the tests use."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if worker_id != "master" else base) / "generated-client"
    shared.mkdir(exist_ok=True)
    with open(shared / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker generates; the other waits and reuses it
        if not (shared / "done").exists():
            generate(shared)
            (shared / "done").write_text(SPEC_PATH.read_text(encoding="utf-8"))
        assert (shared / "done").read_text(encoding="utf-8") == SPEC_PATH.read_text(encoding="utf-8")
    sys.path.insert(0, str(shared))
    try:
        names = {
            "client": "client",
            "models": "models",
            "list_events": "api.events.list_events",
            "get_event": "api.events.get_event",
            "list_event_statements": "api.events.list_event_statements",
            "list_actors": "api.actors.list_actors",
            "get_actor": "api.actors.get_actor",
            "list_statements": "api.statements.list_statements",
            "get_article": "api.articles.get_article",
            "export_events": "api.events.export_events",
            "export_statements": "api.statements.export_statements",
            "export_stories": "api.stories.export_stories",
        }
        yield SimpleNamespace(**{k: importlib.import_module(f"{PACKAGE}.{m}") for k, m in names.items()})
    finally:
        sys.path.remove(str(shared))
        for mod in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[mod]


@pytest.fixture(scope="module")
def ds(server) -> Dataset:
    return data.seed(copies=2)


@pytest.fixture(scope="module")
def cl(api, server, db_url):
    key = make_key("read", "generated-client")
    with api.client.AuthenticatedClient(
        base_url=server.base_url,
        token=key,
        auth_header_name="X-API-Key",
        prefix="",
        raise_on_unexpected_status=True,
    ) as c:
        yield c


def test_list_events_with_a_filter_following_the_cursor(api, cl, ds):
    m = api.models
    expected = sorted(e.id for e in ds.events if e.type in ("removal", "ruling"))
    seen, cursor, pages = [], None, 0
    while True:
        kwargs = {"cursor": cursor} if cursor else {}
        r = api.list_events.sync_detailed(
            client=cl, type_=[m.EventType.REMOVAL, m.EventType.RULING], limit=3, **kwargs
        )
        assert r.status_code == 200
        page = r.parsed
        assert isinstance(page, m.PageEventRead)
        assert all(e.type_ in (m.EventType.REMOVAL, m.EventType.RULING) for e in page.items)
        seen += [e.id for e in page.items]
        pages += 1
        if not page.next_cursor:
            break
        assert r.headers["link"].startswith("<")
        cursor = page.next_cursor
    assert seen == expected and pages == -(-len(expected) // 3)


def test_list_events_sorted_by_date_descending(api, cl, ds):
    page = api.list_events.sync(client=cl, sort=api.models.EventSort.DATE_DESC, limit=500)
    dates = [e.date for e in page.items]
    assert dates == sorted(dates, reverse=True) and len(dates) == len(ds.events)


def test_get_event(api, cl, ds):
    talks = next(e for e in ds.events if e.type == "talks")
    event = api.get_event.sync(client=cl, event_id=talks.id)
    assert isinstance(event, api.models.EventRead)
    assert event.type_ == api.models.EventType.TALKS
    assert event.policy_area == api.models.PolicyArea.THIRD_COUNTRY_TRANSFER
    assert {p.actor.name for p in event.participants} == {"Rwanda", "United States"}
    assert event.evidence.text.startswith("Rwanda confirmed on Sunday")
    statements = api.list_event_statements.sync(client=cl, event_id=talks.id)
    assert [s.text for s in statements.items] == ["the talks were still at an early stage"]


def test_list_actors_and_get_actor(api, cl, ds):
    people = api.list_actors.sync(client=cl, kind=api.models.ActorKind.PERSON, limit=500)
    expected = sorted(a.id for a in ds.actors.values() if a.kind == "person")
    assert [a.id for a in people.items] == expected
    by_name = api.list_actors.sync(client=cl, name="giorgia")
    [meloni] = by_name.items
    actor = api.get_actor.sync(client=cl, actor_id=meloni.id)
    assert (actor.name, actor.country, actor.title) == ("Giorgia Meloni", "ITA", "Prime Minister")
    assert actor.kind == api.models.ActorKind.PERSON


def test_list_statements_by_speaker(api, cl, ds):
    speaker = ds.actor("Olivier Nduhungirehe").id
    page = api.list_statements.sync(client=cl, speaker=speaker)
    assert [s.id for s in page.items] == sorted(s.id for s in ds.statements if s.speaker_id == speaker)
    assert {s.kind for s in page.items} == {
        api.models.StatementKind.QUOTE,
        api.models.StatementKind.PARAPHRASE,
    }
    assert all(s.speaker.name == "Olivier Nduhungirehe" for s in page.items)


def test_get_article(api, cl, ds):
    fact = ds.articles["el-salvador-flight"]
    article = api.get_article.sync(client=cl, article_id=fact.id)
    assert isinstance(article, api.models.ArticleRead)
    assert article.outlet == "Wire Service" and article.published_at == fact.published_at
    assert article.text.startswith("A United States deportation flight carrying 238")


def test_problems_parse_as_problem(api, cl, ds):
    missing = api.get_event.sync_detailed(client=cl, event_id=2_000_000_000)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, api.models.Problem) and missing.parsed.status == 404
    invalid = api.list_events.sync_detailed(client=cl, limit=501)
    assert invalid.status_code == 422 and invalid.parsed.errors[0].name == "limit"


def test_download_exports(api, cl, ds):
    m = api.models
    r = api.export_events.sync_detailed(client=cl, format_=m.ExportFormat.CSV, type_=[m.EventType.REMOVAL])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.parsed, newline="")))
    assert [int(row["id"]) for row in rows] == sorted(e.id for e in ds.events if e.type == "removal")
    assert {row["plover_code"] for row in rows} == {"COERCE"}
    plover = api.export_events.sync(client=cl, format_=m.ExportFormat.PLOVER, country="RWA")
    lines = [json.loads(line) for line in plover.splitlines()]
    assert [x["migevents"]["id"] for x in lines] == sorted(e.id for e in ds.events if "RWA" in e.countries)
    speaker = ds.actor("Olivier Nduhungirehe").id
    nd = api.export_statements.sync_detailed(client=cl, format_=m.TableFormat.NDJSON, speaker=speaker)
    assert nd.headers["content-disposition"] == 'attachment; filename="statements.ndjson"'
    said = [json.loads(line) for line in nd.content.decode().splitlines()]
    assert [s["id"] for s in said] == sorted(s.id for s in ds.statements if s.speaker_id == speaker)
    told = api.export_stories.sync(client=cl, format_=m.ExportFormat.PLOVER, min_articles=2, country="RWA")
    told = [json.loads(line) for line in told.splitlines()]
    assert told and all(x["event_id"] == f"migevents-story-{x['migevents']['id']}" for x in told)
    assert all(x["migevents"]["article_count"] >= 2 and "RWA" in x["country"] for x in told)
    assert {x["event_type"] for x in told if x["migevents"]["type"] == "talks"} == {"CONSULT"}
    refused = api.export_statements.sync_detailed(client=cl, format_=m.TableFormat.CSV, bom=True, q="OR")
    assert refused.status_code == 422 and isinstance(refused.parsed, m.Problem)
