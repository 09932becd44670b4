"""shared rate limit: one row per client and minute, counted by every server process

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_window",
        sa.Column("client", sa.String(length=80), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("client", "window", name=op.f("pk_rate_limit_window")),
    )


def downgrade() -> None:
    op.drop_table("rate_limit_window")
