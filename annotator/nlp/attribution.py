"""Attributions in a parsed doc: who (speaker) said (cue) what (content).

Small rules over the dependency parse, each tested on its own in tests/nlp:
- a speech verb's clausal complement is what was said ("X said that …", "…, X said");
- a quote right before or after the cue is what was said ("“…,” X said", "adding: “…”");
- "according to X" attributes the clause it modifies;
- a verb object for cues that take one ("denied the report", "accused X of Y");
- participle cues without a subject ("…, adding …", "arguing that …") inherit the speaker
  of the verb they hang from; "Interfax quoted Peskov as saying" gives Peskov;
- beyond speech, the kinds of resources/cues.json by the complement the cue takes: evidence
  ("polls show a tight race"), stance ("endorsed the mayor"), intention ("plans to spend"),
  belief ("aides fear the deal will collapse"), demand ("urged lawmakers to pass the bill").
Each attribution records its kind and a confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from annotator.core.lexicon import Lexicon
from annotator.nlp.docindex import index, sent_bounds

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_CLAUSES = {"ccomp", "xcomp"}
_PARTICIPLE_DEPS = {"advcl", "xcomp", "conj", "pcomp", "acl", "dep", "parataxis"}
_OBJECT_PREPS = {"of", "as", "for", "over", "from", "about"}  # "accused X of Y"
_RELATIVES = {"which", "where", "who", "whose", "whom"}
_ANIMATE_PRONOUNS = {"he", "she", "they", "we", "i", "you", "who"}
_ANIMATE_TYPES = {"PERSON", "ORG", "NORP", "GPE"}
# Confidence of the speech kind by how it was found (other kinds take theirs from cues.json).
QUOTE_CONFIDENCE = 0.95
ACCORDING_CONFIDENCE = 0.85
NOMINAL_CONFIDENCE = 0.8
SPEECH_OBJECT_CONFIDENCE = 0.75
SPEECH_INFINITIVE_CONFIDENCE = 0.7
_LEADING_TRIM = {"that", ",", ":", "—", "–", "-", ";", "and", "but"}
_TRAILING_TRIM = {",", ":", ";", "—", "–", "-", ".", "and", "but"}


@dataclass
class Attribution:
    cue: Token
    cue_span: tuple[int, int]
    speaker: Token | None  # head token of the speaker phrase
    content: tuple[int, int]  # character span
    origin: str  # "quote", "indirect", "according", "transcript"
    kind: str = "speech"  # speech, evidence, stance, intention, belief, demand (cues.json)
    confidence: float = 0.9


def find_cues(doc: Doc, lexicon: Lexicon) -> list[Token]:
    """Cue tokens. A NumPy pass over lemma hashes picks the few candidates, so the per-token
    Python checks run on a handful of tokens rather than every one."""
    if not len(doc):
        return []
    lemmas = doc.to_array([LEMMA, LOWER])
    hits = numpy.flatnonzero(numpy.isin(lemmas, _wanted(doc, lexicon, lemmas.dtype)).any(axis=1))
    return [doc[int(i)] for i in hits if is_cue(doc[int(i)], lexicon)]


_WANTED: dict[int, tuple[Lexicon, numpy.ndarray]] = {}


def _wanted(doc: Doc, lexicon: Lexicon, dtype: numpy.dtype) -> numpy.ndarray:  # type: ignore[type-arg]
    """The hashes of every cue word, once per lexicon (string hashes do not depend on the vocab)."""
    cached = _WANTED.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        strings = doc.vocab.strings
        words = {*lexicon.cue_labels, *lexicon.nominal_labels, *lexicon.cues.lemmas, "according"}
        cached = (lexicon, numpy.array(sorted(strings.add(w) for w in words), dtype=dtype))
        _WANTED[id(lexicon)] = cached
    return cached[1]


def is_cue(token: Token, lexicon: Lexicon) -> bool:
    if token.lower_ == "according" and token.i + 1 < len(token.doc) \
            and token.doc[token.i + 1].lower_ == "to":
        return True
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN":
        return lemma in lexicon.nominal_labels and _that_clause(token) is not None
    if token.pos_ != "VERB" or token.dep_ == "amod":
        return False
    known = lemma in lexicon.cue_labels  # a speech cue whatever its complement
    if not known and lemma not in lexicon.cues.lemmas:
        return False
    particle = lexicon.particle_cues.get(lemma)
    if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in token.children):
        return False
    # "This decision was said to have come …", "These things are not announced": no speaker.
    # ("Peskov was quoted as saying …" keeps its speaker: the quoted one.)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children) \
            and not any(c.dep_ == "agent" for c in token.children) and lemma != "quote":
        return False
    return known or any(lexicon.cues.kind_for(lemma, frame) for frame in frames(token))


def frames(token: Token) -> list[str]:
    """The complements ``token`` takes, as cues.json names them, most specific first."""
    found = []
    dobj = _first(token, "dobj")
    xcomp = _infinitive(token)
    ccomp = _first(token, "ccomp")
    if dobj is not None and xcomp is not None and xcomp.i > dobj.i:
        found.append("object_infinitive")
    elif ccomp is not None and _first(ccomp, "nsubj") is not None and _has_to(ccomp):
        found.append("object_infinitive")  # "urged lawmakers to pass": parsed as a clause
    elif ccomp is not None or _is_parenthetical(token):
        found.append("clause")
    if xcomp is not None and dobj is None:
        found.append("infinitive")
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "on", "to") and child.i > token.i:
            found.append(child.lower_)
    if dobj is not None:
        found.append("object")
    return found


def _infinitive(token: Token) -> Token | None:
    """The to-infinitive ``token`` takes; after an object the parser often makes it an
    adverbial clause ("pressed the board to divest")."""
    obj = _first(token, "dobj")
    return next((c for c in token.children
                 if (c.dep_ == "xcomp" or c.dep_ == "advcl" and obj is not None and c.i > obj.i)
                 and c.i > token.i and _has_to(c)), None)


def _has_to(token: Token) -> bool:
    return any(c.tag_ == "TO" and c.i < token.i for c in token.children)


def _is_parenthetical(cue: Token) -> bool:
    """"The deal, aides fear, will collapse", "…, the spokesman said": a bare cue hanging off
    the clause it reports."""
    return cue.head is not cue and cue.dep_ in ("parataxis", "ccomp", "conj", "advcl") \
        and _own_subject(cue) is not None \
        and not any(c.dep_ in ("dobj", "xcomp", "ccomp", "attr", "acomp", "oprd")
                    for c in cue.children)


def _that_clause(noun: Token) -> Token | None:
    """The clause of "the claim that …", "a warning that …"."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in child.children):
            return child
    return None


