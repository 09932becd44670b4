"""HTML for the review page. Every piece of stored text goes through ``esc``: an article that contains
``<script>`` shows it as text, and the page's policy allows no inline script anyway."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any
from urllib.parse import urlencode

from app.annotator.vocabulary import ActorKind, EventType, PolicyArea, Role, StatementKind
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


def queue(
    rows: list[Any], filters: dict[str, str | None], *, who: str, csrf: str, next_cursor: str | None,
    message: str | None = None,
) -> str:  # fmt: skip
    f = {k: v or "" for k, v in filters.items()}
    items = []
    for r in rows:
        lowest = f"{r.lowest:.2f}" if r.lowest is not None else "reviewed"
        published = r.published_at.date().isoformat() if r.published_at else "—"
        items.append(
            f'<tr><td><a href="/review/articles/{r.id}">{esc(r.title or f"Article {r.id}")}</a></td>'
            f"<td>{esc(r.outlet or '—')}</td><td>{published}</td><td>{lowest}</td>"
            f'<td>{r.unreviewed} of {r.records} <span class="muted">({r.events} events, '
            f"{r.statements} statements)</span></td></tr>"
        )
    table = (
        '<table class="queue"><caption>Articles, least confident first (events and statements)</caption>'
        '<thead><tr><th scope="col">Article</th><th scope="col">Outlet</th><th scope="col">Published</th>'
        '<th scope="col">Lowest confidence</th><th scope="col">Records to review</th></tr></thead>'
        f"<tbody>{''.join(items)}</tbody></table>"
        if items
        else '<p class="empty">Nothing to review with these filters.</p>'
    )
    more = ""
    if next_cursor:
        query = urlencode({**{k: v for k, v in f.items() if v}, "cursor": next_cursor})
        more = f'<nav class="pager" aria-label="Queue pages"><a rel="next" href="/review?{esc(query)}">Next page</a></nav>'
    note = f'<p class="error" role="alert">{esc(message)}</p>' if message else ""
    states = [s.value for s in ReviewState]
    return page(
        "Queue",
        f"""<h1>Review queue</h1>
{note}
<form class="filters" method="get" action="/review" aria-label="Filters">
<label>Outlet <input aria-label="Outlet" name="outlet" value="{esc(f["outlet"])}"></label>
<label>Published from <input aria-label="Published from" type="date" name="published_from" value="{esc(f["published_from"])}"></label>
<label>to <input aria-label="Published to" type="date" name="published_to" value="{esc(f["published_to"])}"></label>
<label>Event type <select aria-label="Event type" name="type">{_options([t.value for t in EventType], f["type"], "any")}</select></label>
<label>With records <select aria-label="With records" name="state">{_options(states, f["state"], "any state")}</select></label>
{f'<input type="hidden" name="size" value="{esc(f["size"])}">' if f.get("size") else ""}
<button type="submit">Filter</button>
</form>
{table}
{more}""",
        csrf=csrf,
        who=who,
    )


def _segments(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """The text cut at every span boundary; each piece carries the kinds and ids of the spans over it."""
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        over = [(kind, ident) for s, e, kind, ident in spans if s <= a and b <= e]
        piece = esc(text[a:b]).replace("\r", "&#13;")
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


def _span_field(name: str, legend: str, span: list[int], text: str, disabled: str) -> str:
    """Start and end offsets of a span, with a button that takes the selected text's."""
    return f"""<fieldset class="span-field" data-span="{name}"{disabled}><legend>{esc(legend)}</legend>
<label>Start <input aria-label="{esc(legend)}: start" type="number" inputmode="numeric" min="0" name="{name}_start" value="{span[0]}"></label>
<label>End <input aria-label="{esc(legend)}: end" type="number" inputmode="numeric" min="1" name="{name}_end" value="{span[1]}"></label>
<button type="button" data-use-selection>Use selected text</button>
<q class="span-text">{esc(text[span[0] : span[1]])}</q>
</fieldset>"""


def _actor_options(actors: list[dict[str, Any]], selected: int | None, blank: str | None = None) -> str:
    out = [f'<option value="">{esc(blank)}</option>'] if blank is not None else []
    for a in actors:
        sel = " selected" if a["id"] == selected else ""
        out.append(
            f'<option value="{a["id"]}"{sel}>{esc(a["name"])} ({esc(a["kind"].replace("_", " "))})</option>'
        )
    return "".join(out)


