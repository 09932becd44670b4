"""The events export's batch loop in one process, no HTTP: what app/core/export.py runs for a download
(``_batch`` then the format's writer, batch after batch), timed in CPU seconds, with the sha256 of the
bytes, so two checkouts can be compared on the same file in the same run (the machine is shared: CPU
time, not wall, is the measure). ``--pieces`` times each piece of the CSV line's SQL alone instead.

    PYTHONPATH=. python bench/export_loop.py FILE            # this checkout, CSV, every event in id order
    PYTHONPATH=OTHER_CHECKOUT python bench/export_loop.py FILE --format ndjson --sort=-date
    PYTHONPATH=. python bench/export_loop.py FILE --pieces --events 50000
    PYTHONPATH=. python bench/export_loop.py FILE --refresh 1000     # the write-time price, rolled back
    PYTHONPATH=. python bench/export_loop.py FILE --url postgresql+psycopg://...  # that database instead,
        # holding FILE's rows (generate.copy_sqlite_to); PostgreSQL's CPU is added to the loop's

PYTHONPATH picks the checkout whose ``app`` runs (its path is printed); the file must be migrated to a
revision that checkout knows how to read (an older checkout reads a newer file fine: it ignores the
tables it does not know).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import time
from pathlib import Path

try:
    from bench.load import cpu_seconds
except ImportError:  # run as a file with another checkout's app first on the path: bench/ is sys.path[0]
    from load import cpu_seconds  # type: ignore[no-redef]


def loop(fmt: str, sort: str, limit: int) -> tuple[int, int, str, float, float]:
    """(rows, bytes, sha256, CPU seconds, wall seconds) of the export's batches."""
    from app.core.export import ExportFormat, _batch
    from app.events.export import event_export
    from app.events.repository import EventFilter

    writer = event_export(EventFilter(), sort).writers[ExportFormat(fmt)]
    _batch(writer, None, 1)  # the engine, the connection and the query's compilation, before the clock
    digest, after, rows_out, size = hashlib.sha256(), None, 0, 0
    c0, t0 = time.process_time(), time.perf_counter()
    while rows_out < limit:
        rows = _batch(writer, after, 1000)
        data = writer.write(rows).encode()
        digest.update(data)
        rows_out, size = rows_out + len(rows), size + len(data)
        if len(rows) < 1000:
            break
        after = writer.key(rows[-1])
    return rows_out, size, digest.hexdigest(), time.process_time() - c0, time.perf_counter() - t0


def pieces(path: Path, n: int) -> None:
    """SQLite CPU per row of each piece of the line rendered at read time, over the first n events."""
    from app.events import csv_lines as x

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    cells, plain = x._sqlite_cells(), x._cells("sqlite")
    text = x._csv_cells(plain, range(len(plain)), "sqlite")
    cases = {
        "event ids only": ["e.id"],
        "the whole line": x._line(cells, "sqlite"),
        "the two participant subqueries": [c for c in cells if "event_participant" in c],
        "the countries subquery": [c for c in cells if "event_country" in c],
        "the text cells (guard, quoting)": [
            c for i, c in enumerate(text) if i in x.TEXT_COLUMNS and "event_participant" not in c
        ],
        "the event's other columns": [c for c in plain if "SELECT" not in c],
        "a stored line (event_csv probe)": ["(SELECT head || tail FROM event_csv WHERE event_id = e.id)"],
    }
    for name, cols in cases.items():
        sql = f"SELECT {', '.join(cols)} FROM (SELECT * FROM event WHERE id <= {n}) AS e ORDER BY e.id"
        best = float("inf")
        for _ in range(3):
            c0 = time.process_time()
            db.execute(sql).fetchall()
            best = min(best, time.process_time() - c0)
        print(f"  {name:36} {best / n * 1e6:6.1f} us a row")


def refresh(path: Path, n: int) -> None:
    """CPU of the read model's refresh (app/events/readmodel.py) for n noted events, best of 5, rolled back:
    what a write touching n events pays to keep the stored documents (and lines) true."""
    from sqlalchemy import create_engine, text

    from app.events import readmodel

    engine, best = create_engine(f"sqlite:///{path}"), float("inf")
    for _ in range(5):
        with engine.connect() as conn, conn.begin() as tx:
            conn.execute(
                text(
                    "INSERT INTO event_doc_stale (event_id) SELECT id FROM event WHERE id % 97 = 0 LIMIT :n"
                ),
                {"n": n},
            )
            c0 = time.process_time()
            readmodel.refresh(conn)
            best = min(best, time.process_time() - c0)
            tx.rollback()
    print(f"  refresh of {n:,} events: {best * 1e3:.1f} ms CPU, {best / n * 1e6:.0f} us an event")


def _postmaster(url: str) -> int:
    """The PostgreSQL server's process (a backend's parent): its CPU and its backends' is the server's."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.connect() as conn:  # read while the backend lives
        backend = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        parent = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    engine.dispose()
    return parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", type=Path, help="a generated SQLite file (bench/out/), migrated to this checkout")
    p.add_argument("--format", default="csv", choices=["csv", "ndjson", "plover"])
    p.add_argument("--sort", default="id")
    p.add_argument("--events", type=int, default=10**9, help="stop after this many rows")
    p.add_argument("--pieces", action="store_true", help="time the CSV line's SQL piece by piece instead")
    p.add_argument("--url", help="export from this database (PostgreSQL: its server's CPU is counted too)")
    p.add_argument(
        "--refresh", type=int, metavar="N", help="time the read model's refresh of N events instead"
    )
    args = p.parse_args(argv)
    if args.refresh:
        refresh(args.file, args.refresh)
        return 0
    if args.pieces:
        pieces(args.file, min(args.events, 50_000))
        return 0
    os.environ["MIGEVENTS_DATABASE_URL"] = args.url or f"sqlite:///{args.file}"
    import app

    server = _postmaster(args.url) if args.url and args.url.startswith("postgresql") else None
    server_cpu = cpu_seconds(server, with_children=True) if server else 0.0
    rows, size, sha, cpu, wall = loop(args.format, args.sort, args.events)
    if server:
        cpu += cpu_seconds(server, with_children=True) - server_cpu
    print(
        f"{Path(app.__file__).parent.parent}: {args.format} sort={args.sort} {rows:,} rows, "
        f"{size / 1e6:.1f} MB, sha256 {sha[:12]}, {wall:.2f} s wall, {cpu:.2f} s CPU: "
        f"{rows / cpu:,.0f} rows per CPU-second"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
