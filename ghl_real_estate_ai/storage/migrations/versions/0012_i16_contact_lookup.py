"""Issue 16, the rest: contact names encrypted (text, so the `e1:` envelope fits), keyed hashes of email
and phone for equality look-ups, and each location's retention.

Names stored before this migration stay readable as they are (values without the `e1:` prefix are read
as plaintext) and are encrypted by the next `enterprisehub keys rotate`.

Revision ID: 0012_i16_contact_lookup
Revises: 0011_observability
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_i16_contact_lookup"
down_revision = "0011_observability"
branch_labels = None
depends_on = None


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    # SQLite does not enforce VARCHAR lengths, so its column stays as it is: rebuilding `contacts` there
    # would drop the table under foreign keys that cascade.
    if not _is_sqlite():
        op.alter_column("contacts", "name", type_=sa.Text(), existing_type=sa.String(length=200))
    op.add_column("contacts", sa.Column("email_hash", sa.String(length=64), nullable=True))
    op.add_column("contacts", sa.Column("phone_hash", sa.String(length=64), nullable=True))
    op.create_index("ix_contacts_location_email_hash", "contacts", ["location_id", "email_hash"])
    op.create_index("ix_contacts_location_phone_hash", "contacts", ["location_id", "phone_hash"])
    op.add_column("locations", sa.Column("retention_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_index("ix_contacts_location_phone_hash", table_name="contacts")
    op.drop_index("ix_contacts_location_email_hash", table_name="contacts")
    # Plain DROP COLUMN (SQLite 3.35+), never a batch rebuild of `contacts`.
    op.drop_column("locations", "retention_days")
    op.drop_column("contacts", "phone_hash")
    op.drop_column("contacts", "email_hash")
    if not _is_sqlite():
        # Encrypted names are longer than 200 characters: they go back to plaintext only by hand.
        op.alter_column("contacts", "name", type_=sa.String(length=200), existing_type=sa.Text())
