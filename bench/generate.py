"""Fill a database with N synthetic but plausible events, fast.

Proportions follow what the annotator produces from real news: ~3 events and
~3 statements per article, ~2 participants and ~1.5 countries per event, a few
thousand actors picked with Zipf-like popularity (a handful of countries and
ministers appear everywhere, most actors rarely), event types, countries and
outlets skewed the same way, and articles spread over 2019-2025 with volume
growing over time. Every span indexes into its article's text.

The rows depend only on (n_events, seed), so a SQLite file and a PostgreSQL
copy of it hold the same data. Generated SQLite files are cached under
bench/out/ (gitignored).

    python -m bench.generate 100000 [--seed 1]        # cached SQLite file, prints its path
    python -m bench.generate 20000 --url postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Table, create_engine, event, text
from sqlalchemy.engine import Connection, Engine

import app.models_registry as models
from app.core import migrate
from app.events import readmodel

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
# Bump when the generator's output changes, so cached files are rebuilt.
GENERATOR_VERSION = 2
CHUNK_ARTICLES = 5_000
ANNOTATOR = ("rules-spacy", "0.1.0", "machine")

COUNTRIES = [
    ("USA", "United States"), ("GBR", "United Kingdom"), ("ITA", "Italy"), ("DEU", "Germany"),
    ("GRC", "Greece"), ("FRA", "France"), ("ESP", "Spain"), ("RWA", "Rwanda"), ("TUN", "Tunisia"),
    ("LBY", "Libya"), ("ALB", "Albania"), ("MEX", "Mexico"), ("TUR", "Turkey"), ("AUS", "Australia"),
    ("NLD", "Netherlands"), ("POL", "Poland"), ("MAR", "Morocco"), ("EGY", "Egypt"), ("AFG", "Afghanistan"),
    ("SYR", "Syria"), ("UKR", "Ukraine"), ("BGD", "Bangladesh"), ("PAK", "Pakistan"), ("NGA", "Nigeria"),
    ("SDN", "Sudan"), ("ERI", "Eritrea"), ("ETH", "Ethiopia"), ("SWE", "Sweden"), ("DNK", "Denmark"),
    ("AUT", "Austria"), ("BEL", "Belgium"), ("HUN", "Hungary"), ("CAN", "Canada"), ("GTM", "Guatemala"),
    ("HND", "Honduras"), ("SLV", "El Salvador"), ("VEN", "Venezuela"), ("COL", "Colombia"),
    ("PAN", "Panama"), ("CRI", "Costa Rica"), ("UGA", "Uganda"), ("KEN", "Kenya"), ("SWZ", "Eswatini"),
    ("SSD", "South Sudan"), ("NRU", "Nauru"), ("PNG", "Papua New Guinea"), ("IRN", "Iran"),
    ("IRQ", "Iraq"), ("LBN", "Lebanon"), ("JOR", "Jordan"), ("MLT", "Malta"), ("CYP", "Cyprus"),
    ("IRL", "Ireland"), ("CHE", "Switzerland"), ("NOR", "Norway"), ("SEN", "Senegal"), ("MRT", "Mauritania"),
    ("NER", "Niger"), ("MLI", "Mali"), ("DZA", "Algeria"),
]  # fmt: skip
IGOS = [
    "UNHCR", "International Organization for Migration", "European Commission", "Frontex",
    "European Parliament", "Council of Europe", "African Union", "United Nations",
    "European Union Agency for Asylum", "UN Human Rights Office",
]  # fmt: skip
FIRST = [
    "Maria",
    "Anna",
    "Paolo",
    "Ahmed",
    "Olivier",
    "Sarah",
    "James",
    "Fatima",
    "Yusuf",
    "Elena",
    "Giorgia",
    "Keir",
    "Priti",
    "Suella",
    "Kemi",
    "Nancy",
    "Ursula",
    "Ylva",
    "Mark",
    "Dmitri",
    "Amina",
    "Samuel",
    "John",
    "Laura",
    "Pedro",
    "Hassan",
    "Ines",
    "Tomas",
    "Leila",
    "Victor",
]
LAST = [
    "Rossi",
    "Meloni",
    "Starmer",
    "Patel",
    "Braverman",
    "Nduhungirehe",
    "Johansson",
    "Rama",
    "Said",
    "Mayorkas",
    "Noem",
    "Bukele",
    "Schmidt",
    "Dupont",
    "Garcia",
    "Kowalski",
    "Yilmaz",
    "Haddad",
    "Mensah",
    "Okafor",
    "Tesfaye",
    "Mahmoud",
    "Fischer",
    "Santos",
    "Novak",
    "Varga",
    "Jensen",
    "Nilsson",
    "Costa",
    "Moreno",
    "Ibrahim",
    "Abdi",
    "Karimi",
    "Silva",
    "Lopez",
    "Petrov",
    "Demir",
]
TITLES = ["Interior Minister", "Foreign Minister", "Prime Minister", "President", "Home Secretary",
          "spokesperson", "Immigration Minister", "lawyer", "director", "mayor"]  # fmt: skip
BODY_KINDS = ["Ministry of Interior", "Home Office", "Border Police", "Coast Guard", "Immigration Service",
              "Foreign Ministry", "Parliament", "Asylum Agency"]  # fmt: skip
ORG_WORDS = ["Refugee Council", "Migrant Rights Network", "Sea Rescue", "Legal Aid Centre", "Red Cross",
             "Detention Action", "Airline Group", "Security Contractor"]  # fmt: skip
GROUPS = ["asylum seekers", "migrants", "deportees", "refugees", "protesters", "families", "minors"]

EVENT_TYPES = {
    "policy_change": 18, "removal": 15, "talks": 14, "criticism": 12, "agreement": 10, "request": 8,
    "ruling": 7, "support": 6, "aid": 4, "protest": 4, "agreement_ended": 2,
}  # fmt: skip
POLICY_AREAS = {
    "deportation": 24, "asylum": 22, "third_country_transfer": 16, "border_control": 14, "detention": 8,
    "legal_migration": 7, "resettlement": 5, "other": 4,
}  # fmt: skip
AREA_PHRASE = {
    "deportation": "deportations", "asylum": "asylum claims",
    "third_country_transfer": "third-country transfers",
    "border_control": "border controls", "detention": "immigration detention",
    "legal_migration": "work visas", "resettlement": "refugee resettlement", "other": "migration",
}  # fmt: skip
TEMPLATES = {
    "talks": "{a} and {b} are in talks over {area}",
    "agreement": "{a} signed an agreement with {b} on {area}",
    "agreement_ended": "{a} ended its agreement with {b} on {area}",
    "request": "{a} asked {b} for help with {area}",
    "policy_change": "{a} announced new rules on {area}",
    "removal": "{a} sent {n} people to {b} under its policy on {area}",
    "ruling": "{a} ruled that the plan with {b} on {area} was unlawful",
    "criticism": "{a} criticised {b} over {area}",
    "support": "{a} backed the plans of {b} on {area}",
    "aid": "{a} pledged funding to {b} for {area}",
    "protest": "Hundreds protested in {b} against {area}",
}
PRECISION = {"publication": 45, "day": 35, "month": 12, "year": 8}
REVIEW = {"machine": 93, "confirmed": 4, "corrected": 2, "rejected": 1}
VERBS = ["say", "tell", "announce", "warn", "argue", "add", "claim", "insist"]
CLAIMS = [
    "the agreement would save lives at sea", "the policy was cruel and unworkable",
    "the first flights would leave within weeks", "the country was ready to receive people",
    "talks were still at an early stage", "the courts must be respected",
    "the numbers arriving had fallen sharply", "no deal had been signed yet",
    "the plan breaches international law", "more money was needed for reception centres",
]  # fmt: skip
FILLER = [
    "Officials did not give further details.", "The figures could not be independently verified.",
    "Rights groups have long criticised the approach.", "The government faces elections next year.",
    "Arrivals across the Mediterranean rose last summer.", "The plan has been debated for months.",
    "Critics say the costs are far higher than announced.", "Several court challenges are pending.",
    "The ministry said more details would follow.", "Opposition parties called for a vote.",
]  # fmt: skip
_OUTLET_WORDS = [
    "Daily",
    "Morning",
    "Global",
    "Evening",
    "Coastal",
    "Capital",
    "National",
    "Free",
    "Metro",
    "Union",
]
_OUTLET_KINDS = [
    "News",
    "Post",
    "Herald",
    "Times",
    "Observer",
    "Wire",
    "Journal",
    "Tribune",
    "Gazette",
    "Chronicle",
]
OUTLETS = [f"{w} {k}" for w in _OUTLET_WORDS for k in _OUTLET_KINDS]
START = datetime(2019, 1, 1, tzinfo=UTC)
SPAN_DAYS = 7 * 365


class Zipf:
    """Pick indexes 0..n-1 with weight 1/(rank+1)^s."""

    def __init__(self, n: int, s: float = 1.05) -> None:
        self.population = range(n)
        self.cum = list(itertools.accumulate(1 / (r + 1) ** s for r in range(n)))

    def pick(self, rng: random.Random, k: int = 1) -> list[int]:
        return rng.choices(self.population, cum_weights=self.cum, k=k)


class Weighted:
    def __init__(self, weights: dict[str, int]) -> None:
        self.values = list(weights)
        self.cum = list(itertools.accumulate(weights.values()))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cum)[0]


@dataclass
class ActorInfo:
    id: int
    name: str
    country: str | None


def n_actors_for(n_events: int) -> int:
    return 2_000 + n_events // 400


def _actors(rng: random.Random, n: int) -> tuple[list[dict], list[ActorInfo], list[ActorInfo]]:
    """Actor rows, plus the country actors and the other actors in popularity order."""
    now = START
    rows: list[dict] = []
    seen: set[str] = set()

    def add(kind: str, name: str, country: str | None, title: str | None = None) -> ActorInfo | None:
        identity = f"country:{country}" if kind == "country" else f"{kind}:{country or '-'}:{name.lower()}"
        if identity in seen:
            return None
        seen.add(identity)
        info = ActorInfo(len(rows) + 1, name, country)
        rows.append(
            {
                "id": info.id, "identity": identity, "kind": kind, "name": name, "name_key": name.lower(),
                "country": country, "title": title, "aliases": [name], "created_at": now,
            }
        )  # fmt: skip
        return info

    countries = [add("country", name, code) for code, name in COUNTRIES]
    others = [add("igo", name, None) for name in IGOS]
    kinds = Weighted(
        {"person": 55, "government_body": 20, "ngo": 8, "organization": 8, "group": 5, "court": 4}
    )
    country_pick = Zipf(len(COUNTRIES), 0.9)
    while len(rows) < n:
        kind = kinds.pick(rng)
        code, cname = COUNTRIES[country_pick.pick(rng)[0]]
        if kind == "person":
            name, title = f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(TITLES)
            if f"person:{code}:{name.lower()}" in seen:
                name = f"{name.split()[0]} {rng.choice('ABCDEFGHJKLMNPRST')}. {name.split()[1]}"
            others.append(add(kind, name, code, title))
        elif kind == "government_body":
            others.append(add(kind, f"{cname} {rng.choice(BODY_KINDS)}", code))
        elif kind == "court":
            others.append(add(kind, f"{rng.choice(['Supreme', 'High', 'Administrative', 'Appeals'])} Court "
                                    f"of {cname} {rng.randint(1, 40)}", code))  # fmt: skip
        elif kind == "group":
            others.append(add(kind, f"{rng.choice(GROUPS)} from {cname}", code))
        else:
            others.append(add(kind, f"{cname} {rng.choice(ORG_WORDS)} {rng.randint(1, 99)}", code))
    others = [a for a in others if a is not None]
    rng.shuffle(others)  # popularity rank is independent of creation order
    return rows, [c for c in countries if c], others


class _Text:
    """An article's text, built sentence by sentence; ``put`` returns where the sentence starts."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def put(self, sentence: str) -> int:
        at = self.pos
        self.parts.append(sentence)
        self.pos += len(sentence) + 1
        return at


