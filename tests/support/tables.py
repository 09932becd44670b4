"""The tables tests empty between runs, children first, so a plain DELETE never trips a foreign key."""

TABLES = [
    "ingest_job_item",
    "ingest_job",
    "statement",
    "event_participant",
    "event_country",
    "event_doc",
    "event_csv",
    "event",
    "story",
    "actor_mention",
    "actor",
    "article",
    "history",
    # Last: deleting events above notes them for the read model (app/events/readmodel.py).
    "event_doc_stale",
]
