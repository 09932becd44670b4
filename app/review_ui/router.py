"""GET /review (sign-in or the queue), POST /review/sign-in and /sign-out, GET /review/articles/{id}, and
the page's static files. Left out of the OpenAPI contract: these are pages, not API."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.annotations.service import document
from app.articles.models import Article
from app.core.db import session_scope
from app.core.deps import read_scope
from app.core.errors import ProblemError, not_found
from app.core.params import Id
from app.keys import sessions
from app.review_ui import render
from app.review_ui.queue import MAX_QUEUE_SIZE, QUEUE_SIZE, QueueFilter, next_in_queue, queue

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent / "static"
STATIC_TYPES = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
# No inline script or style at all; the page talks to its own origin only.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


# Not the API's no-referrer: with it a browser sends `Origin: null` on the sign-in form, and the
# same-origin check below could not tell the page's own form from another site's.
PAGE_HEADERS = {"Content-Security-Policy": CSP, "Referrer-Policy": "same-origin"}


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)


def _signed_in(request: Request):
    cookie = request.cookies.get(sessions.COOKIE)
    if not cookie:
        return None
    with read_scope() as session:
        return sessions.check(session, cookie)


def _date(value: str | None, end: bool = False) -> datetime | None:
    try:
        day = datetime.fromisoformat(value).replace(tzinfo=UTC) if value else None
    except ValueError:
        return None
    return day.replace(hour=23, minute=59, second=59) if day and end else day


@router.get("/review")
def review_home(
    request: Request,
    outlet: str | None = None,
    published_from: str | None = None,
    published_to: str | None = None,
    type: str | None = None,
    state: str | None = "machine",
    cursor: str | None = None,
    size: str | None = None,
):
    found = _signed_in(request)
    if found is None:
        return _html(render.sign_in())
    principal, csrf = found
    f = QueueFilter(
        outlet=(outlet or None) and outlet[:200],
        published_from=_date(published_from),
        published_to=_date(published_to, end=True),
        event_type=type or None,
        review_state=state or None,
    )
    message = None
    limit = int(size) if size and size.isdigit() and 1 <= int(size) <= MAX_QUEUE_SIZE else QUEUE_SIZE
    with read_scope() as session:
        try:
            found_page = queue(session, f, limit, cursor=(cursor or None) and cursor[:500])
        except ProblemError:
            message = "That page of the queue is no longer valid; here is the first."
            found_page = queue(session, f, limit)
    shown = {
        "outlet": outlet, "published_from": published_from, "published_to": published_to,
        "type": type, "state": state, "size": str(limit) if limit != QUEUE_SIZE else None,
    }  # fmt: skip
    body = render.queue(
        found_page.rows,
        shown,
        who=principal.name,
        csrf=csrf,
        next_cursor=found_page.next_cursor,
        message=message,
    )
    return _html(body, 200 if message is None else 422)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"


@router.post("/review/sign-in")
async def review_sign_in(request: Request):
    if not _same_origin(request):
        return _html(render.sign_in("Sign in from this server's own page."), 403)
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    presented = (form.get("api_key") or [""])[0].strip()
    with session_scope(write=False) as session:
        found = sessions.sign_in(session, presented) if presented else None
    if found is None:
        return _html(render.sign_in("That key is not valid or has been revoked."), 401)
    response = RedirectResponse("/review", status_code=303)
    response.set_cookie(
        sessions.COOKIE,
        found[1],
        max_age=sessions.LIFETIME_SECONDS,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/review/sign-out")
async def review_sign_out(request: Request):
    found = _signed_in(request)
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    if found is None or (form.get("csrf") or [""])[0] != found[1]:
        return _html(render.sign_in("Signed out."), 403 if found else 200)
    response = RedirectResponse("/review", status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/review/articles/{article_id}")
def review_article(article_id: Id, request: Request):
    found = _signed_in(request)
    if found is None:
        return RedirectResponse("/review", status_code=303)
    principal, csrf = found
    can_write = bool({"write", "admin"} & principal.scopes)
    with read_scope() as session:
        art = session.get(Article, article_id)
        if art is None:
            raise not_found("article", article_id)
        doc = document(session, art)
        following = next_in_queue(session, article_id)
    body = render.article(art, doc, who=principal.name, csrf=csrf, can_write=can_write, next_id=following)
    return _html(body)


@router.get("/review/static/{name}")
def review_static(name: str):
    if name not in STATIC_TYPES:
        raise not_found("file", name)
    return Response((STATIC / name).read_bytes(), media_type=STATIC_TYPES[name])