def _participant_row(actors: list[dict[str, Any]], actor_id: int | None, role: str) -> str:
    roles = _options([r.value for r in Role], role)
    name = next((a["name"] for a in actors if a["id"] == actor_id), "this participant")
    return (
        '<li class="participant"><label>Actor <select aria-label="Actor" name="participant_actor">'
        f"{_actor_options(actors, actor_id)}</select></label>"
        f'<label>Role <select aria-label="Role" name="participant_role">{roles}</select></label>'
        f'<button type="button" data-remove-participant aria-label="Remove {esc(name)}">Remove</button></li>'
    )


def _event_card(e: dict[str, Any], actors: list[dict[str, Any]], text: str, disabled: str) -> str:
    parts = ", ".join(f"{esc(p['actor'])} ({esc(p['role'])})" for p in e["participants"]) or "—"
    eid = e["id"]
    rows = "".join(_participant_row(actors, p["actor_id"], p["role"]) for p in e["participants"])
    initial = " ".join(
        f"{p['actor_id']}:{p['role']}"
        for p in sorted(e["participants"], key=lambda p: (p["actor_id"], p["role"]))
    )
    return f"""<li class="record" id="event-{eid}" tabindex="-1" data-kind="events" data-id="{eid}" data-state="{esc(e["review_state"])}" aria-labelledby="event-{eid}-title">
<h3 id="event-{eid}-title"><span class="kind">Event {eid}</span> <span class="type">{esc(e["type"].replace("_", " "))}</span> {_state(e["review_state"])}</h3>
<p class="summary">{esc(e["summary"])}</p>
<dl>
<dt>Policy area</dt><dd class="policy">{esc(e["policy_area"].replace("_", " "))}</dd>
<dt>Date</dt><dd>{esc(e["date"])} ({esc(e["date_precision"])})</dd>
<dt>Participants</dt><dd class="participants-shown">{parts}</dd>
<dt>Confidence</dt><dd>{e["confidence"]:.2f}</dd>
</dl>
{_buttons(disabled)}
<details class="edit"><summary>Correct event {eid}</summary>
<form class="correct" data-kind="events" data-id="{eid}" aria-label="Correct event {eid}"
 data-type="{esc(e["type"])}" data-policy_area="{esc(e["policy_area"])}" data-participants="{esc(initial)}"
 data-evidence="{e["evidence"][0]} {e["evidence"][1]}">
<fieldset class="plain"{disabled}>
<label>Type <select aria-label="Type" name="type">{_options([t.value for t in EventType], e["type"])}</select></label>
<label>Policy area <select aria-label="Policy area" name="policy_area">{_options([p.value for p in PolicyArea], e["policy_area"])}</select></label>
</fieldset>
<fieldset class="participants"{disabled}><legend>Participants and roles</legend>
<ul class="participant-rows">{rows}</ul>
<button type="button" data-add-participant>Add participant</button>
</fieldset>
{_span_field("evidence", "Evidence sentence", e["evidence"], text, disabled)}
<button type="submit" aria-keyshortcuts="e"{disabled}>Save correction</button>
</form></details>
</li>"""


def _statement_card(
    s: dict[str, Any], actors: list[dict[str, Any]], events: list[dict[str, Any]], text: str, disabled: str
) -> str:
    sid = s["id"]
    speakers = actors
    if s["speaker_id"] is not None and all(a["id"] != s["speaker_id"] for a in actors):
        speakers = [*actors, {"id": s["speaker_id"], "name": s["speaker"], "kind": "speaker"}]
    event_opts = "".join(
        f'<option value="{e["id"]}"{" selected" if e["id"] == s["event_id"] else ""}>'
        f"Event {e['id']}: {esc(e['type'].replace('_', ' '))}</option>"
        for e in events
    )
    return f"""<li class="record" id="statement-{sid}" tabindex="-1" data-kind="statements" data-id="{sid}" data-state="{esc(s["review_state"])}" aria-labelledby="statement-{sid}-title">
<h3 id="statement-{sid}-title"><span class="kind">Statement {sid}</span> <span class="type">{esc(s["kind"])}</span> {_state(s["review_state"])}</h3>
<blockquote>{esc(s["text"])}</blockquote>
<dl>
<dt>Speaker</dt><dd class="speaker">{esc(s["speaker"] or "unknown")}</dd>
<dt>Verb</dt><dd class="verb">{esc(s["verb"])}</dd>
<dt>Event</dt><dd>{f"Event {s['event_id']}" if s["event_id"] else "—"}</dd>
<dt>Confidence</dt><dd>{s["confidence"]:.2f}</dd>
</dl>
{_buttons(disabled)}
<details class="edit"><summary>Correct statement {sid}</summary>
<form class="correct" data-kind="statements" data-id="{sid}" aria-label="Correct statement {sid}"
 data-speaker_id="{s["speaker_id"] or ""}" data-kind_="{esc(s["kind"])}" data-verb="{esc(s["verb"])}"
 data-event_id="{s["event_id"] or ""}" data-span="{s["span"][0]} {s["span"][1]}">
<fieldset class="plain"{disabled}>
<label>Speaker <select aria-label="Speaker" name="speaker_id">{_actor_options(speakers, s["speaker_id"], "no speaker")}</select></label>
<label>Kind <select aria-label="Kind" name="kind">{_options([k.value for k in StatementKind], s["kind"])}</select></label>
<label>Verb <input aria-label="Verb" name="verb" value="{esc(s["verb"])}" maxlength="60" required></label>
<label>About <select aria-label="About" name="event_id"><option value="">no event</option>{event_opts}</select></label>
</fieldset>
{_span_field("span", "Statement span", s["span"], text, disabled)}
<button type="submit" aria-keyshortcuts="e"{disabled}>Save correction</button>
</form></details>
</li>"""


