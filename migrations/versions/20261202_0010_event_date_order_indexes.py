"""event: (type | policy_area | review_state, date, id) indexes: a filtered date-sorted page is an index range

Without them `?type=removal&sort=-date` made SQLite read and sort every removal (56 ms of CPU at 100k
events) instead of walking 51 index entries (0.3 ms); the varied benchmark (bench/varied.py) draws such
pages one time in five. Plain CREATE INDEX: no table rebuild, so the triggers of 0004, 0008 and 0009 stay.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("type", "policy_area", "review_state")


def upgrade() -> None:
    for column in COLUMNS:
        op.create_index(f"ix_event_{column}_date_id", "event", [column, "date", "id"])


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_index(f"ix_event_{column}_date_id", table_name="event")
