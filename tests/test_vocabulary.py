"""The contract's enums (app/annotator/vocabulary.py) are the annotation guideline's values, in its order.

The values are read from the guideline's own tables (../shared/ANNOTATION.md from
the repository root), so a value added, dropped or renamed on either side fails here.
"""

import re
from enum import Enum, StrEnum
from pathlib import Path

import pytest

from app.annotator import vocabulary

GUIDE = Path(__file__).resolve().parents[1].parent / "shared" / "ANNOTATION.md"
CODE = re.compile(r"`([a-z_]+)`")


def tables(text: str) -> dict[str, list[list[str]]]:
    """Every Markdown table row under each `## section`, as lists of cells (header and rule rows left out)."""
    out: dict[str, list[list[str]]] = {}
    section = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.startswith("|") and not re.fullmatch(r"\|[-| :]+\|?", line.strip()):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            out.setdefault(section, []).append(cells)
    return out


def row(rows: list[list[str]], key: str) -> str:
    """The meaning cell of the field row whose first cell is exactly ``key``."""
    found = [r[1] for r in rows if r[0] == key]
    assert len(found) == 1, f"the guideline has {len(found)} rows for {key}"
    return found[0]


def codes(cell: str, *, keep_parentheses: bool = False) -> tuple[str, ...]:
    """The `code` values a cell lists; explanations in parentheses, and a lead-in before ':', left out."""
    if not keep_parentheses:
        cell = re.sub(r"\([^)]*\)", "", cell)
        cell = cell.rsplit(":", 1)[-1]
    return tuple(CODE.findall(cell))


@pytest.fixture(scope="module")
def guide() -> dict[str, list[list[str]]]:
    if not GUIDE.exists():
        pytest.skip(f"{GUIDE} is not present")
    return tables(GUIDE.read_text(encoding="utf-8"))


def test_tables_parse(guide):
    assert {"Actors", "Events", "Statements"} <= set(guide)


def guideline_values(guide: dict[str, list[list[str]]], enum: type) -> tuple[str, ...]:
    events = guide["Events"]
    if enum is vocabulary.ActorKind:
        return codes(row(guide["Actors"], "`kind`"))
    if enum is vocabulary.EventType:
        # The event-type table: one row per type, the type in the first cell.
        header = next(i for i, r in enumerate(events) if r[:2] == ["`type`", "definition"])
        rows = events[header + 1 :]
        end = next((i for i, r in enumerate(rows) if r[0] == "field"), len(rows))
        return tuple(CODE.fullmatch(r[0]).group(1) for r in rows[:end])
    if enum is vocabulary.PolicyArea:
        return codes(row(events, "`policy_area`"))
    if enum is vocabulary.Role:
        return codes(row(events, "`participants`"))
    if enum is vocabulary.DatePrecision:
        # "(`day`, `month`, `year`); otherwise ... with precision `publication`"
        return codes(row(events, "`date`, `date_precision`"), keep_parentheses=True)
    if enum is vocabulary.StatementKind:
        return codes(row(guide["Statements"], "`kind`"))
    raise AssertionError(enum)


ENUMS = [
    vocabulary.ActorKind,
    vocabulary.EventType,
    vocabulary.PolicyArea,
    vocabulary.Role,
    vocabulary.DatePrecision,
    vocabulary.StatementKind,
]


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_enum_is_the_guidelines_table(guide, enum):
    expected = guideline_values(guide, enum)
    assert len(expected) >= 2, f"nothing parsed for {enum.__name__}"
    assert tuple(member.value for member in enum) == expected


def test_every_contract_enum_is_checked():
    defined = {v for v in vars(vocabulary).values() if isinstance(v, type) and issubclass(v, Enum)}
    assert defined - {StrEnum} == set(ENUMS)
