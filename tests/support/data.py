"""A realistic, deterministic data set for read-API tests, inserted without the NLP pipeline.

Each article is written sentence by sentence; actors, events and statements point at
spans of that text exactly as the annotator's output would. Everything goes through
``store_annotation`` (the production write path), so actor de-duplication across
articles, dates and provenance are the real ones.

``seed()`` returns a :class:`Dataset` with the ids the database assigned and the
facts each filter is about, so tests compute what a filter must return instead of
hard-coding ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select, text

from app.actors.models import Actor
from app.annotations.store import Authorship, identity, store_annotation
from app.annotator.types import ActorAnn, Annotation, EventAnn, ParticipantAnn, StatementAnn
from app.articles.models import Article
from app.core.db import session_scope, write_engine
from app.events.models import Event
from app.statements.models import Statement
from tests.support.tables import TABLES

MACHINE = Authorship("machine", "rules-spacy", "0.1.0", "machine")
EDITOR = Authorship("person", "editor@example.org", None, "corrected")
REVIEWER = Authorship("person", "reviewer@example.org", None, "confirmed")


@dataclass
class EventFact:
    id: int
    article_id: int
    type: str
    policy_area: str
    countries: set[str]
    actor_ids: set[int]
    date: date
    review_state: str


@dataclass
class StatementFact:
    id: int
    article_id: int
    speaker_id: int | None
    event_id: int | None
    kind: str


@dataclass
class ActorFact:
    id: int
    kind: str
    name: str
    country: str | None


@dataclass
class ArticleFact:
    id: int
    outlet: str | None
    published_at: datetime | None


@dataclass
class Dataset:
    articles: dict[str, ArticleFact] = field(default_factory=dict)
    actors: dict[str, ActorFact] = field(default_factory=dict)  # by canonical name
    events: list[EventFact] = field(default_factory=list)
    statements: list[StatementFact] = field(default_factory=list)

    def actor(self, name: str) -> ActorFact:
        return self.actors[name]


class Draft:
    """One article being written: text grows sentence by sentence; records point into it."""

    def __init__(self, slug: str, title: str, outlet: str | None, published: str | None, who: Authorship):
        self.slug, self.title, self.outlet, self.who = slug, title, outlet, who
        self.published = datetime.fromisoformat(published) if published else None
        self.text = ""
        self.actors: dict[str, ActorAnn] = {}
        self.events: list[EventAnn] = []
        self.statements: list[StatementAnn] = []

    def sentence(self, s: str) -> tuple[int, int]:
        if self.text:
            self.text += " "
        start = len(self.text)
        self.text += s
        return start, len(self.text)

    def span_of(self, fragment: str) -> tuple[int, int]:
        start = self.text.index(fragment)
        return start, start + len(fragment)

    def actor(
        self, key: str, kind: str, name: str, country: str | None, *forms: str, title: str | None = None
    ):
        surface = [f for f in (name, *forms) if f in self.text]
        mentions = [self.span_of(f) for f in surface]
        self.actors[key] = ActorAnn(key, kind, name, country, title, surface, mentions)

    def event(
        self,
        type: str,
        area: str,
        evidence: tuple[int, int],
        parts: list[tuple[str, str]],
        countries: list[str],
        when: str | None,
        precision: str,
        people: int | None = None,
        background: bool = False,
    ) -> int:
        summary = f"{type.replace('_', ' ')}: {self.text[evidence[0] : evidence[1]][:80]}"
        self.events.append(
            EventAnn(
                type,
                area,
                [ParticipantAnn(a, r) for a, r in parts],
                countries,
                when,
                precision,
                people,
                summary,
                evidence,
                0.8,
                background,
            )
        )
        return len(self.events) - 1

    def statement(self, speaker: str | None, kind: str, verb: str, fragment: str, event: int | None) -> None:
        span = self.span_of(fragment)
        self.statements.append(StatementAnn(speaker, kind, verb, fragment, span, event, 0.7))


def _rwanda_us_talks() -> Draft:
    d = Draft(
        "rwanda-us-talks",
        "Rwanda in talks with US over deportees",
        "Example News",
        "2025-05-05T08:00:00+00:00",
        MACHINE,
    )
    talks = d.sentence(
        "Rwanda confirmed on Sunday that it is in talks with the United States about accepting "
        "migrants deported from America."
    )
    d.sentence("Foreign Minister Olivier Nduhungirehe said the talks were still at an early stage.")
    ask = d.sentence("The Trump administration has asked several countries to take in deportees.")
    deal = d.sentence("In 2022 Rwanda agreed to receive asylum seekers from the United Kingdom.")
    end = d.sentence("The United Kingdom scrapped that deal in July 2024.")
    crit = d.sentence("Human rights organizations criticised Rwanda's stance.")
    d.sentence('"We want to give these migrants another chance," Nduhungirehe said.')
    d.actor("rwa", "country", "Rwanda", "RWA")
    d.actor("usa", "country", "United States", "USA", "America")
    d.actor("gbr", "country", "United Kingdom", "GBR")
    d.actor("nduh", "person", "Olivier Nduhungirehe", "RWA", "Nduhungirehe", title="Foreign Minister")
    d.actor("trump", "government_body", "Trump administration", "USA")
    d.actor("hro", "group", "Human rights organizations", None)
    t = d.event(
        "talks",
        "third_country_transfer",
        talks,
        [("rwa", "actor"), ("usa", "actor")],
        ["RWA", "USA"],
        "2025-05-04",
        "day",
    )
    d.event(
        "request", "third_country_transfer", ask, [("trump", "actor")], ["USA"], "2025-05-05", "publication"
    )
    d.event(
        "agreement",
        "third_country_transfer",
        deal,
        [("rwa", "actor"), ("gbr", "actor")],
        ["GBR", "RWA"],
        "2022",
        "year",
        background=True,
    )
    d.event(
        "agreement_ended",
        "third_country_transfer",
        end,
        [("gbr", "actor"), ("rwa", "recipient")],
        ["GBR", "RWA"],
        "2024-07",
        "month",
        background=True,
    )
    c = d.event(
        "criticism",
        "third_country_transfer",
        crit,
        [("hro", "actor"), ("rwa", "recipient")],
        ["RWA"],
        "2025-05-05",
        "publication",
    )
    d.statement("nduh", "paraphrase", "say", "the talks were still at an early stage", t)
    d.statement("nduh", "quote", "say", "We want to give these migrants another chance", c)
    return d


def _el_salvador_flight() -> Draft:
    d = Draft(
        "el-salvador-flight",
        "US deportation flight lands in El Salvador",
        "Wire Service",
        "2025-03-16T21:30:00+00:00",
        MACHINE,
    )
    flight = d.sentence(
        "A United States deportation flight carrying 238 Venezuelan migrants landed in El Salvador on Sunday."
    )
    d.sentence("President Nayib Bukele said the men would be held in a maximum security prison.")
    ruling = d.sentence("On Saturday the U.S. District Court ordered the flights to be halted.")
    crit = d.sentence("The American Civil Liberties Union condemned the transfers.")
    d.sentence('"This is a lawless act," an ACLU lawyer said.')
    aid = d.sentence("El Salvador will receive six million dollars from Washington for the detentions.")
    d.sentence('"Nobody told the families," a relative said outside the court.')
    d.actor("usa", "country", "United States", "USA", "Washington")
    d.actor("slv", "country", "El Salvador", "SLV")
    d.actor("ven", "group", "Venezuelan migrants", "VEN")
    d.actor("bukele", "person", "Nayib Bukele", "SLV", "Bukele", title="President")
    d.actor("court", "court", "U.S. District Court", "USA")
    d.actor("aclu", "ngo", "American Civil Liberties Union", "USA", "ACLU")
    removal = d.event(
        "removal",
        "third_country_transfer",
        flight,
        [("usa", "actor"), ("ven", "recipient")],
        ["SLV", "USA", "VEN"],
        "2025-03-16",
        "day",
        people=238,
    )
    d.event("ruling", "deportation", ruling, [("court", "actor")], ["USA"], "2025-03-15", "day")
    c = d.event(
        "criticism",
        "third_country_transfer",
        crit,
        [("aclu", "actor"), ("usa", "recipient")],
        ["USA"],
        "2025-03-16",
        "publication",
    )
    d.event(
        "aid",
        "detention",
        aid,
        [("usa", "actor"), ("slv", "recipient")],
        ["SLV", "USA"],
        "2025-03-16",
        "publication",
    )
    d.statement("bukele", "paraphrase", "say", "the men would be held in a maximum security prison", removal)
    d.statement("aclu", "quote", "say", "This is a lawless act", c)
    d.statement(None, "quote", "say", "Nobody told the families", None)
    return d


def _eu_tunisia_pact() -> Draft:
    d = Draft(
        "eu-tunisia-pact",
        "EU and Tunisia sign migration pact",
        "Example News",
        "2023-07-16T12:00:00+00:00",
        EDITOR,
    )
    pact = d.sentence(
        "The European Union and Tunisia signed a memorandum of understanding on migration on Sunday."
    )
    aid = d.sentence("The EU will provide 105 million euros to curb irregular departures.")
    d.sentence("Ursula von der Leyen described the deal as an investment in shared prosperity.")
    protest = d.sentence("Protesters gathered in Tunis against the agreement.")
    d.sentence("President Kaïs Saïed said Tunisia would not become a border guard for Europe.")
    d.actor("eu", "igo", "European Union", None, "EU")
    d.actor("tun", "country", "Tunisia", "TUN", "Tunis")
    d.actor("vdl", "person", "Ursula von der Leyen", None, title="President of the European Commission")
    d.actor("protesters", "group", "Protesters", "TUN")
    d.actor("saied", "person", "Kaïs Saïed", "TUN", title="President")
    a = d.event(
        "agreement", "border_control", pact, [("eu", "actor"), ("tun", "actor")], ["TUN"], "2023-07-16", "day"
    )
    d.event(
        "aid",
        "border_control",
        aid,
        [("eu", "actor"), ("tun", "recipient")],
        ["TUN"],
        "2023-07-16",
        "publication",
        people=None,
    )
    d.event("protest", "border_control", protest, [("protesters", "actor")], ["TUN"], "2023-07", "month")
    d.statement("vdl", "paraphrase", "describe", "the deal as an investment in shared prosperity", a)
    d.statement("saied", "paraphrase", "say", "Tunisia would not become a border guard for Europe", a)
    return d


def _safety_of_rwanda_act() -> Draft:
    d = Draft(
        "safety-of-rwanda-act",
        "UK passes Safety of Rwanda Act",
        "Daily Record",
        "2024-04-23T06:00:00+00:00",
        REVIEWER,
    )
    law = d.sentence("The United Kingdom's parliament passed the Safety of Rwanda Act on Monday night.")
    d.sentence("Prime Minister Rishi Sunak said flights would leave within twelve weeks.")
    ask = d.sentence("The UN refugee agency UNHCR urged the government to reconsider the plan.")
    d.actor("gbr", "country", "United Kingdom", "GBR")
    d.actor("rwa", "country", "Rwanda", "RWA")
    d.actor("sunak", "person", "Rishi Sunak", "GBR", title="Prime Minister")
    d.actor("unhcr", "igo", "UNHCR", None, "UN refugee agency")
    p = d.event(
        "policy_change",
        "asylum",
        law,
        [("gbr", "actor"), ("rwa", "recipient")],
        ["GBR", "RWA"],
        "2024-04-22",
        "day",
    )
    r = d.event(
        "request",
        "asylum",
        ask,
        [("unhcr", "actor"), ("gbr", "recipient")],
        ["GBR"],
        "2024-04-23",
        "publication",
    )
    d.statement("sunak", "paraphrase", "say", "flights would leave within twelve weeks", p)
    d.statement("unhcr", "paraphrase", "urge", "the government to reconsider the plan", r)
    return d


def _italy_albania_centres() -> Draft:
    d = Draft(
        "italy-albania-centres",
        "Italy sends first migrants to Albania",
        "Wire Service",
        "2024-10-18T17:00:00+00:00",
        MACHINE,
    )
    move = d.sentence("Italy transferred the first 16 migrants to new centres in Albania on Wednesday.")
    praise = d.sentence("Prime Minister Giorgia Meloni called the scheme a model for Europe.")
    ruling = d.sentence("On Friday a court in Rome ruled that the detention of the men was unlawful.")
    d.actor("ita", "country", "Italy", "ITA")
    d.actor("alb", "country", "Albania", "ALB")
    d.actor("meloni", "person", "Giorgia Meloni", "ITA", title="Prime Minister")
    d.actor("rome", "court", "Court of Rome", "ITA", "court in Rome")
    d.event(
        "removal",
        "third_country_transfer",
        move,
        [("ita", "actor"), ("alb", "recipient")],
        ["ALB", "ITA"],
        "2024-10-16",
        "day",
        people=16,
    )
    s = d.event(
        "support",
        "third_country_transfer",
        praise,
        [("meloni", "actor")],
        ["ITA"],
        "2024-10-18",
        "publication",
    )
    d.event("ruling", "detention", ruling, [("rome", "actor")], ["ITA"], "2024-10-18", "day")
    d.statement("meloni", "paraphrase", "call", "the scheme a model for Europe", s)
    return d


def _aegean_pushback() -> Draft:
    # No outlet, no publication date: the article filters must leave it out, not crash.
    d = Draft("aegean-pushback", "Pushback reported in the Aegean", None, None, MACHINE)
    push = d.sentence("Greek coast guard officers pushed back a boat with 40 asylum seekers in June 2023.")
    d.actor("grc", "country", "Greece", "GRC", "Greek")
    d.actor("seekers", "group", "Asylum seekers", None, "asylum seekers")
    d.event(
        "removal",
        "border_control",
        push,
        [("grc", "actor"), ("seekers", "recipient")],
        ["GRC"],
        "2023-06",
        "month",
        people=40,
    )
    return d


DRAFTS = [
    _rwanda_us_talks,
    _el_salvador_flight,
    _eu_tunisia_pact,
    _safety_of_rwanda_act,
    _italy_albania_centres,
    _aegean_pushback,
]


def wipe() -> None:
    """Empty every data table (API keys stay)."""
    with write_engine().begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
        else:
            for table in TABLES:
                conn.execute(text(f'DELETE FROM "{table}"'))


def store(d: Draft, dataset: Dataset, url_suffix: str = "") -> ArticleFact:
    """Insert one drafted article and its annotation; record what was stored in ``dataset``."""
    ann = Annotation(list(d.actors.values()), d.events, d.statements, d.who.name, d.who.version or "")
    with session_scope(write=True) as session:
        article = Article(
            url=f"https://news.example.org/{d.slug}{url_suffix}",
            content_hash=hashlib.sha256((d.text + url_suffix).encode()).hexdigest(),
            title=d.title,
            outlet=d.outlet,
            published_at=d.published,
            text=d.text,
            word_count=len(d.text.split()),
        )
        session.add(article)
        session.flush()
        store_annotation(session, article, ann, d.who)
        actor_ids = {}
        for key, a in d.actors.items():
            row = session.execute(select(Actor).where(Actor.identity == identity(a))).scalar_one()
            actor_ids[key] = row.id
            dataset.actors[row.name] = ActorFact(row.id, row.kind, row.name, row.country)
        events = session.execute(
            select(Event).where(Event.article_id == article.id).order_by(Event.id)
        ).scalars()
        event_ids = []
        for row, e in zip(events, d.events, strict=True):
            event_ids.append(row.id)
            dataset.events.append(
                EventFact(
                    row.id,
                    article.id,
                    e.type,
                    e.policy_area,
                    set(e.countries),
                    {actor_ids[p.actor] for p in e.participants},
                    row.date,
                    d.who.review_state,
                )
            )
        statements = session.execute(
            select(Statement).where(Statement.article_id == article.id).order_by(Statement.id)
        ).scalars()
        for row, s in zip(statements, d.statements, strict=True):
            dataset.statements.append(
                StatementFact(
                    row.id,
                    article.id,
                    actor_ids[s.speaker] if s.speaker else None,
                    event_ids[s.event] if s.event is not None else None,
                    s.kind,
                )
            )
        fact = ArticleFact(article.id, d.outlet, d.published.astimezone(UTC) if d.published else None)
    dataset.articles[d.slug + url_suffix] = fact
    return fact


def seed(copies: int = 1) -> Dataset:
    """Empty the tables, then insert the six articles (``copies`` times, under distinct URLs)."""
    wipe()
    dataset = Dataset()
    for n in range(copies):
        for make in DRAFTS:
            store(make(), dataset, f"-{n}" if n else "")
    return dataset


def add_article(n: int, dataset: Dataset | None = None) -> ArticleFact:
    """Insert one more article (a copy of a draft under a new URL), e.g. while a client is paging."""
    dataset = dataset if dataset is not None else Dataset()
    return store(DRAFTS[n % len(DRAFTS)](), dataset, f"-extra{n}")
