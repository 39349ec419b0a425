"""From a parsed doc to stored-ready entities and statement candidates."""

from __future__ import annotations

import re
from dataclasses import replace

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
SPLIT_QUOTE_GAP = 120  # “A,” she said (…). “B.”: at most this much attribution between A and B
INHERITED_CONFIDENCE = 0.6  # a quote with no cue that continues the previous speaker
UNATTRIBUTED_CONFIDENCE = 0.4  # a quote with no cue and no speaker
TRANSCRIPT_CONFIDENCE = 0.85
DASH_CONFIDENCE = 0.85
_BREAKS = re.compile(r"\n\s*")
# "MODERATOR: …", "WILLIAMS: …", "Sen. Warren: …" at the start of a line.
_TRANSCRIPT = re.compile(r"^[ \t]*(?P<name>[A-Z][\w.'’\- ]{0,40}?)[ \t]*:[ \t]+(?P<content>\S[^\n]*)$",
                         re.MULTILINE)
# “…” — Mayor Linda Cho (a quote closed by a dash and a name, at the end of its line).
_DASH_NAME = re.compile(r"[ \t]*[—–-]{1,2}[ \t]*(?P<name>(?:[A-Z][\w.'’-]*[ \t]*){1,6}?)[ \t]*"
                        r"(?:[,.;][^\n]{0,60})?(?=\n|$)")


def entities(doc: Doc) -> tuple[EntitySpan, ...]:
    return tuple(EntitySpan(e.start_char, e.end_char, e.label_) for e in doc.ents)


def statements(doc: Doc, lexicon: Lexicon | None = None) -> tuple[StatementSpan, ...]:
    lexicon = lexicon or default_lexicon()
    text = index(doc).text
    quotes = find_quotes(text)
    boiler = boilerplate_spans(text, lexicon)
    found = [_snap_to_quotes(a, quotes) for a in attribute(doc, lexicon, quotes)
             if not _overlaps_any(a.content, boiler)]
    found += [a for a in _punctuation_cues(doc, lexicon, quotes, found)
              if not _overlaps_any(a.content, boiler)]
    found.sort(key=lambda a: a.content[0])
    found = _join_split_quotes(text, found, quotes)
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
            cue = "say" if item.origin in ("according", "transcript") or item.cue.is_punct \
                else item.cue.lemma_.lower()
            label, score = suggest_label(cue, content, lexicon)
            result.append(StatementSpan(
                start=item.content[0], end=item.content[1], origin=item.origin,
                speaker_start=phrase[0] if phrase else None,
                speaker_end=phrase[1] if phrase else None, speaker_entity=entity,
                cue_start=item.cue_span[0], cue_end=item.cue_span[1],
                suggested_label=label, suggested_score=score,
                kind=item.kind, confidence=round(item.confidence, 2)))
        else:
            start, end = item
            previous = _continued(doc, text, result, start)
            label, score = suggest_label(None, text[start:end], lexicon)
            result.append(StatementSpan(
                start=start, end=end, origin="quote",
                speaker_start=previous.speaker_start if previous else None,
                speaker_end=previous.speaker_end if previous else None,
                speaker_entity=previous.speaker_entity if previous else None,
                suggested_label=label, suggested_score=round(score * 0.9, 2), kind="speech",
                confidence=INHERITED_CONFIDENCE if previous else UNATTRIBUTED_CONFIDENCE))
    return result


def _continued(doc: Doc, text: str, result: list[StatementSpan], start: int) -> StatementSpan | None:
    """The statement whose speaker a quote without a cue continues: the previous one, in
    this paragraph or the one before, when no other person is named in between."""
    previous = next((s for s in reversed(result) if s.end <= start), None)
    if previous is None or previous.speaker_entity is None and previous.speaker_start is None:
        return None
    if len(_BREAKS.findall(text, previous.end, start)) > 1:
        return None  # more than one paragraph break
    for n, ent in enumerate(index(doc).ents):
        if previous.end <= ent.start_char and ent.end_char <= start and ent.label_ == "PERSON" \
                and n != previous.speaker_entity:
            return None
    return previous


