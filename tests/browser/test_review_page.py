"""The review page in a real headless Chromium (Debian's package, driven by Playwright): sign in, review
and correct an article, see it in the API and the history, re-annotate and see it kept; an article with
<script> stays inert; a read-only key cannot write; a write without the CSRF token is refused.

Screenshots of the main views go to $MIGEVENTS_ARTIFACTS/review (default var/test-artifacts/review).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.test_annotations_doc import TEXT

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium")
ARTIFACTS = Path(os.environ.get("MIGEVENTS_ARTIFACTS", ROOT / "var" / "test-artifacts")) / "review"
XSS = (
    "Belgium has opened talks with Montenegro <script>window.__xss = 1</script> on a plan to send "
    'rejected asylum seekers abroad. <img src=x onerror="window.__xss = 2"> Rights groups criticised it.'
)

if not CHROMIUM and os.environ.get("MIGEVENTS_REQUIRE_BROWSER"):
    raise RuntimeError("chromium is not installed and MIGEVENTS_REQUIRE_BROWSER is set")
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Root in a container: Chromium's sandbox needs user namespaces it may not get.
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def articles(writer, clean_db) -> tuple[int, int]:
    ids = []
    for i, text in enumerate((TEXT, XSS)):
        body = {"text": text, "format": "text", "outlet": "Example News", "published_at": f"2025-03-1{i + 1}"}
        r = writer.post("/v1/articles", json=body)
        assert r.status_code == 201, r.text
        ids.append(r.json()["article"]["id"])
    return ids[0], ids[1]


def signed_in(browser, server, key: str, width: int = 1366, height: int = 768):  # a laptop screen
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=server.base_url)
    page = context.new_page()
    page.goto("/review")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Review queue')")
    return context, page


def shot(page, name: str, full_page: bool = True) -> None:
    """A screenshot: the whole page, or what the window shows (the side panel scrolls on its own, so a
    record far down it is only seen in the window)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def test_a_reviewer_fixes_an_article_end_to_end(browser, server, writer, write_key, articles):
    aid, xss_id = articles
    context, page = signed_in(browser, server, write_key)
    cookie = next(c for c in context.cookies() if c["name"] == "mev_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert write_key not in cookie["value"] and write_key.split("_", 2)[2] not in cookie["value"]
    assert page.locator("table.queue tbody tr").count() == 2
    shot(page, "queue.png")

    page.get_by_role("link", name=f"Article {aid}").click()
    page.wait_for_selector("#article-text")
    doc = writer.get(f"/v1/articles/{aid}/annotations").json()
    for kind in ("mention", "evidence", "statement"):
        assert page.locator(f"#article-text .hl-{kind}").count() > 0, kind
    shot(page, "article.png")

    # Keyboard alone: next record, confirm. It goes through PATCH /v1/events/{id} and into the history.
    first = doc["events"][0]
    page.keyboard.press("j")
    page.keyboard.press("c")
    page.wait_for_selector(f"#event-{first['id']} .state-confirmed")
    assert writer.get(f"/v1/events/{first['id']}").json()["review_state"] == "confirmed"

    # Correct the second event's type with the form.
    second = doc["events"][1]
    card = page.locator(f"#event-{second['id']}")
    card.locator("summary").click()
    card.get_by_label("Type").select_option("agreement")
    card.get_by_role("button", name="Save correction").click()
    page.wait_for_selector(f"#event-{second['id']} .state-corrected")
    corrected = writer.get(f"/v1/events/{second['id']}").json()
    assert (corrected["type"], corrected["review_state"]) == ("agreement", "corrected")
    shot(page, "article-reviewed.png")

    entries = writer.get(f"/v1/articles/{aid}/history").json()["items"]
    assert [(e["record_id"], e["who"], e["after"]["review_state"]) for e in entries] == [
        (first["id"], "writer", "confirmed"),
        (second["id"], "writer", "corrected"),
    ]
    assert entries[1]["before"]["type"] == second["type"] and entries[1]["after"]["type"] == "agreement"

    # Re-annotation keeps both; the page shows them as they were.
    assert writer.post(f"/v1/articles/{aid}/reannotate").status_code == 200
    page.reload()
    page.wait_for_selector(f"#event-{first['id']} .state-confirmed")
    assert page.locator(f"#event-{second['id']} .type").inner_text() == "agreement"

    # A write riding on the cookie without the page's CSRF token is refused.
    status = page.evaluate(
        """id => fetch('/v1/events/' + id, {method: 'PATCH', headers: {'Content-Type': 'application/json'},
               body: JSON.stringify({review_state: 'rejected'})}).then(r => r.status)""",
        first["id"],
    )
    assert status == 403
    assert writer.get(f"/v1/events/{first['id']}").json()["review_state"] == "confirmed"

    # An article holding markup shows it as text and runs none of it.
    page.goto(f"/review/articles/{xss_id}")
    page.wait_for_selector("#article-text")
    assert "<script>window.__xss = 1</script>" in page.locator("#article-text").inner_text()
    assert page.evaluate("window.__xss") is None
    assert page.locator("#article-text script, #article-text img").count() == 0
    context.close()


def test_a_read_only_key_sees_but_cannot_change(browser, server, writer, read_key, articles):
    aid, _ = articles
    event_id = writer.get(f"/v1/articles/{aid}/annotations").json()["events"][0]["id"]
    context, page = signed_in(browser, server, read_key, width=420, height=900)  # a narrow window
    page.goto(f"/review/articles/{aid}")
    page.wait_for_selector("#article-text")
    assert page.get_by_role("note").inner_text().startswith("Your key can read only")
    assert page.locator(f"#event-{event_id} button[data-action='confirmed']").is_disabled()
    page.keyboard.press("j")
    page.keyboard.press("c")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    status = page.evaluate(
        """([id, token]) => fetch('/v1/events/' + id, {method: 'PATCH', headers: {'Content-Type':
               'application/json', 'X-CSRF-Token': token}, body: JSON.stringify({review_state: 'confirmed'})})
               .then(r => r.status)""",
        [event_id, token],
    )
    assert status == 403
    assert writer.get(f"/v1/events/{event_id}").json()["review_state"] == "machine"
    assert writer.get(f"/v1/articles/{aid}/history").json()["items"] == []
    # Every form is switched off, and the API refuses what the page would send.
    for form in ("#add-event", "#add-statement", "#add-mention", f"#event-{event_id} form.correct"):
        assert page.locator(f"{form} button[type=submit]").is_disabled(), form
    statement_id = writer.get(f"/v1/articles/{aid}/annotations").json()["statements"][0]["id"]
    writes = page.evaluate(
        """async ([aid, sid, token]) => {
             const h = {'Content-Type': 'application/json', 'X-CSRF-Token': token};
             const go = (m, u, b) => fetch(u, {method: m, headers: h, body: JSON.stringify(b)})
                                       .then(r => r.status);
             return [await go('POST', '/v1/events', {article_id: aid, type: 'talks', policy_area: 'other',
                                                     evidence: [0, 7]}),
                     await go('POST', '/v1/mentions', {article_id: aid, span: [0, 7], actor_id: 1}),
                     await go('PATCH', '/v1/statements/' + sid, {speaker_id: null})];
           }""",
        [aid, statement_id, token],
    )
    assert writes == [403, 403, 403]
    assert writer.get(f"/v1/articles/{aid}/history").json()["items"] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 420  # nothing wider than the window
    shot(page, "article-read-only-narrow.png")

    # Signing out ends the session: the page asks for a key again.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_selector("#api_key")
    context.close()


def select_text(page, part: str) -> None:
    """Select ``part`` of the article the way a reader's drag does (a DOM selection over its text)."""
    page.evaluate(
        """part => {
             const root = document.getElementById('article-text');
             const at = root.textContent.indexOf(part);
             const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
             const range = document.createRange();
             let pos = 0, started = false;
             while (walker.nextNode()) {
               const node = walker.currentNode, len = node.data.length;
               if (!started && at < pos + len) { range.setStart(node, at - pos); started = true; }
               if (started && at + part.length <= pos + len) {
                 range.setEnd(node, at + part.length - pos);
                 break;
               }
               pos += len;
             }
             const sel = window.getSelection();
             sel.removeAllRanges();
             sel.addRange(range);
           }""",
        part,
    )
    page.wait_for_function("part => document.getElementById('sel-preview').textContent === part", arg=part)


def saved(page, click, message: str) -> None:
    """Run ``click``, which saves and redraws the page; then wait for the redrawn page's ``message``."""
    with page.expect_navigation(timeout=20000):
        click()
    page.wait_for_function("m => document.getElementById('status').textContent.includes(m)", arg=message)


def test_a_reviewer_corrects_participants_speaker_and_spans_and_adds_missed_records(
    browser, server, writer, write_key, articles
):
    aid, _ = articles
    doc = writer.get(f"/v1/articles/{aid}/annotations").json()
    ids = {a["name"]: a["id"] for a in doc["actors"]}
    talks = next(e for e in doc["events"] if e["type"] == "talks")
    about_belgium = next(s for s in doc["statements"] if s["text"].startswith("Belgium"))
    context, page = signed_in(browser, server, write_key)
    page.goto(f"/review/articles/{aid}")
    page.wait_for_selector("#article-text")

    # Participants and roles, by keyboard: open the form, add one, change a role, save.
    card = page.locator(f"#event-{talks['id']}")
    card.locator("summary").focus()
    page.keyboard.press("Enter")
    card.get_by_role("button", name="Add participant").press("Enter")
    card.locator(".participant").last.get_by_label("Actor").select_option(str(ids["Danilo Saric"]))
    montenegro = card.locator(".participant").filter(
        has=page.locator(f"option[value='{ids['Montenegro']}']:checked")
    )
    montenegro.get_by_label("Role").select_option("recipient")
    card.locator(".participant").last.scroll_into_view_if_needed()
    shot(page, "article-editing.png", full_page=False)
    saved(
        page,
        lambda: card.get_by_role("button", name="Save correction").press("Enter"),
        f"Event {talks['id']} is now corrected.",
    )
    got = writer.get(f"/v1/events/{talks['id']}").json()
    assert sorted((p["actor"]["name"], p["role"]) for p in got["participants"]) == [
        ("Belgium", "actor"), ("Danilo Saric", "actor"), ("Montenegro", "recipient"),
    ]  # fmt: skip

    # A new actor from the selected text, made a participant of the same event.
    select_text(page, "the Belgian migration minister")
    page.get_by_text("Add a missed actor mention").click()
    form = page.locator("#add-mention")
    form.get_by_label("Actor").select_option("new")
    form.get_by_label("Name").fill("Belgian migration ministry")
    form.get_by_label("Kind").select_option("government_body")
    form.get_by_label("Country (ISO3)").fill("BEL")
    form.get_by_label("Also a participant of").select_option(str(talks["id"]))
    saved(
        page,
        lambda: form.get_by_role("button", name="Add mention of the selected text").click(),
        "Belgian migration ministry is now a participant (actor)",
    )
    doc = writer.get(f"/v1/articles/{aid}/annotations").json()
    ministry = next(a for a in doc["actors"] if a["name"] == "Belgian migration ministry")
    assert [m["text"] for m in ministry["mentions"]] == ["the Belgian migration minister"]
    assert ministry["id"] in [
        p["actor"]["id"] for p in writer.get(f"/v1/events/{talks['id']}").json()["participants"]
    ]

    # The statement's speaker: the ministry, not the country.
    card = page.locator(f"#statement-{about_belgium['id']}")
    card.locator("summary").click()
    card.get_by_label("Speaker").select_option(str(ministry["id"]))
    saved(
        page,
        lambda: card.get_by_role("button", name="Save correction").click(),
        f"Statement {about_belgium['id']} is now corrected.",
    )
    assert writer.get(f"/v1/statements/{about_belgium['id']}").json()["speaker"]["id"] == ministry["id"]

    # The evidence span, with the text found from the keyboard (f, type, Enter).
    page.locator("body").press("f")
    page.keyboard.type("Belgium has opened talks with Montenegro")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('sel-start').value === '0'")
    card = page.locator(f"#event-{talks['id']}")
    card.locator("summary").click()
    card.get_by_role("button", name="Use selected text").click()
    saved(
        page,
        lambda: card.get_by_role("button", name="Save correction").click(),
        f"Event {talks['id']} is now corrected.",
    )
    assert (
        writer.get(f"/v1/events/{talks['id']}").json()["evidence"]["text"]
        == "Belgium has opened talks with Montenegro"
    )

    # A missed event from the selected sentence.
    second = "Montenegrin Interior Minister Danilo Saric said the talks were at an early stage."
    select_text(page, second)
    page.get_by_text("Add a missed event").click()
    form = page.locator("#add-event")
    form.get_by_label("Type").select_option("talks")
    form.get_by_label("Policy area").select_option("third_country_transfer")
    form.get_by_label("Participant").select_option(str(ids["Danilo Saric"]))
    saved(
        page,
        lambda: form.get_by_role("button", name="Add event from the selected text").click(),
        "(talks) added.",
    )
    added = [
        e for e in writer.get(f"/v1/articles/{aid}/annotations").json()["events"] if e["id"] > talks["id"]
    ]
    new_event = next(
        e for e in added if e["evidence"] == [TEXT.index(second), TEXT.index(second) + len(second)]
    )
    assert new_event["participants"][0]["actor_id"] == ids["Danilo Saric"]

    # A mention's span from the selection.
    select_text(page, "Interior Minister Danilo Saric")
    actor = page.locator(f"#actor-{ids['Danilo Saric']}")
    actor.locator("summary").click()
    saved(
        page,
        lambda: actor.get_by_role("button", name="to the selected text").first.click(),
        "(Interior Minister Danilo Saric) is now corrected.",
    )
    shot(page, "article-corrected.png")

    entries = writer.get(f"/v1/articles/{aid}/history").json()["items"]
    assert [(e["record_type"], e["action"], e["who"]) for e in entries] == [
        ("event", "corrected", "writer"),
        ("mention", "created", "writer"),
        ("event", "corrected", "writer"),
        ("statement", "corrected", "writer"),
        ("event", "corrected", "writer"),
        ("event", "created", "writer"),
        ("mention", "corrected", "writer"),
    ]
    assert entries[3]["before"]["speaker"]["name"] == "Belgium"
    assert entries[3]["after"]["speaker"]["name"] == "Belgian migration ministry"

    # Re-annotation keeps all of it, on the page too.
    before = writer.get(f"/v1/articles/{aid}/annotations").json()
    assert writer.post(f"/v1/articles/{aid}/reannotate").status_code == 200
    after = writer.get(f"/v1/articles/{aid}/annotations").json()
    # (A kept statement about a machine event that was made anew points at the new one, same type.)
    type_of = {e["id"]: e["type"] for e in before["events"] + after["events"]}
    for kind in ("events", "statements"):
        kept = {r["id"]: r for r in after[kind]}
        for r in before[kind]:
            if r["review_state"] != "machine":
                k = kept[r["id"]]
                if kind == "statements":
                    assert type_of.get(k.pop("event_id")) == type_of.get(r.pop("event_id")), r
                    k.pop("event"), r.pop("event")
                assert k == r, r
    page.reload()
    page.wait_for_selector(f"#event-{new_event['id']}")
    shown = page.locator(f"#event-{talks['id']} .participants-shown").inner_text()
    assert "Belgian migration ministry (actor)" in shown and "Montenegro (recipient)" in shown
    assert (
        page.locator(f"#statement-{about_belgium['id']} .speaker").inner_text()
        == "Belgian migration ministry"
    )

    # The same page on a narrow window: one column, nothing wider than the window.
    narrow = context.new_page()
    narrow.set_viewport_size({"width": 420, "height": 900})
    narrow.goto(f"/review/articles/{aid}")
    narrow.locator(f"#event-{talks['id']} summary").click()
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 420
    shot(narrow, "article-editing-narrow.png")
    context.close()
