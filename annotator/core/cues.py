"""Kinds of attribution and the cue words of each (data in resources/cues.json).

A cue's kind depends on its lemma *and* the complement it takes: "expect" with a clause is a
belief ("expect the talks will fail"), with an infinitive an intention ("expect to win");
"call" with an object and a complement is speech ("called it a disaster"), with "for" a
demand ("called for an inquiry").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from annotator.core.assets import resource

FRAMES = ("clause", "object", "infinitive", "object_infinitive", "for", "on", "to")
KINDS = ("speech", "evidence", "stance", "intention", "belief", "demand")


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    confidence: float
    frames: dict[str, frozenset[str]]  # frame -> lemmas


@dataclass(frozen=True)
class CueBook:
    version: str
    kinds: dict[str, Kind]
    low_confidence: float
    requests: frozenset[str]  # "did not respond to a *request* for comment"
    speech_infinitives: frozenset[str]  # "declined to *comment*": speech, not intention
    evidence_sources: frozenset[str]  # subjects that show things: "polls show a tight race"
    stance_not_objects: frozenset[str]  # entity types no stance is about ("attacked Kyiv")
    animate_nouns: frozenset[str]
    transcript_stop: frozenset[str]  # "UPDATE:", "WATCH:" open lines but are nobody's words
    lemmas: frozenset[str]  # every lemma of every kind and frame

    def kind_for(self, lemma: str, frame: str) -> str | None:
        """The first kind (in the file's order) whose ``frame`` lists ``lemma``."""
        for kind in self.kinds.values():
            if lemma in kind.frames.get(frame, ()):
                return kind.name
        return None

    def confidence(self, kind: str) -> float:
        return self.kinds[kind].confidence

    def is_low(self, confidence: float | None) -> bool:
        return confidence is not None and confidence < self.low_confidence


@lru_cache(maxsize=1)
def default_cues() -> CueBook:
    return parse_cues(json.loads(resource("cues.json").read_text(encoding="utf-8")))


def parse_cues(data: dict[str, Any]) -> CueBook:
    kinds = {}
    for name, entry in data["kinds"].items():
        unknown = set(entry.get("frames", {})) - set(FRAMES)
        if name not in KINDS or unknown:
            raise ValueError(f"cues.json: unknown kind {name!r} or frames {sorted(unknown)}")
        kinds[name] = Kind(name, entry.get("title", name.title()), float(entry["confidence"]),
                           {f: frozenset(v) for f, v in entry.get("frames", {}).items()})
    speech = data["kinds"].get("speech", {})
    return CueBook(
        version=str(data.get("version", "1")),
        kinds=kinds,
        low_confidence=float(data.get("low_confidence", 0.6)),
        requests=frozenset(speech.get("requests", [])),
        speech_infinitives=frozenset(speech.get("speech_infinitives", [])),
        evidence_sources=frozenset(data["kinds"].get("evidence", {}).get("object_sources", [])),
        stance_not_objects=frozenset(data["kinds"].get("stance", {}).get("not_objects", [])),
        animate_nouns=frozenset(data.get("animate_nouns", [])),
        transcript_stop=frozenset(data.get("transcript_stop", [])),
        lemmas=frozenset(lemma for kind in kinds.values()
                         for lemmas in kind.frames.values() for lemma in lemmas),
    )


def kind_title(kind: str | None) -> str:
    if kind is None:
        return "Unknown"
    found = default_cues().kinds.get(kind)
    return found.title if found else kind.title()
