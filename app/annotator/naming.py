"""Canonical names for government bodies that every outlet spells its own way.

'El Salvador's Foreign Ministry', 'the Salvadoran foreign ministry' and 'the
Ministry of Foreign Affairs' of a story about El Salvador are one body; the
record names it once, the same way in every article, so a reader (and the
grouping of reports across articles) sees one actor. The surface forms stay in
the aliases.
"""

from __future__ import annotations

import re

from . import countries as C

# (pattern over the folded name, canonical head)
_MINISTRIES = (
    (
        re.compile(r"\b(foreign (affairs )?ministry|ministry of foreign affairs|foreign ministry)\b"),
        "Ministry of Foreign Affairs",
    ),
    (
        re.compile(
            r"\b(interior ministry|ministry of (the )?interior|home ministry|ministry of home affairs)\b"
        ),
        "Ministry of Interior",
    ),
)


def canonical_body_name(name: str, country: str | None) -> str:
    """'Salvadoran Foreign Ministry' (SLV) -> 'Ministry of Foreign Affairs of El Salvador'."""
    low = name.lower()
    for pattern, head in _MINISTRIES:
        if pattern.search(low):
            return f"{head} of {C.short_name(country)}" if country else head
    return name
