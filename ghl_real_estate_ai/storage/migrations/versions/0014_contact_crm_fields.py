"""Issue 14: a GHL contact's CRM fields (source, place, company, custom fields), kept from its contact
events so that the location's trained lead model can score it when its messages arrive. One encrypted
JSON document per contact state row, erased with it.

Revision ID: 0014_contact_crm_fields
Revises: 0013_listing_ids
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_contact_crm_fields"
down_revision = "0013_listing_ids"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ghl_contact_state", sa.Column("crm_fields", sa.JSON(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), never a batch rebuild.
    op.drop_column("ghl_contact_state", "crm_fields")
