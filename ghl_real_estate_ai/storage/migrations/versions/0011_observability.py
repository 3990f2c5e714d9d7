"""Observability: one row per answer (performance samples), recorded evaluation runs, per-location alert
thresholds.

Revision ID: 0011_observability
Revises: 0009_protection (chained at merge; originally 0005_ghl)
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_observability"
down_revision = "0009_protection"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "performance_samples",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("location_id", sa.String(length=64), nullable=False),
        sa.Column("feature", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("processing_time_ms", sa.Float(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("analysis_id", sa.String(length=64), nullable=True),
        sa.Column("agent_id", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_performance_samples")),
    )
    op.create_index(
        "ix_performance_samples_location_time", "performance_samples", ["location_id", "recorded_at"]
    )
    op.create_table(
        "evaluation_runs",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("dataset", sa.String(length=200), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("intent_accuracy", sa.Float(), nullable=True),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_runs")),
    )
    op.create_index(op.f("ix_evaluation_runs_recorded_at"), "evaluation_runs", ["recorded_at"])
    op.create_table(
        "alert_thresholds",
        sa.Column("location_id", sa.String(length=40), nullable=False),
        sa.Column("response_time_ms", sa.Float(), nullable=True),
        sa.Column("success_rate_pct", sa.Float(), nullable=True),
        sa.Column("accuracy_pct", sa.Float(), nullable=True),
        sa.Column("error_rate_pct", sa.Float(), nullable=True),
        sa.Column("queue_depth", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_alert_thresholds_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("location_id", name=op.f("pk_alert_thresholds")),
    )


def downgrade() -> None:
    op.drop_table("alert_thresholds")
    op.drop_index(op.f("ix_evaluation_runs_recorded_at"), table_name="evaluation_runs")
    op.drop_table("evaluation_runs")
    op.drop_index("ix_performance_samples_location_time", table_name="performance_samples")
    op.drop_table("performance_samples")