@dataclass
class Chunk:
    articles: list[dict]
    events: list[dict]
    countries: list[dict]
    participants: list[dict]
    statements: list[dict]


def _chunks(rng: random.Random, n_events: int, countries: list[ActorInfo], others: list[ActorInfo]
            ) -> Iterator[Chunk]:  # fmt: skip
    types, areas = Weighted(EVENT_TYPES), Weighted(POLICY_AREAS)
    precision, review = Weighted(PRECISION), Weighted(REVIEW)
    pick_country, pick_other = Zipf(len(countries), 1.0), Zipf(len(others), 1.1)
    pick_outlet = Zipf(len(OUTLETS), 0.8)
    n_articles = max(1, n_events // 3)
    # Volume grows over time: day offsets drawn from a rising density, then sorted so ids follow time.
    offsets = sorted(int(SPAN_DAYS * rng.random() ** 0.7) for _ in range(n_articles))
    event_id = statement_id = 1
    chunk = Chunk([], [], [], [], [])
    for article_id, offset in enumerate(offsets, start=1):
        if event_id > n_events:
            break
        published = START + timedelta(days=offset, seconds=rng.randint(0, 86_399))
        created = published + timedelta(minutes=rng.randint(5, 600))
        text = _Text()
        put = text.put
        pair = f"{rng.choice(COUNTRIES)[1]} and {rng.choice(COUNTRIES)[1]}"
        title = f"{pair}: new moves on {rng.choice(GROUPS)}"
        put(title + ".")
        article_events: list[int] = []
        for _ in range(min(rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6)), n_events - event_id + 1)):
            etype, area = types.pick(rng), areas.pick(rng)
            people = [countries[i] for i in pick_country.pick(rng, rng.choice((1, 1, 2)))]
            people += [others[i] for i in pick_other.pick(rng, rng.choice((0, 1, 1, 2)))]
            people = list({p.id: p for p in people}.values())[:3]
            a = people[0]
            b = people[1] if len(people) > 1 else countries[pick_country.pick(rng)[0]]
            n = rng.choice((12, 30, 45, 120, 200)) if etype == "removal" else None
            sentence = TEMPLATES[etype].format(a=a.name, b=b.name, area=AREA_PHRASE[area], n=n)
            start = put(sentence + ".")
            prec = precision.pick(rng)
            background = rng.random() < 0.08
            day = (published - timedelta(days=rng.randint(60, 1500) if background else 0)).date()
            if prec == "month":
                day = day.replace(day=1)
            elif prec == "year":
                day = date(day.year, 1, 1)
            codes = {countries[i].country for i in pick_country.pick(rng, rng.choice((1, 1, 1, 2)))}
            codes |= {p.country for p in people[:1] if p.country}
            chunk.events.append(
                {
                    "id": event_id, "article_id": article_id, "start": start, "end": start + len(sentence),
                    "annotator": ANNOTATOR[0], "annotator_version": ANNOTATOR[1],
                    "annotator_kind": ANNOTATOR[2], "confidence": round(rng.uniform(0.5, 0.95), 2),
                    "review_state": review.pick(rng), "type": etype, "policy_area": area, "date": day,
                    "date_precision": prec, "people_count": n, "summary": sentence[:1000],
                    "evidence_text": sentence, "background": background, "created_at": created,
                }
            )  # fmt: skip
            chunk.countries.extend({"event_id": event_id, "country": c} for c in sorted(codes))
            for i, p in enumerate(people):
                chunk.participants.append(
                    {"event_id": event_id, "actor_id": p.id, "role": "recipient" if i == 1 else "actor"}
                )
            article_events.append(event_id)
            event_id += 1
        for _ in range(rng.choice((1, 2, 3, 3, 4, 5))):
            speaker = others[pick_other.pick(rng)[0]] if rng.random() < 0.9 else None
            claim, kind = rng.choice(CLAIMS), "quote" if rng.random() < 0.4 else "paraphrase"
            who = speaker.name if speaker else "An official"
            if kind == "quote":
                claim = claim.capitalize()
                start = put(f'"{claim}," {who} said.') + 1
            else:
                start = put(f"{who} said {claim}.") + len(who) + 6
            chunk.statements.append(
                {
                    "id": statement_id, "article_id": article_id, "start": start, "end": start + len(claim),
                    "annotator": ANNOTATOR[0], "annotator_version": ANNOTATOR[1],
                    "annotator_kind": ANNOTATOR[2], "confidence": round(rng.uniform(0.5, 0.95), 2),
                    "review_state": review.pick(rng), "speaker_id": speaker.id if speaker else None,
                    "event_id": rng.choice(article_events) if article_events and rng.random() < 0.6 else None,
                    "kind": kind, "verb": rng.choice(VERBS), "text": claim, "created_at": created,
                }
            )  # fmt: skip
            statement_id += 1
        target = rng.randint(900, 2600)
        while text.pos < target:
            put(rng.choice(FILLER))
        body = " ".join(text.parts)
        outlet = OUTLETS[pick_outlet.pick(rng)[0]]
        outlet_slug = outlet.lower().replace(" ", "-")
        chunk.articles.append(
            {
                "id": article_id, "url": f"https://news.example/{outlet_slug}/{article_id}",
                "content_hash": hashlib.sha256(body.encode()).hexdigest(), "title": title, "outlet": outlet,
                "published_at": published, "language": "en", "source_format": "text", "text": body,
                "word_count": body.count(" ") + 1, "annotator": ANNOTATOR[0],
                "annotator_version": ANNOTATOR[1], "annotator_kind": ANNOTATOR[2], "annotated_at": created,
                "created_at": created,
            }
        )  # fmt: skip
        if len(chunk.articles) >= CHUNK_ARTICLES:
            yield chunk
            chunk = Chunk([], [], [], [], [])
    if chunk.articles:
        yield chunk


