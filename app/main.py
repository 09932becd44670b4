"""Application factory: settings, error handlers, middleware and routers."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.actors.router import mention_writes, mentions_router
from app.actors.router import router as actors_router
from app.annotations.router import router as annotations_router
from app.articles.router import linked_router as article_links
from app.articles.router import router as articles_router
from app.articles.router import write_router as article_writes
from app.core import openapi
from app.core.conditional import ConditionalGet
from app.core.config import Settings, get_settings
from app.core.errors import install_error_handlers
from app.core.methods import AllowHeader
from app.core.middleware import BodyLimit, HeaderLimit, RequestContext
from app.core.signals import chain_stop_signals
from app.events.router import actor_events_router
from app.events.router import review_router as event_reviews
from app.events.router import router as events_router
from app.health.router import router as health_router
from app.history.router import router as history_router
from app.ingestion.annotate import annotator_readiness, close_shared_pool, shared_pool, stop_handler
from app.ingestion.jobs.router import read_router as ingest_job_reads
from app.ingestion.jobs.router import router as ingest_jobs_router
from app.ingestion.router import router as ingestion_router
from app.keys.auth import ReadAccess
from app.review_ui.router import router as review_page
from app.statements.router import linked_router as statement_links
from app.statements.router import review_router as statement_reviews
from app.statements.router import router as statements_router
from app.stories.router import router as stories_router

TAGS = [
    {"name": "events", "description": "Migration-policy events, with participants and evidence."},
    {"name": "stories", "description": "One real-world happening, as the events of many articles report it."},
    {"name": "actors", "description": "Countries, bodies, persons, organisations and groups."},
    {"name": "statements", "description": "Who said what: quotes and reported speech."},
    {"name": "articles", "description": "Ingested articles and their annotation."},
    {"name": "history", "description": "Who changed what: every change people made, before and after."},
    {"name": "health", "description": "Liveness and readiness probes."},
]


def lifespan_for(settings: Settings):
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        pool = shared_pool()
        if settings.preload_annotator:
            # Start the annotator children now so the first POST does not pay for loading spaCy.
            await anyio.to_thread.run_sync(pool.start)
        # On the stop signal, not only once uvicorn has waited for every request: in-flight
        # annotations then end within the grace period, however long their own limit.
        restore = chain_stop_signals(stop_handler(pool, settings.shutdown_grace_seconds))
        try:
            yield
        finally:
            restore()
            await anyio.to_thread.run_sync(close_shared_pool)

    return lifespan


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=lifespan_for(settings),
        title="Migration Policy Events API",
        version="1.0.0",
        openapi_tags=TAGS,
        generate_unique_id_function=openapi.operation_id,
    )
    install_error_handlers(app)
    app.state.readiness_checks = {"annotator": annotator_readiness}
    for router in (
        events_router,
        stories_router,
        actor_events_router,
        statement_links,
        article_links,
        actors_router,
        mentions_router,
        statements_router,
        articles_router,
        ingest_job_reads,
    ):
        app.include_router(router, dependencies=[ReadAccess])
    # The order of the routes is the order of the committed spec's paths and methods.
    app.include_router(ingestion_router)
    app.include_router(ingest_jobs_router)
    app.include_router(annotations_router)
    app.include_router(article_writes)
    app.include_router(event_reviews)
    app.include_router(statement_reviews)
    app.include_router(mention_writes)
    app.include_router(history_router)
    app.include_router(health_router)
    app.include_router(review_page)

    def body_limit(path: str) -> int:
        if path == "/v1/ingest-jobs":
            return settings.max_job_body_bytes
        return settings.max_batch_body_bytes if path.endswith("/batch") else settings.max_body_bytes

    # Outermost last: RequestContext stamps every answer; CORS wraps the caps so that a
    # browser can read their 413/431 problems too, and answers preflights before AllowHeader
    # answers other OPTIONS requests. ConditionalGet sees the GET that a HEAD became.
    app.add_middleware(ConditionalGet)
    app.add_middleware(AllowHeader)
    app.add_middleware(BodyLimit, limit_for=body_limit)
    app.add_middleware(HeaderLimit, max_bytes=settings.max_header_bytes)
    if settings.cors_origins:
        # Off unless configured: browsers on other origins get no CORS headers at all.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["X-API-Key", "Content-Type", "X-Request-ID", "If-None-Match"],
            expose_headers=["X-Request-ID", "Link", "Location", "Retry-After", "ETag"],
            max_age=600,
        )
    app.add_middleware(RequestContext)
    openapi.install(app)
    return app
