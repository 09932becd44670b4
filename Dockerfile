# syntax=docker/dockerfile:1
# Build stage: install the hash-locked dependencies into a virtualenv.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY requirements/app.lock requirements/app.lock
RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements/app.lock
COPY pyproject.toml README.md ./
COPY app app
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps .

# Runtime stage: the virtualenv, migrations and a non-root user; nothing else.
FROM python:3.11-slim-bookworm AS runtime
# The annotator processes start with the server, so /health/ready tells the truth from the
# first probe; the grace period stays under `docker stop`'s 10 s before its SIGKILL.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    MIGEVENTS_DATABASE_URL=sqlite:////data/migration-events.db \
    MIGEVENTS_PRELOAD_ANNOTATOR=true \
    MIGEVENTS_SHUTDOWN_GRACE_SECONDS=8 \
    MIGEVENTS_WORKERS=1
# tini (Debian's) as PID 1: the kernel gives PID 1 no default signal actions and makes it the
# parent of every orphan; tini forwards SIGTERM/SIGINT to the server and reaps what it must.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini=0.19.0-1+b3 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /srv --no-create-home app \
    && mkdir -p /data \
    && chown app:app /data
WORKDIR /srv
COPY --from=build /opt/venv /opt/venv
COPY alembic.ini ./
COPY migrations migrations
COPY app app
USER 10001:10001
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health/ready', timeout=4).status == 200 else 1)"]
STOPSIGNAL SIGTERM
# Exec form throughout, no shell in between: the signal reaches tini, tini hands it to the server.
ENTRYPOINT ["/usr/bin/tini", "--"]
# `serve` applies migrations, then starts uvicorn with $MIGEVENTS_WORKERS processes (sharing the
# rate limit through the database, the cores between their annotator pools); on SIGTERM/SIGINT
# it stops within the grace period, stops its annotator processes and exits 0.
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000"]
