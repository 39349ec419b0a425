"""suggestion models: trained models in the database, rule suggestions kept apart

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

JsonType = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "suggestion_models",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("algorithm", sa.String(100), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("metrics", JsonType, nullable=False),
        sa.Column("params", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_suggestion_models")),
    )
    op.create_table(
        "project_settings",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", JsonType, nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_project_settings")),
    )
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("suggestion_model", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("rule_label", sa.String(40), nullable=True))
        batch.add_column(sa.Column("rule_score", sa.Float(), nullable=True))
    # Every suggestion so far came from the rules.
    op.execute("UPDATE statements SET rule_label = suggested_label, rule_score = suggested_score")


def downgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("rule_score")
        batch.drop_column("rule_label")
        batch.drop_column("suggestion_model")
    op.drop_table("project_settings")
    op.drop_table("suggestion_models")
