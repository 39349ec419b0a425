"""What a use case changed, as one small value: each view refreshes what it shows of it
(the article list its rows, the table and the article their statements, the status bar
its counts) instead of the caller re-reading by hand after each edit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from annotator.core.models import RemovedLabel, Statement

_NONE: Mapping[int, str | None] = MappingProxyType({})


@dataclass(frozen=True)
class Changes:
    """``articles``: their statements changed (spans, speakers, which there are): read them
    again. ``labels``: the label now shown, by statement id, as the annotator made it here.
    ``saved``: statements whose label the database confirmed or refused. ``notes``:
    statements whose note changed. ``counts``: how many statements there are or are
    labelled may have changed. ``statement``: the one made or restored (with its id);
    ``removed``: the labels that went with a deleted statement (to undo the deletion)."""

    articles: frozenset[int] = frozenset()
    labels: Mapping[int, str | None] = field(default_factory=lambda: _NONE)
    saved: frozenset[int] = frozenset()
    notes: frozenset[int] = frozenset()
    counts: bool = False
    statement: Statement | None = None
    removed: tuple[RemovedLabel, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.articles or self.labels or self.saved or self.notes or self.counts)

    @classmethod
    def label(cls, statement_id: int, label: str | None) -> Changes:
        return cls(labels=MappingProxyType({statement_id: label}), counts=True)
