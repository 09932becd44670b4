"""The service answers over real HTTP: health, an empty list, a problem for an unknown id."""


def test_health_and_empty_list(client, clean_db):
    assert client.get("/health/live").json() == {"status": "ok"}
    assert client.get("/health/ready").status_code == 200
    r = client.get("/v1/events")
    assert r.status_code == 200
    assert r.json() == {"items": [], "limit": 50, "next_cursor": None, "next": None}


def test_unknown_event_is_404_problem(client):
    r = client.get("/v1/events/999999")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 404
