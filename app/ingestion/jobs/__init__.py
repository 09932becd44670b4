"""Ingestion jobs: a bulk load stored at once, annotated by `python -m app worker` processes.

models.py   the job and its items (each line of the stream, with what became of it)
intake.py   POST: read the NDJSON stream, store job + items in one transaction, queue the work
queue.py    PostgreSQL: procrastinate tasks, one per chunk of items; SQLite: workers claim chunks
work.py     one chunk: each item prepared, annotated, stored and marked done in one transaction
worker.py   the `worker` command: annotator pool + the procrastinate worker or the claim loop
router.py   POST /v1/ingest-jobs, GET /v1/ingest-jobs/{id}, GET /v1/ingest-jobs/{id}/items
"""
