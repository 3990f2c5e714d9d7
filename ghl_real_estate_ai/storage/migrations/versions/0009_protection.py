"""Prospect data protection: the hash-chained audit trail.

Revision ID: 0009_protection
Revises: 0008_learning
Create Date: 2026-12-03 13:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_protection"
down_revision = "0008_learning"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("location_id", sa.String(length=64), nullable=True),
        sa.Column("actor", sa.String(length=160), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
        sa.UniqueConstraint("row_hash", name=op.f("uq_audit_chain_row_hash")),
    )
    op.create_index(op.f("ix_audit_chain_location_id"), "audit_chain", ["location_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_chain_location_id"), table_name="audit_chain")
    op.drop_table("audit_chain")
