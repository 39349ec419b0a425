"""Learning from edits, part two: where annotators move a candidate's start and end.

Detection puts each edge of a candidate at a token boundary; a team has its own idea of
where statements start and end (with or without the writer's "adding that …", the closing
full stop, a leading "that"). Each edge is a small ranking problem: the token boundaries a
few tokens either side of where detection put it are the choices, each described by the
tokens beside it, how far it is from detection's choice and what lies between, and a
linear model learnt from the edge annotators chose (``annotator train``) picks one. The
choices and their features are read off the text alone, so training needs no parse.

The model is plain weights (JSON in the database, no pickles) and applying it needs no
scikit-learn. It is stored only when, out of fold, it puts edges where annotators put them
more often than detection did; it never moves an edge across a cue, a speaker or a line.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

SETTING = "boundary_model"
WINDOW = 10  # token boundaries an edge may move either way
CONTEXT = 300  # characters either side of a statement that features are read from
EDGES = ("start", "end")
MARGIN = 0.5  # how much more (log odds) a move must score than detection's edge

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_QUOTES = frozenset("\"“”‘’«»„'")
_STOPS = frozenset(".!?;")


@dataclass(frozen=True)
class Example:
    """One candidate as annotators judged it, in a piece of its article's text: where
    detection put it and where they left it (the same, for a candidate kept as it was).
    Offsets are into ``text``; ``blocked`` are spans no edge may cross (cue, speaker)."""

    text: str
    detected: tuple[int, int]
    chosen: tuple[int, int]
    kind: str | None = None
    origin: str = ""
    blocked: tuple[tuple[int, int], ...] = ()


def _shape(token: str) -> str:
    if not token:
        return "none"
    if token in _QUOTES:
        return "quote"
    if not token[0].isalnum() and token[0] != "_":
        return "punct"
    if token.isdigit():
        return "digit"
    if token[0].isupper():
        return "Xx"
    return "x"


def _bucket(steps: int) -> str:
    size = abs(steps)
    band = "0" if size == 0 else str(size) if size <= 2 else "3-4" if size <= 4 else "5+"
    return band if steps >= 0 else "-" + band


def choices(text: str, edge: str, at: int,
            blocked: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, list[str]]]:
    """The positions an edge at ``at`` may move to (``at`` first), each with its features."""
    lo = max(text.rfind("\n", 0, at) + 1, at - CONTEXT)
    hi = text.find("\n", at)
    hi = min(len(text) if hi < 0 else hi, at + CONTEXT)
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, lo, hi)]
    starts = [t[0] for t in tokens]
    ends = [t[1] for t in tokens]
    # An end sits after a token, a start before one.
    spots = sorted({*(ends if edge == "end" else starts), at})
    here = spots.index(at)
    first, last = max(0, here - WINDOW), min(len(spots), here + WINDOW + 1)
    # Each token's words once (not once per position that sees it).
    words: dict[int, tuple[str, str]] = {}

    def word(index: int) -> tuple[str, str]:
        if index not in words:
            token = tokens[index][2] if 0 <= index < len(tokens) else ""
            words[index] = (token.lower(), _shape(token))
        return words[index]

    found: list[tuple[int, list[str]]] = []
    for index in range(first, last):
        position = spots[index]
        a, b = (at, position) if at <= position else (position, at)
        if position != at and blocked and any(b0 < b and a < b1 for b0, b1 in blocked):
            continue
        left = word(bisect_right(ends, position) - 1)
        right = word(bisect_left(starts, position))
        between = text[a:b]
        steps = _bucket(index - here)
        inside, outside = (right, left) if edge == "start" else (left, right)
        found.append((position, [
            "steps=" + steps, "in=" + inside[0], "out=" + outside[0],
            "in_shape=" + inside[1], "out_shape=" + outside[1],
            f"steps_in={steps}:{inside[0]}", f"steps_out={steps}:{outside[0]}",
            f"steps_out_shape={steps}:{outside[1]}",
            "crosses_quote=" + str(not _QUOTES.isdisjoint(between)),
            "crosses_comma=" + str("," in between),
            "crosses_stop=" + str(not _STOPS.isdisjoint(between)),
        ]))
    found.sort(key=lambda item: item[0] != at)  # detection's own choice first
    return found


def kind_features(example_kind: str | None, origin: str, features: list[str]) -> list[str]:
    """The choice's features, and its distance again per kind of candidate."""
    steps = features[0]
    return features + [f"kind={example_kind or '-'}:{steps}", f"origin={origin}:{steps}"]


@dataclass(frozen=True)
class EdgeModel:
    weights: dict[str, float]
    intercept: float

    def score(self, features: list[str]) -> float:
        return self.intercept + sum(self.weights.get(f, 0.0) for f in features)

    def pick(self, text: str, edge: str, at: int, kind: str | None, origin: str,
             blocked: tuple[tuple[int, int], ...] = ()) -> int:
        """Where this edge goes: the best choice when the model prefers it to detection's
        own by a clear margin, else ``at``."""
        return pick(choices(text, edge, at, blocked), kind, origin, self.score)


def pick(options: list[tuple[int, list[str]]], kind: str | None, origin: str,
         score: Any) -> int:
    """The position of the best-scoring option if it beats the first (detection's own) by
    MARGIN, else the first's."""
    scored = [(score(kind_features(kind, origin, features)), position)
              for position, features in options]
    keep, at = scored[0]
    best, position = max(scored)
    return position if best > keep + MARGIN else at


@dataclass(frozen=True)
class BoundaryModel:
    """A model per edge (None: detection's edge stays), what it learnt from, how it did."""

    start: EdgeModel | None
    end: EdgeModel | None
    examples: int
    metrics: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""

    def apply(self, text: str, start: int, end: int, kind: str | None, origin: str,
              blocked: tuple[tuple[int, int], ...] = ()) -> tuple[int, int]:
        """A candidate's bounds where annotators would put them (never empty or inverted)."""
        new_start = self.start.pick(text, "start", start, kind, origin, blocked) \
            if self.start else start
        new_end = self.end.pick(text, "end", end, kind, origin, blocked) if self.end else end
        if not new_start < new_end or not text[new_start:new_end].strip():
            return start, end
        return new_start, new_end

    def as_json(self) -> dict[str, Any]:
        def edge(model: EdgeModel | None) -> dict[str, Any] | None:
            return None if model is None else {"weights": model.weights,
                                               "intercept": model.intercept}
        return {"start": edge(self.start), "end": edge(self.end), "examples": self.examples,
                "metrics": self.metrics, "created_at": self.created_at}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> BoundaryModel | None:
        if not data or (not data.get("start") and not data.get("end")):
            return None

        def edge(part: dict[str, Any] | None) -> EdgeModel | None:
            if not part:
                return None
            return EdgeModel({str(k): float(v) for k, v in part["weights"].items()},
                             float(part["intercept"]))
        return cls(edge(data.get("start")), edge(data.get("end")), int(data.get("examples", 0)),
                   dict(data.get("metrics", {})), str(data.get("created_at", "")))
