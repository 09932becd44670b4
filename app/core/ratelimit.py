"""Requests per key per minute: a token bucket per client, in process memory.

Exact for one process alone; several processes share a counter in the database
instead (app/keys/ratelimit.py chooses).
"""

import math
import threading
import time


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def hit(self, client: str) -> float:
        """Take one token; return 0 if allowed, else the seconds until one is free."""
        if self.capacity <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            if len(self._buckets) > 100_000:  # bound memory under a flood of distinct clients
                self._buckets.clear()
            return math.ceil((1 - tokens) / self.rate)
