"""Cross-outlet linking: statements that report the same utterance, found by blocking,
scored pair by pair, and grouped into clusters. No database here (annotator.linking reads
and writes); everything is a pure function of the statements given, so linking new
statements against stored ones gives the clusters a full rebuild gives."""

from annotator.link.clusters import Constraint, cluster
from annotator.link.similarity import (
    DEFAULT_THRESHOLD,
    Link,
    Variant,
    candidate_pairs,
    links,
    score_pair,
)

__all__ = ["DEFAULT_THRESHOLD", "Constraint", "Link", "Variant", "candidate_pairs", "cluster",
           "links", "score_pair"]
