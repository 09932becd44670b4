"""Every `curl` example in the README runs, with real curl, against a live server.

The README's fenced `sh` blocks are parsed: each command starting with `curl` (with its
backslash continuations) is run by bash in the repository folder, in README order, on a
fresh database, with the host replaced by the test server's and `$KEY` set to a key made
the way the README makes it (`python -m app keys create my-ingester ...`). The status is
the one the README's comment after the command states; the body is checked against what
that comment says, here, one check per example: an example added to the README without a
check here, or a check whose example is gone, fails the test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.support.dedicated import migrated_db
from tests.support.server import ROOT, running

README = ROOT / "README.md"
HOST = "http://127.0.0.1:8000"
STATUS_COMMENT = re.compile(r"(?:^|\s)#\s*(\d{3})\b")


@dataclass
class Example:
    command: str  # as in the README, continuations joined
    status: int  # the status its comment states
    line: int

    @property
    def target(self) -> str:
        """Method and URL path, the key of its check."""
        url = re.search(re.escape(HOST) + r"(/[^'\"\s]*)", self.command)
        assert url, f"README line {self.line}: a curl example without {HOST}: {self.command}"
        method = re.search(r"-X\s+([A-Z]+)", self.command)
        return f"{method.group(1) if method else 'GET'} {url.group(1)}"


def readme_examples() -> list[Example]:
    lines = README.read_text(encoding="utf-8").splitlines()
    examples, in_sh, i = [], False, 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            in_sh = not in_sh and line.strip() in ("```sh", "```bash", "```shell")
        elif in_sh and line.lstrip().startswith("curl "):
            start, parts = i, [line]
            while parts[-1].rstrip().endswith("\\"):
                i += 1
                parts.append(lines[i])
            command = " ".join(p.rstrip().removesuffix("\\").strip() for p in parts)
            status = STATUS_COMMENT.search(command)
            if status is None and i + 1 < len(lines):
                status = STATUS_COMMENT.match(lines[i + 1].strip())
            assert status, f"README line {start + 1}: a curl example without a '# <status>' comment"
            examples.append(Example(command, int(status.group(1)), start + 1))
        i += 1
    return examples


def items(body) -> list[dict]:
    assert isinstance(body, dict) and isinstance(body.get("items"), list), body
    return body["items"]


def _article(body) -> None:
    assert body["created"] is True
    assert body["article"]["id"] == 1 and body["article"]["url"] == "https://example.org/rwanda-us", body
    counts = body["annotation"]
    assert set(counts) == {"actors", "events", "statements"} and all(n > 0 for n in counts.values()), body


def _talks(body) -> None:
    events = items(body)
    assert events and {e["type"] for e in events} == {"talks"}, events
    assert all("RWA" in e["countries"] for e in events)
    assert any(p["actor"]["name"] == "United States" for p in events[0]["participants"])


def _annotations(body) -> None:
    assert body["article_id"] == 1
    assert any(a["name"] == "Rwanda" and a["mentions"] for a in body["actors"]), body["actors"]
    assert body["events"] and body["statements"]


def _ranked_talks(body) -> None:
    events = items(body)
    assert [e["type"] for e in events] == ["talks"], events
    assert "<mark>" in events[0]["search"]["snippet"] and events[0]["search"]["rank"] is not None


def _minister(body) -> None:
    statements = items(body)
    assert 1 <= len(statements) <= 10
    assert any(s["speaker"] and s["speaker"]["name"] == "Olivier Nduhungirehe" for s in statements), (
        statements
    )
    assert all(re.search(r"talks|negotiations", s["search"]["snippet"], re.I) for s in statements)


def _the_article(body) -> None:
    assert [a["id"] for a in items(body)] == [1]


def _month_type(body) -> None:
    assert body["group_by"] == ["month", "type"] and body["total"] >= 1
    assert {r["month"] for r in body["rows"]} == {"2025-05"}
    types = [r["type"] for r in body["rows"]]
    assert "talks" in types and len(types) == len(set(types)), body
    assert sum(r["count"] for r in body["rows"]) == body["total"]


def _year_actor(body) -> None:
    assert body["group_by"] == ["year", "actor"] and body["total"] == 1, body
    parties = {r["actor"]["name"] for r in body["rows"]}
    assert "Rwanda" in parties, parties
    years = sorted({r["year"] for r in body["rows"]})
    assert years[0] == "2020" and "2025" in years, years
    for party in parties:
        rows = [r for r in body["rows"] if r["actor"]["name"] == party]
        assert [r["year"] for r in rows] == years  # zero-filled for every party
        assert {r["year"]: r["count"] for r in rows if r["count"]} == {"2025": 1}


def _rwanda_csv(body: str) -> None:
    assert body.startswith("\ufeffid,type,plover_code,"), body[:200]
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"), newline="")))
    assert rows and all("RWA" in r["countries"].split("|") for r in rows), rows
    assert "talks" in {r["type"] for r in rows}


def _talks_lines(body: str) -> None:
    said = [json.loads(line) for line in body.splitlines()]
    assert said and all("<mark>" in s["search"]["snippet"] for s in said), said


def _plover_talks(body: str) -> None:
    lines = [json.loads(line) for line in body.splitlines()]
    assert lines and {x["event_type"] for x in lines} == {"CONSULT"}, lines
    assert {x["migevents"]["type"] for x in lines} == {"talks"}


def _plover_stories(body: str) -> None:
    lines = [json.loads(line) for line in body.splitlines()]
    assert lines and all(x["event_id"] == f"migevents-story-{x['migevents']['id']}" for x in lines), lines
    assert all("RWA" in x["country"] for x in lines)
    talks = [x for x in lines if x["migevents"]["type"] == "talks"]
    assert [x["event_type"] for x in talks] == ["CONSULT"] and talks[0]["source"]["article_ids"] == [1]


def _talks_story(body) -> None:
    stories = items(body)
    assert len(stories) == 1, stories
    story = stories[0]
    assert story["type"] == "talks" and {"RWA", "USA"} <= set(story["countries"]), story
    assert (story["article_count"], story["links"]["articles"]) == (1, f"/v1/stories/{story['id']}/articles")


def _one_per_story(body) -> None:
    events = items(body)
    stories = [e["story_id"] for e in events]
    assert events and None not in stories and len(stories) == len(set(stories)), events
    assert [e["date"] for e in events] == sorted((e["date"] for e in events), reverse=True)


def _stories_per_type(body) -> None:
    assert body["group_by"] == ["type"] and body["total"] >= 1, body
    assert sum(r["count"] for r in body["rows"]) == body["total"]
    assert {r["type"]: r["count"] for r in body["rows"]}["talks"] == 1, body


def _no_story_yet(body) -> None:
    assert items(body) == []


def _confirmed(body) -> None:
    assert body["id"] == 1 and body["review_state"] == "confirmed", body


def _review_in_history(body) -> None:
    entries = items(body)
    assert len(entries) == 1, entries
    entry = entries[0]
    assert entry["who"] == "my-ingester" and entry["record_type"] == "event" and entry["record_id"] == 1, (
        entry
    )
    assert entry["before"]["review_state"] == "machine" and entry["after"]["review_state"] == "confirmed"


def _job_started(body) -> None:
    assert body["id"] == 1 and body["total"] == 2, body
    # No worker runs here: the article waits, the bad line is a problem already.
    assert body["counts"] == {"pending": 1, "created": 0, "existing": 0, "rejected": 1}, body
    assert body["problems"][0]["line"] == 2 and "JSON" in body["problems"][0]["problem"]["detail"]


def _job(body) -> None:
    assert body["id"] == 1 and body["state"] == "queued" and body["progress"] == 0.5, body


def _job_problems(body) -> None:
    assert [(i["line"], i["status"]) for i in items(body)] == [(2, "rejected")], body


CHECKS: dict[str, Callable] = {
    "POST /v1/articles": _article,
    "GET /v1/events?country=RWA&type=talks": _talks,
    "GET /v1/articles/1/annotations": _annotations,
    "GET /v1/events?q=%22United+States%22+deport*&country=RWA": _ranked_talks,
    "GET /v1/statements?q=talks+OR+negotiations&limit=10": _minister,
    "GET /v1/articles?q=Rwanda+-Tunisia": _the_article,
    "GET /v1/events/counts?group_by=month,type&country=RWA": _month_type,
    "GET /v1/events/counts?group_by=year&group_by=actor&type=agreement&date_from=2020-01-01": _year_actor,
    "GET /v1/events/export?country=RWA&bom=true": _rwanda_csv,
    "GET /v1/statements/export?q=talks": _talks_lines,
    "GET /v1/events/export?format=plover&type=talks": _plover_talks,
    "GET /v1/stories/export?country=RWA": _plover_stories,
    "GET /v1/stories?type=talks&country=RWA": _talks_story,
    "GET /v1/stories/1/articles": _the_article,
    "GET /v1/events?distinct=story&country=RWA&sort=-date": _one_per_story,
    "GET /v1/events/counts?group_by=type&distinct=story&country=RWA": _stories_per_type,
    "GET /v1/stories?min_articles=3&country=SWZ&type=removal": _no_story_yet,
    "PATCH /v1/events/1": _confirmed,
    "GET /v1/history?key=my-ingester&record_type=event&since=2026-12-01T00:00:00Z": _review_in_history,
    "POST /v1/ingest-jobs": _job_started,
    "GET /v1/ingest-jobs/1": _job,
    "GET /v1/ingest-jobs/1/items?status=rejected": _job_problems,
}


def test_the_readme_has_a_check_for_every_curl_example():
    examples = readme_examples()
    assert len(examples) >= 8
    assert [e.target for e in examples] == list(CHECKS)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_every_readme_curl_example_answers_what_the_readme_says(fresh_db_url, tmp_path):
    url = migrated_db(fresh_db_url, "readme")
    env = {**os.environ, "MIGEVENTS_DATABASE_URL": url}
    # The key the README's way: the CLI prints it last.
    made = subprocess.run(
        [sys.executable, "-m", "app", "keys", "create", "my-ingester", "--scopes", "read write"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip().splitlines()[-1]
    assert key.startswith("mev_"), made.stdout

    with running({"MIGEVENTS_DATABASE_URL": url}, tmp_path / "server.log") as srv:
        for example in readme_examples():
            command = example.command.replace(HOST, srv.base_url)
            assert command.startswith("curl ")
            # The status after the body, on a line of its own.
            command = "curl -w '\\n%{http_code}' " + command.removeprefix("curl ")
            run = subprocess.run(
                ["bash", "-c", command],
                cwd=ROOT,
                env={**env, "KEY": key},
                capture_output=True,
                text=True,
                timeout=300,
            )
            where = f"README line {example.line}: {example.command}\n"
            assert run.returncode == 0, where + run.stderr
            body, _, status = run.stdout.rpartition("\n")
            assert int(status) == example.status, where + run.stdout[-3000:] + srv.log()[-3000:]
            try:
                # A download is a file (CSV, JSON Lines): its check reads the text.
                parsed = body if "/export" in example.target else json.loads(body)
            except json.JSONDecodeError:
                pytest.fail(where + "not JSON: " + body[:2000])
            try:
                CHECKS[example.target](parsed)
            except (AssertionError, KeyError, TypeError) as exc:
                raise AssertionError(where + json.dumps(parsed)[:3000]) from exc  # text: json.dumps quotes it
        assert "internal-error" not in srv.log()
