"""Exports that take many batches, on a server of their own (a generated database of N_EVENTS events,
MIGEVENTS_EXPORT_BATCH_ROWS=25): the keyset batches add up to the list exactly, in every order and
under search; and a client that goes away mid-stream stops the export (the server's ``export`` log
line says where) and holds nothing (on PostgreSQL: no session left active or in a transaction)."""

from __future__ import annotations

import csv
import io
import json
import socket
import struct
import time

import httpx
import pytest
from sqlalchemy import create_engine, pool, text

from tests.conftest import BACKEND
from tests.support.server import running

N_EVENTS = 10_000
BATCH = 25


@pytest.fixture(scope="module")
def big(fresh_db_url, tmp_path_factory):
    from bench import generate

    url = fresh_db_url("exports")
    if BACKEND == "postgres":
        seed = tmp_path_factory.mktemp("exports") / "seed.db"
        generate.generate(f"sqlite:///{seed}", N_EVENTS, quiet=True)
        generate.copy_sqlite_to(seed, url, quiet=True)
    else:
        generate.generate(url, N_EVENTS, quiet=True)
    log = tmp_path_factory.mktemp("exports-srv") / "server.log"
    env = {"MIGEVENTS_DATABASE_URL": url, "MIGEVENTS_EXPORT_BATCH_ROWS": str(BATCH)}
    with running(env, log) as srv, httpx.Client(base_url=srv.base_url, timeout=120) as c:
        yield srv, c, url


def listed(c: httpx.Client, path: str, **params) -> list[int]:
    ids, cursor = [], None
    while True:
        r = c.get(path, params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        ids += [item["id"] for item in r.json()["items"]]
        if not (cursor := r.json()["next_cursor"]):
            return ids


def export_log(srv) -> list[dict]:
    out = []
    for line in srv.log().splitlines():
        if '"logger": "app.export"' in line:
            out.append(json.loads(line))
    return out


def wait_for_export(srv, match, timeout: float = 15.0) -> dict:
    """The last ``export`` log line that ``match`` accepts, waiting for it (it follows the last chunk)."""
    deadline = time.monotonic() + timeout
    while not (found := [x for x in export_log(srv) if match(x)]):
        assert time.monotonic() < deadline, export_log(srv)[-3:]
        time.sleep(0.05)
    return found[-1]


def top(url: str, sql: str):
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar_one()
    engine.dispose()
    return value


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v1/events", {}),
        ("/v1/events", {"sort": "-date"}),
        ("/v1/events", {"sort": "date", "type": "removal"}),
        ("/v1/events", {"q": "deport*"}),
        ("/v1/events", {"country": "GBR", "sort": "-id"}),
        ("/v1/statements", {"q": "policy OR deal"}),
        ("/v1/actors", {}),
    ],
)
def test_many_batches_add_up_to_the_list(big, path, params):
    srv, c, _ = big
    expected = listed(c, path, **params)
    assert len(expected) > 4 * BATCH, (path, params)
    for fmt in ("csv", "ndjson"):
        r = c.get(path + "/export", params={**params, "format": fmt})
        assert r.status_code == 200, r.text
        if fmt == "csv":
            got = [int(row["id"]) for row in csv.DictReader(io.StringIO(r.text, newline=""))]
        else:
            got = [json.loads(line)["id"] for line in r.text.splitlines()]
        assert got == expected, (path, params, fmt)
    ended = wait_for_export(srv, lambda x: x["format"] == "ndjson" and x["rows"] == len(expected))
    assert ended["complete"] is True
    assert ended["batches"] == len(expected) // BATCH + 1  # the last, short (or empty) one ends it


def test_plover_in_many_batches(big):
    srv, c, url = big
    actor = top(
        url, "SELECT actor_id FROM event_participant GROUP BY actor_id ORDER BY count(*) DESC LIMIT 1"
    )
    expected = listed(c, "/v1/events", actor=actor)
    r = c.get("/v1/events/export", params={"actor": actor, "format": "plover"})
    assert [json.loads(line)["migevents"]["id"] for line in r.text.splitlines()] == expected
    assert len(expected) > 4 * BATCH


def _read_some_then_vanish(base_url: str, path: str, wanted: int) -> bytes:
    """Ask for ``path`` on a socket with a small receive buffer, read ``wanted`` bytes, stop reading
    for a while (the server fills the buffers and must wait), then reset the connection."""
    host, port = base_url.removeprefix("http://").split(":")
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((host, int(port)))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    got = b""
    while len(got) < wanted:
        chunk = s.recv(4096)
        assert chunk, got[-500:]
        got += chunk
    time.sleep(1.0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
    s.close()
    return got


def test_a_client_that_goes_away_stops_the_export_and_frees_the_server(big):
    srv, c, url = big
    before = len(export_log(srv))
    # PLOVER lines are the longest (~1.2 kB): the socket buffers on loopback (up to 4 MB for the
    # server's send buffer) hold well under half of the export.
    head = _read_some_then_vanish(srv.base_url, "/v1/events/export?format=plover", 20_000)
    assert head.startswith(b"HTTP/1.1 200") and b"plover" in head
    deadline = time.monotonic() + 15
    while len(export_log(srv)) == before:
        assert time.monotonic() < deadline, "the export never ended after the client left"
        time.sleep(0.05)
    [ended] = export_log(srv)[before:]
    # Stopped where the client left it: far from the end, and nothing produced afterwards.
    assert ended["resource"] == "events" and ended["complete"] is False
    assert 0 < ended["rows"] < N_EVENTS // 2, ended
    time.sleep(0.5)
    assert len(export_log(srv)) == before + 1
    if BACKEND == "postgres":
        states = top(
            url,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')",
        )
        assert states == 0
    # The server is whole: the same export, read to the end, is complete.
    r = c.get("/v1/events/export", params={"format": "plover"})
    assert r.status_code == 200 and len(r.text.splitlines()) == N_EVENTS
    assert wait_for_export(srv, lambda x: x["complete"] and x["rows"] == N_EVENTS)


@pytest.mark.parametrize("sort", ["id", "-date"])
def test_csv_participants_follow_the_documents_on_every_event(big, sort):
    """The CSV's participant lists (built by one join) against the NDJSON documents (ordered
    subqueries), for every generated event, in id order and in a date order that makes SQLite sort."""
    _, c, _ = big
    rows = list(
        csv.DictReader(io.StringIO(c.get("/v1/events/export", params={"sort": sort}).text, newline=""))
    )
    docs = [
        json.loads(x)
        for x in c.get("/v1/events/export", params={"sort": sort, "format": "ndjson"}).text.splitlines()
    ]
    assert len(rows) == len(docs) == N_EVENTS
    for row, doc in zip(rows, docs, strict=True):
        assert int(row["id"]) == doc["id"]
        for role in ("actor", "recipient"):
            people = [p["actor"] for p in doc["participants"] if p["role"] == role]
            assert row[f"{role}_ids"] == "|".join(str(a["id"]) for a in people), (row, doc)
            assert row[f"{role}_countries"] == "|".join(a["country"] or "" for a in people)
        assert row["countries"] == "|".join(doc["countries"])
