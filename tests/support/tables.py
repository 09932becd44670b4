"""The tables tests empty between runs, children first, so a plain DELETE never trips a foreign key."""

TABLES = [
    "statement",
    "event_participant",
    "event_country",
    "event",
    "actor_mention",
    "actor",
    "article",
    "history",
]
