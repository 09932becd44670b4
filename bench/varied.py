"""The varied-query workload: every request a different filter combination and cursor, so no cache (the
database's pages aside) can hide the cost of a request. Drawn once per data set, with a fixed seed, from
the data's own distributions:

- country (60% of requests), weighted by how many events name it; an actor (15%), weighted by how many
  events it takes part in, among the 500 busiest; one type (50%) or two (10%), weighted by frequency; a
  policy area (15%); a period of one to three whole years (25%); a review state (10%);
- sort: `id` (70%), `-date` (20%), `date` (10%); a cursor (70%) at a uniformly drawn position of the
  whole table (an id, or a date and an id), else the first page; `limit` 50 (80%), 20 or 100.

Each draw also gives Datasette's equivalent SQL (same filters, keyset, order and page size; participants
and countries as JSON columns, as in bench/run.py's DATASETTE_SQL), so the peer pays for the same variety.

The load driver sends each request the next path of the list (bench/load.py ``lua_paths`` for wrk).
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

from app.core.pagination import encode_cursor

COLUMNS = """select e.id, e.type, e.policy_area, e.date, e.date_precision, e.people_count, e.summary,
  e.background, e.article_id, e.start, e."end", e.evidence_text, e.annotator, e.annotator_version,
  e.annotator_kind, e.confidence, e.review_state, e.created_at, e.story_id,
  (select json_group_array(c.country) from event_country c where c.event_id = e.id) as countries,
  (select json_group_array(json_object('role', p.role, 'id', a.id, 'kind', a.kind, 'name', a.name,
      'country', a.country)) from event_participant p join actor a on a.id = p.actor_id
    where p.event_id = e.id) as participants
from event e"""


class _Weighted:
    def __init__(self, rows: list[tuple]) -> None:
        self.values = [r[0] for r in rows]
        self.weights = [r[1] for r in rows]

    def pick(self, rng: random.Random, k: int = 1) -> list:
        out: list = []
        while len(out) < k:
            v = rng.choices(self.values, self.weights)[0]
            if v not in out:
                out.append(v)
        return out


def draws(db_path: Path, n: int, seed: int = 7) -> list[tuple[str, str]]:
    """n distinct (service path, Datasette path) pairs."""
    db = sqlite3.connect(db_path)
    countries = _Weighted(db.execute("select country, count(*) from event_country group by 1").fetchall())
    types = _Weighted(db.execute("select type, count(*) from event group by 1").fetchall())
    areas = _Weighted(db.execute("select policy_area, count(*) from event group by 1").fetchall())
    actors = _Weighted(
        db.execute(
            "select actor_id, count(*) from event_participant group by 1 order by 2 desc limit 500"
        ).fetchall()
    )
    states = [r[0] for r in db.execute("select distinct review_state from event")]
    (max_id,) = db.execute("select max(id) from event").fetchone()
    first_day, last_day = (
        date.fromisoformat(d) for d in db.execute("select min(date), max(date) from event").fetchone()
    )
    db.close()
    rng = random.Random(seed)
    out: dict[str, str] = {}
    while len(out) < n:
        params: dict[str, object] = {}
        where, joins, args = [], [], {}
        if rng.random() < 0.6:
            params["country"] = args["country"] = countries.pick(rng)[0]
            joins.append("join event_country ec on ec.event_id = e.id and ec.country = :country")
        if rng.random() < 0.15:
            params["actor"] = args["actor"] = actors.pick(rng)[0]
            joins.append("join event_participant ep on ep.event_id = e.id and ep.actor_id = :actor "
                         "and ep.role = (select min(role) from event_participant x where x.event_id = e.id "
                         "and x.actor_id = :actor)")  # fmt: skip
        r = rng.random()
        if r < 0.6:
            chosen = types.pick(rng, 1 if r < 0.5 else 2)
            params["type"] = chosen
            names = [f"t{i}" for i in range(len(chosen))]
            args |= dict(zip(names, chosen, strict=True))
            where.append(f"e.type in ({', '.join(':' + x for x in names)})")
        if rng.random() < 0.15:
            params["policy_area"] = args["area"] = areas.pick(rng)[0]
            where.append("e.policy_area = :area")
        if rng.random() < 0.25:
            start = rng.randint(first_day.year, last_day.year)
            end = min(last_day.year, start + rng.randint(0, 2))
            params["date_from"] = args["date_from"] = f"{start}-01-01"
            params["date_to"] = args["date_to"] = f"{end}-12-31"
            where.append("e.date >= :date_from and e.date <= :date_to")
        if rng.random() < 0.1:
            params["review_state"] = args["state"] = rng.choice(states)
            where.append("e.review_state = :state")
        sort = rng.choices(["id", "-date", "date"], [70, 20, 10])[0]
        limit = rng.choices([50, 20, 100], [80, 10, 10])[0]
        params["limit"] = limit
        if sort != "id":
            params["sort"] = sort
        if rng.random() < 0.7:
            after_id = rng.randint(1, max_id)
            if sort == "id":
                params["cursor"] = encode_cursor("id", [after_id])
                args["after"] = after_id
                where.append("e.id > :after")
            else:
                day = first_day + timedelta(days=rng.randint(0, (last_day - first_day).days))
                params["cursor"] = encode_cursor(sort, [day, after_id])
                args |= {"after_date": day.isoformat(), "after": after_id}
                where.append(f"(e.date, e.id) {'<' if sort == '-date' else '>'} (:after_date, :after)")
        order = {"id": "e.id", "-date": "e.date desc, e.id desc", "date": "e.date, e.id"}[sort]
        sql = " ".join([COLUMNS, *joins, "where " + (" and ".join(where) or "1 = 1"),
                        f"order by {order} limit {limit + 1}"])  # fmt: skip
        path = "/v1/events?" + urlencode(params, doseq=True)
        out.setdefault(path, urlencode({"sql": sql, **args}, quote_via=quote) + "&_shape=array&_nocount=1")
    return list(out.items())