def attribute(doc: Doc, lexicon: Lexicon, quotes: list[tuple[int, int]]) -> list[Attribution]:
    cues = find_cues(doc, lexicon)
    cue_set = {c.i for c in cues}
    found = []
    for cue in cues:
        if _inside_quote(cue, quotes):  # "“I think …,” she said": the quote is hers
            continue
        attribution = _attribute_one(doc, cue, cue_set, lexicon, quotes)
        if attribution is not None:
            found.append(attribution)
    return found


def _inside_quote(cue: Token, quotes: list[tuple[int, int]]) -> bool:
    return any(start < cue.idx < end for start, end in quotes)


def _attribute_one(doc: Doc, cue: Token, cue_set: set[int], lexicon: Lexicon,
                   quotes: list[tuple[int, int]]) -> Attribution | None:
    if cue.lower_ == "according":
        return _according_to(doc, cue, cue_set, lexicon)
    if cue.pos_ == "NOUN":
        return _nominal(doc, cue, cue_set, lexicon)
    cues = lexicon.cues
    lemma = cue.lemma_.lower()
    known = lemma in lexicon.cue_labels
    speaker = find_speaker(cue, lexicon)
    cue_span = _cue_span(cue, lexicon)
    clause_kind = cues.kind_for(lemma, "clause") or ("speech" if known else None)
    if clause_kind == "evidence" and speaker is not None and _person(speaker, lexicon):
        clause_kind = "speech"  # "Peskov suggested that …" says it; "the study suggests" shows it
    quote = adjacent_quote(doc, cue, quotes, lexicon) if clause_kind else None
    clause = _clause_content(doc, cue, cue_set) if clause_kind else None
    if quote is not None:
        # A quoted fragment at the end of a reported clause: the clause is the statement.
        if clause is not None and clause[0] < quote[0] <= clause[1] \
                and _has_verb(doc, clause[0], quote[0]):
            return Attribution(cue, cue_span, speaker, (clause[0], max(clause[1], quote[1])),
                               "indirect", clause_kind, _confidence(lexicon, clause_kind))
        confidence = max(QUOTE_CONFIDENCE, _confidence(lexicon, clause_kind))
        return Attribution(cue, cue_span, speaker, quote, "quote", clause_kind, confidence)
    if clause is not None and clause_kind is not None and _allows(cue, speaker, clause_kind, lexicon):
        return Attribution(cue, cue_span, speaker, clause, "indirect", clause_kind,
                           _confidence(lexicon, clause_kind))
    for frame in frames(cue):
        kind = cues.kind_for(lemma, frame)
        if kind is None or frame == "clause" or not _allows(cue, speaker, kind, lexicon):
            continue
        found = _frame_content(doc, cue, frame, kind, cue_set, lexicon)
        if found is not None:
            content, kind, confidence = found
            return Attribution(cue, cue_span, speaker, content, "indirect", kind, confidence)
    if clause_kind is None or not _allows(cue, speaker, clause_kind, lexicon):
        return None
    clause = _parenthetical_content(doc, cue, cue_set)
    if clause is None:
        return None
    return Attribution(cue, cue_span, speaker, clause, "indirect", clause_kind,
                       _confidence(lexicon, clause_kind))


