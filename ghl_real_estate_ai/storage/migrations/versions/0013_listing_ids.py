"""Listing row ids are never reused on SQLite, so the match index's version sees every import.

Without AUTOINCREMENT, SQLite hands a deleted top rowid out again: re-importing a location's whole file
(same listing ids, new prices) deleted and re-inserted rows 1..N, the (count, highest id) version stayed
the same, and a running server kept matching against the old prices. PostgreSQL sequences never reuse.

Revision ID: 0013_listing_ids
Revises: 0012_conversation_state
"""

from alembic import op

revision = "0013_listing_ids"
down_revision = "0012_conversation_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _recreate_listings(sqlite_autoincrement=True)


def downgrade() -> None:
    _recreate_listings(sqlite_autoincrement=False)


def _recreate_listings(*, sqlite_autoincrement: bool) -> None:
    """SQLite keeps AUTOINCREMENT in the table's definition: the table is rebuilt with or without it."""
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "listings", recreate="always", table_kwargs={"sqlite_autoincrement": sqlite_autoincrement}
    ) as batch_op:
        batch_op.alter_column("id", autoincrement=True)
