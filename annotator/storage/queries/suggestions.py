"""Suggestion models: what they learn from, what they score, their stored versions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from sqlalchemy import and_, case, exists, func, not_, select, update
from sqlalchemy.orm import Session, aliased

from annotator.core.boundaries import CONTEXT
from annotator.core.boundaries import Example as BoundaryExample
from annotator.core.candidates import CandidateFacts
from annotator.core.models import REJECT, SuggestionInput, SuggestionModelInfo
from annotator.storage.queries._rows import aware
from annotator.storage.queries.history import first_bounds
from annotator.storage.schema import (
    ArticleRow,
    EntityRow,
    GoldLabelRow,
    LabelRow,
    LabelTypeRow,
    ProjectSettingRow,
    StatementRow,
    SuggestionModelRow,
)

MODEL_SETTING = "suggestion_model"  # {"enabled": bool}


def _cut(start: Any, end: Any) -> Any:
    """A statement's text cut out in SQL (substr counts characters on SQLite and PostgreSQL
    alike), so whole article texts never travel."""
    return func.substr(ArticleRow.text, start + 1, end - start)


def _input_columns():  # type: ignore[no-untyped-def]
    """The columns a SuggestionInput is made of."""
    speaker = aliased(EntityRow)
    columns = (StatementRow.id, _cut(StatementRow.start, StatementRow.end),
               _cut(StatementRow.cue_start, StatementRow.cue_end), speaker.label,
               StatementRow.origin, StatementRow.rule_label)
    return columns, speaker


def _gold_and_votes(session: Session) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Every statement's gold label, and every statement's annotator labels."""
    gold = dict(session.execute(select(GoldLabelRow.statement_id, GoldLabelRow.label)).all())
    votes: dict[int, list[str]] = {}
    for statement_id, label in session.execute(select(LabelRow.statement_id, LabelRow.label)):
        votes.setdefault(statement_id, []).append(label)
    return gold, votes


def _inputs(session: Session, condition: Any, *, limit: int | None = None) -> list[SuggestionInput]:
    columns, speaker = _input_columns()
    query = (select(*columns).join(ArticleRow, ArticleRow.id == StatementRow.article_id)
             .outerjoin(speaker, speaker.id == StatementRow.speaker_entity_id)
             .where(condition).order_by(StatementRow.id).limit(limit))
    return [SuggestionInput(sid, content, cue.lower() if cue else None, kind, origin, rule)
            for sid, content, cue, kind, origin, rule in session.execute(query)]


def training_inputs(session: Session) -> list[SuggestionInput]:
    """Every statement with a label to learn, the best label first: the gold label where a
    lead set one; else the label its annotators agree on (all, or a strict majority);
    else its one annotator's label. Statements whose annotators split evenly, and labels
    that are not of the scheme's label kind (e.g. not_statement), are left out."""
    kinds = {key for key, kind in session.execute(select(LabelTypeRow.key, LabelTypeRow.kind))
             if kind == "label"}
    gold, votes = _gold_and_votes(session)
    chosen: dict[int, tuple[str, str]] = {}
    for statement_id in set(gold) | set(votes):
        if statement_id in gold:
            chosen[statement_id] = (gold[statement_id], "gold")
            continue
        counts = Counter(votes[statement_id]).most_common()
        top, n = counts[0]
        if len(counts) > 1 and counts[1][1] == n:
            continue  # an even split: nothing to learn until a lead settles it
        total = len(votes[statement_id])
        chosen[statement_id] = (top, "agreed" if total > 1 else "single")
    chosen = {k: v for k, v in chosen.items() if v[0] in kinds}
    found: list[SuggestionInput] = []
    ids = sorted(chosen)
    for i in range(0, len(ids), 900):
        for item in _inputs(session, StatementRow.id.in_(ids[i:i + 900])):
            item.label, item.source = chosen[item.statement_id]
            found.append(item)
    order = {"gold": 0, "agreed": 1, "single": 2}
    found.sort(key=lambda x: (order[x.source or "single"], x.statement_id))
    return found


def _unlabelled():  # type: ignore[no-untyped-def]
    return and_(not_(exists().where(LabelRow.statement_id == StatementRow.id)),
                not_(exists().where(GoldLabelRow.statement_id == StatementRow.id)))


def candidate_inputs(session: Session, *, only_rules: bool = False,
                     chunk: int = 5000) -> Iterator[list[SuggestionInput]]:
    """The statements nobody has labelled, in chunks (what a model re-scores; a labelled
    statement keeps the suggestion its annotators saw). ``only_rules``: only those still
    carrying the rules' suggestion (new since the last model)."""
    condition = _unlabelled()
    if only_rules:
        condition = and_(condition, StatementRow.suggestion_model.is_(None))
    last = 0
    while True:
        batch = _inputs(session, and_(condition, StatementRow.id > last), limit=chunk)
        if not batch:
            return
        yield batch
        last = batch[-1].statement_id


def set_suggestions(session: Session, rows: list[tuple[int, str, float, int | None]]) -> None:
    """(statement id, label, score, model version) for many statements at once."""
    if rows:
        session.execute(update(StatementRow), [
            {"id": sid, "suggested_label": label, "suggested_score": score,
             "suggestion_model": version} for sid, label, score, version in rows])


def restore_rule_suggestions(session: Session) -> int:
    """Unlabelled statements get the rules' suggestion back (the model switched off)."""
    result = session.execute(
        update(StatementRow).where(StatementRow.suggestion_model.isnot(None), _unlabelled())
        .values(suggested_label=StatementRow.rule_label, suggested_score=StatementRow.rule_score,
                suggestion_model=None).execution_options(synchronize_session=False))
    return result.rowcount or 0


