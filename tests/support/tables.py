"""The tables tests empty between runs, children first, so a plain DELETE never trips a foreign key."""

TABLES = [
    "ingest_job_item",
    "ingest_job",
    "statement",
    "event_participant",
    "event_country",
    "event",
    "story",
    "actor_mention",
    "actor",
    "article",
    "history",
]
