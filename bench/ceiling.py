"""The framework ceiling: a bare FastAPI app answering with a precomputed body.

Same uvicorn settings as the service; no database, no validation, no middleware.
BENCH_CEILING_BODY names a file holding the body (a real page of the service).
"""

import os
from pathlib import Path

from fastapi import FastAPI, Response

BODY = Path(os.environ["BENCH_CEILING_BODY"]).read_bytes()
app = FastAPI()


@app.get("/v1/events")
async def list_events() -> Response:
    return Response(BODY, media_type="application/json")


@app.get("/health/ready")
async def ready() -> Response:
    return Response(b'{"status":"ok"}', media_type="application/json")
