"""The cue lexicon and content rules (data in resources/lexicon.json)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from annotator.core.assets import resource
from annotator.core.cues import CueBook, default_cues


@dataclass(frozen=True)
class ContentRule:
    label: str
    score: float
    pattern: re.Pattern[str]  # the rule's patterns as one alternation

    def matches(self, text: str) -> bool:
        return self.pattern.search(text) is not None


@dataclass(frozen=True)
class Lexicon:
    version: str
    cue_labels: dict[str, str]  # lemma -> label of the cue's own meaning
    nominal_labels: dict[str, str]  # noun lemma -> label ("warning" -> warning)
    cue_scores: dict[str, float]  # label -> confidence of a cue-only suggestion
    particle_cues: dict[str, str]  # lemma -> required particle ("point" -> "out")
    weak_cues: frozenset[str]  # cues that count only with a clause or a quote
    content_rules: tuple[ContentRule, ...]
    relay_cues: frozenset[str]  # neutral cues that relay rather than assert (report, announce)
    relay: re.Pattern[str]  # content that relays an event, a decision, a plan
    speaker_titles: frozenset[str]
    person_pronouns: frozenset[str]
    other_pronouns: frozenset[str]
    boilerplate: re.Pattern[str]
    cues: CueBook = field(default_factory=default_cues)  # kinds of cue (resources/cues.json)

    def cue_label(self, lemma: str) -> str | None:
        return self.cue_labels.get(lemma) or self.nominal_labels.get(lemma)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return parse_lexicon(json.loads(resource("lexicon.json").read_text(encoding="utf-8")))


def parse_lexicon(data: dict) -> Lexicon:  # type: ignore[type-arg]
    cue_labels = {lemma: label for label, lemmas in data["cue_verbs"].items() for lemma in lemmas}
    order = {label: i for i, label in enumerate(data.get("content_rule_order", []))}
    rules = sorted(
        (ContentRule(r["label"], float(r["score"]), _alternation(r["patterns"], re.IGNORECASE))
         for r in data.get("content_rules", [])),
        key=lambda r: order.get(r.label, len(order)),
    )
    nominal = {lemma: label for label, lemmas in data.get("nominal_cues", {}).items()
               for lemma in lemmas}
    return Lexicon(
        version=str(data.get("version", "1")),
        cue_labels=cue_labels,
        nominal_labels=nominal,
        cue_scores={k: float(v) for k, v in data.get("cue_scores", {}).items()},
        particle_cues=dict(data.get("particle_cues", {})),
        weak_cues=frozenset(data.get("weak_cues", [])),
        content_rules=tuple(rules),
        relay_cues=frozenset(data.get("relay_cues", [])),
        relay=_alternation(data.get("relay_patterns", []) or ["(?!)"], re.IGNORECASE),
        speaker_titles=frozenset(data.get("speaker_titles", [])),
        person_pronouns=frozenset(data.get("pronouns", {}).get("person", [])),
        other_pronouns=frozenset(data.get("pronouns", {}).get("any", [])),
        boilerplate=_alternation(data.get("boilerplate_patterns", []) or ["(?!)"]),
    )


def _alternation(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    """One compiled pattern for many; inline flags like (?i) become scoped groups."""
    parts = []
    for p in patterns:
        re.compile(p)  # each must be valid on its own
        if p.startswith("(?i)"):
            parts.append("(?i:" + p[4:] + ")")
        else:
            parts.append("(?:" + p + ")")
    return re.compile("|".join(parts), flags)