def _tables() -> dict[str, Table]:
    return {
        "actor": models.Actor.__table__,
        "article": models.Article.__table__,
        "event": models.Event.__table__,
        "event_country": models.EventCountry.__table__,
        "event_participant": models.EventParticipant.__table__,
        "statement": models.Statement.__table__,
    }


def _bulk_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _fast(dbapi_conn, _record):  # noqa: ANN001
            # A throwaway file being built: durability does not matter until the final rename.
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-400000", "temp_store=MEMORY"):
                dbapi_conn.execute(f"PRAGMA {pragma}")

    return engine


def _secondary_indexes(tables: dict[str, Table]):
    return [ix for t in tables.values() for ix in t.indexes]


def generate(url: str, n_events: int, seed: int = 1, *, quiet: bool = False) -> dict[str, int]:
    """Migrate an empty database at ``url`` and fill it. Returns row counts."""
    started = time.perf_counter()
    migrate.upgrade(url)
    rng = random.Random(seed)
    tables = _tables()
    engine = _bulk_engine(url)
    counts = dict.fromkeys(tables, 0)
    with engine.begin() as conn:
        # Building the indexes once at the end is several times faster than keeping them up to date.
        for ix in _secondary_indexes(tables):
            ix.drop(conn)
        actor_rows, countries, others = _actors(rng, n_actors_for(n_events))
        conn.execute(tables["actor"].insert(), actor_rows)
        counts["actor"] = len(actor_rows)
        for chunk in _chunks(rng, n_events, countries, others):
            for name, rows in (
                ("article", chunk.articles), ("event", chunk.events), ("event_country", chunk.countries),
                ("event_participant", chunk.participants), ("statement", chunk.statements),
            ):  # fmt: skip
                conn.execute(tables[name].insert(), rows)
                counts[name] += len(rows)
            if not quiet:
                print(f"\r  {counts['event']:,}/{n_events:,} events", end="", flush=True)
        for ix in _secondary_indexes(tables):
            ix.create(conn)
        _finish(conn)
    engine.dispose()
    if not quiet:
        print(f"\r  generated {counts} in {time.perf_counter() - started:.0f} s")
    return counts


