"""Plain dataclasses and rules. Imports nothing but the standard library."""

from annotator.core.errors import AnnotatorError
from annotator.core.models import (
    DEFAULT_LABEL_TYPES,
    LABEL_SCHEME_VERSION,
    REJECT,
    Annotator,
    Article,
    ArticleBundle,
    ArticleDraft,
    ArticleSummary,
    Entity,
    EntitySpan,
    HistoryEntry,
    Label,
    LabelChange,
    LabelType,
    Statement,
    StatementSpan,
    Stats,
)

__all__ = [
    "DEFAULT_LABEL_TYPES",
    "LABEL_SCHEME_VERSION",
    "REJECT",
    "AnnotatorError",
    "Annotator",
    "Article",
    "ArticleBundle",
    "ArticleDraft",
    "ArticleSummary",
    "Entity",
    "EntitySpan",
    "HistoryEntry",
    "Label",
    "LabelChange",
    "LabelType",
    "Statement",
    "StatementSpan",
    "Stats",
]
