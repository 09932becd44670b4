"""The API's enums (app/core/vocabulary.py) are the annotator's vocabulary, value for value and in order."""

from pathlib import Path

import pytest

from app import annotator as annotation
from app.core import vocabulary

GUIDE = Path(__file__).resolve().parents[2] / "shared" / "ANNOTATION.md"
ENUMS = [
    (vocabulary.ActorKind, annotation.ACTOR_KINDS),
    (vocabulary.EventType, annotation.EVENT_TYPES),
    (vocabulary.PolicyArea, annotation.POLICY_AREAS),
    (vocabulary.Role, annotation.ROLES),
    (vocabulary.DatePrecision, annotation.DATE_PRECISIONS),
    (vocabulary.StatementKind, annotation.STATEMENT_KINDS),
]


@pytest.mark.parametrize(
    ("enum", "annotator_values"),
    ENUMS,
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_enum_equals_the_annotator_tuple(enum, annotator_values):
    assert tuple(member.value for member in enum) == tuple(annotator_values)


def test_the_annotation_guideline_lists_the_same_values():
    # shared/ANNOTATION.md is the contract both sides implement; every value must appear in it.
    if not GUIDE.exists():
        pytest.skip("shared/ANNOTATION.md is not present")
    text = GUIDE.read_text(encoding="utf-8")
    for enum, _ in ENUMS:
        for member in enum:
            assert f"`{member.value}`" in text, f"{enum.__name__}.{member.value} is not in ANNOTATION.md"
