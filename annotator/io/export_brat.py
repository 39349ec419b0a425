"""brat standoff export: the format attribution corpora are distributed in. A folder with
one ``.txt`` (the article's text, exactly) and ``.ann`` per article under a folder per
annotator (``gold/`` with --gold, ``candidates/`` for unlabelled ones), and an
``annotation.conf`` at the top declaring the types, so brat shows the folder as it is.

In each ``.ann``: the named entities and the statements as text-bound ``T`` lines (a
statement's type is its label, ``statement`` when unlabelled; a span across a line break
is written as fragments, as brat wants), the speaker and cue mentions that are no entity as
``SPEAKER`` and ``CUE`` spans, ``R`` lines from a speaker (``SPEAKER``) or a cue (``CUE``)
to its statement, and the annotator's note as ``AnnotatorNotes``. Offsets are characters
(code points), as brat counts them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.models import ExportArticle, ExportStatement, Vote
from annotator.io.atomic import atomic_folder
from annotator.io.export import Options, attributions, by_annotator

CONF = "annotation.conf"
UNLABELLED = "statement"


def write_brat(articles: Iterable[ExportArticle], target: Path, *, options: Options,
               scheme: list[str], on_article: Callable[[], None] | None = None,
               **_: object) -> tuple[int, int, list[Path]]:
    """Returns (articles, documents written, [target])."""
    target = Path(target)
    if target.suffix:
        raise InputError(f"The brat format writes a folder: give -o FOLDER, not {target.name}.")
    if target.exists() and (not target.is_dir() or (any(target.iterdir())
                                                    and not (target / CONF).exists())):
        raise InputError(f"Cannot write into {target}: it holds other files. Give a new or "
                         "empty folder, or one an earlier brat export wrote.")
    entity_types: set[str] = set()
    count = documents = 0
    with atomic_folder(target) as staging:
        for exported in articles:
            count += 1
            name = f"{exported.article.id:06d}-{exported.article.content_hash[:12]}"
            for who, items in sorted(by_annotator(exported, options).items()):
                folder = staging / _folder_name(who or "candidates")
                folder.mkdir(exist_ok=True)
                (folder / f"{name}.txt").write_text(exported.article.text, encoding="utf-8",
                                                    newline="")
                lines, types = ann_lines(exported, items)
                entity_types |= types
                (folder / f"{name}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8",
                                                    newline="\n")
                documents += 1
            if on_article is not None:
                on_article()
        (staging / CONF).write_text(_conf(sorted(entity_types), scheme), encoding="utf-8")
    return count, documents, [target]


def ann_lines(exported: ExportArticle, items: list[tuple[ExportStatement, Vote | None]],
              ) -> tuple[list[str], set[str]]:
    """The .ann lines of one document, and the span types they use."""
    text = exported.article.text
    lines: list[str] = []
    ids: dict[tuple[int, int, str], str] = {}
    types: set[str] = set()

    def span(start: int, end: int, kind: str) -> str:
        key = (start, end, kind)
        if key not in ids:
            ids[key] = f"T{len(ids) + 1}"
            types.add(kind)
            lines.append(f"{ids[key]}\t{kind} {_fragments(text, start, end)}\t"
                         f"{' '.join(text[start:end].split())}")
        return ids[key]

    entity_at = {}
    for e in sorted(exported.entities, key=lambda e: (e.start, e.end)):
        entity_at[(e.start, e.end)] = span(e.start, e.end, e.label)
    relations = notes = 0
    for item, vote in sorted(items, key=lambda p: (p[0].statement.start, p[0].statement.end)):
        s = item.statement
        statement = span(s.start, s.end, vote.label if vote else UNLABELLED)
        for kind, head in attributions(s, entity_at, span):
            relations += 1
            lines.append(f"R{relations}\t{kind} Arg1:{head} Arg2:{statement}")
        if vote is not None and vote.note:
            notes += 1
            lines.append(f"#{notes}\tAnnotatorNotes {statement}\t{' '.join(vote.note.split())}")
    return lines, types


def _fragments(text: str, start: int, end: int) -> str:
    """"start end", or "s1 e1;s2 e2" for a span across line breaks (brat's fragments)."""
    parts, at = [], start
    while at < end:
        stop = text.find("\n", at, end)
        stop = end if stop < 0 else stop
        if text[at:stop].strip():
            lo = at + len(text[at:stop]) - len(text[at:stop].lstrip())
            hi = stop - (len(text[at:stop]) - len(text[at:stop].rstrip()))
            parts.append(f"{lo} {hi}")
        at = stop + 1
    return ";".join(parts) or f"{start} {end}"


def _folder_name(who: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in who).strip(".")
    return safe or "annotator"


def _conf(entity_types: list[str], scheme: list[str]) -> str:
    spans = sorted(set(entity_types) | set(scheme) | {UNLABELLED, "SPEAKER", "CUE"})
    statements = "|".join(sorted(set(scheme) | {UNLABELLED}))
    return ("[entities]\n" + "\n".join(spans) + "\n\n[relations]\n"
            f"SPEAKER\tArg1:<ANY>, Arg2:{statements}\n"
            f"CUE\tArg1:CUE, Arg2:{statements}\n"
            "<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n\n"
            "[events]\n\n[attributes]\n")
