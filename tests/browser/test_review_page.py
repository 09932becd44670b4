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


def signed_in(browser, server, key: str, width: int = 1366, height: int = 860):
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=server.base_url)
    page = context.new_page()
    page.goto("/review")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1:has-text('Review queue')")
    return context, page


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_a_reviewer_fixes_an_article_end_to_end(browser, server, writer, write_key, articles):
    aid, xss_id = articles
    context, page = signed_in(browser, server, write_key)
    cookie = next(c for c in context.cookies() if c["name"] == "mev_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert write_key not in cookie["value"] and write_key.split("_")[2] not in cookie["value"]
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
    shot(page, "article-read-only-narrow.png")

    # Signing out ends the session: the page asks for a key again.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_selector("#api_key")
    context.close()
