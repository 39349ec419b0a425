"""Scraped pages hold runs of thousands of words without a full stop (a table flattened to
text, a page without punctuation). Detection must do work linear in the text: counted in
the doc's index (the total size of the token sets the rules build), never timed."""

from __future__ import annotations

from annotator.nlp import analyse
from annotator.nlp.docindex import index
from annotator.nlp.pipeline import MAX_SENTENCE_TOKENS

# Every clause reports the next one: the worst case for rules that collect a cue's clause
# and take out the clauses of the cues nested in it.
CHAIN = "officials said that the minister claimed that "


def test_a_10000_token_sentence_is_detected_with_linear_work(pipeline):
    text = CHAIN * 1430 + "it rained."
    doc = pipeline.nlp(text)
    assert len(doc) > 10_000
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    _, statements = analyse(doc)
    work = index(doc).work
    # Quadratic rules do about len(doc) ** 2 / 14 here (7 million); bounded ones at most
    # MAX_SENTENCE_TOKENS per token, and in fact far less.
    assert work <= 100 * len(doc), work
    assert statements and all(0 <= s.start < s.end <= len(text) for s in statements)


def test_an_overlong_sentence_is_cut_at_a_comma_and_short_ones_are_not_touched(pipeline):
    row = "Name, Value, 12, Smith warned voters "
    doc = pipeline.nlp(row * 100)
    sentences = list(doc.sents)
    assert max(len(s) for s in sentences) <= MAX_SENTENCE_TOKENS
    assert all(s[0].i == 0 or doc[s[0].i - 1].text in {",", "warned", "voters"} or
               len(s) < MAX_SENTENCE_TOKENS for s in sentences)
    cut = [s for s in sentences[1:] if doc[s[0].i - 1].text == ","]
    assert cut, "the cuts fall after a comma where there is one"
    normal = pipeline.nlp("The minister, who arrived late, said on Monday that prices would "
                          "rise sharply next year and that nothing could be done about it.")
    assert len(list(normal.sents)) == 1


def test_ordinary_text_costs_a_few_visits_per_token(pipeline, seeds):
    for path in sorted(seeds.glob("*.txt")):
        doc = pipeline.nlp(path.read_text(encoding="utf-8"))
        analyse(doc)
        assert index(doc).work <= 10 * len(doc), path.name


def test_a_stray_quote_mark_in_a_page_without_line_breaks_does_not_swallow_it(pipeline):
    """Found by fuzzing: one opening mark that is never closed, in 20,000 characters without
    a line break, made every candidate after it "part of the quote" (13 s of detection for
    4,900 tokens). A quote is never longer than MAX_QUOTE_CHARS."""
    from annotator.core.quotes import MAX_QUOTE_CHARS, find_quotes

    text = "“" + "The mayor said the budget would pass, and critics claimed it would fail. " * 280
    assert len(text) > 20_000 and "\n" not in text
    assert find_quotes(text) == []
    short = "He said: “We will build the bridge,” and left."
    assert find_quotes(short) == [(short.index("“"), short.index("”") + 1)]
    _, statements = analyse(pipeline.nlp(text))
    assert statements and max(s.end - s.start for s in statements) <= MAX_QUOTE_CHARS