def _confidence(lexicon: Lexicon, kind: str) -> float:
    return lexicon.cues.confidence(kind)


def _allows(cue: Token, speaker: Token | None, kind: str, lexicon: Lexicon) -> bool:
    """Speech keeps today's rules; the other kinds need a source that can hold a view (a
    person, an organisation, "officials"), and evidence one that can show something."""
    if kind == "speech":
        return True
    if speaker is None:
        return False
    if kind == "evidence":  # "have not determined what caused it" shows nothing
        return speaker.lower_ not in lexicon.person_pronouns \
            and not any(c.dep_ == "neg" for c in cue.children)
    return _animate(speaker, lexicon)


def _person(token: Token, lexicon: Lexicon) -> bool:
    return token.ent_type_ == "PERSON" or token.lower_ in lexicon.person_pronouns \
        or token.lower_ in ("i", "we")


def _animate(token: Token, lexicon: Lexicon) -> bool:
    if token.ent_type_ in _ANIMATE_TYPES or token.lower_ in _ANIMATE_PRONOUNS:
        return True
    lemma = token.lemma_.lower()
    return lemma in lexicon.cues.animate_nouns or lemma in lexicon.speaker_titles \
        or token.pos_ == "PROPN"


def _frame_content(doc: Doc, cue: Token, frame: str, kind: str, cue_set: set[int],
                   lexicon: Lexicon) -> tuple[tuple[int, int], str, float] | None:
    """(content, kind, confidence) of a cue by the complement it takes, or None."""
    cues = lexicon.cues
    confidence = cues.confidence(kind)
    tokens: set[int] = set()
    anchor = cue.i
    min_words = 2
    if frame == "object_infinitive":
        obj = _first(cue, "dobj")
        xcomp = _infinitive(cue)
        if obj is not None and xcomp is not None:
            tokens = _subtree(obj) | _subtree(xcomp)
            anchor = obj.i
        else:
            clause = _first(cue, "ccomp")
            if clause is None:
                return None
            tokens, anchor = _subtree(clause), clause.i
    elif frame == "infinitive":
        xcomp = _infinitive(cue)
        if xcomp is None:
            return None
        if xcomp.lemma_.lower() in cues.speech_infinitives:  # "declined to comment"
            kind, confidence = "speech", SPEECH_INFINITIVE_CONFIDENCE
        tokens, anchor, min_words = _subtree(xcomp), xcomp.i, 1
    elif frame in ("for", "on", "to"):
        prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == frame
                     and c.i > cue.i), None)
        obj = _first(prep, "pobj") if prep is not None else None
        if obj is None:
            return None
        if frame == "to" and not ({t.lower_ for t in obj.subtree} & cues.requests):
            return None  # "responded to a request for comment", not "responded to the attack"
        tokens, anchor = _subtree(obj), obj.i
        xcomp = _infinitive(cue) or _infinitive(obj)  # "called on lawmakers to act"
        if frame == "on" and xcomp is not None:
            tokens |= _subtree(xcomp)
        elif frame == "on":
            return None
    elif frame == "object":
        obj = _first(cue, "dobj")
        if obj is None:
            return None
        if kind == "speech":
            return _speech_object(doc, cue, cue_set)
        if obj.lower_ in ("it", "this", "that", "what", "which") or obj.i < cue.i:
            return None
        if kind == "evidence" and not _shows(cue, lexicon):
            return None
        if kind == "stance" and (obj.ent_type_ in cues.stance_not_objects
                                 or obj.lower_ in lexicon.person_pronouns | {"them", "us", "me"}):
            return None
        tokens, anchor = _subtree(obj), obj.i
        for child in cue.children:  # "thanked the council for its support"
            if child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS and child.i > obj.i:
                tokens |= _subtree(child)
        min_words = 1 if obj.pos_ == "PROPN" else 2
    else:
        return None
    tokens = _without_writer_tail(doc, tokens, cue_set)
    span = _span(doc, tokens - _nested_cue_tokens(doc, cue, tokens, cue_set), anchor, min_words)
    return None if span is None else (span, kind, confidence)


