"""The Claude audit table: one row per call to the Messages API.

Revision ID: 0004_claude
Revises: 0002_qualification
Create Date: 2026-11-25 14:59:58.223324
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_claude"
down_revision = "0002_qualification"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "claude_audit",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("location_id", sa.String(length=64), nullable=True),
        sa.Column("agent_id", sa.String(length=128), nullable=True),
        sa.Column("interaction_type", sa.String(length=32), nullable=False),
        sa.Column("model", sa.String(length=64), nullable=False),
        sa.Column("output_mode", sa.String(length=8), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processing_time_ms", sa.Float(), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("response_hash", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("pii_scrubbed", sa.Boolean(), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=True),
        sa.Column("output_tokens", sa.Integer(), nullable=True),
        sa.Column("cache_creation_input_tokens", sa.Integer(), nullable=True),
        sa.Column("cache_read_input_tokens", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claude_audit")),
    )
    with op.batch_alter_table("claude_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claude_audit_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_claude_audit_location_id"), ["location_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("claude_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claude_audit_location_id"))
        batch_op.drop_index(batch_op.f("ix_claude_audit_created_at"))

    op.drop_table("claude_audit")