def _actor_entry(a: dict[str, Any], disabled: str) -> str:
    rows = []
    for m in a["mentions"]:
        state = m["review_state"]
        verdict = ("machine", "Restore") if state == "rejected" else ("rejected", "Reject")
        rows.append(
            f'<li class="mention" id="mention-{m["id"]}" data-id="{m["id"]}" data-state="{esc(state)}">'
            f'<span class="quote">“{esc(m["text"])}”</span> <span class="muted">{m["start"]}–{m["end"]}</span> '
            f"{_state(state)} "
            f'<button type="button" data-mention-span aria-label="Set mention {m["id"]} to the selected text"{disabled}>'
            "Set to selected text</button> "
            f'<button type="button" data-mention-verdict="{verdict[0]}" aria-label="{verdict[1]} mention {m["id"]}"{disabled}>'
            f"{verdict[1]}</button></li>"
        )
    where = " · ".join(x for x in (a["kind"].replace("_", " "), a["country"]) if x)
    return (
        f'<li class="actor" id="actor-{a["id"]}"><details><summary><strong>{esc(a["name"])}</strong> '
        f'<span class="muted">{esc(where)} · {len(a["mentions"])} mention(s)</span></summary>'
        f'<ul class="mentions">{"".join(rows)}</ul></details></li>'
    )


