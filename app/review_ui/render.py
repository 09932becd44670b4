"""HTML for the review page. Every piece of stored text goes through ``esc``: an article that contains
``<script>`` shows it as text, and the page's policy allows no inline script anyway."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from app.annotator.vocabulary import EventType, PolicyArea
from app.review.vocabulary import ReviewState

STATIC = "/review/static"


def esc(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def page(title: str, body: str, *, csrf: str = "", who: str | None = None) -> str:
    signed_in = ""
    if who is not None:
        signed_in = (
            f'<form class="signout" method="post" action="/review/sign-out">'
            f"<span>Signed in as <strong>{esc(who)}</strong></span> "
            f'<input type="hidden" name="csrf" value="{esc(csrf)}">'
            f'<button type="submit">Sign out</button></form>'
        )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="{esc(csrf)}">
<title>{esc(title)} · Migration events review</title>
<link rel="stylesheet" href="{STATIC}/review.css">
<script src="{STATIC}/review.js" defer></script>
</head>
<body>
<header class="top"><a class="home" href="/review">Review queue</a>{signed_in}</header>
<main id="main">
{body}
</main>
</body>
</html>
"""


def sign_in(message: str | None = None) -> str:
    note = f'<p class="error" role="alert">{esc(message)}</p>' if message else ""
    return page(
        "Sign in",
        f"""<h1>Sign in to review</h1>
{note}
<form class="signin" method="post" action="/review/sign-in">
<label for="api_key">API key</label>
<input id="api_key" name="api_key" type="password" autocomplete="off" required autofocus>
<button type="submit">Sign in</button>
</form>
<p class="hint">A key with the <code>write</code> scope can confirm, reject and correct; a read-only key can look.</p>""",
    )


def _options(values: list[str], selected: str | None, blank: str | None = None) -> str:
    out = [f'<option value="">{esc(blank)}</option>'] if blank is not None else []
    for v in values:
        sel = " selected" if v == selected else ""
        out.append(f'<option value="{esc(v)}"{sel}>{esc(v.replace("_", " "))}</option>')
    return "".join(out)


def queue(rows: list[Any], filters: dict[str, str | None], *, who: str, csrf: str) -> str:
    f = {k: v or "" for k, v in filters.items()}
    items = []
    for r in rows:
        lowest = f"{r.lowest:.2f}" if r.lowest is not None else "reviewed"
        published = r.published_at.date().isoformat() if r.published_at else "—"
        items.append(
            f'<tr><td><a href="/review/articles/{r.id}">{esc(r.title or f"Article {r.id}")}</a></td>'
            f"<td>{esc(r.outlet or '—')}</td><td>{published}</td><td>{lowest}</td>"
            f"<td>{r.unreviewed} of {r.events}</td></tr>"
        )
    table = (
        '<table class="queue"><caption>Articles, least confident first</caption>'
        '<thead><tr><th scope="col">Article</th><th scope="col">Outlet</th><th scope="col">Published</th>'
        '<th scope="col">Lowest confidence</th><th scope="col">Events to review</th></tr></thead>'
        f"<tbody>{''.join(items)}</tbody></table>"
        if items
        else '<p class="empty">Nothing to review with these filters.</p>'
    )
    states = [s.value for s in ReviewState]
    return page(
        "Queue",
        f"""<h1>Review queue</h1>
<form class="filters" method="get" action="/review" aria-label="Filters">
<label>Outlet <input name="outlet" value="{esc(f["outlet"])}"></label>
<label>Published from <input type="date" name="published_from" value="{esc(f["published_from"])}"></label>
<label>to <input type="date" name="published_to" value="{esc(f["published_to"])}"></label>
<label>Event type <select name="type">{_options([t.value for t in EventType], f["type"], "any")}</select></label>
<label>With events <select name="state">{_options(states, f["state"], "any state")}</select></label>
<button type="submit">Filter</button>
</form>
{table}""",
        csrf=csrf,
        who=who,
    )


