"""gold labels: a lead's adjudicated label per statement

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21

Kept apart from annotators' labels: one gold label per statement, with the lead who set it,
an optional rationale and when.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gold_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("annotator_id", sa.Integer(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["annotator_id"], ["annotators.id"],
                                name=op.f("fk_gold_labels_annotator_id_annotators")),
        sa.ForeignKeyConstraint(["label"], ["label_types.key"],
                                name=op.f("fk_gold_labels_label_label_types")),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"],
                                name=op.f("fk_gold_labels_statement_id_statements"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gold_labels")),
        sa.UniqueConstraint("statement_id", name=op.f("uq_gold_labels_statement_id")),
    )


def downgrade() -> None:
    op.drop_table("gold_labels")
