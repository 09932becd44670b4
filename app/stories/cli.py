"""`python -m app stories regroup`: group every stored event into stories anew (the backfill after
migration 0007, or after the rule in app/stories/matching.py changed)."""

from __future__ import annotations

from app.core.db import session_scope
from app.stories.grouping import regroup_all


def run() -> int:
    # One transaction: readers see the old grouping until the new one is complete.
    with session_scope(write=True) as session:
        n = regroup_all(session)
    print(f"grouped the events into {n} stories")
    return 0
