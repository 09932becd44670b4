"""A person confirms or rejects single machine records; reads and filters show the verdict."""

import pytest

from tests.conftest import make_key
from tests.support import data


@pytest.fixture
def seeded(clean_db):
    return data.seed()


@pytest.mark.parametrize("kind", ["events", "statements"])
def test_confirm_reject_and_undo(writer, client, seeded, kind):
    record = seeded.events[0] if kind == "events" else seeded.statements[0]
    url = f"/v1/{kind}/{record.id}"

    r = writer.patch(url, json={"review_state": "confirmed"})
    assert r.status_code == 200, r.text
    assert r.json()["review_state"] == "confirmed"
    assert client.get(url).json()["review_state"] == "confirmed"

    assert writer.patch(url, json={"review_state": "rejected"}).json()["review_state"] == "rejected"
    if kind == "events":
        rejected = client.get("/v1/events", params={"review_state": "rejected"}).json()["items"]
        assert [e["id"] for e in rejected] == [record.id]
    assert writer.patch(url, json={"review_state": "machine"}).json()["review_state"] == "machine"


@pytest.mark.parametrize("kind", ["events", "statements"])
def test_review_refusals_change_nothing(writer, client, server, seeded, kind):
    record = seeded.events[0] if kind == "events" else seeded.statements[0]
    url = f"/v1/{kind}/{record.id}"
    before = client.get(url).json()["review_state"]

    corrected = writer.patch(url, json={"review_state": "corrected"})
    assert corrected.status_code == 422 and "PUT" in corrected.json()["detail"]
    assert writer.patch(url, json={"review_state": "maybe"}).status_code == 422
    assert writer.patch(url, json={"review_state": "confirmed", "id": 5}).status_code == 422
    assert writer.patch(url, content=b"review_state=confirmed").status_code == 415
    assert writer.patch(f"/v1/{kind}/999999", json={"review_state": "confirmed"}).status_code == 404
    assert client.patch(url, json={"review_state": "confirmed"}).status_code == 401
    reader = {"X-API-Key": make_key("read", "reviewer")}
    assert client.patch(url, json={"review_state": "confirmed"}, headers=reader).status_code == 403
    for r in (corrected,):
        assert r.headers["content-type"] == "application/problem+json"
    assert client.get(url).json()["review_state"] == before
