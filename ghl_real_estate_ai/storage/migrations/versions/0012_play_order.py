"""Play order reads the dashboard's feedback (coaching_feedback): the separate counts table goes.

Revision ID: 0012_play_order
Revises: 0012_i16_contact_lookup (chained after main's; originally 0011_observability)
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_play_order"
down_revision = "0012_i16_contact_lookup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("play_feedback_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_play_feedback_counts_location_id"))
    op.drop_table("play_feedback_counts")


def downgrade() -> None:
    op.create_table(
        "play_feedback_counts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("location_id", sa.String(length=40), nullable=False),
        sa.Column("context", sa.String(length=64), nullable=False),
        sa.Column("play_id", sa.String(length=32), nullable=False),
        sa.Column("shown", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_play_feedback_counts_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_play_feedback_counts")),
        sa.UniqueConstraint(
            "location_id", "context", "play_id", name=op.f("uq_play_feedback_counts_location_id")
        ),
    )
    with op.batch_alter_table("play_feedback_counts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_play_feedback_counts_location_id"), ["location_id"], unique=False
        )