def _join_split_quotes(text: str, found: list[Attribution],
                       quotes: list[tuple[int, int]]) -> list[Attribution]:
    """“A,” she said. “B.” is one statement: a quote that follows an attributed quote in the
    same paragraph, with only that quote's attribution between them, joins it."""
    for a in found:
        if a.origin != "quote":
            continue
        for start, end in quotes:
            if start < a.content[1]:
                continue
            gap = text[a.content[1]:start]
            if "\n" in gap or len(gap) > SPLIT_QUOTE_GAP or not (a.content[1] <= a.cue_span[0]
                                                                 and a.cue_span[1] <= start):
                break
            if any(b is not a and a.content[1] <= b.cue_span[0] < start for b in found):
                break  # another speaker's cue in between
            a.content = (a.content[0], end)
            break
    return found


def _punctuation_cues(doc: Doc, lexicon: Lexicon, quotes: list[tuple[int, int]],
                      found: list[Attribution]) -> list[Attribution]:
    """Statements marked by punctuation: transcript lines ("MODERATOR: …") and a quote
    closed by a dash and a name (“…” — Mayor Linda Cho)."""
    text = index(doc).text
    taken = [a.content for a in found]
    extra: list[Attribution] = []
    for match in _TRANSCRIPT.finditer(text):
        name = match.group("name").strip()
        if not _is_speaker_label(doc, name, match.start("name"), lexicon):
            continue
        content = (match.start("content"), _trim_end(text, match.start("content"), match.end("content")))
        if len(text[content[0]:content[1]].split()) < 2 or _overlaps_any(content, taken):
            continue
        attribution = _punctuated(doc, match.start("name"), match.start("name") + len(name),
                                  text.index(":", match.start("name") + len(name)), content,
                                  "transcript", TRANSCRIPT_CONFIDENCE)
        if attribution is not None:
            extra.append(attribution)
    for start, end in quotes:
        match = _DASH_NAME.match(text, end)
        if match is None or _overlaps_any((start, end), taken):
            continue
        name = match.group("name").strip()
        name_start = match.start("name")
        if not name or doc.char_span(name_start, name_start + len(name)) is None:
            continue
        dash = text.index(next(ch for ch in text[end:name_start] if ch in "—–-"), end)
        attribution = _punctuated(doc, name_start, name_start + len(name), dash, (start, end),
                                  "quote", DASH_CONFIDENCE)
        if attribution is not None:
            extra.append(attribution)
    return extra


def _is_speaker_label(doc: Doc, name: str, start: int, lexicon: Lexicon) -> bool:
    """"MODERATOR", "WILLIAMS", "Sen. Warren" open a transcript line; "UPDATE", "WATCH",
    "Washington" (a dateline) or a clause ("The point is: …") do not."""
    if name.upper() in lexicon.cues.transcript_stop or len(name.split()) > 4:
        return False
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return True
    span = doc.char_span(start, start + len(name), alignment_mode="expand")
    return span is not None and all(t.ent_type_ == "PERSON" or t.text in (".", "Sen.", "Rep.", "Dr.",
                                                                          "Mr.", "Ms.", "Mrs.")
                                    for t in span) and any(t.ent_type_ == "PERSON" for t in span)


def _punctuated(doc: Doc, name_start: int, name_end: int, cue_at: int,
                content: tuple[int, int], origin: str, confidence: float) -> Attribution | None:
    name = doc.char_span(name_start, name_end, alignment_mode="expand")
    cue = doc.char_span(cue_at, cue_at + 1, alignment_mode="expand")
    if name is None or cue is None:
        return None
    return Attribution(cue[0], (cue_at, cue_at + 1), name.root, content, origin, "speech", confidence)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


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
    return replace(a, end=max(a.end, b.end),
                   speaker_entity=a.speaker_entity if a.speaker_entity is not None else b.speaker_entity)


def _replace_start(s: StatementSpan, start: int) -> StatementSpan | None:
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
