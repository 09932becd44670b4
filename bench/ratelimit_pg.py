"""PostgreSQL, 100k events: CPU per request (API process + PostgreSQL) with the shared rate limit counted
in the database, against the same code counting in memory (the limiter's whole cost), and optionally
another checkout's service in the same run; with each statement's share from pg_stat_statements.

    python -m bench.ratelimit_pg [--base-root OTHER_CHECKOUT] [--seconds 10]

Results: bench/results/ratelimit_pg.md (written by hand from this output).
"""

from __future__ import annotations

import argparse
import os
import subprocess

import psycopg

from bench import generate, servers
from bench.load import ensure_wrk
from bench.run import Bench, Workload
from tests.support import postgres

TOP = (
    "select calls, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) "
    "from pg_stat_statements "
    "where dbid = (select oid from pg_database where datname = current_database()) "
    "order by total_exec_time desc limit 6"
)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base-root", help="also run the service from this checkout, counting in the database")
    p.add_argument("--seconds", type=int, default=10)
    args = p.parse_args(argv)
    w = Workload.of(100_000, generate.cached_sqlite(100_000))
    pg = postgres.start()
    if pg is None:
        raise SystemExit("no PostgreSQL binaries")
    try:
        conf = pg.datadir / "postgresql.auto.conf"
        line = "shared_preload_libraries = 'pg_stat_statements'"
        subprocess.run([*pg.as_user, "sh", "-c", f'echo "{line}" >> {conf}'], check=True)
        pg_ctl = [*pg.as_user, postgres.find_bin("pg_ctl"), "-D", str(pg.datadir), "-m", "fast", "-w"]
        # No pipes: the restarted postmaster would hold them open.
        subprocess.run([*pg_ctl, "-l", str(pg.datadir.parent / "log"), "restart"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        servers.pin_postgres(pg)
        url = pg.create_database("bench_100000")
        generate.copy_sqlite_to(w.path, url)
        dsn = f"host=127.0.0.1 port={pg.port} user=postgres dbname=bench_100000"
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("create extension pg_stat_statements")
        b = Bench(args.seconds, 32, ensure_wrk())
        b.postmaster = int((pg.datadir / "postmaster.pid").read_text().split()[0])
        variants = [("this, database", servers.ROOT, "database"), ("this, memory", servers.ROOT, "memory")]
        if args.base_root:
            variants.insert(0, ("base, database", args.base_root, "database"))
        for name, root, store in variants:
            os.environ["MIGEVENTS_RATE_LIMIT_STORE"] = store
            os.environ["BENCH_SERVICE_ROOT"] = str(root)
            with servers.service(url, name.replace(", ", "-")) as srv:
                for request in ("event detail", "filtered list"):
                    with psycopg.connect(dsn, autocommit=True) as c:
                        c.execute("select pg_stat_statements_reset()")
                    print(f"{name:15}", end=" ")
                    n = b.measure(
                        "postgres", 100_000, request, "service", srv, w.urls[request]
                    ).result.requests
                    with psycopg.connect(dsn, autocommit=True) as c:
                        for calls, ms, query in c.execute(TOP).fetchall():
                            print(
                                f"    {calls / n:5.2f} a request, {ms * 1000 / n:8.1f} us a request  {query}"
                            )
    finally:
        pg.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
