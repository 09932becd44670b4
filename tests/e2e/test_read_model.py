"""The events' read model (app/events/readmodel.py) against a fresh render, through a random sequence of
every kind of write the service takes: ingestion, re-annotation, verdicts and corrections of events,
statements and mentions, a person's new event, PUT annotations, story regrouping, article deletion, and an
actor renamed or merged in a unit of work (no endpoint does that yet; the triggers must still follow it).
After every step each event's stored document is byte for byte what the database renders now, and at
the end the list (stored documents) answers exactly what each event's own page (rendered) does.

The seed is printed; MIGEVENTS_READ_MODEL_SEED replays one."""

from __future__ import annotations

import os
import random

import httpx
import pytest

from tests.e2e.test_annotations_doc import TEXT, person_annotation
from tests.support.readmodel import assert_read_model_true

TEXTS = [
    TEXT,
    'Italy deported 40 people to Albania on Monday under its agreement with Tirana. "This is a cruel '
    'policy," Amnesty International said. Albanian Prime Minister Edi Rama defended the deal.',
    "Greece suspended asylum applications for people arriving by sea from North Africa on Wednesday, the "
    "Greek migration minister said. The UNHCR criticised the decision.",
    "The United Kingdom and Rwanda signed a new treaty on Tuesday to send asylum seekers to Kigali. Home "
    "Secretary James Cleverly said flights would start in the spring.",
    "Montenegro and Belgium held talks on Tuesday about a return centre for rejected asylum seekers, "
    "Montenegrin Interior Minister Danilo Saric said.",
]
TYPES = ["talks", "agreement", "removal", "policy_change", "protest", "criticism"]
AREAS = ["third_country_transfer", "asylum", "deportation", "border_control"]


def items(c: httpx.Client, url: str, **params) -> list[dict]:
    out, params = [], {"limit": 200, **params}
    while url:
        r = c.get(url, params=params)
        assert r.status_code == 200, r.text
        out += r.json()["items"]
        url, params = r.json().get("next"), None
    return out


class World:
    def __init__(self, c: httpx.Client, rng: random.Random) -> None:
        self.c, self.rng = c, rng
        self.texts: dict[int, str] = {}

    def events(self) -> list[dict]:
        return items(self.c, "/v1/events")

    def an_event(self) -> dict | None:
        evs = self.events()
        return self.rng.choice(evs) if evs else None

    def an_article(self) -> int | None:
        return self.rng.choice(sorted(self.texts)) if self.texts else None

    def actors_of(self, aid: int) -> list[int]:
        r = self.c.get(f"/v1/articles/{aid}/annotations")
        assert r.status_code == 200, r.text
        return [a["id"] for a in r.json()["actors"]]

    # The writes. Each may answer 4xx (a correction the rules refuse): that must change nothing either.
    def ingest(self) -> None:
        # The same story again and again, each copy its own article (an identical text is one article).
        text = self.rng.choice(TEXTS) + f" Report {len(self.texts) + self.rng.randint(1, 10**6)}."
        day = f"2025-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}"
        r = self.c.post("/v1/articles", json={"text": text, "published_at": day})
        assert r.status_code == 201, r.text
        self.texts[r.json()["article"]["id"]] = text

    def reannotate(self) -> None:
        if (aid := self.an_article()) is not None:
            assert self.c.post(f"/v1/articles/{aid}/reannotate").status_code == 200

    def verdict(self) -> None:
        if e := self.an_event():
            state = self.rng.choice(["confirmed", "rejected", "machine"])
            assert self.c.patch(f"/v1/events/{e['id']}", json={"review_state": state}).status_code == 200

    def correct(self) -> None:
        if e := self.an_event():
            body = self.rng.choice(
                [{"type": self.rng.choice(TYPES)}, {"policy_area": self.rng.choice(AREAS)}]
            )
            assert self.c.patch(f"/v1/events/{e['id']}", json=body).status_code in (200, 422)

    def participants(self) -> None:
        if e := self.an_event():
            actors = self.actors_of(e["evidence"]["article_id"])
            chosen = self.rng.sample(actors, k=min(len(actors), self.rng.randint(1, 3)))
            body = {"participants": [{"actor_id": a, "role": self.rng.choice(["actor", "recipient"])}
                                     for a in chosen]}  # fmt: skip
            assert self.c.patch(f"/v1/events/{e['id']}", json=body).status_code in (200, 422)

    def evidence(self) -> None:
        if e := self.an_event():
            text = self.texts.get(e["evidence"]["article_id"], "")
            end = text.index(".") + 1 if "." in text else 1
            r = self.c.patch(f"/v1/events/{e['id']}", json={"evidence": [0, end]})
            assert r.status_code in (200, 422), r.text

    def add_event(self) -> None:
        if (aid := self.an_article()) is not None:
            actors = self.actors_of(aid)
            text = self.texts[aid]
            body = {
                "article_id": aid, "type": self.rng.choice(TYPES), "policy_area": self.rng.choice(AREAS),
                "evidence": [0, text.index(".") + 1],
                "participants": [{"actor_id": a, "role": "actor"} for a in actors[:2]],
            }  # fmt: skip
            r = self.c.post("/v1/events", json=body)
            assert r.status_code == 201, r.text

    def statement(self) -> None:
        sts = items(self.c, "/v1/statements")
        evs = self.events()
        if sts and evs:
            s = self.rng.choice(sts)
            same = [e["id"] for e in evs if e["evidence"]["article_id"] == s["span"]["article_id"]]
            body = self.rng.choice([{"review_state": "confirmed"}, {"event_id": self.rng.choice(same)}
                                    if same else {"review_state": "rejected"}])  # fmt: skip
            assert self.c.patch(f"/v1/statements/{s['id']}", json=body).status_code in (200, 422)

    def mention(self) -> None:
        if (aid := self.an_article()) is not None:
            text = self.texts[aid]
            start = text.index("said")
            body = {"article_id": aid, "span": [start, start + 4],
                    "actor": {"kind": "group", "name": f"group {self.rng.randint(1, 99)}"}}  # fmt: skip
            assert self.c.post("/v1/mentions", json=body).status_code in (201, 422)

    def put_annotations(self) -> None:
        mine = [a for a, t in self.texts.items() if t.startswith(TEXT)]
        if mine:
            doc = person_annotation()
            doc["events"][0]["summary"] = f"talks, version {self.rng.randint(1, 999)}"
            doc["events"][0]["date"] = self.rng.choice(["2025-03", "2025-03-11"])
            doc["events"][0]["date_precision"] = "month" if len(doc["events"][0]["date"]) == 7 else "day"
            r = self.c.put(f"/v1/articles/{self.rng.choice(mine)}/annotations", json=doc)
            assert r.status_code == 200, r.text

    def delete_article(self) -> None:
        if len(self.texts) > 2:
            aid = self.an_article()
            assert self.c.delete(f"/v1/articles/{aid}").status_code == 204
            del self.texts[aid]

    def regroup(self) -> None:
        from app.stories import cli

        assert cli.run() == 0

    def rename_actor(self) -> None:
        from sqlalchemy import text

        from app.core.db import session_scope

        with session_scope(write=True) as session:
            session.execute(
                text("UPDATE actor SET name = name || '*' WHERE id = (SELECT min(actor_id) FROM "
                     "event_participant)")
            )  # fmt: skip

    def merge_actors(self) -> None:
        """Every participant of one actor moved to another (the shape a merge of duplicates takes)."""
        from sqlalchemy import text

        from app.core.db import session_scope

        with session_scope(write=True) as session:
            ids = session.execute(
                text("SELECT DISTINCT actor_id FROM event_participant ORDER BY 1")
            ).scalars()
            ids = list(ids)
            if len(ids) < 2:
                return
            keep, gone = self.rng.sample(ids, 2)
            session.execute(
                text("DELETE FROM event_participant WHERE actor_id = :gone AND EXISTS (SELECT 1 FROM "
                     "event_participant AS k WHERE k.event_id = event_participant.event_id AND k.actor_id = "
                     ":keep AND k.role = event_participant.role)"), {"keep": keep, "gone": gone}
            )  # fmt: skip
            session.execute(
                text("UPDATE event_participant SET actor_id = :keep WHERE actor_id = :gone"),
                {"keep": keep, "gone": gone},
            )