def _selection_tool(actors: list[dict[str, Any]], events: list[dict[str, Any]], disabled: str) -> str:
    event_opts = "".join(
        f'<option value="{e["id"]}">Event {e["id"]}: {esc(e["type"].replace("_", " "))}</option>'
        for e in events
    )
    roles = _options([r.value for r in Role], "actor")
    return f"""<section class="selection" aria-labelledby="selection-title">
<h2 id="selection-title">Selected text</h2>
<p class="hint">Select words in the article with the mouse, or find them here (<kbd>f</kbd>); then add a missed
record, or press “Use selected text” in a correction.</p>
<form id="find" class="find" role="search" aria-label="Find in the article">
<label>Find in the article <input aria-label="Find in the article" name="q" id="find-text" autocomplete="off"></label>
<button type="submit">Find next</button>
</form>
<div class="span-field" id="selection" role="group" aria-label="Selected span">
<label>Start <input aria-label="Selection start" type="number" inputmode="numeric" min="0" id="sel-start"></label>
<label>End <input aria-label="Selection end" type="number" inputmode="numeric" min="1" id="sel-end"></label>
</div>
<p class="preview">Selected: <q id="sel-preview">nothing yet</q></p>
<details class="add"><summary>Add a missed event</summary>
<form id="add-event" aria-label="Add a missed event"><fieldset class="plain"{disabled}>
<label>Type <select aria-label="Type" name="type">{_options([t.value for t in EventType], "talks")}</select></label>
<label>Policy area <select aria-label="Policy area" name="policy_area">{_options([p.value for p in PolicyArea], "other")}</select></label>
<label>Summary <input aria-label="Summary" name="summary" maxlength="1000" placeholder="the selected sentence when left empty"></label>
<label>Participant <select aria-label="Participant" name="participant_actor">{_actor_options(actors, None, "none")}</select></label>
<label>Role <select aria-label="Role" name="participant_role">{roles}</select></label>
<button type="submit">Add event from the selected text</button>
</fieldset></form></details>
<details class="add"><summary>Add a missed statement</summary>
<form id="add-statement" aria-label="Add a missed statement"><fieldset class="plain"{disabled}>
<label>Speaker <select aria-label="Speaker" name="speaker_id">{_actor_options(actors, None, "no speaker")}</select></label>
<label>Kind <select aria-label="Kind" name="kind">{_options([k.value for k in StatementKind], "quote")}</select></label>
<label>Verb <input aria-label="Verb" name="verb" value="say" maxlength="60" required></label>
<label>About <select aria-label="About" name="event_id"><option value="">no event</option>{event_opts}</select></label>
<button type="submit">Add statement from the selected text</button>
</fieldset></form></details>
<details class="add"><summary>Add a missed actor mention</summary>
<form id="add-mention" aria-label="Add a missed actor mention"><fieldset class="plain"{disabled}>
<label>Actor <select aria-label="Actor" name="actor_id">{_actor_options(actors, None)}<option value="new">a new actor…</option></select></label>
<fieldset class="new-actor"><legend>New actor (when “a new actor” is chosen)</legend>
<label>Name <input aria-label="Name" name="name" maxlength="300" placeholder="the selected text when left empty"></label>
<label>Kind <select aria-label="Kind" name="actor_kind">{_options([k.value for k in ActorKind], "group")}</select></label>
<label>Country (ISO3) <input aria-label="Country (ISO3)" name="country" maxlength="3" pattern="[A-Z]{{3}}" autocapitalize="characters"></label>
</fieldset>
<label>Also a participant of <select aria-label="Also a participant of" name="event_id"><option value="">no event</option>{event_opts}</select></label>
<label>as <select aria-label="Role in that event" name="role">{roles}</select></label>
<button type="submit">Add mention of the selected text</button>
</fieldset></form></details>
</section>"""


def article(
    art: Any, doc: dict[str, Any], *, who: str, csrf: str, can_write: bool, next_id: int | None
) -> str:
    spans: list[tuple[int, int, str, str]] = []
    for a in doc["actors"]:
        spans += [
            (m["start"], m["end"], "mention", str(a["id"]))
            for m in a["mentions"]
            if m["review_state"] != "rejected"
        ]
    spans += [(e["evidence"][0], e["evidence"][1], "evidence", str(e["id"])) for e in doc["events"]]
    spans += [(s["span"][0], s["span"][1], "statement", str(s["id"])) for s in doc["statements"]]
    disabled = "" if can_write else " disabled"
    readonly = (
        ""
        if can_write
        else '<p class="readonly" role="note">Your key can read only: the buttons are switched off.</p>'
    )
    actors = sorted(doc["actors"], key=lambda a: a["name"].casefold())
    events = (
        "".join(_event_card(e, actors, art.text, disabled) for e in doc["events"]) or "<li>No events.</li>"
    )
    statements = (
        "".join(_statement_card(s, actors, doc["events"], art.text, disabled) for s in doc["statements"])
        or "<li>No statements.</li>"
    )
    actor_list = "".join(_actor_entry(a, disabled) for a in actors) or "<li>No actors.</li>"
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
        f"""<div class="layout" data-article="{art.id}">
<section class="reader" aria-labelledby="article-title">
<h1 id="article-title">{esc(title)}</h1>
<p class="meta">{esc(meta)} {next_link}</p>
<p class="legend" aria-label="Colour key"><span class="hl hl-mention">actor mention</span>
<span class="hl hl-evidence">event evidence</span> <span class="hl hl-statement">statement</span>
<span class="hl hl-evidence hl-statement">evidence and statement</span></p>
<div id="article-text" class="text" aria-label="Article text">{_segments(art.text, spans)}</div>
</section>
<aside class="panel" aria-label="Events, statements and actors">
{readonly}
<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous record · <kbd>c</kbd> confirm · <kbd>r</kbd> reject ·
<kbd>e</kbd> correct · <kbd>f</kbd> find text · <kbd>n</kbd> next article</p>
<div id="status" role="status" aria-live="polite"></div>
{_selection_tool(actors, doc["events"], disabled)}
<h2>Events</h2>
<ol class="records">{events}</ol>
<h2>Statements</h2>
<ol class="records">{statements}</ol>
<h2>Actors</h2>
<ul class="actors">{actor_list}</ul>
</aside>
</div>""",
        csrf=csrf,
        who=who,
    )