def _finish(conn: Connection) -> None:
    # The read model: the triggers noted every row inserted here (COPY, as replica, skips them), and no
    # unit of work rendered them: render every event once, in bulk.
    readmodel.rebuild(conn)
    if conn.dialect.name == "postgresql":
        for table in ("actor", "article", "event", "statement"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"(SELECT coalesce(max(id), 1) FROM {table}))"))  # fmt: skip


def cache_path(n_events: int, seed: int = 1) -> Path:
    return OUT / f"events-{n_events}-seed{seed}-v{GENERATOR_VERSION}.db"


def cached_sqlite(n_events: int, seed: int = 1, *, quiet: bool = False) -> Path:
    """A generated SQLite file for (n_events, seed), built once and then reused (migrated to head)."""
    path = cache_path(n_events, seed)
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        generate(f"sqlite:///{tmp}", n_events, seed, quiet=quiet)
        with create_engine(f"sqlite:///{tmp}").begin() as conn:
            # The app opens the file in WAL mode; switching here keeps Datasette's immutable open consistent.
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        tmp.rename(path)
    else:
        migrate.upgrade(f"sqlite:///{path}")  # a newer migration (e.g. an index) applies to old files
    return path


def _copy_field(column: str) -> str:
    """A SQLite expression rendering one column in COPY text format (\\N for null; 0/1 read as booleans)."""
    escaped = f"replace(replace({column}, '\\', '\\\\'), char(9), '\\t')"
    escaped = f"replace(replace({escaped}, char(10), '\\n'), char(13), '\\r')"
    return f"coalesce({escaped}, '\\N')"


