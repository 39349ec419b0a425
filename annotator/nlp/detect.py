"""From a parsed doc to stored-ready entities and statement candidates."""

from __future__ import annotations

from spacy.tokens import Doc

from annotator.core.boilerplate import boilerplate_spans
from annotator.core.labels import suggest_label
from annotator.core.lexicon import Lexicon, default_lexicon
from annotator.core.models import EntitySpan, StatementSpan
from annotator.core.quotes import find_quotes
from annotator.nlp.attribution import Attribution, attribute
from annotator.nlp.docindex import index
from annotator.nlp.speakers import SpeakerResolver, speaker_phrase

MIN_QUOTE_WORDS = 5  # shorter unattributed quotes are scare quotes, not statements
CONTINUATION_CHARS = 700  # how far back an unattributed quote looks for its speaker


def entities(doc: Doc) -> tuple[EntitySpan, ...]:
    return tuple(EntitySpan(e.start_char, e.end_char, e.label_) for e in doc.ents)


def statements(doc: Doc, lexicon: Lexicon | None = None) -> tuple[StatementSpan, ...]:
    lexicon = lexicon or default_lexicon()
    text = index(doc).text
    quotes = find_quotes(text)
    boiler = boilerplate_spans(text, lexicon)
    found = [_snap_to_quotes(a, quotes) for a in attribute(doc, lexicon, quotes)
             if not _overlaps_any(a.content, boiler)]
    found.sort(key=lambda a: a.content[0])
    candidates = _with_speakers(doc, lexicon, found, quotes, boiler)
    return tuple(_merge(candidates))


def _with_speakers(doc: Doc, lexicon: Lexicon, found: list[Attribution],
                   quotes: list[tuple[int, int]], boiler: list[tuple[int, int]]) -> list[StatementSpan]:
    resolver = SpeakerResolver(doc, lexicon)
    text = index(doc).text
    covered = [a.content for a in found]
    orphans = [q for q in quotes
               if len(text[q[0]:q[1]].split()) >= MIN_QUOTE_WORDS
               and not any(s <= q[0] and q[1] <= e for s, e in covered)
               and not _overlaps_any(q, boiler)]
    items: list[tuple[int, Attribution | tuple[int, int]]] = \
        [(a.content[0], a) for a in found] + [(q[0], q) for q in orphans]
    items.sort(key=lambda item: item[0])
    result: list[StatementSpan] = []
    for _, item in items:
        if isinstance(item, Attribution):
            phrase = speaker_phrase(item.speaker) if item.speaker is not None else None
            entity = resolver.resolve(item.speaker, phrase)
            resolver.remember(entity)
            content = text[item.content[0]:item.content[1]]
            label, score = suggest_label(item.cue.lemma_.lower() if item.origin != "according"
                                         else "say", content, lexicon)
            result.append(StatementSpan(
                start=item.content[0], end=item.content[1], origin=item.origin,
                speaker_start=phrase[0] if phrase else None,
                speaker_end=phrase[1] if phrase else None, speaker_entity=entity,
                cue_start=item.cue_span[0], cue_end=item.cue_span[1],
                suggested_label=label, suggested_score=score))
        else:
            start, end = item
            previous = next((s for s in reversed(result) if s.end <= start), None)
            near = previous is not None and start - previous.end <= CONTINUATION_CHARS
            label, score = suggest_label(None, text[start:end], lexicon)
            result.append(StatementSpan(
                start=start, end=end, origin="quote",
                speaker_start=previous.speaker_start if near else None,
                speaker_end=previous.speaker_end if near else None,
                speaker_entity=previous.speaker_entity if near else None,
                suggested_label=label, suggested_score=round(score * 0.9, 2)))
    return result


def _merge(candidates: list[StatementSpan]) -> list[StatementSpan]:
    """One candidate per passage: a span inside another by the same speaker goes; two that
    overlap by the same (or an unknown) speaker become one."""
    merged: list[StatementSpan] = []
    for cand in sorted(candidates, key=lambda s: (s.start, -s.end)):
        if merged and cand.start < merged[-1].end:
            last = merged[-1]
            same = cand.speaker_entity is None or last.speaker_entity is None \
                or cand.speaker_entity == last.speaker_entity
            if cand.end <= last.end:
                if same or cand.end - cand.start > 0.8 * (last.end - last.start):
                    continue
            elif same:
                merged[-1] = _union(last, cand)
                continue
            else:
                cand = _replace_start(cand, last.end)
                if cand is None:
                    continue
        merged.append(cand)
    # A nested candidate widened by a union can come back to its outer one's exact span
    # (found by fuzzing): one candidate per span, the first found.
    spans: set[tuple[int, int]] = set()
    return [c for c in merged if (c.start, c.end) not in spans and not spans.add((c.start, c.end))]


def _union(a: StatementSpan, b: StatementSpan) -> StatementSpan:
    from dataclasses import replace

    return replace(a, end=max(a.end, b.end),
                   speaker_entity=a.speaker_entity if a.speaker_entity is not None else b.speaker_entity)


def _replace_start(s: StatementSpan, start: int) -> StatementSpan | None:
    from dataclasses import replace

    return replace(s, start=start) if start < s.end - 3 else None


def _snap_to_quotes(a: Attribution, quotes: list[tuple[int, int]]) -> Attribution:
    """A content span that cuts a quote in two is widened to hold the whole quote."""
    start, end = a.content
    for qs, qe in quotes:
        if qs < start < qe:
            start = qs
        if qs < end < qe:
            end = qe
    a.content = (start, end)
    return a


def _overlaps_any(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in others)