def _segments(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """The text cut at every span boundary; each piece carries the kinds and ids of the spans over it."""
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        over = [(kind, ident) for s, e, kind, ident in spans if s <= a and b <= e]
        piece = esc(text[a:b])
        if not over:
            out.append(piece)
            continue
        ids: dict[str, list[str]] = defaultdict(list)
        for kind, ident in over:
            ids[kind].append(ident)
        classes = " ".join(f"hl-{kind}" for kind in sorted(ids))
        data = " ".join(f'data-{kind}="{esc(" ".join(v))}"' for kind, v in sorted(ids.items()))
        out.append(f'<span class="hl {classes}" {data}>{piece}</span>')
    return "".join(out)


def _state(state: str) -> str:
    return f'<span class="state state-{esc(state)}">{esc(state)}</span>'


def _buttons(disabled: str) -> str:
    return (
        '<div class="actions">'
        f'<button type="button" data-action="confirmed" aria-keyshortcuts="c"{disabled}>Confirm <kbd>c</kbd></button>'
        f'<button type="button" data-action="rejected" aria-keyshortcuts="r"{disabled}>Reject <kbd>r</kbd></button>'
        f'<button type="button" data-action="machine"{disabled}>Undo review</button>'
        "</div>"
    )


def _event_card(e: dict[str, Any], disabled: str) -> str:
    parts = ", ".join(f"{esc(p['actor'])} ({esc(p['role'])})" for p in e["participants"]) or "—"
    eid = e["id"]
    return f"""<li class="record" id="event-{eid}" tabindex="-1" data-kind="events" data-id="{eid}" data-state="{esc(e["review_state"])}">
<h3><span class="kind">Event</span> <span class="type">{esc(e["type"].replace("_", " "))}</span> {_state(e["review_state"])}</h3>
<p class="summary">{esc(e["summary"])}</p>
<dl>
<dt>Policy area</dt><dd class="policy">{esc(e["policy_area"].replace("_", " "))}</dd>
<dt>Date</dt><dd>{esc(e["date"])} ({esc(e["date_precision"])})</dd>
<dt>Participants</dt><dd>{parts}</dd>
<dt>Confidence</dt><dd>{e["confidence"]:.2f}</dd>
</dl>
{_buttons(disabled)}
<form class="correct" data-kind="events" data-id="{eid}" aria-label="Correct event {eid}">
<label>Type <select name="type"{disabled}>{_options([t.value for t in EventType], e["type"])}</select></label>
<label>Policy area <select name="policy_area"{disabled}>{_options([p.value for p in PolicyArea], e["policy_area"])}</select></label>
<button type="submit" aria-keyshortcuts="e"{disabled}>Save correction</button>
</form>
</li>"""


def _statement_card(s: dict[str, Any], disabled: str) -> str:
    sid = s["id"]
    return f"""<li class="record" id="statement-{sid}" tabindex="-1" data-kind="statements" data-id="{sid}" data-state="{esc(s["review_state"])}">
<h3><span class="kind">Statement</span> <span class="type">{esc(s["kind"])}</span> {_state(s["review_state"])}</h3>
<blockquote>{esc(s["text"])}</blockquote>
<dl>
<dt>Speaker</dt><dd>{esc(s["speaker"] or "unknown")}</dd>
<dt>Verb</dt><dd>{esc(s["verb"])}</dd>
<dt>Confidence</dt><dd>{s["confidence"]:.2f}</dd>
</dl>
{_buttons(disabled)}
</li>"""


def article(
    art: Any, doc: dict[str, Any], *, who: str, csrf: str, can_write: bool, next_id: int | None
) -> str:
    spans: list[tuple[int, int, str, str]] = []
    for a in doc["actors"]:
        spans += [(m["start"], m["end"], "mention", str(a["id"])) for m in a["mentions"]]
    spans += [(e["evidence"][0], e["evidence"][1], "evidence", str(e["id"])) for e in doc["events"]]
    spans += [(s["span"][0], s["span"][1], "statement", str(s["id"])) for s in doc["statements"]]
    disabled = "" if can_write else " disabled"
    readonly = (
        ""
        if can_write
        else '<p class="readonly" role="note">Your key can read only: the buttons are switched off.</p>'
    )
    events = "".join(_event_card(e, disabled) for e in doc["events"]) or "<li>No events.</li>"
    statements = "".join(_statement_card(s, disabled) for s in doc["statements"]) or "<li>No statements.</li>"
    next_link = (
        f'<a rel="next" href="/review/articles/{next_id}" aria-keyshortcuts="n">Next article <kbd>n</kbd></a>'
        if next_id
        else ""
    )
    title = art.title or f"Article {art.id}"
    meta = " · ".join(
        x for x in (art.outlet, art.published_at.date().isoformat() if art.published_at else None) if x
    )
    return page(
        title,
        f"""<div class="layout">
<section class="reader" aria-labelledby="article-title">
<h1 id="article-title">{esc(title)}</h1>
<p class="meta">{esc(meta)} {next_link}</p>
<p class="legend" aria-label="Colour key"><span class="hl hl-mention">actor mention</span>
<span class="hl hl-evidence">event evidence</span> <span class="hl hl-statement">statement</span></p>
<div id="article-text" class="text">{_segments(art.text, spans)}</div>
</section>
<aside class="panel" aria-label="Events and statements">
{readonly}
<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous record · <kbd>c</kbd> confirm · <kbd>r</kbd> reject ·
<kbd>e</kbd> correct · <kbd>n</kbd> next article</p>
<div id="status" role="status" aria-live="polite"></div>
<h2>Events</h2>
<ol class="records">{events}</ol>
<h2>Statements</h2>
<ol class="records">{statements}</ol>
</aside>
</div>""",
        csrf=csrf,
        who=who,
    )
