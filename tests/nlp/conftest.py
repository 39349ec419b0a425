from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def pipeline():
    from annotator.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def detect(pipeline):
    """detect(text) -> list of dicts describing each statement, for readable assertions."""
    from annotator.nlp import analyse

    def run(text: str) -> list[dict]:
        doc = pipeline.nlp(text)
        ents, statements = analyse(doc)
        out = []
        for s in statements:
            entity = ents[s.speaker_entity] if s.speaker_entity is not None else None
            out.append({
                "text": text[s.start:s.end], "start": s.start, "end": s.end,
                "speaker": text[s.speaker_start:s.speaker_end] if s.speaker_start is not None else None,
                "entity": text[entity.start:entity.end] if entity else None,
                "cue": text[s.cue_start:s.cue_end] if s.cue_start is not None else None,
                "label": s.suggested_label, "score": s.suggested_score, "origin": s.origin,
                "kind": s.kind, "confidence": s.confidence,
            })
        return out

    return run
