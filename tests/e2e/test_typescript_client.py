"""A TypeScript client generated from openapi/openapi.json talks to the live server.

clients/typescript/ pins openapi-typescript, openapi-fetch, typescript and @types/node in
package.json and package-lock.json. The folder is copied next to a copy of the committed
spec; `npm ci` installs from the lock (npm's cache first: --prefer-offline), openapi-typescript
generates the types twice (they must come out identical), `tsc --noEmit` type-checks the
program (its `@ts-expect-error` lines prove wrong calls do not compile), `tsc` compiles it,
and node runs it against a server on a fresh database: it posts an article, then pages the
article's events two at a time with the cursor.

Skipped only when node or npm is missing and MIGEVENTS_REQUIRE_NODE is unset (.ci/run sets it
and installs Debian's nodejs and npm).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import httpx
import pytest

from tests.conftest import SHARED
from tests.support.dedicated import key_in, migrated_db
from tests.support.server import ROOT, running

CLIENT = ROOT / "clients" / "typescript"
SPEC = ROOT / "openapi" / "openapi.json"
SEED = SHARED / "seed" / "article.txt"


def _tools() -> None:
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("MIGEVENTS_REQUIRE_NODE"):
            pytest.fail(f"{' and '.join(missing)} not found and MIGEVENTS_REQUIRE_NODE is set")
        pytest.skip(f"{' and '.join(missing)} not installed")


def _run(command: list[str], cwd, timeout: int = 300, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_UPDATE_NOTIFIER": "1", "npm_config_update_notifier": "false"}
    run = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert run.returncode == 0, f"{' '.join(command)}:\n{run.stdout[-5000:]}\n{run.stderr[-5000:]}"
    return run


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The client folder beside the spec, as in the repository, installed, generated and compiled."""
    _tools()
    base = tmp_path_factory.mktemp("ts")
    (base / "openapi").mkdir()
    shutil.copy(SPEC, base / "openapi" / "openapi.json")
    folder = base / "clients" / "typescript"
    shutil.copytree(CLIENT, folder, ignore=shutil.ignore_patterns("node_modules", "build", "dist"))
    _run(["npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"], folder, timeout=600)
    _run(["npm", "run", "-s", "generate"], folder)
    first = (folder / "build" / "schema.ts").read_bytes()
    _run(["npm", "run", "-s", "generate"], folder)
    return folder, first


def test_the_generated_types_are_deterministic(built):
    folder, first = built
    assert first == (folder / "build" / "schema.ts").read_bytes()
    # Every operation of the contract has its typed path.
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    schema = first.decode()
    assert all(f'"{path}": {{' in schema for path in spec["paths"])


def test_the_program_type_checks_and_pages_events_against_a_live_server(built, fresh_db_url, tmp_path):
    folder, _ = built
    _run(["npx", "--no-install", "tsc", "--noEmit"], folder)
    _run(["npx", "--no-install", "tsc"], folder)

    url = migrated_db(fresh_db_url, "ts")
    key = key_in(url, "read write", "ts-client")
    with running({"MIGEVENTS_DATABASE_URL": url}, tmp_path / "server.log") as srv:
        run = subprocess.run(
            ["node", "dist/src/page_and_post.js", srv.base_url],
            cwd=folder, env={**os.environ, "MIGEVENTS_KEY": key}, input=SEED.read_text(encoding="utf-8"),
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert run.returncode == 0, run.stdout + run.stderr + srv.log()[-3000:]
        out = json.loads(run.stdout.strip().splitlines()[-1])
        with httpx.Client(base_url=srv.base_url, timeout=60) as c:
            article = c.get(f"/v1/articles/{out['article_id']}").json()
            events = c.get("/v1/events", params={"article": out["article_id"], "limit": 500}).json()["items"]

    assert out["status"] == 201 and out["created"] is True
    assert article["url"] == "https://example.org/typescript-client" and article["outlet"] == "TS client"
    assert out["annotation"]["events"] == len(events) >= 3
    # Two per page, every event once, in the list's order, and the cursor ended the walk.
    assert [len(p) for p in out["pages"][:-1]] == [2] * (len(out["pages"]) - 1) and 1 <= len(
        out["pages"][-1]
    ) <= 2
    assert [i for page in out["pages"] for i in page] == [e["id"] for e in events]
    # The same article again is the stored one (200), typed as such.
    assert out["repeat_status"] == 200 and out["repeat_created"] is False
