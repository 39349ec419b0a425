"""The words of the product as plain data (see DESIGN.md, "Words").

Offsets are Python character offsets (code points), end-exclusive, everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

LABEL_SCHEME_VERSION = "1"


@dataclass(frozen=True)
class LabelType:
    key: str  # stable identifier used in storage and export: "warning"
    name: str  # shown to people: "Warning"
    colour: str  # "#rrggbb"
    shortcut: str  # a single key: "1"
    position: int = 0
    description: str = ""
    kind: str = "label"  # "label": a class of the scheme; "reject": not a statement


REJECT = "not_statement"

# Okabe–Ito colours: distinguishable under the common forms of colour blindness.
DEFAULT_LABEL_TYPES: tuple[LabelType, ...] = (
    LabelType("warning", "Warning", "#D55E00", "1", 1,
              "Signals that harm or a response will follow if something happens."),
    LabelType("claim", "Claim", "#0072B2", "2", 2,
              "Asserts something contestable as true: accusations, interpretations."),
    LabelType("denial", "Denial", "#CC79A7", "3", 3,
              "Rejects or disputes an accusation, report or claim."),
    LabelType("report", "Report", "#009E73", "4", 4,
              "Neutrally relays an event or what a source said."),
)


@dataclass(frozen=True)
class Annotator:
    id: int
    name: str
    is_lead: bool = False


@dataclass(frozen=True)
class Article:
    id: int
    content_hash: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or date-time, as given
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    pipeline: str | None = None
    pipeline_version: str | None = None
    imported_at: datetime | None = None


@dataclass(slots=True)  # not frozen: built per row on large exports, and frozen
class Entity:  # dataclasses cost ~8x more to construct. Treat as a value.
    id: int
    article_id: int
    start: int
    end: int
    label: str  # spaCy entity type: PERSON, ORG, GPE, ...
    origin: str = "model"  # "model" or "manual"


@dataclass(slots=True)  # not frozen: built per row on large exports, and frozen
class Statement:  # dataclasses cost ~8x more to construct. Treat as a value.
    id: int
    article_id: int
    start: int
    end: int
    origin: str = "model"  # how it was found: "quote", "indirect", "manual", ...
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_entity_id: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    suggested_label: str | None = None
    suggested_score: float | None = None
    suggestion_model: int | None = None  # the model version that suggested; None: the rules
    kind: str | None = None  # of attribution: speech, evidence, stance, …; None: by hand
    confidence: float | None = None  # that it is an attribution at all; None: by hand
    private_to: int | None = None  # made by hand, seen only by this annotator and leads


@dataclass(frozen=True)
class RemovedLabel:
    """A label that went with a deleted statement (kept so the deletion can be undone): an
    annotator's, or with ``gold`` the lead's adjudicated label and ``note`` its rationale."""

    annotator: str
    label: str
    note: str | None = None
    gold: bool = False


@dataclass(frozen=True)
class Label:
    id: int
    statement_id: int
    annotator_id: int
    label: str
    created_at: datetime
    updated_at: datetime
    time_spent_ms: int = 0
    note: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    statement_id: int
    annotator_id: int
    old_label: str | None
    new_label: str | None
    changed_at: datetime
    op_id: str | None = None  # the window's id for the change (its journal's)


@dataclass(frozen=True)
class AuditEntry:
    """One change in the audit trail, of any kind (``annotator history``).

    ``action``: label, create, delete, restore, bounds, speaker, note, gold, apart (a
    statement unlinked from a variant, or split off its cluster) or together (merged).
    ``before`` and ``after`` hold what the change touched (None: nothing before / after)."""

    at: datetime
    action: str
    annotator: str | None
    statement_id: int | None
    article_id: int | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "action": self.action, "annotator": self.annotator,
                "statement_id": self.statement_id, "article_id": self.article_id,
                "before": self.before, "after": self.after}


@dataclass(frozen=True)
class Stats:
    articles: int = 0
    entities: int = 0
    statements: int = 0
    labels: int = 0
    labels_per_label: dict[str, int] = field(default_factory=dict)
    labels_per_annotator: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "entities": self.entities,
            "statements": self.statements,
            "labels": self.labels,
            "labels_per_label": dict(self.labels_per_label),
            "labels_per_annotator": dict(self.labels_per_annotator),
        }


@dataclass(frozen=True)
class LabelChange:
    """What one label action did; the GUI and undo read it."""

    statement_id: int
    annotator_id: int
    old_label: str | None
    new_label: str | None
    changed_at: datetime


@dataclass(frozen=True)
class EntitySpan:
    """An entity found by the pipeline, before it is stored."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class StatementSpan:
    """A statement candidate, before it is stored. ``speaker_entity`` indexes the draft's
    entity list."""

    start: int
    end: int
    origin: str = "model"
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_entity: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    suggested_label: str | None = None
    suggested_score: float | None = None
    kind: str | None = None  # speech, evidence, stance, intention, belief, demand (cues.json)
    confidence: float | None = None  # how likely the candidate is an attribution at all


