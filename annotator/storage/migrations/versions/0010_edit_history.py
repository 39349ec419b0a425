"""every change audited: edit_history holds what is not a label (statements made, deleted
and restored, bounds, speakers, notes, gold decisions), append-only like label_history

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_MESSAGE = "edit_history is append-only"
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "edit_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("annotator_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("before", _JSON, nullable=True),
        sa.Column("after", _JSON, nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["annotator_id"], ["annotators.id"],
                                name="fk_edit_history_annotator_id_annotators"),
        sa.PrimaryKeyConstraint("id", name="pk_edit_history"),
    )
    op.create_index("ix_edit_history_statement", "edit_history", ["statement_id", "changed_at"])
    op.create_index("ix_edit_history_annotator", "edit_history", ["annotator_id", "changed_at"])
    op.create_index("ix_edit_history_action", "edit_history", ["action"])
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION edit_history_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{_MESSAGE}'; END; $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER edit_history_append_only BEFORE UPDATE OR DELETE ON edit_history
            FOR EACH ROW EXECUTE FUNCTION edit_history_append_only()
        """)
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER edit_history_no_{action.lower()} BEFORE {action} ON edit_history
            BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END
        """)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER edit_history_append_only ON edit_history")
        op.execute("DROP FUNCTION edit_history_append_only()")
    op.drop_table("edit_history")  # its SQLite triggers go with it
