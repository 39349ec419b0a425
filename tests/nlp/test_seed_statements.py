"""Statement detection on the five real seed articles (expectations in seed_expectations.py)."""

from __future__ import annotations

import pytest

from annotator.io.readers import read_txt
from seed_expectations import EXPECTED, NOT_STATEMENTS


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
