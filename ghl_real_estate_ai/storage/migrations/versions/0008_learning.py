"""Learning layer, per location: outcome models, listings with embeddings, play feedback, lead outcomes.

Revision ID: 0008_learning
Revises: 0007_feedback
Create Date: 2026-12-03 13:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_learning"
down_revision = "0007_feedback"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lead_models",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("location_id", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("positive_level", sa.String(length=200), nullable=False),
        sa.Column("cv_metrics", sa.JSON(), nullable=False),
        sa.Column("folds", sa.Integer(), nullable=False),
        sa.Column("data_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("library_versions", sa.JSON(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("artifact", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_lead_models_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_models")),
        sa.UniqueConstraint("location_id", "version", name=op.f("uq_lead_models_location_id")),
    )
    with op.batch_alter_table("lead_models", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_models_location_id"), ["location_id"], unique=False)
    op.create_table(
        "listings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("location_id", sa.String(length=40), nullable=False),
        sa.Column("listing_id", sa.String(length=128), nullable=False),
        sa.Column("listing", sa.JSON(), nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_listings_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listings")),
        sa.UniqueConstraint("location_id", "listing_id", name=op.f("uq_listings_location_id")),
    )
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listings_location_id"), ["location_id"], unique=False)
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
    op.create_table(
        "lead_outcomes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("location_id", sa.String(length=40), nullable=False),
        sa.Column("contact_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_lead_outcomes_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_lead_outcomes_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_outcomes")),
    )
    with op.batch_alter_table("lead_outcomes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lead_outcomes_contact", ["location_id", "contact_id", "occurred_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("lead_outcomes", schema=None) as batch_op:
        batch_op.drop_index("ix_lead_outcomes_contact")
    op.drop_table("lead_outcomes")
    with op.batch_alter_table("play_feedback_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_play_feedback_counts_location_id"))
    op.drop_table("play_feedback_counts")
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listings_location_id"))
    op.drop_table("listings")
    with op.batch_alter_table("lead_models", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_models_location_id"))
    op.drop_table("lead_models")