def _speech_object(doc: Doc, cue: Token, cue_set: set[int]) -> tuple[tuple[int, int], str, float] | None:
    """"denied the report", "announced his resignation", "accused X of Y"."""
    content = _object_content(doc, cue, cue_set, min_tokens=5 if cue.lemma_ == "say" else 2)
    return None if content is None else (content, "speech", SPEECH_OBJECT_CONFIDENCE)


def _shows(cue: Token, lexicon: Lexicon) -> bool:
    """Evidence with a noun-phrase object needs a source that shows: "Polls show a tight
    race", not "The company showed a profit"."""
    subject = _own_subject(cue)
    return subject is not None and subject.lemma_.lower() in lexicon.cues.evidence_sources


# --- speaker ---------------------------------------------------------------------------------


def find_speaker(cue: Token, lexicon: Lexicon | None = None) -> Token | None:
    """The subject of the cue. A cue without one ("…, adding …", "arguing that …") takes the
    speaker of the nearest cue above it, else the nearest subject above it."""
    if cue.lemma_ == "quote":  # "Interfax quoted Peskov as saying": Peskov speaks
        obj = _first(cue, "dobj") or _first(cue, "nsubjpass")  # (or "Peskov was quoted by …")
        if obj is not None:
            return obj
    own = _own_subject(cue)
    if own is not None:
        return own
    if cue.dep_ == "relcl" and cue.head.pos_ in ("PROPN", "NOUN"):
        return cue.head  # "Biden, who mentioned that …"
    for ancestor in cue.ancestors:
        if lexicon is not None and is_cue(ancestor, lexicon):
            return find_speaker(ancestor, lexicon)
    for ancestor in cue.ancestors:
        subject = _own_subject(ancestor)
        if subject is not None:
            return subject
    # "Axios, citing a source, reported …": a name parsed as a modifier of the cue.
    for child in cue.lefts:
        if child.dep_ in ("advmod", "npadvmod", "dep", "nmod", "attr") and child.text[:1].isupper() \
                and (child.pos_ == "PROPN" or child.is_sent_start or child.ent_type_):
            return child
    return None


