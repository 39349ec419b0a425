"""statements made by hand are private to their author until a lead shares them:
statements.private_to

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table copy on SQLite); statements made by hand before this
    # stay visible to everyone, as they were.
    op.add_column("statements", sa.Column("private_to", sa.Integer(), nullable=True))
    op.create_index("ix_statements_private_to", "statements", ["private_to"])


def downgrade() -> None:
    op.drop_index("ix_statements_private_to", table_name="statements")
    op.execute("ALTER TABLE statements DROP COLUMN private_to")
