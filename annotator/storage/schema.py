"""The ORM tables. ORM objects never leave annotator.storage: queries return core types."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from annotator.core.fields import FIELD_LIMITS  # what readers cut to: one place for both

# Stable constraint names, so Alembic migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["source"]), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["published"]))
    language: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["language"]))
    meta: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    pipeline: Mapped[str | None] = mapped_column(String(200))
    pipeline_version: Mapped[str | None] = mapped_column(String(40))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EntityRow(Base):
    __tablename__ = "entities"
    __table_args__ = (Index("ix_entities_article_start", "article_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(20), default="model")


class StatementRow(Base):
    __tablename__ = "statements"
    __table_args__ = (UniqueConstraint("article_id", "start", "end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(20), default="model")
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    speaker_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"))
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    suggested_label: Mapped[str | None] = mapped_column(String(40))
    suggested_score: Mapped[float | None] = mapped_column(Float)
    # Which suggestion model made suggested_label (its version); None: the rules.
    suggestion_model: Mapped[int | None] = mapped_column(Integer)
    # What the rules suggested at import: kept as the fallback and as a model feature.
    rule_label: Mapped[str | None] = mapped_column(String(40))
    rule_score: Mapped[float | None] = mapped_column(Float)
    # Kind of attribution (speech, evidence, stance, intention, belief, demand) and how sure
    # detection was that it is one; None for statements made by hand.
    kind: Mapped[str | None] = mapped_column(String(20))
    confidence: Mapped[float | None] = mapped_column(Float)
    # Made by hand and seen only by this annotator (and leads) until a lead shares it;
    # None: everyone's. Not a foreign key: a plain column added without a table copy.
    private_to: Mapped[int | None] = mapped_column(Integer, index=True)


class SuggestionModelRow(Base):
    """A trained suggestion model, versioned, so every machine of a team uses the same one.
    ``params`` is the model as compressed JSON (never a pickle: the database is shared)."""

    __tablename__ = "suggestion_models"

    version: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    algorithm: Mapped[str] = mapped_column(String(100))
    examples: Mapped[int] = mapped_column(Integer)
    metrics: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    params: Mapped[bytes] = mapped_column(LargeBinary)


class ProjectSettingRow(Base):
    """Project-wide settings every machine shares (e.g. whether suggestions use the model)."""

    __tablename__ = "project_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JsonType, nullable=True)


class AnnotatorRow(Base):
    __tablename__ = "annotators"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LabelTypeRow(Base):
    __tablename__ = "label_types"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    colour: Mapped[str] = mapped_column(String(9))
    shortcut: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(10), default="label", server_default="label")


class LabelRow(Base):
    __tablename__ = "labels"
    __table_args__ = (
        UniqueConstraint("statement_id", "annotator_id"),
        Index("ix_labels_annotator_updated", "annotator_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))
    label: Mapped[str] = mapped_column(ForeignKey("label_types.key"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    # Given to this statement from a variant of it (another outlet's report of the same
    # utterance) with one key: the statement it came from. None: labelled here.
    propagated_from: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    time_spent_ms: Mapped[int] = mapped_column(Integer, default=0)


class LabelHistoryRow(Base):
    """Append-only (triggers forbid UPDATE and DELETE); undo and audits read it.

    statement_id is deliberately not a foreign key: history outlives deleted statements.
    """

    __tablename__ = "label_history"
    __table_args__ = (
        Index("ix_label_history_statement", "statement_id", "changed_at"),
        # A window's id for the change, so replaying its journal never applies it twice.
        Index("ix_label_history_op_id", "op_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(Integer)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))
    old_label: Mapped[str | None] = mapped_column(String(40))
    new_label: Mapped[str | None] = mapped_column(String(40))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    op_id: Mapped[str | None] = mapped_column(String(36))


class GoldLabelRow(Base):
    """A lead's adjudicated label: one per statement, apart from annotators' labels."""

    __tablename__ = "gold_labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), unique=True)
    label: Mapped[str] = mapped_column(ForeignKey("label_types.key"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))
    rationale: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AssignmentRow(Base):
    """An article an annotator should label (a lead's assignment with overlap k)."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("article_id", "annotator_id"),
                      Index("ix_assignments_annotator", "annotator_id", "article_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StatementLinkRow(Base):
    """Two statements that report the same utterance, and how alike they are (a < b)."""

    __tablename__ = "statement_links"
    __table_args__ = (Index("ix_statement_links_statement_b", "statement_b"),)

    statement_a: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True)
    statement_b: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[float] = mapped_column(Float)


class LinkWordsRow(Base):
    """A statement as linking saw it: its content words (space-separated), its text and
    speaker, so linking new statements neither reads and splits every stored text again
    nor reads the articles of the stored statements it pairs them with. No row: not
    linked yet."""

    __tablename__ = "link_words"

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True)
    # Its distinct content words, as link_vocab ids: 32-bit little-endian integers.
    word_ids: Mapped[bytes] = mapped_column(LargeBinary)
    content: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str] = mapped_column(Text)
    speaker_is_person: Mapped[bool] = mapped_column(Boolean)
    affiliation: Mapped[str] = mapped_column(Text)


class LinkVocabRow(Base):
    """Every content word linking has seen, numbered (link_words holds the numbers)."""

    __tablename__ = "link_vocab"

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(Text, unique=True)


class ClusterMemberRow(Base):
    """A statement in a cluster of variants. The cluster's id is its smallest statement id;
    ``similarity`` is the member's best link to another member (1.0 when merged by hand)."""

    __tablename__ = "cluster_members"
    __table_args__ = (Index("ix_cluster_members_cluster_id", "cluster_id"),)

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(Integer)
    similarity: Mapped[float] = mapped_column(Float)


class ClusterEditRow(Base):
    """What people did to clusters, append-only: ``apart`` (unlinked, split) or together
    (merged), per pair of statements. The newest edit of a pair is in force, and linking
    again never undoes it. Not foreign keys: the history outlives deleted statements."""

    __tablename__ = "cluster_edits"
    __table_args__ = (Index("ix_cluster_edits_pair", "statement_a", "statement_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_a: Mapped[int] = mapped_column(Integer)
    statement_b: Mapped[int] = mapped_column(Integer)
    apart: Mapped[bool] = mapped_column(Boolean)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EditHistoryRow(Base):
    """Every change that is not a label, append-only (triggers forbid UPDATE and DELETE, as
    on label_history): statements made, deleted and restored, their bounds and speaker
    changed, notes written, gold labels decided. ``before`` and ``after`` hold the fields
    the change touched (None: there was nothing before, or nothing is left). Not foreign
    keys to statements or articles: the history outlives them."""

    __tablename__ = "edit_history"
    __table_args__ = (Index("ix_edit_history_statement", "statement_id", "changed_at"),
                      Index("ix_edit_history_annotator", "annotator_id", "changed_at"),
                      Index("ix_edit_history_action", "action"))

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int | None] = mapped_column(Integer)
    article_id: Mapped[int | None] = mapped_column(Integer)
    # Who: None for a change no annotator made (a command run without --as, say).
    annotator_id: Mapped[int | None] = mapped_column(ForeignKey("annotators.id"))
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonType, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonType, nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
