"""statement clusters: links between statements that report the same utterance, the
clusters they form, the edits people made to them, and labels given to a whole cluster

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _set_label_function(*, clears_propagation: bool) -> str:
    """0008's annotator_set_label(), replaced: a label typed here is this annotator's own,
    no longer one propagated from a variant."""
    text = importlib.import_module(
        "annotator.storage.migrations.versions.0008_label_operations").SET_LABEL
    text = text.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    if clears_propagation:
        text = text.replace("time_spent_ms = l.time_spent_ms + p_spent\n",
                            "time_spent_ms = l.time_spent_ms + p_spent, propagated_from = NULL\n")
        assert "propagated_from = NULL" in text
    return text


def upgrade() -> None:
    # Not a batch (table copy) on SQLite: a plain ADD COLUMN keeps the table as it is.
    op.add_column("labels", sa.Column("propagated_from", sa.Integer(), nullable=True))
    if op.get_context().dialect.name == "postgresql":
        op.execute(_set_label_function(clears_propagation=True))
    op.create_table(
        "statement_links",
        sa.Column("statement_a", sa.Integer(), nullable=False),
        sa.Column("statement_b", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["statement_a"], ["statements.id"], ondelete="CASCADE",
                                name="fk_statement_links_statement_a_statements"),
        sa.ForeignKeyConstraint(["statement_b"], ["statements.id"], ondelete="CASCADE",
                                name="fk_statement_links_statement_b_statements"),
        sa.PrimaryKeyConstraint("statement_a", "statement_b", name="pk_statement_links"),
    )
    op.create_index("ix_statement_links_statement_b", "statement_links", ["statement_b"])
    op.create_table(
        "link_words",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("word_ids", sa.LargeBinary(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=False),
        sa.Column("speaker_is_person", sa.Boolean(), nullable=False),
        sa.Column("affiliation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE",
                                name="fk_link_words_statement_id_statements"),
        sa.PrimaryKeyConstraint("statement_id", name="pk_link_words"),
    )
    op.create_table(
        "link_vocab",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_link_vocab"),
        sa.UniqueConstraint("word", name="uq_link_vocab_word"),
    )
    op.create_table(
        "cluster_members",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE",
                                name="fk_cluster_members_statement_id_statements"),
        sa.PrimaryKeyConstraint("statement_id", name="pk_cluster_members"),
    )
    op.create_index("ix_cluster_members_cluster_id", "cluster_members", ["cluster_id"])
    op.create_table(
        "cluster_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_a", sa.Integer(), nullable=False),
        sa.Column("statement_b", sa.Integer(), nullable=False),
        sa.Column("apart", sa.Boolean(), nullable=False),
        sa.Column("annotator_id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["annotator_id"], ["annotators.id"],
                                name="fk_cluster_edits_annotator_id_annotators"),
        sa.PrimaryKeyConstraint("id", name="pk_cluster_edits"),
    )
    op.create_index("ix_cluster_edits_pair", "cluster_edits", ["statement_a", "statement_b"])


def downgrade() -> None:
    op.drop_index("ix_cluster_edits_pair", table_name="cluster_edits")
    op.drop_table("cluster_edits")
    op.drop_index("ix_cluster_members_cluster_id", table_name="cluster_members")
    op.drop_table("cluster_members")
    op.drop_table("link_vocab")
    op.drop_table("link_words")
    op.drop_index("ix_statement_links_statement_b", table_name="statement_links")
    op.drop_table("statement_links")
    if op.get_context().dialect.name == "postgresql":
        op.execute(_set_label_function(clears_propagation=False))
    op.execute("ALTER TABLE labels DROP COLUMN propagated_from")
