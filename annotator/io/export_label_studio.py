"""Label Studio export: JSON tasks a Label Studio project imports as they are, with the
labelling configuration to create the project with written beside them
(``FILE.config.xml``).

One task per article: ``data`` holds the text and the article's identity; ``predictions``
(one, from annotator) pre-fill every candidate with its suggested label and every named
entity, so annotators in Label Studio start where detection left off; ``annotations`` hold
each annotator's labels (and, with --gold, the lead's as ``ground_truth``), the entities
with them; the task's ``meta`` names whose each annotation is. Speaker and cue mentions are regions of their own (unless the speaker is an
entity), linked to their statement by ``SPEAKER`` and ``CUE`` relations. Offsets are code
points, as Label Studio's text regions count them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.core.models import ExportArticle, ExportStatement
from annotator.io.atomic import atomic_paths
from annotator.io.export import Options, attributions, by_annotator

TEXT, STATEMENT, ENTITY, MENTION = "text", "statement", "entity", "mention"
MODEL_VERSION = "annotator"


def write_label_studio(articles: Iterable[ExportArticle], target: Path, *, options: Options,
                       scheme: list[str], on_article: Callable[[], None] | None = None,
                       **_: object) -> tuple[int, int, list[Path]]:
    """FILE.json (a list of tasks) and FILE.config.xml; returns (tasks, annotations, paths)."""
    target = Path(target)
    config = config_file(target)
    entity_types: set[str] = set()
    tasks = annotations = 0
    with atomic_paths([target, config]) as (tmp_tasks, tmp_config):
        with tmp_tasks.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write("[")
            for exported in articles:
                task = label_studio_task(exported, options)
                entity_types.update(e.label for e in exported.entities)
                fh.write(("," if tasks else "") + "\n" + json.dumps(task, ensure_ascii=False))
                tasks += 1
                annotations += len(task["annotations"])
                if on_article is not None:
                    on_article()
            fh.write("\n]\n")
        tmp_config.write_text(labelling_config(scheme, sorted(entity_types)), encoding="utf-8")
    return tasks, annotations, [target, config]


def config_file(target: Path) -> Path:
    return target.with_name(target.stem + ".config.xml")


def label_studio_task(exported: ExportArticle, options: Options) -> dict[str, Any]:
    article = exported.article
    groups = by_annotator(exported, options)
    annotations, names = [], []
    for who, items in sorted(groups.items()):
        if not who:
            continue  # unlabelled: in the predictions
        votes = [v for _, v in items if v is not None]
        annotations.append({
            "result": _regions(exported, [(item, v.label if v else None) for item, v in items]),
            "ground_truth": who == "gold",
            "lead_time": round(sum(v.time_spent_ms for v in votes) / 1000, 3),
            "created_at": max(v.at for v in votes).isoformat().replace("+00:00", "Z")
            if votes else None,
        })
        names.append(who)
    prediction = {
        "model_version": MODEL_VERSION,
        "result": _regions(exported, [(item, item.statement.suggested_label)
                                      for item in exported.statements]),
    }
    return {"data": {TEXT: article.text, "title": article.title, "source": article.source,
                     "content_hash": article.content_hash, "url": article.url,
                     "published": article.published},
            "annotations": annotations, "predictions": [prediction],
            # Whose each annotation is, in their order (Label Studio's users are its own).
            "meta": {"annotators": names}}


def _regions(exported: ExportArticle,
             statements: list[tuple[ExportStatement, str | None]]) -> list[dict[str, Any]]:
    text = exported.article.text
    regions: list[dict[str, Any]] = []
    ids: dict[tuple[str, int, int, str], str] = {}

    def region(kind: str, start: int, end: int, label: str) -> str:
        key = (kind, start, end, label)
        if key not in ids:
            ids[key] = f"{kind[0]}{len(ids) + 1}"
            regions.append({"id": ids[key], "from_name": kind, "to_name": TEXT,
                            "type": "labels", "value": {"start": start, "end": end,
                                                        "text": text[start:end],
                                                        "labels": [label]}})
        return ids[key]

    entity_at = {(e.start, e.end): region(ENTITY, e.start, e.end, e.label)
                 for e in sorted(exported.entities, key=lambda e: (e.start, e.end))}
    relations = []
    for item, label in sorted(statements, key=lambda p: (p[0].statement.start,
                                                         p[0].statement.end)):
        s = item.statement
        statement = region(STATEMENT, s.start, s.end, label or "statement")
        for kind, head in attributions(s, entity_at,
                                       lambda a, b, k: region(MENTION, a, b, k)):
            relations.append({"from_id": head, "to_id": statement, "type": "relation",
                              "direction": "right", "labels": [kind]})
    return regions + relations


def labelling_config(scheme: list[str], entity_types: list[str]) -> str:
    """The project's labelling configuration: the text, statement labels, entity labels,
    speaker and cue mentions, and the two relations."""
    def labels(name: str, values: list[str]) -> str:
        inner = "".join(f"\n    <Label value={quoteattr(v)}/>" for v in values)
        return f'  <Labels name="{name}" toName="{TEXT}">{inner}\n  </Labels>\n'

    return ("<View>\n"
            + labels(STATEMENT, list(scheme) + ["statement"])
            + labels(ENTITY, entity_types or ["PERSON", "ORG", "GPE"])
            + labels(MENTION, ["SPEAKER", "CUE"])
            + f'  <Text name="{TEXT}" value="${TEXT}"/>\n'
            + '  <Relations>\n    <Relation value="SPEAKER"/>\n    <Relation value="CUE"/>\n'
            + "  </Relations>\n</View>\n")
