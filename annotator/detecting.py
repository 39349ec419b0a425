"""Learning which candidates to trust from what annotators kept and rejected (issue 12).

``train_filter`` fits the candidate filter (annotator.core.candidates) on every reviewed
candidate, checks it out of fold against the rules' own confidence, and stores it only when
it predicts better; ``load_filter`` gives the stored one to the importer. scikit-learn is
imported only to train.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from annotator.core.boundaries import EDGES, BoundaryModel, EdgeModel, choices, kind_features, pick
from annotator.core.boundaries import SETTING as BOUNDARY_SETTING
from annotator.core.candidates import (
    PRIOR_EXAMPLES,
    SETTING,
    CandidateFacts,
    CandidateFilter,
    features,
)
from annotator.storage import Database, queries

MIN_MOVED = 12  # edges annotators moved before boundary learning may speak for that edge
MIN_GAIN = 0.02  # out of fold, edges it must put right beyond detection's (a share)
MIN_REVIEWED = 40  # reviewed candidates needed before the filter may speak
MIN_PER_SIDE = 10  # ... of which at least this many kept and this many rejected
FOLDS = 5


@dataclass
class FilterSummary:
    reviewed: int = 0
    kept: int = 0
    rejected: int = 0
    by_hand: int = 0  # statements made by hand: what detection missed
    stored: bool = False
    kept_rules: str | None = None  # why the rules' confidence stays, in one sentence
    metrics: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"reviewed": self.reviewed, "kept": self.kept, "rejected": self.rejected,
                "by_hand": self.by_hand, "stored": self.stored, "kept_rules": self.kept_rules,
                "metrics": self.metrics}


def load_filter(db: Database) -> CandidateFilter | None:
    with db.session() as session:
        return CandidateFilter.from_json(queries.get_setting(session, SETTING))


def train_filter(db: Database, *, min_reviewed: int = MIN_REVIEWED) -> FilterSummary:
    summary = FilterSummary()
    with db.session() as session:
        examples, summary.by_hand = queries.reviewed_candidates(session)
    summary.reviewed = len(examples)
    summary.kept = sum(1 for _, _, kept in examples if kept)
    summary.rejected = summary.reviewed - summary.kept
    if summary.reviewed < min_reviewed:
        summary.kept_rules = (f"{summary.reviewed} reviewed candidates are fewer than the "
                              f"{min_reviewed} needed")
    elif min(summary.kept, summary.rejected) < MIN_PER_SIDE:
        summary.kept_rules = (f"only {min(summary.kept, summary.rejected)} candidates were "
                              f"{'kept' if summary.kept < summary.rejected else 'rejected'}; "
                              f"{MIN_PER_SIDE} are needed on each side")
    if summary.kept_rules is None:
        metrics, model = _fit(examples)
        summary.metrics = metrics
        if metrics["log_loss"] >= metrics["rules_log_loss"]:
            summary.kept_rules = ("out of fold the filter predicted no better than the rules' "
                                  f"confidence (log loss {metrics['log_loss']:.3f} against "
                                  f"{metrics['rules_log_loss']:.3f})")
        else:
            with db.transaction() as session:
                queries.set_setting(session, SETTING, model.as_json())
            summary.stored = True
    if not summary.stored:  # a filter from older edits that no longer holds up goes
        with db.transaction() as session:
            if queries.get_setting(session, SETTING) is not None:
                queries.set_setting(session, SETTING, None)
    return summary


def _fit(examples: list[tuple[CandidateFacts, float | None, bool]]) -> tuple[dict[str, Any], CandidateFilter]:
    import numpy
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss, roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    rows = [{f: 1.0 for f in features(facts)} for facts, _, _ in examples]
    y = numpy.array([1 if kept else 0 for _, _, kept in examples])
    rules = numpy.clip(numpy.array([0.5 if c is None else c for _, c, _ in examples]), 0.02, 0.98)
    folds = StratifiedKFold(n_splits=min(FOLDS, int(min(y.sum(), len(y) - y.sum()))),
                            shuffle=True, random_state=0)
    out_of_fold = numpy.zeros(len(y))
    n = len(examples)
    for train, test in folds.split(numpy.zeros(n), y):
        vectorizer = DictVectorizer()
        x_train = vectorizer.fit_transform([rows[i] for i in train])
        model = LogisticRegression(C=1.0, max_iter=1000).fit(x_train, y[train])
        probability = model.predict_proba(vectorizer.transform([rows[i] for i in test]))[:, 1]
        # As applied: blended with the rules' confidence by the examples it learnt from.
        weight = len(train) / (len(train) + PRIOR_EXAMPLES)
        out_of_fold[test] = weight * probability + (1 - weight) * rules[test]
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=1.0, max_iter=1000).fit(vectorizer.fit_transform(rows), y)
    weights = {name: round(float(w), 4) for name, w in zip(vectorizer.get_feature_names_out(),
                                                            model.coef_[0]) if abs(w) > 1e-4}
    clipped = numpy.clip(out_of_fold, 0.02, 0.98)
    metrics = {
        "folds": folds.get_n_splits(), "log_loss": round(float(log_loss(y, clipped)), 4),
        "rules_log_loss": round(float(log_loss(y, rules)), 4),
        "auc": round(float(roc_auc_score(y, clipped)), 4),
        "rules_auc": round(float(roc_auc_score(y, rules)), 4),
    }
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return metrics, CandidateFilter(weights, round(float(model.intercept_[0]), 4), n, metrics,
                                    created)


@dataclass
class BoundarySummary:
    examples: int = 0  # candidates judged: moved by hand, or kept as detection put them
    moved: dict[str, int] = field(default_factory=dict)  # per edge
    stored: list[str] = field(default_factory=list)  # the edges a model now moves
    kept: dict[str, str] = field(default_factory=dict)  # edge: why detection's stays
    metrics: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"examples": self.examples, "moved": self.moved, "stored": self.stored,
                "kept": self.kept, "metrics": self.metrics}


def load_boundaries(db: Database) -> BoundaryModel | None:
    with db.session() as session:
        return BoundaryModel.from_json(queries.get_setting(session, BOUNDARY_SETTING))


def train_boundaries(db: Database, *, min_moved: int = MIN_MOVED) -> BoundarySummary:
    """Learn where annotators put candidates' starts and ends, one model per edge, each
    stored only when out of fold it agrees with them more often than detection does."""
    summary = BoundarySummary()
    with db.session() as session:
        examples = queries.boundary_examples(session)
    summary.examples = len(examples)
    models: dict[str, EdgeModel | None] = {}
    for side, edge in enumerate(EDGES):
        groups = []
        for ex in examples:
            options = choices(ex.text, edge, ex.detected[side], ex.blocked)
            target = ex.chosen[side]
            if any(position == target for position, _ in options):
                groups.append((options, target, ex.kind, ex.origin))
        moved = sum(1 for options, target, _, _ in groups if options[0][0] != target)
        summary.moved[edge] = moved
        models[edge] = None
        if moved < min_moved:
            summary.kept[edge] = (f"annotators moved {moved} {edge}s; {min_moved} are needed")
            continue
        metrics, model = _fit_edge(groups)
        summary.metrics[edge] = metrics
        if metrics["accuracy"] < metrics["detection_accuracy"] + MIN_GAIN:
            summary.kept[edge] = (f"out of fold the model put {metrics['accuracy']:.0%} of "
                                  f"{edge}s where annotators did, detection "
                                  f"{metrics['detection_accuracy']:.0%}")
            continue
        models[edge] = model
        summary.stored.append(edge)
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    stored = BoundaryModel(models["start"], models["end"], len(examples), summary.metrics,
                           created)
    with db.transaction() as session:
        if summary.stored:
            queries.set_setting(session, BOUNDARY_SETTING, stored.as_json())
        elif queries.get_setting(session, BOUNDARY_SETTING) is not None:
            queries.set_setting(session, BOUNDARY_SETTING, None)  # no longer supported
    return summary


def _fit_edge(groups: list) -> tuple[dict[str, Any], EdgeModel]:  # type: ignore[type-arg]
    """A logistic regression over every choice of every example (is it the annotators'
    edge?), scored out of fold by whether the choice it picks is theirs."""
    import numpy
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    def fit(indices) -> EdgeModel:  # type: ignore[no-untyped-def]
        rows, y = [], []
        for i in indices:
            options, target, kind, origin = groups[i]
            for position, feats in options:
                rows.append({f: 1.0 for f in kind_features(kind, origin, feats)})
                y.append(1 if position == target else 0)
        vectorizer = DictVectorizer()
        model = LogisticRegression(C=1.0, max_iter=2000).fit(vectorizer.fit_transform(rows), y)
        weights = {name: round(float(w), 4) for name, w in
                   zip(vectorizer.get_feature_names_out(), model.coef_[0]) if abs(w) > 1e-4}
        return EdgeModel(weights, round(float(model.intercept_[0]), 4))

    right = 0
    folds = KFold(n_splits=min(FOLDS, len(groups)), shuffle=True, random_state=0)
    for train, test in folds.split(numpy.zeros(len(groups))):
        model = fit(train)
        for i in test:
            options, target, kind, origin = groups[i]
            right += pick(options, kind, origin, model.score) == target
    detection = sum(1 for options, target, _, _ in groups if options[0][0] == target)
    metrics = {"folds": folds.get_n_splits(), "examples": len(groups),
               "accuracy": round(right / len(groups), 4),
               "detection_accuracy": round(detection / len(groups), 4)}
    return metrics, fit(range(len(groups)))
