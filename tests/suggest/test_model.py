"""The suggestion model on its own: what it learns, calibrated scores, a safe stored form."""

from __future__ import annotations

import zlib

import numpy
import pytest

from annotator.core.models import SuggestionInput
from annotator.suggest import SuggestionModel, cross_validate, fit, signals

TEXTS = {
    "warning": ["the city would cut bus service if funding was not restored",
                "there will be consequences if they cross that line",
                "the storm could knock out power to thousands of homes"],
    "denial": ["the allegations were completely false", "that meeting never happened",
               "there is no truth to these rumours"],
    "claim": ["the plan is a giveaway to wealthy donors", "the election was stolen",
              "the economy is stronger than ever"],
    "report": ["the bridge reopens on Friday", "the vote is scheduled for Tuesday",
               "the two leaders met for two hours"],
}


def _inputs(repeat: int = 4) -> list[SuggestionInput]:
    out = []
    for label, texts in TEXTS.items():
        for r in range(repeat):
            for i, text in enumerate(texts):
                out.append(SuggestionInput(len(out), f"{text} {r}", "said", "PERSON", "indirect",
                                           "report", label))
    return out


def test_scores_are_probabilities_and_the_stored_form_gives_the_same_ones():
    model = fit(_inputs())
    probe = [SuggestionInput(0, "the rumours were false and the meeting never happened", "said")]
    probs = model.probabilities(probe)
    assert probs.shape == (1, 4) and numpy.isclose(probs.sum(), 1.0)
    assert model.suggest(probe)[0][0] == "denial"
    again = SuggestionModel.from_bytes(model.to_bytes())
    assert numpy.allclose(again.probabilities(probe), probs, atol=1e-4)


def test_the_stored_form_is_json_not_a_pickle():
    blob = fit(_inputs()).to_bytes()
    assert zlib.decompress(blob).startswith(b"{")
    with pytest.raises(ValueError):
        SuggestionModel.from_bytes(zlib.compress(b'{"format": 99}'))


def test_cross_validation_reports_accuracy_rules_majority_and_calibration():
    metrics = cross_validate(_inputs())
    assert 0.0 <= metrics["ece"] <= 1.0 and metrics["temperature"] > 0
    assert metrics["rules_accuracy"] == 0.25 and metrics["majority_accuracy"] <= 0.25
    assert metrics["accuracy"] > 0.8
    assert set(metrics["per_label"]) == set(TEXTS)


def test_signals_name_the_guidelines_cues():
    found = signals(SuggestionInput(0, "“We will not respond if they stop,”", "said", "ORG",
                                    "quote", "warning"))
    assert {"quoted", "negation", "future", "conditional", "first_person", "rule=warning",
            "speaker=ORG", "cue=said", "origin=quote"} <= set(found)