def add_model(session: Session, *, algorithm: str, examples: int, metrics: dict[str, Any],
              params: bytes) -> int:
    row = SuggestionModelRow(algorithm=algorithm, examples=examples, metrics=metrics,
                             params=params)
    session.add(row)
    session.flush()
    return row.version


def latest_model(session: Session) -> tuple[SuggestionModelInfo, bytes] | None:
    row = session.scalars(select(SuggestionModelRow)
                          .order_by(SuggestionModelRow.version.desc()).limit(1)).first()
    if row is None:
        return None
    return _info(row), row.params


def model_info(session: Session, version: int) -> SuggestionModelInfo | None:
    row = session.get(SuggestionModelRow, version)
    return _info(row) if row is not None else None


def _info(row: SuggestionModelRow) -> SuggestionModelInfo:
    return SuggestionModelInfo(row.version, aware(row.created_at), row.algorithm, row.examples,
                               dict(row.metrics or {}))


def labels_since(session: Session, version: int | None) -> int:
    """How many labels were set or changed since model ``version`` was stored (all labels
    when there is none): what the window counts to decide when to retrain."""
    query = select(func.count()).select_from(LabelRow)
    if version is not None:
        created = select(SuggestionModelRow.created_at).where(
            SuggestionModelRow.version == version).scalar_subquery()
        query = query.where(LabelRow.updated_at > created)
    return session.scalar(query) or 0


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(ProjectSettingRow, key)
    return default if row is None else row.value


def set_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(ProjectSettingRow, key)
    if row is None:
        session.add(ProjectSettingRow(key=key, value=value))
    else:
        row.value = value
    session.flush()


def reviewed_candidates(session: Session) -> tuple[list[tuple[CandidateFacts, float | None, bool]], int]:
    """Candidates annotators have judged, each with the confidence detection gave it and
    whether it was kept: a candidate is kept
    when its gold label, else most of its annotators' labels, is a real label, and rejected
    when that is "not a statement" (an even split is left out). With it, how many statements
    were made by hand: the candidates detection missed."""
    verdict = _verdicts(session)
    speaker = aliased(EntityRow)
    query = (select(StatementRow.id, StatementRow.kind, StatementRow.origin,
                    _cut(StatementRow.cue_start, StatementRow.cue_end),
                    _cut(StatementRow.start, StatementRow.end),
                    StatementRow.speaker_start, speaker.label, StatementRow.confidence)
             .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
             .outerjoin(speaker, speaker.id == StatementRow.speaker_entity_id)
             .where(StatementRow.origin.notin_(("manual", "imported")))
             .order_by(StatementRow.id))
    found = []
    for sid, kind, origin, cue_text, text, speaker_start, speaker_type, confidence \
            in session.execute(query):
        if sid in verdict:
            facts = CandidateFacts(kind, origin, cue_text.lower() if cue_text else None, text,
                                   speaker_start is not None, speaker_type)
            found.append((facts, confidence, verdict[sid]))
    by_hand = session.scalar(select(func.count()).select_from(StatementRow)
                             .where(StatementRow.origin == "manual")) or 0
    return found, by_hand


def _verdicts(session: Session) -> dict[int, bool]:
    """Whether each judged statement was kept: its gold label, else most of its annotators'
    labels, is a real label (False: "not a statement"; an even split is left out)."""
    gold, votes = _gold_and_votes(session)
    verdict: dict[int, bool] = {}
    for statement_id in set(gold) | set(votes):
        if statement_id in gold:
            verdict[statement_id] = gold[statement_id] != REJECT
            continue
        rejected = sum(1 for label in votes[statement_id] if label == REJECT)
        kept = len(votes[statement_id]) - rejected
        if kept != rejected:
            verdict[statement_id] = kept > rejected
    return verdict


def boundary_examples(session: Session) -> list[BoundaryExample]:
    """Every candidate whose bounds annotators judged: moved by hand (where detection put
    it: the history's first bounds change; where it is now), or kept as it was (labelled
    and never moved). Each comes with the text around it, cut in SQL; a candidate moved
    further than that text reaches is left out."""
    verdict = _verdicts(session)
    margin = 2 * CONTEXT
    lo = case((StatementRow.start > margin, StatementRow.start - margin), else_=0)
    query = (select(StatementRow.id, StatementRow.start, StatementRow.end, StatementRow.kind,
                    StatementRow.origin, StatementRow.cue_start, StatementRow.cue_end,
                    StatementRow.speaker_start, StatementRow.speaker_end, lo,
                    func.substr(ArticleRow.text, lo + 1,
                                StatementRow.end - StatementRow.start + 2 * margin))
             .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
             .where(StatementRow.origin.notin_(("manual", "imported"))))
    ids = list(session.scalars(select(StatementRow.id)
                               .where(StatementRow.origin.notin_(("manual", "imported")))))
    moved = first_bounds(session, ids)
    wanted = sorted(sid for sid in ids if sid in moved or verdict.get(sid))
    found: list[BoundaryExample] = []
    for chunk_start in range(0, len(wanted), 1000):
        chunk = wanted[chunk_start:chunk_start + 1000]
        for (sid, start, end, kind, origin, cue_start, cue_end, speaker_start, speaker_end,
             offset, text) in session.execute(query.where(StatementRow.id.in_(chunk))
                                              .order_by(StatementRow.id)):
            text = text or ""
            detected = moved.get(sid, (start, end))
            if min(detected[0], start) < offset or max(detected[1], end) > offset + len(text):
                continue
            blocked = tuple((a - offset, b - offset) for a, b in ((cue_start, cue_end),
                                                                  (speaker_start, speaker_end))
                            if a is not None and b is not None)
            found.append(BoundaryExample(text, (detected[0] - offset, detected[1] - offset),
                                         (start - offset, end - offset), kind, origin, blocked))
    return found
