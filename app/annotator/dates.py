"""Resolve date expressions against the publication date.

Returns (date string, precision) with precision day|month|year, or None when
the text gives no usable date (the caller then uses the publication date).
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {
    d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}
_MON = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)


def _month_back(d: dt.date, n: int) -> tuple[int, int]:
    y, m = d.year, d.month - n
    while m < 1:
        m += 12
        y -= 1
    return y, m


def resolve(expr: str, published: dt.date | None) -> tuple[str, str] | None:
    """The date an expression names, or None when it names none that exists.

    Every result is a real calendar date, month or year: "February 30" or a
    weekday before 1 January of year 1 name nothing, and give None rather than
    an invalid string or an OverflowError.
    """
    try:
        found = _resolve(expr, published)
    except (OverflowError, ValueError):
        return None  # arithmetic past date.min/max: the text names no usable date
    return found if found is not None and _exists(*found) else None


def _exists(value: str, precision: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _resolve(expr: str, published: dt.date | None) -> tuple[str, str] | None:
    s = expr.lower().strip()
    pub = published
    m = re.search(r"\b" + _MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b", s) or None
    if m:
        mon, day = MONTHS[m.group(1)[:4] if m.group(1)[:4] == "sept" else m.group(1)[:3]], int(m.group(2))
        year = int(m.group(3)) if m.group(3) else _infer_year(mon, pub)
        if year and 1 <= day <= 31:
            return f"{year:04d}-{mon:02d}-{day:02d}", "day"
    m = re.search(r"\b(\d{1,2})\s+" + _MON + r"(?:\s+(\d{4}))?\b", s)
    if m:
        mon, day = MONTHS[m.group(2)[:3]], int(m.group(1))
        year = int(m.group(3)) if m.group(3) else _infer_year(mon, pub)
        if year:
            return f"{year:04d}-{mon:02d}-{day:02d}", "day"
    for wd, idx in WEEKDAYS.items():
        if re.search(r"\b" + wd + r"\b", s) and pub:
            back = (pub.weekday() - idx) % 7
            return (pub - dt.timedelta(days=back)).isoformat(), "day"
    if pub:
        if re.search(r"\byesterday\b", s):
            return (pub - dt.timedelta(days=1)).isoformat(), "day"
        if re.search(r"\btoday\b|\bthis morning\b|\btonight\b", s):
            return pub.isoformat(), "day"
    m = re.search(r"\b" + _MON + r"(?:\s+(\d{4})|\s+(last|this) year)?\b", s)
    if m and not re.search(r"\bmay\b", s) or (m and m.group(2)):
        mon = MONTHS[m.group(1)[:3]]
        if m.group(2):
            return f"{int(m.group(2)):04d}-{mon:02d}", "month"
        if pub:
            year = pub.year - 1 if m.group(3) == "last" else _infer_year(mon, pub)
            return f"{year:04d}-{mon:02d}", "month"
    if pub:
        if re.search(r"\blast month\b|\ba month ago\b", s):
            y, mo = _month_back(pub, 1)
            return f"{y:04d}-{mo:02d}", "month"
        if re.search(r"\bthis month\b|\bthis week\b|\blast week\b|\bin the week\b|\bearlier this week\b", s):
            return f"{pub.year:04d}-{pub.month:02d}", "month"
        if re.search(r"\blast year\b|\ba year ago\b", s):
            return f"{pub.year - 1:04d}", "year"
        if re.search(r"\bthis year\b", s):
            return f"{pub.year:04d}", "year"
    m = re.search(r"\b(19[5-9]\d|20\d\d)\b", s)
    if m:
        year = int(m.group(1))
        if pub is None or year <= pub.year:
            return f"{year:04d}", "year"
    return None


def _infer_year(month: int, pub: dt.date | None) -> int | None:
    if pub is None:
        return None
    return pub.year if month <= pub.month else pub.year - 1
