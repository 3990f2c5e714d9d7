"""Qualification flows: per-location config, flows, answers and the asked-question log.

Revision ID: 0002_qualification
Revises: 0002_actions
Create Date: 2026-11-25 14:49:30.731096
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_qualification"
down_revision = "0002_actions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qualification_configs",
        sa.Column("location_id", sa.String(length=40), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_qualification_configs_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("location_id", name=op.f("pk_qualification_configs")),
    )
    op.create_table(
        "qualification_flows",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("location_id", sa.String(length=40), nullable=False),
        sa.Column("contact_id", sa.String(length=40), nullable=False),
        sa.Column("conversation_id", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("intent", sa.String(length=32), nullable=True),
        sa.Column("completeness", sa.Float(), nullable=False),
        sa.Column("replies", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("qualified_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_qualification_flows_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_qualification_flows_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_qualification_flows_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qualification_flows")),
    )
    with op.batch_alter_table("qualification_flows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qualification_flows_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_qualification_flows_location_id"), ["location_id"], unique=False)
        batch_op.create_index("ix_qualification_flows_location_stage", ["location_id", "stage"], unique=False)

    op.create_table(
        "qualification_answers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("location_id", sa.String(length=40), nullable=False),
        sa.Column("flow_id", sa.String(length=40), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("source_message", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["flow_id"],
            ["qualification_flows.id"],
            name=op.f("fk_qualification_answers_flow_id_qualification_flows"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_qualification_answers_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qualification_answers")),
        sa.UniqueConstraint("flow_id", "question", name=op.f("uq_qualification_answers_flow_id")),
    )
    with op.batch_alter_table("qualification_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_qualification_answers_location_id"), ["location_id"], unique=False
        )

    op.create_table(
        "qualification_questions_asked",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("location_id", sa.String(length=40), nullable=False),
        sa.Column("flow_id", sa.String(length=40), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["flow_id"],
            ["qualification_flows.id"],
            name=op.f("fk_qualification_questions_asked_flow_id_qualification_flows"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_qualification_questions_asked_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qualification_questions_asked")),
    )
    with op.batch_alter_table("qualification_questions_asked", schema=None) as batch_op:
        batch_op.create_index("ix_qualification_questions_asked_flow", ["flow_id", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_qualification_questions_asked_location_id"), ["location_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("qualification_questions_asked", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qualification_questions_asked_location_id"))
        batch_op.drop_index("ix_qualification_questions_asked_flow")

    op.drop_table("qualification_questions_asked")
    with op.batch_alter_table("qualification_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qualification_answers_location_id"))

    op.drop_table("qualification_answers")
    with op.batch_alter_table("qualification_flows", schema=None) as batch_op:
        batch_op.drop_index("ix_qualification_flows_location_stage")
        batch_op.drop_index(batch_op.f("ix_qualification_flows_location_id"))
        batch_op.drop_index(batch_op.f("ix_qualification_flows_contact_id"))

    op.drop_table("qualification_flows")
    op.drop_table("qualification_configs")
