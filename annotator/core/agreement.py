"""Inter-annotator agreement on nominal labels. Pure Python, linear in the number of votes.

Tested against the `krippendorff` package and scikit-learn's `cohen_kappa_score` on the same
data (tests/core/test_agreement.py). Undefined values (e.g. kappa or alpha when only one label
was ever used) are ``None``, never a made-up number.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

Units = Mapping[Any, Mapping[str, str]]  # unit (statement) -> {annotator: label}


@dataclass(frozen=True)
class PairAgreement:
    a: str
    b: str
    statements: int
    percent: float | None
    kappa: float | None


@dataclass(frozen=True)
class GroupAgreement:
    name: str
    statements: int
    percent: float | None
    alpha: float | None


@dataclass
class AgreementReport:
    statements: int = 0  # statements labelled by two or more annotators
    votes: int = 0
    annotators: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    percent: float | None = None
    alpha: float | None = None
    pairs: list[PairAgreement] = field(default_factory=list)
    per_label: dict[str, float | None] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    by_source: list[GroupAgreement] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "statements": self.statements, "votes": self.votes, "annotators": self.annotators,
            "labels": self.labels, "percent_agreement": self.percent,
            "krippendorff_alpha": self.alpha,
            "pairs": [vars(p) for p in self.pairs], "per_label": self.per_label,
            "confusion": self.confusion, "by_source": [vars(g) for g in self.by_source],
        }


def figure(value: float | None, *, percent: bool = False) -> str:
    """How a figure is shown: "80.4%" or "0.704", and "n/a" when it is undefined."""
    if value is None:
        return "n/a"
    return f"{value:.1%}" if percent else f"{value:.3f}"


def multiply_labelled(units: Units) -> dict[Any, dict[str, str]]:
    return {u: dict(v) for u, v in units.items() if len(v) >= 2}


Patterns = Counter  # sorted tuple of a statement's labels -> how many statements voted so


def patterns(units: Units) -> Patterns:
    """How many statements had each multiset of votes. Statements come in few patterns (two
    votes over five labels: at most 15), so every figure below is computed per pattern."""
    return Counter(tuple(sorted(v.values())) for v in units.values() if len(v) >= 2)


def percent_agreement(units: Units | Patterns) -> float | None:
    """Share of agreeing pairs among all pairs of votes on the same statement."""
    agree = total = 0
    for labels, n in _patterns(units).items():
        for x, y in combinations(labels, 2):
            total += n
            agree += n * (x == y)
    return agree / total if total else None


def coincidences(units: Units | Patterns) -> dict[str, Counter[str]]:
    """Krippendorff's coincidence matrix: o[c][k] = Σ over units of pairs (c, k) / (m_u - 1)."""
    o: dict[str, Counter[str]] = defaultdict(Counter)
    for labels, n in _patterns(units).items():
        m = len(labels)
        counts = Counter(labels)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    o[c][k] += n * pairs / (m - 1)
    return o


def krippendorff_alpha(units: Units | Patterns) -> float | None:
    """Krippendorff's alpha for nominal data (missing votes allowed)."""
    o = coincidences(units)
    n_c = {c: sum(row.values()) for c, row in o.items()}
    n = sum(n_c.values())
    if n <= 1 or len(n_c) < 2:
        return None
    observed = sum(v for c, row in o.items() for k, v in row.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k) / (n - 1)
    return 1.0 - observed / expected if expected else None


def per_label_agreement(units: Units | Patterns) -> dict[str, float | None]:
    """Specific agreement for each label: of the pairable votes with this label, the share
    paired with the same label (o_kk / n_k)."""
    o = coincidences(units)
    return {c: (row[c] / sum(row.values()) if sum(row.values()) else None) for c, row in o.items()}


def _patterns(units: Units | Patterns) -> Patterns:
    return units if isinstance(units, Counter) else patterns(units)


def cohen_kappa(a: Iterable[str], b: Iterable[str]) -> float | None:
    """Cohen's kappa for two annotators' labels on the same statements, in order."""
    x, y = list(a), list(b)
    n = len(x)
    if n == 0:
        return None
    observed = sum(p == q for p, q in zip(x, y)) / n
    ca, cb = Counter(x), Counter(y)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if expected == 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def confusion_matrix(units: Units | Patterns) -> dict[str, dict[str, int]]:
    """How often two labels were given to the same statement by two annotators (symmetric;
    the diagonal counts agreeing pairs)."""
    matrix: dict[str, Counter[str]] = defaultdict(Counter)
    for labels, n in _patterns(units).items():
        for x, y in combinations(labels, 2):
            matrix[x][y] += n
            if x != y:
                matrix[y][x] += n
    return {c: dict(row) for c, row in matrix.items()}


def report(units: Units, sources: Mapping[Any, str | None] | None = None,
           label_order: list[str] | None = None) -> AgreementReport:
    """Everything at once over statements labelled by two or more annotators."""
    multi = multiply_labelled(units)
    overall = patterns(multi)
    annotators = sorted({a for v in multi.values() for a in v})
    used = {label for labels in overall for label in labels}
    order = [k for k in (label_order or []) if k in used] + sorted(used - set(label_order or []))
    pairs = []
    for a, b in combinations(annotators, 2):
        shared = [(v[a], v[b]) for v in multi.values() if a in v and b in v]
        if shared:
            xs, ys = zip(*shared)
            pairs.append(PairAgreement(a, b, len(shared),
                                       sum(p == q for p, q in shared) / len(shared),
                                       cohen_kappa(xs, ys)))
    by_source: list[GroupAgreement] = []
    if sources is not None:
        grouped: dict[str, Patterns] = defaultdict(Counter)
        for unit, votes in multi.items():
            grouped[sources.get(unit) or "(no outlet)"][tuple(sorted(votes.values()))] += 1
        by_source = [GroupAgreement(name, sum(g.values()), percent_agreement(g),
                                    krippendorff_alpha(g))
                     for name, g in sorted(grouped.items())]
    return AgreementReport(
        statements=len(multi), votes=sum(len(v) for v in multi.values()),
        annotators=annotators, labels=order, percent=percent_agreement(overall),
        alpha=krippendorff_alpha(overall), pairs=pairs, per_label=per_label_agreement(overall),
        confusion=confusion_matrix(overall), by_source=by_source)
