"""A label suggester learnt from the project's own labels.

Linear model (scikit-learn's logistic regression) over TF-IDF word and character n-grams of
the statement's content, plus a few signals the guidelines name: the cue, the speaker's
entity type, quoted or not, negation, modality, future and conditional wording, and the
rule suggestion. Probabilities are calibrated by temperature scaling fitted on
out-of-fold predictions, so "0.81" means right about four times in five.

The model is stored as compressed JSON (vocabularies, IDF weights, coefficients), never as a
pickle: a team's database is shared, and loading a pickle runs whatever it holds.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy
from scipy import sparse

from annotator.core.models import SuggestionInput

FORMAT = 1
ALGORITHM = "tfidf-words+chars+signals logistic regression, temperature-calibrated"
WORDS = {"analyzer": "word", "ngram_range": (1, 2), "lowercase": True,
         "token_pattern": r"(?u)\b\w+\b|[“”\"'?!]"}
CHARS = {"analyzer": "char_wb", "ngram_range": (2, 4), "lowercase": True}
MAX_CHAR_FEATURES = 10_000
USE_CHARS = True  # character n-grams (see docs/performance.md)
C = 4.0  # chosen on the learning-curve data (docs/performance.md)

_SIGNALS = {
    "negation": re.compile(r"\b(?:not|no|never|nothing|nobody|none|neither|nor)\b|n't\b", re.I),
    "modal": re.compile(r"\b(?:would|could|might|may|should|must|can)\b", re.I),
    "future": re.compile(r"\b(?:will|shall|going to|'ll)\b", re.I),
    "conditional": re.compile(r"\b(?:if|unless|otherwise)\b", re.I),
    "first_person": re.compile(r"\b(?:we|our|us|i|my)\b", re.I),
    "question": re.compile(r"\?"),
    "number": re.compile(r"\d"),
}
_QUOTES = "“”\"‘’'«»„"


def signals(x: SuggestionInput) -> list[str]:
    """The non-textual features of one statement, as feature names."""
    content = x.content
    found = [f"cue={(x.cue or '-').lower()}", f"speaker={x.speaker_type or '-'}",
             f"origin={x.origin}", f"rule={x.rule_label or '-'}"]
    if content[:1] in _QUOTES or content.rstrip()[-1:] in _QUOTES:
        found.append("quoted")
    found += [name for name, pattern in _SIGNALS.items() if pattern.search(content)]
    return found


@dataclass
class _Tfidf:
    """TF-IDF with a fixed vocabulary: the same transform in training and scoring."""

    options: dict[str, Any]
    terms: list[str]
    idf: numpy.ndarray

    @classmethod
    def fit(cls, texts: Sequence[str], options: dict[str, Any],
            max_features: int | None = None) -> _Tfidf:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(**options, sublinear_tf=True, max_features=max_features)
        vectorizer.fit(texts)
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        return cls(options, terms, numpy.asarray(vectorizer.idf_, dtype=numpy.float64))

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.preprocessing import normalize

        counts = CountVectorizer(**self.options, vocabulary={t: i for i, t in enumerate(self.terms)}
                                 ).transform(texts).astype(numpy.float64)
        counts.data = 1.0 + numpy.log(counts.data)  # sublinear tf, as in fitting
        return normalize(counts @ sparse.diags(self.idf), copy=False)

    def as_dict(self) -> dict[str, Any]:
        options = {**self.options, "ngram_range": list(self.options["ngram_range"])}
        return {"options": options, "terms": self.terms, "idf": _rounded(self.idf)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> _Tfidf:
        options = {**data["options"], "ngram_range": tuple(data["options"]["ngram_range"])}
        return cls(options, list(data["terms"]), numpy.asarray(data["idf"], dtype=numpy.float64))


@dataclass
class Features:
    words: _Tfidf
    chars: _Tfidf | None
    signal_names: list[str]

    @classmethod
    def fit(cls, inputs: Sequence[SuggestionInput], *, chars: bool = USE_CHARS) -> Features:
        texts = [x.content for x in inputs]
        names = sorted({name for x in inputs for name in signals(x)})
        return cls(_Tfidf.fit(texts, WORDS),
                   _Tfidf.fit(texts, CHARS, MAX_CHAR_FEATURES) if chars else None, names)

    def transform(self, inputs: Sequence[SuggestionInput]) -> sparse.csr_matrix:
        texts = [x.content for x in inputs]
        blocks = [self.words.transform(texts)]
        if self.chars is not None:
            blocks.append(self.chars.transform(texts))
        index = {name: i for i, name in enumerate(self.signal_names)}
        rows, cols = [], []
        for row, x in enumerate(inputs):
            for name in signals(x):
                if name in index:
                    rows.append(row)
                    cols.append(index[name])
        blocks.append(sparse.csr_matrix((numpy.ones(len(rows)), (rows, cols)),
                                        shape=(len(inputs), len(index))))
        return sparse.hstack(blocks, format="csr")


@dataclass
class SuggestionModel:
    labels: list[str]
    features: Features
    coef: numpy.ndarray  # (labels, features)
    intercept: numpy.ndarray  # (labels,)
    temperature: float = 1.0
    rule_weight: float = 0.0  # added to the logit of the rule's label (fitted out of fold)
    metrics: dict[str, Any] = field(default_factory=dict)
    algorithm: str = ALGORITHM

    def probabilities(self, inputs: Sequence[SuggestionInput]) -> numpy.ndarray:
        if not inputs:
            return numpy.zeros((0, len(self.labels)))
        return _softmax(self.logits(inputs))

    def logits(self, inputs: Sequence[SuggestionInput]) -> numpy.ndarray:
        """Calibrated logits: the linear model's, plus the rule prior, over the temperature."""
        raw = self.raw_logits(inputs)
        return (raw + self.rule_weight * _rule_matrix(inputs, self.labels)) / self.temperature

    def raw_logits(self, inputs: Sequence[SuggestionInput]) -> numpy.ndarray:
        return numpy.asarray(self.features.transform(inputs) @ self.coef.T) + self.intercept

    def suggest(self, inputs: Sequence[SuggestionInput]) -> list[tuple[str, float]]:
        """(label, calibrated probability) for each input."""
        probs = self.probabilities(inputs)
        best = probs.argmax(axis=1) if len(probs) else []
        return [(self.labels[k], round(float(probs[i, k]), 3)) for i, k in enumerate(best)]

    def to_bytes(self) -> bytes:
        data = {"format": FORMAT, "algorithm": self.algorithm, "labels": self.labels,
                "words": self.features.words.as_dict(),
                "chars": self.features.chars.as_dict() if self.features.chars else None,
                "signals": self.features.signal_names, "temperature": self.temperature,
                "rule_weight": self.rule_weight,
                "coef": [_rounded(row) for row in self.coef],
                "intercept": _rounded(self.intercept), "metrics": self.metrics}
        return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)

    @classmethod
    def from_bytes(cls, blob: bytes) -> SuggestionModel:
        data = json.loads(zlib.decompress(blob).decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"suggestion model format {data.get('format')!r} is not {FORMAT}")
        features = Features(_Tfidf.from_dict(data["words"]),
                            _Tfidf.from_dict(data["chars"]) if data["chars"] else None,
                            list(data["signals"]))
        return cls(list(data["labels"]), features, numpy.asarray(data["coef"]),
                   numpy.asarray(data["intercept"]), float(data["temperature"]),
                   float(data.get("rule_weight", 0.0)), dict(data.get("metrics") or {}),
                   data.get("algorithm", ALGORITHM))


