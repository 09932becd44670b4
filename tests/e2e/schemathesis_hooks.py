"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS by test_schemathesis.py).

Schemathesis has no serializer for NDJSON: the generated body of POST /v1/ingest-jobs
(a string in the spec) is sent as its UTF-8 bytes, as a client streaming lines would.
"""

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(_ctx, value) -> bytes:  # noqa: ANN001
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")
