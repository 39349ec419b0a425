"""label history is append-only

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

Triggers reject UPDATE and DELETE on label_history, so undo and audits can trust it.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_MESSAGE = "label_history is append-only"


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION label_history_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{_MESSAGE}'; END; $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER label_history_append_only BEFORE UPDATE OR DELETE ON label_history
            FOR EACH ROW EXECUTE FUNCTION label_history_append_only()
        """)
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER label_history_no_{action.lower()} BEFORE {action} ON label_history
            BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END
        """)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER label_history_append_only ON label_history")
        op.execute("DROP FUNCTION label_history_append_only()")
        return
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER label_history_no_{action}")
