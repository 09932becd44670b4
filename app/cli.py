"""Command line: ``python -m app COMMAND`` (or the ``migration-events`` console script).

serve     apply migrations, then run the API with uvicorn
migrate   apply (or roll back) migrations
openapi   write openapi/openapi.json, or --check that it matches the code
ingest    batch-ingest an NDJSON file or a folder of .txt files
worker    annotate the articles of ingestion jobs; run as many as you like, on any machine
annotate  annotate a folder of .txt files into gold-format predictions
reannotate  re-run the annotator over stored articles, keeping what people made or reviewed
stories   regroup: group every stored event into stories anew (the backfill)
keys      create, list and revoke API keys
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC_PATH = ROOT / "openapi" / "openapi.json"


def spec_text() -> str:
    from app.main import create_app

    return json.dumps(create_app().openapi(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def cmd_openapi(args: argparse.Namespace) -> int:
    current = spec_text()
    if args.check:
        committed = SPEC_PATH.read_text(encoding="utf-8") if SPEC_PATH.exists() else ""
        if committed != current:
            print(f"{SPEC_PATH} differs from the app's spec; run `make openapi`.", file=sys.stderr)
            return 1
        print(f"{SPEC_PATH} matches the app.")
        return 0
    SPEC_PATH.parent.mkdir(parents=True, exist_ok=True)
    SPEC_PATH.write_text(current, encoding="utf-8")
    print(f"wrote {SPEC_PATH}")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from app.core import migrate

    if args.downgrade:
        migrate.downgrade(revision=args.downgrade)
    else:
        migrate.upgrade()
    return 0


def http_protocol() -> str | type:
    """httptools (fast) with our cap on unfinished headers; h11 (capped itself) without it."""
    try:
        from app.core.http_protocol import CappedHttpToolsProtocol
    except ImportError:  # no httptools
        return "h11"
    return CappedHttpToolsProtocol


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.core import migrate
    from app.core.config import get_settings
    from app.core.logging import configure

    settings = get_settings()
    configure(settings.log_level)
    # Once, here in the parent, before uvicorn starts its worker processes (which never migrate);
    # servers on other machines starting at the same moment queue on the migration lock.
    migrate.upgrade()
    if args.workers > 1:
        _share_between_workers(settings, args.workers)
    # uvicorn stops gracefully on SIGTERM, then re-raises it to be killed by it (exit 143); as
    # KeyboardInterrupt (what uvicorn does with SIGINT) the command ends normally, with 0.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    uvicorn.run(
        "app.asgi:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        # Both parsers stop a header block that keeps growing (see app/core/http_protocol.py).
        http=http_protocol(),
        h11_max_incomplete_event_size=settings.max_header_bytes + 16_384,  # room for the URL
        # In-flight annotations end earlier (app/ingestion/annotate.py); this bounds the rest.
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
    )
    _exit_now()


def _share_between_workers(settings, workers: int) -> None:  # noqa: ANN001
    """What N worker processes need that one does not; they read it from the environment."""

    # One limit for all of them, counted in the database, not one per process.
    if settings.rate_limit_store == "auto":
        os.environ["MIGEVENTS_RATE_LIMIT_STORE"] = "database"
    # Each worker has its own annotator pool; unless set, the cores are split between them
    # rather than each starting one process per core.
    if settings.annotator_processes == 0:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        os.environ["MIGEVENTS_ANNOTATOR_PROCESSES"] = str(max(1, cores // workers))


def _exit_now() -> None:
    """End the stopped server without the interpreter's teardown of its module graph (spaCy's
    included), which takes one to several seconds on a busy machine and does nothing useful."""
    import logging
    import os

    from app.core.db import get_engines
    from app.ingestion.annotate import close_shared_pool

    close_shared_pool()  # done already, unless a second Ctrl-C skipped the app's shutdown
    for engine in get_engines():  # close database connections properly (PostgreSQL logs a dropped one)
        engine.dispose()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def cmd_ingest(args: argparse.Namespace) -> int:
    from app.ingestion.batch_cli import run

    return run(Path(args.path), workers=args.workers, chunk=args.chunk)


def cmd_worker(args: argparse.Namespace) -> int:
    from app.core.config import get_settings
    from app.core.logging import configure
    from app.ingestion.jobs.worker import run

    configure(get_settings().log_level)
    return run(args.concurrency, stop_when_idle=args.until_idle)


def cmd_annotate(args: argparse.Namespace) -> int:
    from app.annotator.cli import main as annotate_main

    return annotate_main([args.dir, "--out", args.out])


def cmd_reannotate(args: argparse.Namespace) -> int:
    from app.annotations.cli import run

    return run(outdated_only=args.outdated, article_ids=args.article, workers=args.workers)


def cmd_stories(args: argparse.Namespace) -> int:
    from app.stories.cli import run

    return run()


def cmd_keys(args: argparse.Namespace) -> int:
    from app.keys import cli as keys_cli

    return keys_cli.run(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="migration-events", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="apply migrations and run the API")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("MIGEVENTS_WORKERS", "1")),
        help="server processes (default: $MIGEVENTS_WORKERS or 1); they share the rate limit",
    )
    s.set_defaults(func=cmd_serve)

    m = sub.add_parser("migrate", help="apply migrations")
    m.add_argument("--downgrade", metavar="REV", help="roll back to REV (e.g. base)")
    m.set_defaults(func=cmd_migrate)

    o = sub.add_parser("openapi", help="write or check openapi/openapi.json")
    o.add_argument("--check", action="store_true")
    o.set_defaults(func=cmd_openapi)

    i = sub.add_parser("ingest", help="batch-ingest NDJSON or a folder of .txt (+ .json sidecars)")
    i.add_argument("path")
    i.add_argument("--workers", type=int, default=0, help="annotator processes (default: all cores)")
    i.add_argument("--chunk", type=int, default=50, help="articles read ahead per worker")
    i.set_defaults(func=cmd_ingest)

    w = sub.add_parser("worker", help="annotate the items of ingestion jobs (POST /v1/ingest-jobs)")
    w.add_argument(
        "--concurrency",
        type=int,
        default=0,
        help="annotator processes and chunks at once (default: all cores)",
    )
    w.add_argument(
        "--until-idle", action="store_true", help="exit when no work is left (default: wait for more)"
    )
    w.set_defaults(func=cmd_worker)

    a = sub.add_parser("annotate", help="annotate DIR/*.txt into OUT/*.json (gold format)")
    a.add_argument("dir")
    a.add_argument("--out", required=True)
    a.set_defaults(func=cmd_annotate)

    r = sub.add_parser("reannotate", help="re-run the annotator over stored articles; people's records stay")
    r.add_argument(
        "--outdated", action="store_true", help="only articles annotated by an older annotator version"
    )
    r.add_argument(
        "--article", type=int, action="append", metavar="ID", help="only this article (repeatable)"
    )
    r.add_argument("--workers", type=int, default=0, help="annotator processes (default: all cores)")
    r.set_defaults(func=cmd_reannotate)

    st = sub.add_parser("stories", help="stories: `regroup` groups every stored event anew (the backfill)")
    st.add_argument("stories_command", choices=["regroup"])
    st.set_defaults(func=cmd_stories)

    k = sub.add_parser("keys", help="manage API keys")
    ksub = k.add_subparsers(dest="keys_command", required=True)
    kc = ksub.add_parser("create")
    kc.add_argument("name")
    kc.add_argument("--scopes", default="read write", help="space-separated: read write admin")
    ksub.add_parser("list")
    kr = ksub.add_parser("revoke")
    kr.add_argument("prefix")
    k.set_defaults(func=cmd_keys)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
