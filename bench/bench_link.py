"""Cross-outlet linking at scale (issue 14).

    python bench/bench_link.py scale [--sizes 1000 10000 100000]
    python bench/bench_link.py import [--stored 10000] [--new 100]

scale: ``annotator link --rebuild`` on a database of N synthetic statements (10 per
article), each size in a fresh process: seconds and peak memory (max RSS), and how many
of the planted variants were linked. The statements are drawn from a Zipf-distributed
vocabulary of 60,000 words (as news text is), by 4,000 speakers; a fifth of them are
variants of an earlier statement in another article (a fifth of the words reworded or
dropped, the same speaker), the rest are unrelated.

import: a real import (spaCy) of NEW seed-sentence articles into a database that holds
STORED articles already, with linking and without (the same import, linking switched
off), interleaved, twice each: the time linking adds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator.core import ArticleDraft, EntitySpan, StatementSpan  # noqa: E402
from annotator.storage import open_database  # noqa: E402
from annotator.storage import queries as q  # noqa: E402

VOCABULARY = 60_000
SPEAKERS = 4_000
PER_ARTICLE = 10


def _words(rng: random.Random) -> list[str]:
    syllables = ["ka", "ro", "mi", "te", "sun", "dor", "el", "va", "qui", "ba", "lon", "tre",
                 "pa", "ris", "ge", "no", "ul", "fa", "zen", "ho"]
    seen: set[str] = set()
    while len(seen) < VOCABULARY:
        seen.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(seen)


def build(path: Path, statements: int, seed: int = 7) -> set[tuple[int, int]]:
    """A database of ``statements`` statements; the planted variant pairs (by position)."""
    rng = random.Random(seed)
    vocabulary = _words(rng)
    weights = list(itertools.accumulate(1 / (rank + 1) ** 1.07 for rank in range(VOCABULARY)))
    speakers = [f"{rng.choice(vocabulary).title()} {rng.choice(vocabulary).title()}"
                for _ in range(SPEAKERS)]
    texts: list[tuple[str, str]] = []
    planted: set[tuple[int, int]] = set()
    for n in range(statements):
        if n > PER_ARTICLE and rng.random() < 0.2:
            original = rng.randrange(0, n - PER_ARTICLE)
            words, speaker = texts[original][0].split(), texts[original][1]
            words = [w for w in words if rng.random() > 0.1]
            words = [rng.choices(vocabulary, cum_weights=weights)[0] if rng.random() < 0.1 else w
                     for w in words]
            texts.append((" ".join(words), speaker))
            planted.add((original, n))
        else:
            count = rng.randint(10, 30)
            texts.append((" ".join(rng.choices(vocabulary, cum_weights=weights, k=count)),
                          rng.choice(speakers)))
    db = open_database(path)
    with db.transaction() as s:
        drafts = []
        for first in range(0, statements, PER_ARTICLE):
            parts, spans, ents = [], [], []
            at = 0
            for k, (content, speaker) in enumerate(texts[first:first + PER_ARTICLE]):
                sentence = f"{speaker} said that {content}. "
                ents.append(EntitySpan(at, at + len(speaker), "PERSON"))
                start = at + len(speaker) + len(" said that ")
                spans.append(StatementSpan(start, start + len(content), speaker_entity=k))
                parts.append(sentence)
                at += len(sentence)
            drafts.append(ArticleDraft(text="".join(parts), title=f"A{first}",
                                       source=f"Outlet {first % 7}", entities=tuple(ents),
                                       statements=tuple(spans)))
        q.add_articles(s, drafts)
    db.close()
    return planted


def scale(sizes: list[int]) -> None:
    for size in sizes:
        folder = Path(tempfile.mkdtemp())
        planted = build(folder / "link.db", size)
        (folder / "planted.json").write_text(json.dumps(sorted(planted)))
        out = subprocess.run([sys.executable, __file__, "_link", str(folder)],
                             capture_output=True, text=True, check=True).stdout
        print(f"{size:>8,} statements: {out.strip()}", flush=True)


def _link(folder: Path) -> None:
    from annotator import ops

    db = open_database(folder / "link.db")
    started = time.perf_counter()
    summary = ops.link(db, rebuild=True)
    seconds = time.perf_counter() - started
    with db.session() as s:
        clusters = q.cluster_sizes(s)
        ids = [st.id for _, sts, _ in q.linkable_articles(s) for st in sts]
    planted = json.loads((folder / "planted.json").read_text())
    found = sum(1 for a, b in planted
                if ids[a] in clusters and clusters.get(ids[a]) == clusters.get(ids[b]))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"linked in {seconds:.1f} s, peak {peak:,.0f} MB; {summary.links:,} links, "
          f"{summary.clusters:,} clusters; planted variants linked {found:,}/{len(planted):,}")


def import_cost(stored: int, new: int) -> None:
    from bench_window import seed_sentences  # noqa: F401  (the seeds must be there)
    import corpus

    from annotator import ops

    folder = Path(tempfile.mkdtemp())
    build(folder / "base.db", stored * PER_ARTICLE)
    ops.link(open_database(folder / "base.db"))
    files = []
    for run in range(4):
        path = folder / f"new{run}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for record in corpus.articles(new, 400, seed=100 + run):
                fh.write(json.dumps(record) + "\n")
        files.append(path)
    for run, linking in enumerate([False, True, False, True]):
        db_path = folder / f"run{run}.db"
        subprocess.run(["cp", str(folder / "base.db"), str(db_path)], check=True)
        db = open_database(db_path)
        real = ops.link
        if not linking:
            ops.link = lambda db, **kw: ops.LinkSummary(0, 0, 0, 0, 0.0, 0.5, False)  # type: ignore[assignment]
        started = time.perf_counter()
        summary = ops.import_articles(db, [files[run]])
        seconds = time.perf_counter() - started
        ops.link = real  # type: ignore[assignment]
        started = time.perf_counter()
        alone = real(db) if not linking else None
        link_seconds = time.perf_counter() - started
        db.close()
        print(f"import of {summary.imported} articles into {stored:,}: {seconds:.1f} s "
              f"({'with' if linking else 'without'} linking"
              + (f"; linking them afterwards alone: {link_seconds:.2f} s)" if alone else ")"),
              flush=True)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "_link":
        _link(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["scale", "import"])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp())
    if args.what == "scale":
        scale(args.sizes)
    else:
        import_cost(args.stored, args.new)


if __name__ == "__main__":
    main()