def _own_subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "agent":
            return _first(child, "pobj")
        if child.dep_ in _SUBJECTS and child.lower_ not in ("it", "there", "this", "that", "what"):
            if child.lower_ in ("who", "which") and token.dep_ == "relcl":
                return token.head
            return child
    return None


def _subtree(token: Token) -> set[int]:
    """The indices of ``token``'s subtree. Counted in the doc's index (``work``): detection
    builds these sets for every cue, so their total size is the work it does, which tests
    check stays linear in the length of the text."""
    found = index(token.doc)
    lo, hi = token.left_edge.i, token.right_edge.i
    if hi - lo + 1 == found.subtree_size(token):  # projective: the subtree is that range
        ids = set(range(lo, hi + 1))
    else:
        ids = {t.i for t in token.subtree}
    found.work += len(ids)
    return ids


def _first(token: Token, dep: str) -> Token | None:
    return next((c for c in token.children if c.dep_ == dep), None)


def _cue_span(cue: Token, lexicon: Lexicon) -> tuple[int, int]:
    end = cue.idx + len(cue.text)
    particle = lexicon.particle_cues.get(cue.lemma_.lower())
    if particle:
        for child in cue.children:
            if child.dep_ == "prt" and child.lower_ == particle:
                end = max(end, child.idx + len(child.text))
    return cue.idx, end


# --- content ---------------------------------------------------------------------------------


def adjacent_quote(doc: Doc, cue: Token, quotes: list[tuple[int, int]],
                   lexicon: Lexicon) -> tuple[int, int] | None:
    """A direct quote that this cue introduces or closes."""
    text = index(doc).text
    sent_end_char = doc[sent_bounds(cue)[1] - 1].idx + len(doc[sent_bounds(cue)[1] - 1].text)
    own = _subtree(cue)
    subject = find_speaker(cue, lexicon)
    # "“…,” Peskov said" / "“…,” said Peskov" / "“…,” the Kremlin leader said at the time."
    left_edge = min([cue.i] + ([subject.left_edge.i] if subject is not None
                                and subject.i < cue.i and subject.i in own else []))
    before_start = doc[left_edge].idx
    for start, end in reversed(quotes):
        if end > before_start:
            continue
        gap = text[end:before_start]
        if "\n" in gap or len(gap) > 12 or any(ch in gap for ch in ".!?"):
            break
        if _has_clause_after(cue):
            break
        return start, end
    # "… said: “…”", "adding: “…”", "saying: “…”"
    after = cue.idx + len(cue.text)
    for start, end in quotes:
        if start < after:
            continue
        gap = text[after:start]
        if "\n" in gap or any(ch in gap for ch in ".!?“”\""):
            break
        stripped = gap.strip()
        if stripped in ("", ",", ":", "that") or (stripped.endswith(":") and len(stripped) < 40):
            if start < sent_end_char + 2 or stripped.endswith(":"):
                return start, end
        break
    return None


def _has_verb(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)


def _has_clause_after(cue: Token) -> bool:
    return any(c.dep_ in _CLAUSES and c.i > cue.i for c in cue.children)