def copy_sqlite_to(path: Path, url: str, *, quiet: bool = False) -> None:
    """Load a generated SQLite file into an empty PostgreSQL database with COPY (same rows, same ids)."""
    import sqlite3

    import psycopg

    started = time.perf_counter()
    migrate.upgrade(url)
    tables = _tables()
    engine = _bulk_engine(url)
    with engine.begin() as conn:
        for ix in _secondary_indexes(tables):
            ix.drop(conn)
        # The full-text GIN indexes (migration 0004, outside the models): filled row by row they keep a
        # long pending list that makes the planner shun them until a VACUUM; built once they are compact.
        search_indexes = conn.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'ix_search_%'")
        ).all()
        for name, _ in search_indexes:
            conn.execute(text(f'DROP INDEX "{name}"'))
    src = sqlite3.connect(path)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as pg, pg.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # skip FK triggers: the rows are consistent
        cur.execute("SET TimeZone = 'UTC'")  # SQLite holds naive UTC datetimes
        for name, table in tables.items():
            quoted = ", ".join(f'"{c.name}"' for c in table.columns)
            # SQLite writes COPY's text format itself: Python only moves bytes (~5x faster than write_row).
            line = " || char(9) || ".join(_copy_field(f'"{c.name}"') for c in table.columns)
            with cur.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
                rows = src.execute(f"SELECT {line} || char(10) FROM {name}")
                while batch := rows.fetchmany(20_000):
                    copy.write("".join(r[0] for r in batch))
    src.close()
    with engine.begin() as conn:
        for ix in _secondary_indexes(tables):
            ix.create(conn)
        for _, definition in search_indexes:
            conn.execute(text(definition))
        _finish(conn)
        conn.execute(text("ANALYZE"))
    engine.dispose()
    if not quiet:
        print(f"  copied {path.name} into PostgreSQL in {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("n_events", type=int)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--url", help="fill this (empty) database instead of the cached SQLite file")
    args = p.parse_args(argv)
    if args.url:
        generate(args.url, args.n_events, args.seed)
    else:
        print(cached_sqlite(args.n_events, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
