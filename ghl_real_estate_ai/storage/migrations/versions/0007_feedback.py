"""The agent's feedback on coaching items (used, edited, dismissed; rating).

Revision ID: 0007_feedback
Revises: 0005_ghl
Create Date: 2026-12-03 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_feedback"
down_revision = "0005_ghl"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coaching_feedback",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("location_id", sa.String(length=40), nullable=False),
        sa.Column("agent_id", sa.String(length=128), nullable=False),
        sa.Column("lead_id", sa.String(length=128), nullable=True),
        sa.Column("conversation_id", sa.String(length=128), nullable=True),
        sa.Column("analysis_id", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("item", sa.String(length=16), nullable=False),
        sa.Column("item_index", sa.Integer(), nullable=False),
        sa.Column("item_text", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("edited_text", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("objection_type", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_coaching_feedback_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_feedback")),
        sa.UniqueConstraint(
            "location_id",
            "agent_id",
            "analysis_id",
            "revision",
            "item",
            "item_index",
            name="uq_coaching_feedback_item",
        ),
    )
    with op.batch_alter_table("coaching_feedback", schema=None) as batch_op:
        batch_op.create_index("ix_coaching_feedback_lead", ["location_id", "lead_id"], unique=False)
        batch_op.create_index("ix_coaching_feedback_created", ["location_id", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("coaching_feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_coaching_feedback_created")
        batch_op.drop_index("ix_coaching_feedback_lead")
    op.drop_table("coaching_feedback")
