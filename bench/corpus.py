"""Synthetic corpora for benchmarks, built from the sentences of the shared seed articles.

    python bench/corpus.py --articles 10000 --words 600 -o /tmp/corpus.jsonl

Each article is ~N words of real news sentences (shuffled deterministically), so the NLP
pipeline and the window see realistic text, quotes and entities at any scale.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z])")


def seed_sentences(seeds: Path = SEEDS) -> list[str]:
    sentences: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").splitlines():
            for sentence in _SENTENCE.split(paragraph.strip()):
                if len(sentence.split()) >= 6:  # drop menus, credits and other short scraps
                    sentences.append(sentence)
    if not sentences:
        raise SystemExit(f"no seed sentences found under {seeds}")
    return sentences


def articles(count: int, words: int = 600, *, seed: int = 0,
             seeds: Path = SEEDS) -> Iterator[dict[str, object]]:
    """Yield ``count`` article records ({"id", "title", "source", "text"})."""
    rng = random.Random(seed)
    pool = seed_sentences(seeds)
    outlets = ["Agency A", "Daily B", "Wire C", "Times D", "Post E"]
    for i in range(count):
        paragraphs, paragraph, total = [], [], 0
        while total < words:
            sentence = rng.choice(pool)
            paragraph.append(sentence)
            total += len(sentence.split())
            if len(paragraph) >= rng.randint(2, 4):
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append(" ".join(paragraph))
        # A serial number keeps every article's text (and content hash) distinct.
        text = f"Report {i + 1}.\n\n" + "\n\n".join(paragraphs)
        yield {"id": f"synthetic-{i + 1}", "title": f"Synthetic report {i + 1}",
               "source": outlets[i % len(outlets)], "text": text}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    with out:
        for record in articles(args.articles, args.words, seed=args.seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
