"""spaCy-side export: tokens for the spans format, and DocBins for `spacy train`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans
from srsly.msgpack import msgpack_encoders

from annotator.core.errors import InputError
from annotator.core.models import ExportArticle
from annotator.io.atomic import atomic_folder, atomic_paths
from annotator.io.export import Options, choices


@lru_cache(maxsize=4)
def _blank(lang: str):  # type: ignore[no-untyped-def]
    # The rule-based tokenizer of the language: the same tokens the trained pipelines make.
    return spacy.blank(lang)


@contextmanager
def _msgpack_plugins_looked_up_once() -> Iterator[None]:
    """srsly (spaCy's serialiser) builds the list of msgpack encoder plugins again for every
    object it packs, scanning the installed packages' entry points and spaCy's whole
    function registry: about 0.5 ms each. DocBin.add packs two to four objects per doc,
    so that lookup was a third of a large spacy export. Nothing registers encoders while
    an export runs, so during it the list is looked up once."""
    registry = msgpack_encoders
    found = registry.get_all()
    registry.get_all = lambda: dict(found)  # type: ignore[method-assign]
    try:
        yield
    finally:
        registry.__dict__.pop("get_all", None)


def tokenizer(lang: str = "en") -> Callable[[str], list[tuple[str, int, int]]]:
    nlp = _blank(lang)

    def tokenize(text: str) -> list[tuple[str, int, int]]:
        # Offsets and lengths as one array: no Token object per token (5x faster).
        return [(text[start:start + length], start, start + length)
                for start, length in nlp.tokenizer(text).to_array([IDX, LENGTH]).tolist()]

    return tokenize


SPANCAT_DEFAULT_KEY = "sc"
EXPORT_KEY = "export"
# What the docs hold: tokens (their whitespace is always kept) and, in article docs, the
# entities. DocBin's default attributes add tags, lemmas, dependencies and more, all empty
# here, which tripled the memory a large export takes.
ARTICLE_ATTRS = ["ORTH", "ENT_IOB", "ENT_TYPE"]
STATEMENT_ATTRS = ["ORTH"]
# A folder export starts a new DocBin file after this many tokens (about 30 MB in memory).
SHARD_TOKENS = 1_000_000
FOLDERS = ("articles", "statements")


def write_docbins(articles: Iterable[ExportArticle], target: Path, *, options: Options,
                  scheme: list[str], lang: str = "en",
                  on_article: Callable[[], None] | None = None) -> tuple[int, int, list[Path]]:
    """DocBins for ``spacy train``: article docs (statements in ``doc.spans["statements"]``
    and, for spancat's default config, ``doc.spans["sc"]``; entities in ``doc.ents``), one
    per article and annotator; and statement docs, one per label, with ``doc.cats``
    one-hot over ``scheme``.

    A ``target`` ending in ``.spacy`` gets two files: ``target`` with the article docs and
    ``<stem>.statements.spacy``, each one DocBin (which spaCy builds in memory: about 12 KB
    per label). Any other ``target`` is a folder holding ``articles/`` and ``statements/``,
    each a series of DocBin files of at most SHARD_TOKENS tokens, so memory stays flat
    however large the project; ``spacy train`` reads a folder as one corpus. Either way
    nothing appears at ``target`` until the export is complete.
    Returns (article docs, statement docs, paths written)."""
    as_folder = _is_folder_target(target)
    with _msgpack_plugins_looked_up_once():
        docs = _docs(articles, options=options, scheme=scheme, nlp=_blank(lang),
                     on_article=on_article, export_id=uuid.uuid4().hex)
        if as_folder:
            return _to_folder(docs, target)
        return _to_files(docs, target)


def _is_folder_target(target: Path) -> bool:
    if target.suffix == ".spacy" and not target.is_dir():
        return False
    if target.exists() and not target.is_dir():
        raise InputError(f"Cannot write {target}: it is a file. Give a name ending in .spacy "
                         "for two DocBin files, or a folder.")
    if target.is_dir() and not _holds_only_an_earlier_export(target):
        raise InputError(f"Cannot write into {target}: the folder holds other files. Give a "
                         "new or empty folder, or a folder an earlier spacy export wrote.")
    return True


def _holds_only_an_earlier_export(folder: Path) -> bool:
    for child in folder.iterdir():
        if child.name not in FOLDERS or not child.is_dir():
            return False
        if any(f.suffix != ".spacy" or not f.is_file() for f in child.iterdir()):
            return False
    return True


def _docs(articles: Iterable[ExportArticle], *, options: Options, scheme: list[str], nlp: Any,
          on_article: Callable[[], None] | None, export_id: str) -> Iterator[tuple[int, Doc]]:
    """(0, article doc) and (1, statement doc) in export order. Every doc carries the
    export's id in ``user_data["export"]``, so a reader can tell files of one export."""
    for exported in articles:
        text = exported.article.text
        base = nlp.make_doc(text)
        ents = [base.char_span(e.start, e.end, label=e.label, alignment_mode="contract")
                for e in exported.entities]
        base.ents = filter_spans([e for e in ents if e is not None])
        groups: dict[str, list[tuple[int, int, str]]] = {}
        for item in exported.statements:
            for vote, is_gold in choices(item, options):
                if vote is None or vote.label not in scheme:
                    continue
                who = "gold" if is_gold else vote.annotator
                s = item.statement
                groups.setdefault(who, []).append((s.start, s.end, vote.label))
                statement_doc = nlp.make_doc(text[s.start:s.end])
                statement_doc.cats = {key: float(key == vote.label) for key in scheme}
                statement_doc.user_data["annotator"] = who
                statement_doc.user_data["article"] = exported.article.content_hash
                statement_doc.user_data[EXPORT_KEY] = export_id
                yield 1, statement_doc
        for who, spans in sorted(groups.items()):
            doc = base.copy()
            doc.spans["statements"] = [
                doc.char_span(a, b, label=label, alignment_mode="expand") for a, b, label in spans]
            # Also under spancat's default key, so the config `spacy init config --pipeline
            # spancat` writes trains on this file as it is.
            doc.spans[SPANCAT_DEFAULT_KEY] = list(doc.spans["statements"])
            doc.user_data["annotator"] = who
            doc.user_data["article"] = exported.article.content_hash
            doc.user_data[EXPORT_KEY] = export_id
            yield 0, doc
        if on_article is not None:
            on_article()


def _new_bins() -> tuple[DocBin, DocBin]:
    return (DocBin(attrs=ARTICLE_ATTRS, store_user_data=True),
            DocBin(attrs=STATEMENT_ATTRS, store_user_data=True))


def _to_files(docs: Iterable[tuple[int, Doc]], target: Path) -> tuple[int, int, list[Path]]:
    bins = _new_bins()
    for kind, doc in docs:
        bins[kind].add(doc)
    statements_path = statements_file(target)
    # The two files change together (annotator.io.atomic): never an old one beside a new one.
    with atomic_paths([target, statements_path]) as (tmp_articles, tmp_statements):
        bins[0].to_disk(tmp_articles)
        bins[1].to_disk(tmp_statements)
    return len(bins[0]), len(bins[1]), [target, statements_path]


def statements_file(target: Path) -> Path:
    """The statement docs' file beside ``FILE.spacy``: ``FILE.statements.spacy``."""
    return target.with_name(target.stem + ".statements.spacy")


def export_ids(path: Path) -> set[str]:
    """The export ids of the docs in one DocBin file or folder of them (one id for a
    complete export; a file pair matches when both give the same single id)."""
    files = sorted(path.rglob("*.spacy")) if path.is_dir() else [path]
    found: set[str] = set()
    for file in files:
        found.update(str(d.user_data.get(EXPORT_KEY)) for d in
                     DocBin().from_disk(file).get_docs(_blank("en").vocab))
    return found


def _to_folder(docs: Iterable[tuple[int, Doc]], target: Path) -> tuple[int, int, list[Path]]:
    with atomic_folder(target) as staging:
        folders = [staging / name for name in FOLDERS]
        for folder in folders:
            folder.mkdir()
        bins = list(_new_bins())
        tokens, shards, counts = [0, 0], [0, 0], [0, 0]
        for kind, doc in docs:
            bins[kind].add(doc)
            tokens[kind] += len(doc)
            counts[kind] += 1
            if tokens[kind] >= SHARD_TOKENS:
                shards[kind] += 1
                bins[kind].to_disk(folders[kind] / f"{shards[kind]:05d}.spacy")
                bins[kind], tokens[kind] = _new_bins()[kind], 0
        for kind in (0, 1):
            if len(bins[kind]) or not shards[kind]:  # an empty export still gets one file
                shards[kind] += 1
                bins[kind].to_disk(folders[kind] / f"{shards[kind]:05d}.spacy")
    return counts[0], counts[1], [target / name for name in FOLDERS]