def fit(inputs: Sequence[SuggestionInput], *, chars: bool = USE_CHARS, c: float = C,
        temperature: float = 1.0, rule_weight: float = 0.0) -> SuggestionModel:
    """A model of ``inputs``' labels (every input has one; at least two labels occur)."""
    from sklearn.linear_model import LogisticRegression

    features = Features.fit(inputs, chars=chars)
    y = [x.label for x in inputs]
    classifier = LogisticRegression(C=c, max_iter=2000)
    classifier.fit(features.transform(inputs), y)
    labels = [str(k) for k in classifier.classes_]
    coef, intercept = classifier.coef_, classifier.intercept_
    if len(labels) == 2:  # sklearn keeps one row for two classes: P(second) = σ(w·x + b)
        coef = numpy.vstack([numpy.zeros_like(coef[0]), coef[0]])
        intercept = numpy.array([0.0, intercept[0]])
    return SuggestionModel(labels, features, coef, intercept, temperature, rule_weight)


def cross_validate(inputs: Sequence[SuggestionInput], *, folds: int = 5, chars: bool = USE_CHARS,
                   c: float = C, seed: int = 0) -> dict[str, Any]:
    """Out-of-fold figures: the model's accuracy, per-label precision and recall and its
    expected calibration error, next to the rules' and the majority label's accuracy on
    the same statements. Also returns the calibration temperature fitted on those folds."""
    from sklearn.model_selection import KFold, StratifiedKFold

    y = [x.label for x in inputs]
    smallest = min(Counter(y).values())
    splitter = StratifiedKFold(min(folds, smallest), shuffle=True, random_state=seed) \
        if smallest >= 2 else KFold(min(folds, len(inputs)), shuffle=True, random_state=seed)
    predicted: list[str | None] = [None] * len(inputs)
    majority: list[str | None] = [None] * len(inputs)
    logits: list[numpy.ndarray] = [numpy.zeros(0)] * len(inputs)
    labels = sorted(set(y))
    for train, test in splitter.split(numpy.zeros(len(y)), y):
        part = [inputs[i] for i in train]
        common = Counter(y[i] for i in train).most_common(1)[0][0]
        held_out = [inputs[i] for i in test]
        if len({x.label for x in part}) < 2:
            for i in test:
                predicted[i] = majority[i] = common
                logits[i] = numpy.array([0.0 if k == common else -10.0 for k in labels])
            continue
        model = fit(part, chars=chars, c=c)
        fold_logits = model.raw_logits(held_out)
        for row, i in enumerate(test):
            full = numpy.full(len(labels), -30.0)  # a label this fold never saw
            for k, label in enumerate(model.labels):
                full[labels.index(label)] = fold_logits[row, k]
            logits[i] = full
            predicted[i] = labels[int(full.argmax())]
            majority[i] = common
    matrix = numpy.vstack(logits)
    truth = numpy.array([labels.index(label) for label in y])
    rules = _rule_matrix(inputs, labels)
    rule_weight, temperature = _fit_calibration(matrix, rules, truth)
    calibrated = (matrix + rule_weight * rules) / temperature
    probs = _softmax(calibrated)
    predicted = [labels[k] for k in calibrated.argmax(axis=1)]
    return {
        "examples": len(inputs),
        "accuracy": _share(p == t for p, t in zip(predicted, y)),
        "model_alone_accuracy": _share(labels[k] == t for k, t in zip(matrix.argmax(axis=1), y)),
        "rules_accuracy": _share(x.rule_label == x.label for x in inputs),
        "majority_accuracy": _share(m == t for m, t in zip(majority, y)),
        "per_label": _per_label(predicted, y, labels),
        "ece": round(_ece(probs, truth), 4),
        "ece_uncalibrated": round(_ece(_softmax(matrix), truth), 4),
        "temperature": round(temperature, 4),
        "rule_weight": round(rule_weight, 4),
        "folds": splitter.get_n_splits(),
    }


