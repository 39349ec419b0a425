"""Training the suggestion model on the project's labels and re-scoring candidates.

Plain functions like the other use cases: the CLI calls them, the window runs them on its
worker thread. scikit-learn is imported only when a model is trained or applied.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import InvalidLabelError
from annotator.core.models import SuggestionModelInfo
from annotator.storage import Database, queries

DEFAULT_MIN_LABELS = 30
Progress = Callable[[int, int], None]


@dataclass
class TrainSummary:
    examples: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    version: int | None = None  # the model now suggesting; None: the rules
    kept_rules: str | None = None  # why the rules stay, in one sentence
    metrics: dict[str, Any] = field(default_factory=dict)
    rescored: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"examples": self.examples, "by_source": self.by_source, "version": self.version,
                "kept_rules": self.kept_rules, "metrics": self.metrics,
                "rescored": self.rescored, "seconds": round(self.seconds, 3)}


@dataclass(frozen=True)
class ModelStatus:
    enabled: bool
    latest: SuggestionModelInfo | None

    def describe(self, version: int | None) -> str:
        """Where a suggestion of model ``version`` (None: the rules) came from."""
        if version is None:
            return "rules"
        info = self.latest if self.latest and self.latest.version == version else None
        if info is None:
            return f"model v{version}"
        return f"model v{version}, {info.examples:,} labels"


def train(db: Database, *, min_labels: int = DEFAULT_MIN_LABELS,
          progress: Progress | None = None) -> TrainSummary:
    """Learn the label of a statement from the labels in the database (gold first, then
    labels annotators agree on, then single labels), store the model as a new version and
    re-score every statement nobody has labelled. Below ``min_labels``, or when the model
    does no better than the rules out of fold, the rules keep suggesting (and it says why).
    Suggestions are the same for everyone; a labelled statement keeps the suggestion its
    annotators saw."""
    from annotator.suggest import ALGORITHM, cross_validate, fit

    started = time.perf_counter()
    summary = TrainSummary()
    with db.session() as session:
        if not _enabled(session):
            summary.kept_rules = ("the suggestion model is switched off for this project "
                                  "(annotator train --on switches it back on)")
            return summary
        inputs = queries.training_inputs(session)
    summary.examples = len(inputs)
    summary.by_source = dict(Counter(x.source for x in inputs))
    if len(inputs) < min_labels:
        summary.kept_rules = (f"{len(inputs)} labelled statements are fewer than the "
                              f"{min_labels} needed to train")
    elif len({x.label for x in inputs}) < 2:
        summary.kept_rules = "every labelled statement has the same label; nothing to learn"
    if summary.kept_rules:
        summary.seconds = time.perf_counter() - started
        return summary
    metrics = cross_validate(inputs)
    summary.metrics = metrics
    if metrics["accuracy"] < metrics["rules_accuracy"]:
        summary.kept_rules = (f"the model is not yet better than the rules on these labels "
                              f"(cross-validated {metrics['accuracy']:.0%} against "
                              f"{metrics['rules_accuracy']:.0%})")
        summary.seconds = time.perf_counter() - started
        return summary
    model = fit(inputs, temperature=metrics["temperature"], rule_weight=metrics["rule_weight"])
    model.metrics = metrics
    with db.transaction() as session:
        summary.version = queries.add_model(session, algorithm=ALGORITHM, examples=len(inputs),
                                            metrics=metrics, params=model.to_bytes())
    _cache(db, summary.version, model)
    summary.rescored = _rescore(db, model, summary.version, only_rules=False, progress=progress)
    summary.seconds = time.perf_counter() - started
    return summary


def train_in_child(db: Database, *, min_labels: int = DEFAULT_MIN_LABELS) -> TrainSummary:
    """``train`` in a process of its own, for the window: tokenising and fitting then never
    hold this process's interpreter lock, so a keypress is not slowed while the model
    trains. The calling thread waits on a pipe."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # the window's threads make fork unsafe
    with context.Pool(1) as pool:
        return pool.apply(_train_at, (db.url, min_labels))


def _train_at(url: str, min_labels: int) -> TrainSummary:  # runs in the child
    from annotator.storage import open_database

    with open_database(url) as db:
        return train(db, min_labels=min_labels)


def rescore(db: Database, *, only_rules: bool = True) -> int:
    """Score unlabelled statements with the latest model (when there is one and it is on):
    by default only those still carrying the rules' suggestion, e.g. just imported."""
    with db.session() as session:
        if not _enabled(session):
            return 0
        found = queries.latest_model(session)
    if found is None:
        return 0
    info, params = found
    return _rescore(db, _load(db, info.version, params), info.version, only_rules=only_rules)


def status(db: Database) -> ModelStatus:
    with db.session() as session:
        found = queries.latest_model(session)
        return ModelStatus(_enabled(session), found[0] if found else None)


def labels_since_model(db: Database) -> int:
    with db.session() as session:
        found = queries.latest_model(session)
        return queries.labels_since(session, found[0].version if found else None)


def set_enabled(db: Database, *, enabled: bool, lead: str | None = None) -> int:
    """Switch the model on or off for everyone (off: a blind study, rules only). Off puts
    the rules' suggestions back on unlabelled statements; on re-scores them with the latest
    model. Given ``lead``, only a lead may. Returns how many suggestions changed."""
    with db.transaction() as session:
        if lead is not None:
            who = queries.get_or_create_annotator(session, lead)
            if not who.is_lead:
                raise InvalidLabelError(f"{lead} is not a lead; only leads switch the "
                                        "suggestion model on or off.")
        queries.set_setting(session, queries.MODEL_SETTING, {"enabled": enabled})
        if not enabled:
            return queries.restore_rule_suggestions(session)
    return rescore(db, only_rules=False)


def _enabled(session: Any) -> bool:
    value = queries.get_setting(session, queries.MODEL_SETTING, {"enabled": True})
    return bool((value or {}).get("enabled", True))


def _rescore(db: Database, model: Any, version: int, *, only_rules: bool,
             progress: Progress | None = None) -> int:
    done = 0
    with db.session() as session:
        # Chunks of 1,000: each write transaction is short, so a label keypress waiting
        # for SQLite's write lock waits a few milliseconds at most.
        chunks = list(queries.candidate_inputs(session, only_rules=only_rules, chunk=1000))
    total = sum(len(c) for c in chunks)
    for chunk in chunks:
        scored = model.suggest(chunk)
        with db.transaction() as session:
            queries.set_suggestions(session, [(x.statement_id, label, score, version)
                                              for x, (label, score) in zip(chunk, scored)])
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    return done


_models: dict[tuple[str, int], Any] = {}
_models_lock = threading.Lock()


def _load(db: Database, version: int, params: bytes) -> Any:
    from annotator.suggest import SuggestionModel

    with _models_lock:
        model = _models.get((db.url, version))
    if model is None:
        model = SuggestionModel.from_bytes(params)
        _cache(db, version, model)
    return model


def _cache(db: Database, version: int, model: Any) -> None:
    with _models_lock:
        _models.clear()  # one model per process is enough: the newest
        _models[(db.url, version)] = model
