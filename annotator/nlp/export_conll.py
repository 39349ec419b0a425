"""CoNLL-2003 export of the articles' entities (as annotators corrected them): one token per
line — the token, two placeholder columns (no part-of-speech or chunk tags are kept) and
its IOB2 entity tag — a blank line after each sentence, and ``-DOCSTART- -X- O O``
before each article. spaCy's ``spacy convert -c ner`` and the usual CoNLL readers take it.
Tokens are spaCy's (the tokenizer only); an entity that does not fall on token boundaries
is widened to them, as the spaCy export does."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from annotator.core.models import ExportArticle
from annotator.io.atomic import atomic_text
from annotator.io.export import Options
from annotator.nlp.export_spacy import tokenizer

DOCSTART = "-DOCSTART- -X- O O"  # the delimiter spaCy's converter splits documents at
_ENDS = {".", "!", "?"}
_CLOSERS = {"”", "’", '"', "'", ")", "»"}


def conll_lines(exported: ExportArticle, tokenize: Callable[[str], list[tuple[str, int, int]]]):  # type: ignore[no-untyped-def]
    """The lines of one article (without the -DOCSTART- line)."""
    text = exported.article.text
    tokens = [t for t in tokenize(text) if t[0].strip()]
    tags = ["O"] * len(tokens)
    for entity in sorted(exported.entities, key=lambda e: (e.start, e.end)):
        inside = [i for i, (_, start, end) in enumerate(tokens)
                  if start < entity.end and entity.start < end]
        if not inside or any(tags[i] != "O" for i in inside):
            continue  # an entity overlapping one already tagged: CoNLL has one tag a token
        label = entity.label.replace(" ", "_")
        tags[inside[0]] = f"B-{label}"
        for i in inside[1:]:
            tags[i] = f"I-{label}"
    lines: list[str] = []
    for i, (token, start, end) in enumerate(tokens):
        lines.append(f"{token} -X- -X- {tags[i]}")
        if i + 1 == len(tokens) or tags[i + 1].startswith("I-"):
            continue  # never split an entity
        following = tokens[i + 1]
        newline = "\n" in text[end:following[1]]
        stop = token in _ENDS or (token in _CLOSERS and i > 0 and tokens[i - 1][0] in _ENDS)
        if newline or (stop and following[0] not in _CLOSERS):
            lines.append("")  # a sentence ends (at a full stop, or at a line break)
    return lines


def write_conll(articles: Iterable[ExportArticle], target: Path, *, options: Options,
                scheme: list[str], lang: str = "en",
                on_article: Callable[[], None] | None = None) -> tuple[int, int, list[Path]]:
    """Every article once (its entities are the article's, not an annotator's); returns
    (articles, articles, [target])."""
    tokenize = tokenizer(lang)
    count = 0
    with atomic_text(Path(target)) as fh:
        for exported in articles:
            fh.write(DOCSTART + "\n\n")
            fh.write("\n".join(conll_lines(exported, tokenize)) + "\n\n")
            count += 1
            if on_article is not None:
                on_article()
    return count, count, [Path(target)]
