"""statement kinds: what kind of attribution a candidate is, and how confident detection was

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("kind", sa.String(20), nullable=True))
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))
    # Detection before this revision knew only speech cues; statements made by hand have none.
    op.execute("UPDATE statements SET kind = 'speech' WHERE origin <> 'manual'")


def downgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("confidence")
        batch.drop_column("kind")