@dataclass(frozen=True)
class GivenStatement:
    """A statement another tool's file brings (doccano, …), with the labels it had there:
    (annotator, label) pairs."""

    start: int
    end: int
    speaker: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    labels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GivenAnnotations:
    """What an annotated file brings with an article: its entities and statements (used
    instead of the pipeline's, which does not run on it unless ``detect``)."""

    entities: tuple[EntitySpan, ...] = ()
    statements: tuple[GivenStatement, ...] = ()
    # The file has entities only (CoNLL): statements are detected as for any article, with
    # the file's entities in place of the pipeline's.
    detect: bool = False


@dataclass(frozen=True)
class ArticleDraft:
    """An article ready to be stored whole, with its entities and statements."""

    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    entities: tuple[EntitySpan, ...] = ()
    statements: tuple[StatementSpan, ...] = ()
    pipeline: str | None = None
    pipeline_version: str | None = None


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the article list."""

    id: int
    title: str | None
    source: str | None
    published: str | None
    statements: int
    labelled: int  # by the current annotator

    @property
    def status(self) -> str:
        if self.labelled == 0:
            return "unlabelled"
        return "done" if self.labelled >= self.statements else "in progress"


@dataclass(frozen=True)
class ArticleBundle:
    """Everything the window shows for one article, for one annotator."""

    article: Article
    entities: tuple[Entity, ...]
    statements: tuple[Statement, ...]
    labels: dict[int, str]  # statement id -> label key (this annotator's)
    notes: dict[int, str] = field(default_factory=dict)
    # Every annotator's vote, filled only for leads (annotators work blind).
    votes: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    # Other outlets' reports of the same utterance, by statement id (issue 14).
    variants: dict[int, list[VariantInfo]] = field(default_factory=dict)


@dataclass(frozen=True)
class VariantInfo:
    """A statement that reports the same utterance as one of the open article's, as the
    window lists it: where it is, what it says, how alike, and this annotator's label."""

    statement_id: int
    article_id: int
    source: str | None
    title: str | None
    text: str
    similarity: float
    label: str | None
    propagated_from: int | None = None


@dataclass(slots=True)  # not frozen: built per row on large exports, and frozen
class Vote:  # dataclasses cost ~8x more to construct. Treat as a value.
    """One annotator's label on one statement (or a lead's gold label), for export."""

    annotator: str
    label: str
    at: datetime
    time_spent_ms: int = 0
    note: str | None = None


@dataclass(slots=True)  # built per row on exports; see Statement
class ExportStatement:
    statement: Statement
    votes: tuple[Vote, ...]
    gold: Vote | None = None
    cluster: tuple[int, int] | None = None  # (id, size) of its variants' cluster (issue 14)


@dataclass(frozen=True)
class ExportArticle:
    """One article with everything an exporter needs, streamed one at a time."""

    article: Article
    entities: tuple[Entity, ...]
    statements: tuple[ExportStatement, ...]


@dataclass(slots=True)
class SuggestionInput:
    """What the suggestion model sees of one statement (and, to train, its label)."""

    statement_id: int
    content: str
    cue: str | None = None  # the cue's text, lower case ("warned", "according to")
    speaker_type: str | None = None  # entity type of the speaker (PERSON, ORG, …) or None
    origin: str = "model"  # "quote", "indirect", "according", "manual"
    rule_label: str | None = None
    label: str | None = None  # the label to learn; None for a candidate to score
    source: str | None = None  # where the label came from: "gold", "agreed" or "single"


@dataclass(frozen=True)
class SuggestionModelInfo:
    """A stored suggestion model, without its parameters."""

    version: int
    created_at: datetime
    algorithm: str
    examples: int
    metrics: dict[str, Any]
