"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-21

Articles, entities, statements, annotators, label types (seeded with the default scheme),
labels and the label history.
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('annotators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('is_lead', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotators')),
    sa.UniqueConstraint('name', name=op.f('uq_annotators_name'))
    )
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=40), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('meta', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('pipeline', sa.String(length=200), nullable=True),
    sa.Column('pipeline_version', sa.String(length=40), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_articles_content_hash'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_source'), ['source'], unique=False)

    op.create_table('label_types',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('shortcut', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_label_types')),
    sa.UniqueConstraint('shortcut', name=op.f('uq_label_types_shortcut'))
    )
    op.create_table('entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_entities_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entities'))
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index('ix_entities_article_start', ['article_id', 'start'], unique=False)

    op.create_table('label_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('old_label', sa.String(length=40), nullable=True),
    sa.Column('new_label', sa.String(length=40), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['annotator_id'], ['annotators.id'], name=op.f('fk_label_history_annotator_id_annotators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_label_history'))
    )
    with op.batch_alter_table('label_history', schema=None) as batch_op:
        batch_op.create_index('ix_label_history_statement', ['statement_id', 'changed_at'], unique=False)

    op.create_table('statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('speaker_start', sa.Integer(), nullable=True),
    sa.Column('speaker_end', sa.Integer(), nullable=True),
    sa.Column('speaker_entity_id', sa.Integer(), nullable=True),
    sa.Column('cue_start', sa.Integer(), nullable=True),
    sa.Column('cue_end', sa.Integer(), nullable=True),
    sa.Column('suggested_label', sa.String(length=40), nullable=True),
    sa.Column('suggested_score', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_statements_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_entity_id'], ['entities.id'], name=op.f('fk_statements_speaker_entity_id_entities'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statements')),
    sa.UniqueConstraint('article_id', 'start', 'end', name=op.f('uq_statements_article_id_start_end'))
    )
    op.create_table('labels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('time_spent_ms', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['annotator_id'], ['annotators.id'], name=op.f('fk_labels_annotator_id_annotators')),
    sa.ForeignKeyConstraint(['label'], ['label_types.key'], name=op.f('fk_labels_label_label_types')),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_labels_statement_id_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labels')),
    sa.UniqueConstraint('statement_id', 'annotator_id', name=op.f('uq_labels_statement_id_annotator_id'))
    )
    with op.batch_alter_table('labels', schema=None) as batch_op:
        batch_op.create_index('ix_labels_annotator_updated', ['annotator_id', 'updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_labels_label'), ['label'], unique=False)

    # The default scheme, frozen here as it was at this revision.
    label_types = sa.table(
        "label_types", sa.column("key", sa.String), sa.column("name", sa.String),
        sa.column("colour", sa.String), sa.column("shortcut", sa.String),
        sa.column("position", sa.Integer), sa.column("description", sa.Text),
    )
    op.bulk_insert(label_types, [
        {"key": "warning", "name": "Warning", "colour": "#D55E00", "shortcut": "1", "position": 1,
         "description": "Signals that harm or a response will follow if something happens."},
        {"key": "claim", "name": "Claim", "colour": "#0072B2", "shortcut": "2", "position": 2,
         "description": "Asserts something contestable as true: accusations, interpretations."},
        {"key": "denial", "name": "Denial", "colour": "#CC79A7", "shortcut": "3", "position": 3,
         "description": "Rejects or disputes an accusation, report or claim."},
        {"key": "report", "name": "Report", "colour": "#009E73", "shortcut": "4", "position": 4,
         "description": "Neutrally relays an event or what a source said."},
    ])


def downgrade() -> None:
    with op.batch_alter_table('labels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_labels_label'))
        batch_op.drop_index('ix_labels_annotator_updated')

    op.drop_table('labels')
    op.drop_table('statements')
    with op.batch_alter_table('label_history', schema=None) as batch_op:
        batch_op.drop_index('ix_label_history_statement')

    op.drop_table('label_history')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index('ix_entities_article_start')

    op.drop_table('entities')
    op.drop_table('label_types')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_source'))

    op.drop_table('articles')
    op.drop_table('annotators')