def _clause_content(doc: Doc, cue: Token, cue_set: set[int]) -> tuple[int, int] | None:
    clauses = [c for c in cue.children if c.dep_ in _CLAUSES]
    if not clauses:  # "X reported, citing officials, that …": the parser hangs it off "citing"
        clauses = [g for c in cue.children if c.dep_ == "advcl" and c.lemma_ in ("cite", "quote")
                   for g in c.children if g.dep_ == "ccomp" and g.i > c.i]
    if not clauses:
        return None
    if all(c.dep_ == "xcomp" for c in clauses) and cue.lemma_ not in ("say", "claim"):
        return None  # "plans to spend", "vowed to sign": intentions (see _frame_content)
    tokens: set[int] = set()
    for clause in clauses:
        tokens |= _subtree(clause)
        # "…, but that it would send a message …": conjoined complements.
        for sibling in cue.children:
            if sibling.dep_ == "conj" and sibling.i > clause.i and sibling.i not in cue_set:
                tokens |= _subtree(sibling)
    if clauses[0].i > cue.i:  # "… said that X, but by Y": trailing pieces hang off the cue
        last = max(tokens)
        tokens |= {i for i in _subtree(cue) if i > last}
    tokens = _without_writer_tail(doc, tokens, cue_set)
    return _span(doc, tokens - _nested_cue_tokens(doc, cue, tokens, cue_set), clauses[0].i)


def _without_writer_tail(doc: Doc, tokens: set[int], cue_set: set[int]) -> set[int]:
    """Without a trailing add-on that is the writer's, not the source's: "…, which drew
    criticism", "…, setting up a clash with Democrats" (a participle that is no cue)."""
    words = [i for i in tokens if not doc[i].is_punct]
    if not words:
        return tokens
    last = max(words)
    for i in sorted(tokens):
        if i == min(tokens) or doc[i - 1].text != "," or i - 1 not in tokens or i in cue_set:
            continue
        token = doc[i]
        writer = (token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "conj", "acl")) \
            or (token.lower_ in _RELATIVES and token.head.dep_ == "relcl")
        piece = token if token.lower_ not in _RELATIVES else token.head
        if writer and piece.right_edge.i >= last and i - 1 - min(tokens) >= 3:
            return {t for t in tokens if t < i - 1}
    return tokens


def _object_content(doc: Doc, cue: Token, cue_set: set[int],
                    min_tokens: int = 3) -> tuple[int, int] | None:
    obj = _first(cue, "dobj")
    if obj is None:
        return None
    tokens = _subtree(obj)
    for child in cue.children:  # "accused X of Y", "described X as Y", "called it an insult"
        if child.dep_ == "oprd" and child.i > obj.i:
            tokens |= _subtree(child)
        if child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS and child.i > obj.i:
            tokens |= _subtree(child)
    if len(tokens) < min_tokens:
        return None
    tokens |= _rest_of_sentence(doc, cue, tokens, cue_set)
    tokens = _without_writer_tail(doc, tokens, cue_set)
    return _span(doc, tokens - _nested_cue_tokens(doc, cue, tokens, cue_set), obj.i)


def _rest_of_sentence(doc: Doc, cue: Token, tokens: set[int], cue_set: set[int]) -> set[int]:
    """A trailing participle cue ("…, accusing the West of provoking conflicts through …")
    reports everything to the end of its sentence, however the parser attached it."""
    if cue.tag_ != "VBG" or cue.dep_ not in ("advcl", "conj", "xcomp"):
        return set()
    last = max(tokens)
    rest = range(last + 1, sent_bounds(cue)[1])
    if any(i in cue_set for i in rest):
        return set()
    return set(rest)


def _parenthetical_content(doc: Doc, cue: Token, cue_set: set[int]) -> tuple[int, int] | None:
    """"X would trigger …, the spokesman said": the cue hangs off the clause it reports.
    "A was doing fine, she said, until B": content on both sides is one statement."""
    head = cue.head
    if not _is_parenthetical(cue):
        return None
    own = _subtree(cue)
    tokens = _subtree(head) - own
    tokens -= _nested_cue_tokens(doc, cue, tokens, cue_set)
    after = [i for i in tokens if i > cue.right_edge.i and not doc[i].is_punct]
    before = [i for i in tokens if i < cue.left_edge.i and not doc[i].is_punct]
    if len(after) >= 2 and len(before) >= 2:
        return _span(doc, tokens | own, head.i)
    return _span(doc, tokens, head.i)


