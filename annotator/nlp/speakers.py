"""Speaker phrases and the entities they resolve to (names, titles, pronouns)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from annotator.core.lexicon import Lexicon
from annotator.nlp.docindex import index, sent_bounds

_PHRASE_DEPS = {"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case"}
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT")


def speaker_phrase(token: Token) -> tuple[int, int]:
    """The noun phrase headed by ``token``, without appositions or relative clauses."""
    lo = hi = token.i
    for child in token.lefts:
        if child.dep_ in _PHRASE_DEPS:
            lo = min(lo, child.left_edge.i)
    for child in token.rights:  # "Lin Jian": flat names parsed as right compounds
        if child.dep_ in ("compound", "flat") and child.i == hi + 1:
            hi = child.i
    doc = token.doc
    ent = _entity_at(doc, token.i)
    if ent is not None:
        lo, hi = min(lo, ent.start), max(hi, ent.end - 1)
    # A phrase never reaches back over a line break (captions, credits above the sentence).
    while lo < token.i and any("\n" in t.text or "\n" in t.whitespace_ for t in doc[lo:token.i]):
        lo += 1
    while lo < token.i and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    span = doc[lo:hi + 1]
    return span.start_char, span.end_char


def _entity_at(doc: Doc, i: int) -> Span | None:
    ix = index(doc)
    n = ix.entity_of.get(i)
    return None if n is None else ix.ents[n]


class SpeakerResolver:
    """Resolves speaker heads to entity indexes of ``doc.ents``, in reading order."""

    def __init__(self, doc: Doc, lexicon: Lexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.ents = index(doc).ents
        self.last_speaker: int | None = None  # entity index of the previous statement's speaker

    def resolve(self, head: Token | None, phrase: tuple[int, int] | None) -> int | None:
        if head is None or phrase is None:
            return None
        lower = head.lower_
        if lower in self.lexicon.person_pronouns:
            return self._previous_person(head)
        if lower in self.lexicon.other_pronouns:
            return self.last_speaker
        inside = [i for i, e in enumerate(self.ents)
                  if e.start_char >= phrase[0] and e.end_char <= phrase[1]
                  and e.label_ in SPEAKER_TYPES]
        containing = [i for i in inside if self.ents[i].start <= head.i < self.ents[i].end]
        if containing:
            return containing[0]
        for child in head.children:  # "the chief executive, Helen Okafor, told …"
            if child.dep_ == "appos":
                named = [i for i, e in enumerate(self.ents)
                         if e.start <= child.i < e.end and e.label_ in SPEAKER_TYPES]
                if named:
                    return named[0]
        persons = [i for i in inside if self.ents[i].label_ == "PERSON"]
        if persons:
            return persons[-1]
        if self._is_title(head, phrase):
            titled = self._titled_person(head, phrase)
            if titled is not None:
                return titled
        definite = index(self.doc).text[phrase[0]:phrase[1]].lower().startswith("the ")
        if head.text[:1].isupper() or definite:  # "Zelenskyy", "the authority"
            named = self._named(head)
            if named is not None:
                return named
        return inside[-1] if inside else None

    def remember(self, entity: int | None) -> None:
        if entity is not None:
            self.last_speaker = entity

    def _previous_person(self, pronoun: Token) -> int | None:
        """"he", "she": the nearest person who is the subject of a clause in this or the
        previous sentence, else the previous speaker if a person, else the nearest person."""
        window_start = sent_bounds(pronoun)[0]
        if window_start > 0:
            window_start = sent_bounds(self.doc[window_start - 1])[0]
        subjects = [i for i, e in enumerate(self.ents)
                    if e.label_ == "PERSON" and window_start <= e.start and e.end <= pronoun.i
                    and e.root.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[-1]
        if self.last_speaker is not None and self.ents[self.last_speaker].label_ == "PERSON":
            return self.last_speaker
        before = [i for i, e in enumerate(self.ents) if e.label_ == "PERSON" and e.end <= pronoun.i]
        return before[-1] if before else None

    def _is_title(self, head: Token, phrase: tuple[int, int]) -> bool:
        """A definite title ("the spokesman", "Kremlin spokesman"), not "a US official" or
        "officials": only the former points at one known person."""
        if head.lemma_.lower() not in self.lexicon.speaker_titles:
            return False
        first = index(self.doc).text[phrase[0]:phrase[1]].split()[0].lower()
        indefinite = first in ("a", "an", "some", "several", "unnamed", "anonymous", "two", "three")
        return not indefinite and head.tag_ not in ("NNS", "NNPS")

    def _named(self, head: Token) -> int | None:
        for i in reversed(range(len(self.ents))):
            ent = self.ents[i]
            if ent.label_ in SPEAKER_TYPES and ent[-1].lower_ == head.lower_ \
                    and ent.start != head.i and ent.start < head.i:
                return i
        return None

    def _titled_person(self, head: Token, phrase: tuple[int, int]) -> int | None:
        """"the Kremlin spokesman" → the PERSON mentioned with "spokesman" nearby (the one
        sharing most of the phrase's words), else a person named earlier in the sentence,
        else the previous speaker if a person."""
        title = head.lemma_.lower()
        words = {w.lower()[:5] for w in index(self.doc).text[phrase[0]:phrase[1]].split()
                 if w[:1].isalpha() and w.lower() not in ("the", "a", "an")}
        best: tuple[int, int, int] | None = None  # (score, before-ness, index)
        for i, ent in enumerate(self.ents):
            if ent.label_ != "PERSON" or ent.start_char >= phrase[0] and ent.end_char <= phrase[1]:
                continue
            window = self.doc[max(0, ent.start - 6):min(len(self.doc), ent.end + 8)]
            if not any(t.lemma_.lower() == title for t in window):
                continue
            score = len(words & {t.lower_[:5] for t in window})
            key = (score, 1 if ent.start < head.i else 0, i if ent.start < head.i else -i)
            if best is None or key > best:
                best = key
        sent_start = sent_bounds(head)[0]
        same_sentence = [i for i, e in enumerate(self.ents)
                         if e.label_ == "PERSON" and sent_start <= e.start and e.end <= head.i]
        if same_sentence and (best is None or best[0] <= 1):
            return same_sentence[-1]
        if best is not None:
            return abs(best[2])
        if self.last_speaker is not None and self.ents[self.last_speaker].label_ == "PERSON":
            return self.last_speaker
        return None
