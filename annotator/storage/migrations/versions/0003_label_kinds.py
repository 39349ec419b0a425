"""label kinds: "not a statement" as a rejection label

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

An annotator who presses S marks a candidate as not a statement. That is stored like a
label (one per statement per annotator, with history) but is no class of the scheme:
label_types.kind is "label" for the scheme and "reject" for this one.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("label_types") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=10), nullable=False,
                                   server_default="label"))
    label_types = sa.table(
        "label_types", sa.column("key", sa.String), sa.column("name", sa.String),
        sa.column("colour", sa.String), sa.column("shortcut", sa.String),
        sa.column("position", sa.Integer), sa.column("description", sa.Text),
        sa.column("kind", sa.String),
    )
    op.bulk_insert(label_types, [
        {"key": "not_statement", "name": "Not a statement", "colour": "#999999", "shortcut": "S",
         "position": 99, "description": "The candidate reports nobody's words.", "kind": "reject"},
    ])


def downgrade() -> None:
    op.execute("DELETE FROM labels WHERE label = 'not_statement'")
    op.execute("DELETE FROM label_types WHERE key = 'not_statement'")
    with op.batch_alter_table("label_types") as batch:
        batch.drop_column("kind")