STEPS = [
    "ingest", "reannotate", "verdict", "correct", "participants", "evidence", "add_event", "statement",
    "mention", "put_annotations", "delete_article", "regroup", "rename_actor", "merge_actors",
]  # fmt: skip


def test_every_kind_of_write_keeps_each_stored_document_equal_to_a_fresh_render(writer, clean_db, capsys):
    seed = int(os.environ.get("MIGEVENTS_READ_MODEL_SEED") or random.randrange(10**6))
    with capsys.disabled():
        print(f"\nread model sequence seed: {seed} (MIGEVENTS_READ_MODEL_SEED={seed} replays it)")
    rng = random.Random(seed)
    world = World(writer, rng)
    for _ in range(3):
        world.ingest()
    # Each kind once, then a random mix: every kind is checked however the draws fall.
    steps = [*STEPS, *rng.choices(STEPS, k=30)]
    rng.shuffle(steps)
    done = []
    for step in steps:
        getattr(world, step)()
        done.append(step)
        try:
            assert_read_model_true()
        except AssertionError as exc:
            raise AssertionError(f"after {done} (seed {seed}): {exc}") from None
    listed = world.events()
    assert listed, "the sequence left no event to compare"
    for e in listed:
        assert writer.get(f"/v1/events/{e['id']}").json() == e


@pytest.mark.parametrize("sort", ["id", "-date"])
def test_a_list_page_is_the_stored_documents(writer, clean_db, sort):
    """The list answers each event as its own page renders it, searched or not (rank and snippet are the
    request's, added at read time), and a write changes the list's ETag."""
    for text in TEXTS:
        assert writer.post("/v1/articles", json={"text": text}).status_code in (200, 201)
    listed = items(writer, "/v1/events", sort=sort)
    assert listed and all(writer.get(f"/v1/events/{e['id']}").json() == e for e in listed)
    found = items(writer, "/v1/events", q="asylum")
    assert found and all({**writer.get(f"/v1/events/{e['id']}").json(), "search": e["search"]} == e
                         for e in found)  # fmt: skip
    first = writer.get("/v1/events", params={"sort": sort})
    etag = first.headers["etag"]
    assert writer.get("/v1/events", params={"sort": sort}, headers={"If-None-Match": etag}).status_code == 304
    target = listed[0]["id"]
    assert writer.patch(f"/v1/events/{target}", json={"review_state": "confirmed"}).status_code == 200
    again = writer.get("/v1/events", params={"sort": sort}, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["etag"] != etag
    assert next(e for e in again.json()["items"] if e["id"] == target)["review_state"] == "confirmed"
