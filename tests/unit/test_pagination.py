"""app/core/pagination.py: the cursor codec and the keyset condition."""

from datetime import date

import pytest
from sqlalchemy import column

from app.core.errors import ProblemError
from app.core.pagination import CURSOR_VERSION, decode_cursor, encode_cursor, keyset_after


def test_round_trip():
    token = encode_cursor("-date", [date(2025, 5, 5), 42])
    assert "=" not in token and "/" not in token and "+" not in token  # URL-safe, unpadded
    assert decode_cursor(token, "-date", (date, int)) == [date(2025, 5, 5), 42]
    assert decode_cursor(encode_cursor("id", [7]), "id", (int,)) == [7]


def _problem(token: str, sort: str = "id", types: tuple = (int,)) -> ProblemError:
    with pytest.raises(ProblemError) as info:
        decode_cursor(token, sort, types)
    problem = info.value
    assert problem.status == 422 and problem.slug == "validation-error"
    assert problem.errors and problem.errors[0].name == "cursor"
    return problem


def _raw(payload: str) -> str:
    import base64

    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "token",
    [
        "not a cursor",
        "",
        _raw("[1, 2]"),
        _raw('{"v": 99, "s": "id", "k": [1]}'),  # another version
        _raw(f'{{"v": {CURSOR_VERSION}, "s": "id", "k": [1, 2]}}'),  # wrong shape
        _raw(f'{{"v": {CURSOR_VERSION}, "s": "id", "k": ["1"]}}'),  # wrong type
        _raw(f'{{"v": {CURSOR_VERSION}, "s": "id", "k": [true]}}'),
        _raw(f'{{"v": {CURSOR_VERSION}, "s": "id", "k": [-1]}}'),
        _raw(f'{{"v": {CURSOR_VERSION}, "s": "id", "k": [4294967296]}}'),  # past any id
    ],
)
def test_forged_or_stale_cursors_are_a_422_on_cursor(token):
    assert "not a cursor this server issued" in _problem(token).detail


def test_a_cursor_of_another_sort_order_says_so():
    assert "different sort order" in _problem(encode_cursor("date", [date(2025, 1, 1), 1])).detail


def test_a_bad_date_key():
    _problem(_raw(f'{{"v": {CURSOR_VERSION}, "s": "date", "k": ["May 5", 1]}}'), "date", (date, int))


def test_keyset_after_spells_out_the_row_comparison():
    a, b = column("a"), column("b")
    ascending = str(
        keyset_after([a, b], [1, 2], descending=False).compile(compile_kwargs={"literal_binds": True})
    )
    # the first column's bound stated alone too: an OR of comparisons gives SQLite no index range
    assert ascending == "a >= 1 AND (a > 1 OR a = 1 AND b > 2)"
    descending = str(keyset_after([a], [5], descending=True).compile(compile_kwargs={"literal_binds": True}))
    assert descending == "a < 5"
