"""Learning from edits: which candidates annotators keep and which they mark "not a
statement". A small linear model over what detection records of each candidate (its kind,
how it was found, its cue, its speaker, its shape) re-weighs the confidence of new candidates
at import, so kinds and cues a team keeps rejecting sink below the "unlikely" line (dimmed,
hidden with H) and the ones it keeps rise.

The model is a plain weight per feature (JSON in the database, no pickles); applying it needs
no scikit-learn. Its say grows with the number of reviewed candidates it learnt from, so a
few edits barely move the rules' confidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

PRIOR_EXAMPLES = 200  # reviewed candidates at which the model and the rules weigh the same
SETTING = "candidate_filter"


@dataclass(frozen=True)
class CandidateFacts:
    """What detection stored about one candidate (the same at import and in the database)."""

    kind: str | None
    origin: str
    cue: str | None  # the cue's text, lower case
    content: str
    has_speaker: bool
    speaker_type: str | None


def features(facts: CandidateFacts) -> list[str]:
    words = facts.content.split()
    size = min(6, int(math.log2(len(words) + 1)))
    first = words[0].lower().strip("“”\"'‘’«»,") if words else ""
    quoted = facts.content[:1] in "“\"'‘«„" if facts.content else False
    kind = facts.kind or "-"
    cue = facts.cue or "-"
    return [
        f"kind={kind}", f"origin={facts.origin}", f"cue={cue}", f"kind_cue={kind}:{cue}",
        f"speaker={'yes' if facts.has_speaker else 'no'}",
        f"speaker_type={facts.speaker_type or '-'}", f"size={size}", f"kind_size={kind}:{size}",
        f"first={first}", f"quoted={quoted}", f"kind_speaker={kind}:{facts.has_speaker}",
    ]


@dataclass(frozen=True)
class CandidateFilter:
    weights: dict[str, float]
    intercept: float
    examples: int  # reviewed candidates it learnt from
    metrics: dict[str, Any]
    created_at: str

    def probability(self, facts: CandidateFacts) -> float:
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in features(facts))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def adjust(self, confidence: float | None, facts: CandidateFacts) -> float:
        """The rules' confidence moved towards the model's, by how much the model has seen."""
        prior = 0.5 if confidence is None else confidence
        weight = self.examples / (self.examples + PRIOR_EXAMPLES)
        return round(weight * self.probability(facts) + (1 - weight) * prior, 2)

    def as_json(self) -> dict[str, Any]:
        return {"weights": self.weights, "intercept": self.intercept, "examples": self.examples,
                "metrics": self.metrics, "created_at": self.created_at}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> CandidateFilter | None:
        if not data or "weights" not in data:
            return None
        return cls({str(k): float(v) for k, v in data["weights"].items()},
                   float(data["intercept"]), int(data["examples"]), dict(data.get("metrics", {})),
                   str(data.get("created_at", "")))


def facts_of(text: str, kind: str | None, origin: str, start: int, end: int,
             cue: tuple[int | None, int | None], has_speaker: bool,
             speaker_type: str | None) -> CandidateFacts:
    cue_text = text[cue[0]:cue[1]].lower() if cue[0] is not None and cue[1] is not None else None
    return CandidateFacts(kind, origin, cue_text, text[start:end], has_speaker, speaker_type)