def _nominal(doc: Doc, cue: Token, cue_set: set[int], lexicon: Lexicon) -> Attribution | None:
    """"the minister's assertion that …", "a warning by the ministry that …", "the ministry
    issued a warning that …": the clause is the content; the speaker is the possessor, the
    "by" agent, or the subject of the verb the noun is the object of."""
    clause = _that_clause(cue)
    if clause is None:
        return None
    tokens = _subtree(clause)
    span = _span(doc, tokens - _nested_cue_tokens(doc, cue, tokens, cue_set), clause.i)
    if span is None:
        return None
    speaker = _first(cue, "poss")
    if speaker is None:
        by = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        speaker = _first(by, "pobj") if by is not None else None
    if speaker is None and cue.dep_ in ("dobj", "pobj", "attr"):
        verb = cue.head if cue.dep_ != "pobj" else cue.head.head
        speaker = _own_subject(verb)
    return Attribution(cue, (cue.idx, cue.idx + len(cue.text)), speaker, span, "indirect",
                       "speech", NOMINAL_CONFIDENCE)


def _according_to(doc: Doc, cue: Token, cue_set: set[int], lexicon: Lexicon) -> Attribution | None:
    to = doc[cue.i + 1]
    source = _first(to, "pobj") or _first(cue, "pobj")
    head = cue.head if cue.head is not cue else None
    if head is None:
        return None
    own = _subtree(cue) | _subtree(to)
    tokens = _subtree(head) - own
    span = _span(doc, tokens, head.i)
    if span is None:
        return None
    end = to.idx + len(to.text)
    evidence = source is not None and source.lemma_.lower() in lexicon.cues.evidence_sources
    return Attribution(cue, (cue.idx, end), source, span, "according",
                       "evidence" if evidence else "speech",
                       lexicon.cues.confidence("evidence") if evidence else ACCORDING_CONFIDENCE)


def _nested_cue_tokens(doc: Doc, cue: Token, tokens: set[int], cue_set: set[int]) -> set[int]:
    """Tokens of other cues' own clauses inside this content: each is its own statement."""
    nested: set[int] = set()
    for i in sorted(tokens & cue_set):
        # A cue inside another nested cue's clause is inside what that one removes already.
        if doc[i].head is cue and doc[i].dep_ == "ccomp":
            continue  # "said that both allies wanted to …": the cue's own complement
        if i not in nested and i != cue.i and doc[i].dep_ in ("advcl", "conj", "ccomp", "relcl"):
            nested |= _subtree(doc[i])
            if doc[i].dep_ == "advcl":  # "when the President said …": take the "when" too
                nested |= {t.i for t in doc[i].lefts}
    if sum(1 for i in tokens - nested if not doc[i].is_punct) < 3:
        return set()
    return nested


def _span(doc: Doc, tokens: set[int], anchor: int, min_words: int = 2) -> tuple[int, int] | None:
    """The contiguous run of ``tokens`` around ``anchor``, trimmed, as a character span."""
    if anchor not in tokens:
        if not tokens:
            return None
        anchor = min(tokens, key=lambda i: abs(i - anchor))
    lo = hi = anchor
    while lo - 1 in tokens and "\n" not in doc[lo - 1].text:
        lo -= 1
    while hi + 1 in tokens and "\n" not in doc[hi + 1].text:
        hi += 1
    while lo < hi and doc[lo].lower_ in _LEADING_TRIM:
        lo += 1
    if doc[lo].lower_ in ("citing", "quoting"):  # "reported, citing sources, that …"
        comma = next((t.i for t in doc[lo:min(hi, lo + 12)] if t.text == ","), None)
        if comma is not None:
            lo = comma + 1
            while lo < hi and doc[lo].lower_ in _LEADING_TRIM:
                lo += 1
    while hi > lo and (doc[hi].lower_ in _TRAILING_TRIM or doc[hi].is_space):
        hi -= 1
    span: Span = doc[lo:hi + 1]
    words = (t for t in span if not t.is_punct)
    if sum(1 for _ in zip(range(min_words), words)) < min_words:  # too few words
        return None
    return span.start_char, span.end_char