def _per_label(predicted: list[str | None], truth: list[str | None],
               labels: list[str]) -> dict[str, dict[str, float | int]]:
    out = {}
    for label in labels:
        tp = sum(1 for p, t in zip(predicted, truth) if p == t == label)
        said = sum(1 for p in predicted if p == label)
        real = sum(1 for t in truth if t == label)
        out[label] = {"precision": round(tp / said, 3) if said else 0.0,
                      "recall": round(tp / real, 3) if real else 0.0, "support": real}
    return out


RULE_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)


def _fit_calibration(logits: numpy.ndarray, rules: numpy.ndarray,
                     truth: numpy.ndarray) -> tuple[float, float]:
    """The rule prior's weight and the temperature that make the out-of-fold predictions
    most likely (least log loss). With few labels the rules carry more weight; with many,
    the model learns what they know and the weight falls."""
    from scipy.optimize import minimize_scalar

    def nll(z: numpy.ndarray) -> float:
        probs = _softmax(z)
        return -float(numpy.log(probs[numpy.arange(len(truth)), truth] + 1e-12).mean())

    best = (math.inf, 0.0, 1.0)
    for weight in RULE_WEIGHTS:
        z = logits + weight * rules
        found = minimize_scalar(lambda log_t: nll(z / math.exp(log_t)),
                                bounds=(math.log(0.05), math.log(20.0)), method="bounded")
        if found.fun < best[0]:
            best = (float(found.fun), weight, float(math.exp(found.x)))
    return best[1], best[2]


def _rule_matrix(inputs: Sequence[SuggestionInput], labels: list[str]) -> numpy.ndarray:
    """One-hot rows of each input's rule label over ``labels``."""
    out = numpy.zeros((len(inputs), len(labels)))
    index = {label: k for k, label in enumerate(labels)}
    for row, x in enumerate(inputs):
        if x.rule_label in index:
            out[row, index[x.rule_label]] = 1.0
    return out


def _ece(probs: numpy.ndarray, truth: numpy.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top label: |accuracy − confidence|, by bin."""
    confidence = probs.max(axis=1)
    right = probs.argmax(axis=1) == truth
    total = 0.0
    for b in range(bins):
        inside = (confidence > b / bins) & (confidence <= (b + 1) / bins)
        if inside.any():
            total += inside.mean() * abs(right[inside].mean() - confidence[inside].mean())
    return total


def _softmax(z: numpy.ndarray) -> numpy.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = numpy.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _share(flags: Any) -> float:
    values = list(flags)
    return round(sum(values) / len(values), 4) if values else 0.0


def _rounded(values: Any) -> list[float]:
    return [float(f"{v:.6g}") for v in numpy.asarray(values).tolist()]
