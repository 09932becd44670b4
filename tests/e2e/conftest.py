"""Every end-to-end test that writes through the server also checks the events' read model afterwards: each
stored document equals a fresh render (tests/support/readmodel.py), whatever kinds of writes the test made."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _read_model_stays_true(request):
    yield
    if "server" in request.fixturenames:
        from tests.support.readmodel import assert_read_model_true

        assert_read_model_true()
