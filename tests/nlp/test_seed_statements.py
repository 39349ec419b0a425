"""Statement detection on the five real seed articles (expectations in seed_expectations.py)."""

from __future__ import annotations

import pytest

from annotator.io.readers import read_txt
from seed_expectations import EXPECTED, LABELS, NOT_STATEMENTS


@pytest.fixture(scope="module")
def seed_results(seeds, detect):
    results = {}
    for name in EXPECTED:
        (article,) = list(read_txt(seeds / name, name, None))
        results[name] = (article.text, detect(article.text))
    return results


def _find(text: str, found: list[dict], first: str, last: str) -> list[dict]:
    start = text.find(first)
    assert start >= 0, f"expectation does not match the article: {first!r}"
    end = text.find(last, start) + len(last)
    assert end >= len(last), f"expectation does not match the article: {last!r}"
    return [s for s in found if s["start"] <= start and end <= s["end"]]


CASES = [(name, *case) for name, cases in EXPECTED.items() for case in cases]


@pytest.mark.parametrize("name, first, last, speaker", CASES,
                         ids=[f"{c[0][:3]}-{c[1][:30]}" for c in CASES])
def test_statement_is_one_candidate_covering_it_with_the_right_speaker(
        seed_results, name, first, last, speaker):
    text, found = seed_results[name]
    covering = _find(text, found, first, last)
    assert len(covering) == 1, f"{len(covering)} candidates cover {first!r}…{last!r}"
    statement = covering[0]
    assert speaker in (statement["entity"], statement["speaker"]), statement
    # The candidate is the statement, not the paragraph: at most a few words more.
    expected_length = text.find(last, text.find(first)) + len(last) - text.find(first)
    assert len(statement["text"]) <= expected_length + 40, statement["text"]


@pytest.mark.parametrize("name", sorted(NOT_STATEMENTS))
def test_boilerplate_and_narration_yield_no_statements(seed_results, name):
    text, found = seed_results[name]
    for passage in NOT_STATEMENTS[name]:
        start = text.find(passage)
        assert start >= 0, passage
        end = start + len(passage)
        assert not [s for s in found if s["start"] < end and start < s["end"]], passage


def test_seed_quality_figures(seed_results):
    """Recall of expected statements and speaker accuracy (the benchmark prints precision)."""
    hits = speakers = total = 0
    for name, cases in EXPECTED.items():
        text, found = seed_results[name]
        for first, last, speaker in cases:
            total += 1
            covering = _find(text, found, first, last)
            if len(covering) == 1:
                hits += 1
                speakers += speaker in (covering[0]["entity"], covering[0]["speaker"])
    assert hits / total >= 0.95 and speakers / total >= 0.92, (hits, speakers, total)


def test_rule_suggestions_on_the_seeds_follow_the_guidelines(seed_results):
    """The cold-start suggestion (rules alone) against the hand labels in LABELS: at least
    70 % right, and "said" no longer makes everything a report."""
    right = total = 0
    suggested = []
    for name, cases in EXPECTED.items():
        text, found = seed_results[name]
        for (first, last, _), label in zip(cases, LABELS[name]):
            covering = _find(text, found, first, last)
            total += 1
            if covering:
                suggested.append(covering[0]["label"])
                right += covering[0]["label"] == label
    assert right / total >= 0.70, (right, total)
    assert suggested.count("report") < total / 3


def test_said_with_an_assertion_is_a_claim_and_with_an_event_a_report(detect):
    (assertion,) = detect("The senator said the tax plan is a giveaway to the rich.")
    assert assertion["label"] == "claim"
    (event,) = detect("The senator said she met the governor on Tuesday to discuss the budget.")
    assert event["label"] == "report"
    (relay,) = detect("The agency confirmed that the bridge is closed to traffic.")
    assert relay["label"] == "report"
    (threat,) = detect("The minister said Russia would retaliate if the strikes continued.")
    assert threat["label"] == "warning"
