"""app/annotator/dates.py: date expressions resolved against the publication date."""

import datetime as dt

import pytest

from tests.unit.pure import load

dates = load("dates")
PUB = dt.date(2025, 5, 7)  # a Wednesday


@pytest.mark.parametrize(
    ("expr", "published", "expected"),
    [
        ("on May 5, 2025", PUB, ("2025-05-05", "day")),
        ("on March 3", PUB, ("2025-03-03", "day")),
        ("on December 3", PUB, ("2024-12-03", "day")),  # a later month is last year's
        ("on 12 April 2024", PUB, ("2024-04-12", "day")),
        ("on Sept. 9, 2023", PUB, ("2023-09-09", "day")),
        ("on Monday", PUB, ("2025-05-05", "day")),
        ("on Wednesday", PUB, ("2025-05-07", "day")),
        ("yesterday", PUB, ("2025-05-06", "day")),
        ("this morning", PUB, ("2025-05-07", "day")),
        ("in January 2024", PUB, ("2024-01", "month")),
        ("in February", PUB, ("2025-02", "month")),
        ("last month", dt.date(2025, 1, 15), ("2024-12", "month")),
        ("earlier this week", PUB, ("2025-05", "month")),
        ("last year", PUB, ("2024", "year")),
        ("this year", PUB, ("2025", "year")),
        ("in 2019", PUB, ("2019", "year")),
    ],
)
def test_resolve(expr, published, expected):
    assert dates.resolve(expr, published) == expected


@pytest.mark.parametrize(
    ("expr", "published"),
    [
        ("in 2031", PUB),  # after publication: not a date the event happened on
        ("on Monday", None),  # relative, with nothing to resolve it against
        ("yesterday", None),
        ("on March 3", None),
        ("soon", PUB),
        ("", PUB),
    ],
)
def test_no_usable_date(expr, published):
    assert dates.resolve(expr, published) is None


def test_month_back_crosses_the_year():
    assert dates._month_back(dt.date(2025, 2, 1), 3) == (2024, 11)
