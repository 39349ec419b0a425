"""Every format annotator reads or writes, declared once (as napari declares each reader and
writer of a plugin). The CLI's ``--format`` choices, the window's import filter and export
list (titles, hints, suffixes), ``validate``'s schemas and the export's dispatch all come
from here, so a new format is one entry and its writer.

A writer is named as "module:function" and imported only when used: the spaCy writers load
spaCy, which the rest of the command line never does.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Format:
    key: str  # as --format takes it
    title: str  # in the window's lists
    suffixes: tuple[str, ...]  # the first is what an output file is given by default
    writes: bool = True
    reads: bool = False  # import recognises these files
    records: bool = True  # a stream of JSONL records (else the writer writes files itself)
    writer: str | None = None  # "module:function"
    schema: str | None = None  # schemas/ file its records validate against
    hint: str = ""  # what the window says about the output

    def load_writer(self) -> Callable[..., Any]:
        if self.writer is None:
            raise KeyError(f"{self.key} is not written")
        module, name = self.writer.split(":")
        return getattr(importlib.import_module(module), name)


FORMATS: dict[str, Format] = {f.key: f for f in (
    Format("statements", "Statements (JSONL, one record per label)", (".jsonl",),
           writer="annotator.io.export:statement_records", schema="statement.schema.json",
           hint="One record per statement and label, with speaker, cue, entities, votes and "
                "the cluster of variants."),
    Format("spans", "Spans (JSONL, Prodigy/spaCy tasks)", (".jsonl",),
           writer="annotator.io.export:span_records", schema="spans.schema.json",
           hint="One task per article and annotator: tokens, spans and speaker relations, as "
                "Prodigy's spans.manual and rel.manual write them."),
    Format("doccano", "doccano (JSONL, sequence labelling with relations)", (".jsonl",),
           writer="annotator.io.export:doccano_records", schema="doccano.schema.json",
           hint="One line per article and annotator, as doccano's relation extraction "
                "projects import it: statements, speakers, cues and entities as labelled "
                "spans, speaker and cue links as relations."),
    Format("conll", "CoNLL-2003 entities (IOB, .conll)", (".conll",), records=False,
           writer="annotator.nlp.export_conll:write_conll",
           hint="The articles' entities (as corrected in the window) in IOB tags, one token "
                "per line, an article per -DOCSTART- block."),
    Format("label-studio", "Label Studio (JSON tasks, with the labelling configuration)",
           (".json",), records=False,
           writer="annotator.io.export_label_studio:write_label_studio",
           hint="A JSON list of tasks (FILE.json) and FILE.config.xml to create the Label "
                "Studio project with: candidates as predictions, labels as annotations, "
                "speaker and cue links as relations."),
    Format("brat", "brat standoff (a folder of .txt and .ann)", ("",), records=False,
           writer="annotator.io.export_brat:write_brat",
           hint="A folder: one .txt and .ann per article under a folder per annotator, and "
                "annotation.conf. Entities and statements as T lines, speaker and cue links "
                "as R lines, notes as AnnotatorNotes."),
    Format("spacy", "spaCy DocBin (.spacy, for spacy train)", (".spacy",), records=False,
           writer="annotator.nlp.export_spacy:write_docbins",
           hint="A name ending in .spacy writes two DocBin files. A folder name writes "
                "articles/ and statements/ as series of DocBins, with flat memory: use it "
                "for large projects."),
)}

# What import reads (the window's file filter): articles, and the files it recognises.
IMPORT_SUFFIXES = (".txt", ".jsonl", ".json", ".conll", ".html", ".htm")


def get(key: str) -> Format:
    try:
        return FORMATS[key]
    except KeyError:
        raise KeyError(f"unknown format {key!r}; formats: {', '.join(FORMATS)}") from None


def written() -> list[str]:
    """The --format choices of export, in the order the window lists them."""
    return [key for key, f in FORMATS.items() if f.writes]


def schemas() -> dict[str, str]:
    """Record kind → schema file, for validate."""
    return {key: f.schema for key, f in FORMATS.items() if f.schema}


def import_filter() -> str:
    """The window's file dialog filter for import."""
    return "Articles (" + " ".join(f"*{s}" for s in IMPORT_SUFFIXES) + ")"
