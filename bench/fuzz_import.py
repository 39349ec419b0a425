"""Fuzz `annotator import` with malformed .txt, .jsonl and .html files (issue 17).

    python bench/fuzz_import.py [--inputs 20000] [--seed 17] [--db URL] [--keep FOLDER]

Each input is a file made by mutating well-formed articles (the project's samples and, when
present, the shared seed articles): control characters, NULs and lone surrogate escapes,
byte-order marks, deep nesting, huge integers, over-long fields, truncation, binary junk,
broken HTML, pages without full stops. Each is imported on its own into one database
(SQLite by default, or --db postgresql://…). Reported, and 0 expected of each:
- tracebacks: an exception escaped import_articles (the input is kept under --keep);
- hangs: one input took more than 10 s;
- half-imported articles: an article stored without consistent entities and statements, or
  a count of stored articles that differs from what the imports reported.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

from annotator.importing import import_articles
from annotator.storage import open_database
from annotator.storage import queries as q

HANG_SECONDS = 10.0
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
JUNK = ["\x00", "\x07", "\x1b[31m", "\ufeff", "\u200b", "\u2028", "\ufffe", "🚀", "\r", "\r\n",
        "“", "”", "''", '"', "\\", "</p>", "<script>", "&#0;", "\t" * 50, " said " * 5]
ESCAPES = [r"\udabc", r"\ud800", r"\udfff", r"\u0000", r"\u001b", r"\ud83d\ude80", r"\\"]


def base_texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in
             (ROOT / "resources" / "samples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    if SEEDS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return texts


def mutate_text(rng: random.Random, text: str) -> str:
    """A window of a real article (so each input parses in milliseconds), mutated."""
    start = rng.randrange(max(1, len(text) - 200))
    text = text[start:start + rng.randint(50, 1500)]
    for _ in range(rng.randint(0, 8)):
        at = rng.randrange(len(text) + 1)
        choice = rng.random()
        if choice < 0.4:
            text = text[:at] + rng.choice(JUNK) + text[at:]
        elif choice < 0.6:
            text = text[:at] + text[at + rng.randint(1, 200):]
        elif choice < 0.7:
            text = text.replace(".", rng.choice(["", ",", " said"]))  # no full stops at all
        elif choice < 0.72:  # a run without full stops
            text = text[:at] + " ".join(rng.choice(["said", "that", "he", "warned", ","])
                                        for _ in range(rng.randint(100, 3000))) + text[at:]
        else:
            text = text[:at] + "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(20)) + text[at:]
    return text


def make_jsonl(rng: random.Random, texts: list[str]) -> bytes:
    lines = []
    for _ in range(rng.randint(1, 5)):
        record: dict[str, object] = {"text": mutate_text(rng, rng.choice(texts))}
        for key in rng.sample(["title", "source", "url", "published", "language", "meta"],
                              rng.randint(0, 4)):
            record[key] = rng.choice([
                "x" * rng.randint(0, 400), rng.randint(-10**30, 10**30), 1e308 * 10, None, [],
                {"nested": {"a": [1, "b\u0000"]}}, "2024-11-18T10:00:00+00:00" * 3, True])
        line = json.dumps(record, allow_nan=True)
        roll = rng.random()
        if roll < 0.15:  # escapes json.dumps never writes
            field = rng.choice(['"text": "', '"title": "', '"published": "', '"source": "'])
            line = line.replace(field, field + rng.choice(ESCAPES), 1) if field in line else \
                line[:-1] + f', {field}{rng.choice(ESCAPES)}"' + "}"
        elif roll < 0.25:
            depth = rng.randint(200, 5000)
            line = rng.choice(["[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth])
        elif roll < 0.32:
            line = line[:-1] + ', "n": ' + "7" * rng.randint(4000, 9000) + "}"
        elif roll < 0.4:
            line = line[:rng.randrange(len(line) + 1)]  # cut short
        lines.append(line.encode("utf-8", "surrogatepass"))
    data = b"\n".join(lines)
    if rng.random() < 0.2:
        data = b"\xef\xbb\xbf" + data
    if rng.random() < 0.1:
        at = rng.randrange(len(data) + 1)
        data = data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 30))) + data[at:]
    return data


def make_txt(rng: random.Random, texts: list[str]) -> bytes:
    text = mutate_text(rng, rng.choice(texts))
    if rng.random() < 0.2:
        text = "title: " + "t" * rng.randint(0, 3000) + "\nsource: " + "s" * rng.randint(0, 500) \
            + "\n\n" + text
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.1:
        data = bytes(rng.randrange(256) for _ in range(rng.randint(1, 400)))
    return data


def make_html(rng: random.Random, texts: list[str]) -> bytes:
    text = mutate_text(rng, rng.choice(texts))
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    tags = ["<div>", "</div>", "<table><tr><td>", "<script>", "</script>", "<!--", "<", "&#xD800;",
            "<meta name='date' content='9999-99-99'>", "<![CDATA[", "<p>" * 100]
    page = f"<html><head><title>{text[:80]}</title></head><body><article>{paragraphs}</article></body></html>"
    for _ in range(rng.randint(0, 6)):
        at = rng.randrange(len(page) + 1)
        page = page[:at] + rng.choice(tags) * rng.randint(1, 200) + page[at:]
    if rng.random() < 0.1:
        depth = rng.randint(500, 5000)
        page = "<div>" * depth + page + "</div>" * depth
    return page.encode("utf-8", "surrogatepass")


MAKERS = {".jsonl": make_jsonl, ".txt": make_txt, ".html": make_html}


def consistency_problems(db) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    with db.session() as s:
        for article_id in q.article_ids(s):
            text = q.get_article(s, article_id).text
            entities = q.article_entities(s, article_id)
            statements = q.article_statements(s, article_id)
            ids = {e.id for e in entities}
            for e in entities:
                if not 0 <= e.start < e.end <= len(text):
                    problems.append(f"article {article_id}: entity {e.id} outside the text")
            for st in statements:
                if not 0 <= st.start < st.end <= len(text):
                    problems.append(f"article {article_id}: statement {st.id} outside the text")
                if st.speaker_entity_id is not None and st.speaker_entity_id not in ids:
                    problems.append(f"article {article_id}: statement {st.id}'s speaker elsewhere")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument("--keep", type=Path, help="folder for the inputs that failed")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = base_texts()
    work = Path(tempfile.mkdtemp(prefix="annotator-fuzz-"))
    db = open_database(args.db or str(work / "fuzz.db"))
    tracebacks, hangs, reported, slowest = [], [], 0, (0.0, "")
    started = time.perf_counter()
    for n in range(args.inputs):
        suffix = rng.choice(list(MAKERS))
        path = work / f"{n:05d}{suffix}"
        path.write_bytes(MAKERS[suffix](rng, texts))
        t0 = time.perf_counter()
        try:
            summary = import_articles(db, [path])
            reported += summary.imported
        except Exception:
            tracebacks.append((path.name, traceback.format_exc(limit=3)))
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / path.name).write_bytes(path.read_bytes())
        seconds = time.perf_counter() - t0
        if seconds > HANG_SECONDS:
            hangs.append((path.name, round(seconds, 1)))
            print(f"slow: {path.name} took {seconds:.1f} s", file=sys.stderr, flush=True)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"slow-{path.name}").write_bytes(path.read_bytes())
        slowest = max(slowest, (seconds, path.name))
        path.unlink()
        if (n + 1) % 1000 == 0:
            print(f"{n + 1:,} inputs, {len(tracebacks)} tracebacks, {len(hangs)} hangs, "
                  f"{time.perf_counter() - started:,.0f} s", file=sys.stderr, flush=True)
    with db.session() as s:
        stored = q.stats(s).articles
    half = consistency_problems(db)
    if stored != reported:
        half.append(f"{stored} articles stored, {reported} reported imported")
    report = {"inputs": args.inputs, "seed": args.seed, "backend": db.engine.dialect.name,
              "tracebacks": len(tracebacks), "hangs": len(hangs), "half_imported": len(half),
              "articles_imported": stored, "slowest_s": round(slowest[0], 2),
              "slowest_input": slowest[1], "seconds": round(time.perf_counter() - started)}
    print(json.dumps(report, indent=2))
    for name, tb in tracebacks[:10]:
        print(f"--- {name}\n{tb}", file=sys.stderr)
    for line in (hangs + half)[:20]:
        print(line, file=sys.stderr)
    db.close()
    sys.exit(1 if tracebacks or hangs or half else 0)


if __name__ == "__main__":
    main()
