"""label operations: an id per change made by a window, and a one-round-trip label write

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

A window journals each label change under an id before it shows it, and replays the
journal until the server confirms. ``label_history.op_id`` (unique) makes that replay
idempotent: a change whose id is already in the history is not applied twice.

On PostgreSQL, ``annotator_set_label()`` does the whole label change (checks, lock, upsert
or delete, history row) inside the server, so a window far from its server pays one round
trip per keypress instead of one per statement.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The same rules as annotator.storage.queries.labels.set_label, in PL/pgSQL. Errors carry
# SQLSTATE P0002 (no such statement) or 22023 (not a label of the scheme) so Python can
# turn them into the same AnnotatorErrors.
SET_LABEL = """
CREATE FUNCTION annotator_set_label(p_statement integer, p_annotator integer,
                                    p_label varchar, p_spent integer, p_op varchar)
RETURNS TABLE (old_label varchar, new_label varchar, changed_at timestamptz, applied boolean)
AS $$
DECLARE
  v_old varchar;
  v_new varchar;
  v_found boolean;
  v_now timestamptz;
BEGIN
  IF p_op IS NOT NULL THEN
    SELECT h.old_label, h.new_label, h.changed_at INTO v_old, v_new, v_now
      FROM label_history h WHERE h.op_id = p_op;
    IF FOUND THEN
      RETURN QUERY SELECT v_old, v_new, v_now, false;
      RETURN;
    END IF;
  END IF;
  IF p_label IS NOT NULL AND NOT EXISTS (SELECT 1 FROM label_types t WHERE t.key = p_label) THEN
    RAISE EXCEPTION '% is not a label of this project''s scheme.', quote_literal(p_label)
      USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = p_statement) THEN
    RAISE EXCEPTION 'There is no statement %.', p_statement USING ERRCODE = 'P0002';
  END IF;
  LOOP
    SELECT l.label INTO v_old FROM labels l
      WHERE l.statement_id = p_statement AND l.annotator_id = p_annotator FOR UPDATE;
    v_found := FOUND;
    EXIT WHEN v_found OR p_label IS NULL;
    v_now := clock_timestamp();
    INSERT INTO labels (statement_id, annotator_id, label, created_at, updated_at, time_spent_ms)
      VALUES (p_statement, p_annotator, p_label, v_now, v_now, p_spent)
      ON CONFLICT (statement_id, annotator_id) DO NOTHING;
    IF FOUND THEN
      v_old := NULL;
      EXIT;
    END IF;
    -- the same annotator on another machine inserted it first: lock theirs and update it
  END LOOP;
  IF v_found AND p_label IS NULL THEN
    DELETE FROM labels l WHERE l.statement_id = p_statement AND l.annotator_id = p_annotator;
  ELSIF v_found THEN
    UPDATE labels l SET label = p_label, updated_at = clock_timestamp(),
                        time_spent_ms = l.time_spent_ms + p_spent
      WHERE l.statement_id = p_statement AND l.annotator_id = p_annotator;
  END IF;
  v_now := clock_timestamp();
  IF v_old IS DISTINCT FROM p_label THEN
    INSERT INTO label_history (statement_id, annotator_id, old_label, new_label, changed_at, op_id)
      VALUES (p_statement, p_annotator, v_old, p_label, clock_timestamp(), p_op)
      RETURNING label_history.changed_at INTO v_now;
  END IF;
  RETURN QUERY SELECT v_old, p_label, v_now, true;
END; $$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.add_column("label_history", sa.Column("op_id", sa.String(36), nullable=True))
    op.create_index("ix_label_history_op_id", "label_history", ["op_id"], unique=True)
    if op.get_context().dialect.name == "postgresql":
        op.execute(SET_LABEL)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP FUNCTION annotator_set_label(integer, integer, varchar, integer, varchar)")
    op.drop_index("ix_label_history_op_id", "label_history")
    # Not a batch (table copy) on SQLite: that would drop the append-only triggers.
    op.execute("ALTER TABLE label_history DROP COLUMN op_id")
