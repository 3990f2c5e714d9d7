"""Conversation state: the engine's reading of a conversation so far, kept with the conversation (issue 12).

Revision ID: 0012_conversation_state
Revises: 0012_play_order (re-chained at the merge of main; first written after 0011_observability)
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_conversation_state"
down_revision = "0012_play_order"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Encrypted in the application (EncryptedJSON): the column holds one encrypted JSON string.
    op.add_column("conversations", sa.Column("reading_state", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("conversations", "reading_state")
