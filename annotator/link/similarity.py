"""How alike two statements are, and which pairs are worth scoring at all.

The evidence a careful reader uses, as features every pair gets the same way whatever else
is stored (sets of words and n-grams, no vocabulary or weights fitted to the corpus), so a
statement linked at import gets the links a full rebuild gives it:

- character n-grams of the content (3–5, within words): rewordings and translations that
  keep names and stems ("communicated"/"announced" around "the Kyiv regime");
- content words and their pairs (stop words out, light suffix stripping);
- shared runs of four words, as a share of the shorter statement: a quote quoted in part;
- the speaker: a name in common lowers the bar ("the Kremlin" and "Kremlin spokesman
  Dmitry Peskov"), two different named people veto all but a near-verbatim match (two
  people saying similar things are two statements), other speakers with no name in common
  ("U.S. officials" and "Putin") raise it;
- publication dates more than a week apart ask for more (an old quote may be recalled);
- statements of one article are never the same utterance reported twice.

Candidate pairs come from blocking (pairs sharing at least two content words that are rare
enough to tell statements apart), never from all pairs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from functools import lru_cache
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

DEFAULT_THRESHOLD = 0.5
SAME_SPEAKER_BONUS = 0.08
DIFFERENT_SPEAKER_FLOOR = 0.9  # what two different named people need to be linked
OTHER_SPEAKER_PENALTY = 0.1  # two named speakers, at least one not a person, no name shared
DATE_GAP_DAYS = 7  # reports of one utterance come out within days of each other ...
DATE_GAP_PENALTY = 0.15  # ... so a wider gap asks for more (an old quote recalled later)
SHINGLE = 4  # words in a shared run
SAME_SPEAKER_OVERLAP = 0.8  # weight of shared content words when the speaker is the same
MIN_OVERLAP_WORDS = 3  # content words a statement needs for that
MIN_SHARED_WORDS = 2  # for a pair to be a candidate
_CHUNK = 2000  # rows per sparse product in blocking

# Words of attribution and reporting, common to every statement: no evidence of sameness.
_REPORTING = frozenset("""
said says say told tell telling added adding according stated statement asked noted
warned claimed denied reported reports report believe believed also would could will
just like including comment comments journalists reporters earlier later today monday
tuesday wednesday thursday friday saturday sunday week year years time mr mrs ms
""".split())
_STOP = frozenset(ENGLISH_STOP_WORDS) | _REPORTING
_TITLES = frozenset("""
president spokesman spokeswoman spokesperson minister prime secretary leader chief head
general senator governor mayor official officials aide adviser advisor director chairman
press foreign defence defense deputy state top former senior the of for and mr mrs ms dr
""".split())
_WORD = re.compile(r"\w+", re.UNICODE)
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                       "`": "'", "´": "'"})


@dataclass(frozen=True)
class Variant:
    """One statement as the linker sees it: its words, who said them, where and when."""

    statement_id: int
    article_id: int
    content: str
    speaker: str = ""  # as the article names the speaker ("Kremlin spokesman Dmitry Peskov")
    speaker_is_person: bool = False  # a named person (a PERSON entity), not a role or a body
    affiliation: str = ""  # what the article calls the person besides ("Kremlin spokesman")
    source: str | None = None
    published: str | None = None


class Link(NamedTuple):
    """Two statements that report the same utterance (``a`` < ``b``), and how sure. A
    named tuple: a rebuild makes tens of thousands of them."""

    a: int
    b: int
    score: float


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).lower()
    text = text.replace('"', " ").replace("''", " ")
    return " ".join(text.split())


@lru_cache(maxsize=500_000)
def _stem(word: str) -> str:
    for suffix, keep in (("ies", 4), ("ing", 5), ("ed", 4), ("es", 4), ("s", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep - 1:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(normalise(text))
            if len(w) > 2 and w not in _STOP and not w.isdigit()]


_PRONOUNS = frozenset("he she they it we i you him her them us who which".split())


def speaker_key(variant: Variant) -> frozenset[str]:
    """The name words of the speaker (empty: unknown, a pronoun, a bare role)."""
    words = _WORD.findall(normalise(variant.speaker))
    return frozenset(w for w in words
                     if len(w) > 1 and w not in _TITLES and w not in _PRONOUNS)


def affiliation_key(variant: Variant) -> frozenset[str]:
    words = _WORD.findall(normalise(variant.affiliation))
    return frozenset(w for w in words if len(w) > 1 and w not in _TITLES)


_CHARS = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2 ** 20,
                           alternate_sign=False, norm="l2", dtype=np.float32,
                           preprocessor=normalise)
CHAR_FLOOR = 0.15  # character n-grams are compared only where the words leave doubt


def _shingles(text: str) -> list[str]:
    words = _WORD.findall(normalise(text))
    if len(words) < SHINGLE:
        return [" ".join(words)] if words else []
    return [" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]


_COLUMNS = 2 ** 24  # hashed columns of the binary matrices (collisions: one in millions)


def _binary(rows: Iterable[Iterable[str]]) -> sparse.csr_matrix:
    """One row per item: a 1 in the (hashed) column of each distinct string."""
    indptr, indices = [0], []
    for items in rows:
        indices.extend({hash(item) % _COLUMNS for item in items})
        indptr.append(len(indices))
    # Columns renumbered densely (only those in use): the element-wise products below
    # take time and memory in proportion to the number of columns.
    used, column = np.unique(np.array(indices, dtype=np.int64), return_inverse=True)
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, column.astype(np.int32), indptr),
                             shape=(len(indptr) - 1, max(1, len(used))))


def _counts(matrix: sparse.csr_matrix) -> np.ndarray:
    return np.diff(matrix.indptr).astype(np.float32)


def _shared(matrix: sparse.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """How many columns each pair of rows has in common."""
    return _shared_across(matrix, matrix, i, j)


def _shared_across(left: sparse.csr_matrix, right: sparse.csr_matrix, i: np.ndarray,
                   j: np.ndarray) -> np.ndarray:
    """How many columns row ``i[k]`` of ``left`` and row ``j[k]`` of ``right`` share (the
    two in one column space), in chunks (memory stays flat)."""
    out = np.empty(len(i), dtype=np.float32)
    for start in range(0, len(i), 50_000):
        stop = start + 50_000
        out[start:stop] = np.asarray(
            left[i[start:stop]].multiply(right[j[start:stop]]).sum(axis=1)).ravel()
    return out


def _binary_together(*row_sets: list[frozenset[str]]) -> list[sparse.csr_matrix]:
    """Like _binary, for several lists of rows that share one column space."""
    built = []
    for rows in row_sets:
        indptr, indices = [0], []
        for items in rows:
            indices.extend({hash(item) % _COLUMNS for item in items})
            indptr.append(len(indices))
        built.append((indptr, np.array(indices, dtype=np.int64)))
    used = np.unique(np.concatenate([columns for _, columns in built]))
    return [sparse.csr_matrix((np.ones(len(columns), dtype=np.float32),
                               np.searchsorted(used, columns).astype(np.int32), indptr),
                              shape=(len(indptr) - 1, max(1, len(used))))
            for indptr, columns in built]


class Features:
    """What each variant is compared by, computed once, as binary sparse matrices (a row
    per variant: a hundred thousand statements in a few tens of megabytes): its content
    words, those and their pairs, its four-word runs; and its speaker and day."""

    def __init__(self, variants: Sequence[Variant]) -> None:
        self.variants = list(variants)
        words = [content_words(v.content) for v in self.variants]
        self.content = _binary(words)
        self.terms = _binary(w + [f"{a} {b}" for a, b in zip(w, w[1:])] for w in words)
        del words
        self.shingles = _binary(_shingles(v.content) for v in self.variants)
        # Speakers' name words and the bodies people speak for, in one column space: a
        # person's affiliation is compared with the other's name ("the Kremlin").
        self.speakers, self.affiliations = _binary_together(
            [speaker_key(v) for v in self.variants], [affiliation_key(v) for v in self.variants])
        self.people = np.array([v.speaker_is_person for v in self.variants], dtype=bool)
        self.articles = np.array([v.article_id for v in self.variants], dtype=np.int64)
        self.days = np.array([_day(v.published) or -1 for v in self.variants], dtype=np.int64)

    def char_cosines(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Cosine of the character n-grams of each pair, vectorised for the rows involved
        (a chunk of pairs at a time)."""
        out = np.empty(len(i), dtype=np.float32)
        for start in range(0, len(i), 50_000):
            ci, cj = i[start:start + 50_000], j[start:start + 50_000]
            rows, inverse = np.unique(np.concatenate([ci, cj]), return_inverse=True)
            # Each distinct text once: wire copy is printed word for word by many outlets.
            texts: dict[str, int] = {}
            which = np.fromiter((texts.setdefault(self.variants[r].content, len(texts))
                                 for r in rows.tolist()), dtype=np.int64, count=len(rows))
            matrix = _CHARS.transform(list(texts)).tocsr()
            inverse = which[inverse]
            out[start:start + len(ci)] = _shared(matrix, inverse[:len(ci)], inverse[len(ci):])
        return out


def score_pairs(features: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The score of each pair (rows ``i[k]``, ``j[k]`` of ``features``): 0 when vetoed."""
    if not len(i):
        return np.zeros(0, dtype=np.float32)
    terms, shingles = _counts(features.terms), _counts(features.shingles)
    with np.errstate(divide="ignore", invalid="ignore"):
        words = np.nan_to_num(_shared(features.terms, i, j) / np.sqrt(terms[i] * terms[j]))
        shared = np.nan_to_num(_shared(features.shingles, i, j)
                               / np.minimum(shingles[i], shingles[j]))
    scores = np.maximum(words, shared).astype(np.float32)
    doubtful = np.flatnonzero(words >= CHAR_FLOOR)
    if len(doubtful):
        scores[doubtful] = np.maximum(scores[doubtful],
                                      features.char_cosines(i[doubtful], j[doubtful]))
    content = _counts(features.content)
    with np.errstate(divide="ignore", invalid="ignore"):
        overlap = np.nan_to_num(_shared(features.content, i, j)
                                / np.minimum(content[i], content[j]))
    small = np.minimum(content[i], content[j]) < MIN_OVERLAP_WORDS
    overlap[small] = 0.0
    scores = _adjust(features, i, j, scores, overlap.astype(np.float32))
    scores[features.articles[i] == features.articles[j]] = 0.0
    return scores


def _adjust(features: Features, i: np.ndarray, j: np.ndarray, text: np.ndarray,
            overlap: np.ndarray) -> np.ndarray:
    """The texts' scores, adjusted for who spoke and when, for every pair at once.
    ``overlap``: the share of the shorter statement's content words the other has (a
    paraphrase by the same person)."""
    same, differ = _same_speaker(features, i, j)
    people = features.people[i] & features.people[j]
    text = text.copy()
    text[same] = np.minimum(1.0, np.maximum(text[same], SAME_SPEAKER_OVERLAP * overlap[same])
                            + SAME_SPEAKER_BONUS)
    vetoed = differ & people & (text < DIFFERENT_SPEAKER_FLOOR)
    lowered = differ & ~people
    text[vetoed] = 0.0
    text[lowered] = np.maximum(0.0, text[lowered] - OTHER_SPEAKER_PENALTY)
    da, db = features.days[i], features.days[j]
    gap = (da >= 0) & (db >= 0) & (np.abs(da - db) > DATE_GAP_DAYS)
    text[gap] = np.maximum(0.0, text[gap] - DATE_GAP_PENALTY)
    return text


def _day(published: str | None) -> int | None:
    """Days since 1 January 1 of an ISO date (or date-time); None when not a date."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _same_speaker(features: Features, i: np.ndarray,
                  j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each pair: (the same speaker: a name in common, or a person and the body the
    article says they speak for; different: both named, nothing in common). Neither:
    at least one unknown."""
    named = _counts(features.speakers) > 0
    known = named[i] & named[j]
    same = known & (_shared(features.speakers, i, j) > 0)
    # A person and a body: "the Kremlin" for "Kremlin spokesman Dmitry Peskov".
    mixed = np.flatnonzero(known & ~same & (features.people[i] != features.people[j]))
    if len(mixed):
        person = np.where(features.people[i[mixed]], i[mixed], j[mixed])
        body = np.where(features.people[i[mixed]], j[mixed], i[mixed])
        same[mixed] = _shared_across(features.affiliations, features.speakers, person, body) > 0
    return same, known & ~same


def score_pair(a: Variant, b: Variant) -> float:
    features = Features([a, b])
    return float(score_pairs(features, np.array([0]), np.array([1]))[0])


def blocking_cap(statements: int) -> int:
    """Words in more statements than this tell nothing apart: not used for blocking."""
    return max(25, min(400, int(0.02 * statements)))


def candidate_pairs(features: Features, rows: Iterable[int] | None = None,
                    max_df: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of the variants of ``features`` worth scoring (see block)."""
    return block(features.content, features.articles, rows, max_df)


def block(content: sparse.csr_matrix, articles: np.ndarray, rows: Iterable[int] | None = None,
          max_df: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j; or i in ``rows`` with any row) of different articles whose content
    words (a binary row each) share at least MIN_SHARED_WORDS, not counting words so common
    they tell nothing apart (in more than ``max_df`` statements)."""
    n = content.shape[0]
    empty = np.zeros(0, dtype=np.int64)
    if not content.nnz:
        return empty, empty
    # Only the words in use, as dense columns, and of those the telling ones.
    used, column = np.unique(content.indices, return_inverse=True)
    df = np.bincount(column, minlength=len(used))
    cap = max_df if max_df is not None else blocking_cap(n)
    keep = ((df >= 2) & (df <= cap))[column]
    row = np.repeat(np.arange(n), np.diff(content.indptr))
    binary = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=np.float32),
                                (row[keep], column[keep])), shape=(n, len(used)))
    transposed = binary.T.tocsr()
    query = np.arange(n) if rows is None else np.unique(np.fromiter(rows, dtype=np.int64))
    found_i, found_j = [empty], [empty]
    for start in range(0, len(query), _CHUNK):
        part = query[start:start + _CHUNK]
        shared = (binary[part] @ transposed).tocoo()
        mask = shared.data >= MIN_SHARED_WORDS
        bi, bj = part[shared.row[mask]], shared.col[mask].astype(np.int64)
        mask = articles[bi] != articles[bj]
        found_i.append(bi[mask])
        found_j.append(bj[mask])
    i, j = np.concatenate(found_i), np.concatenate(found_j)
    if not len(i):
        return empty, empty
    pairs = np.unique(np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]


def _found(ids: Sequence[int], i: np.ndarray, j: np.ndarray, scores: np.ndarray,
           threshold: float) -> list[Link]:
    keep = scores >= threshold
    numbers = np.asarray(ids, dtype=np.int64)
    a, b = numbers[i[keep]], numbers[j[keep]]
    low, high = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((high, low))
    rounded = np.round(scores[keep].astype(np.float64), 4)[order]
    return [Link(x, y, s) for x, y, s in zip(low[order].tolist(), high[order].tolist(),
                                             rounded.tolist())]


def links(variants: Sequence[Variant], threshold: float = DEFAULT_THRESHOLD,
          rows: Iterable[int] | None = None) -> list[Link]:
    """Every link at or above ``threshold``: among all ``variants``, or of the variants at
    ``rows`` (new ones) with any."""
    features = Features(variants)
    i, j = candidate_pairs(features, rows)
    return _found([v.statement_id for v in variants], i, j, score_pairs(features, i, j),
                  threshold)


def pack(ids: Iterable[int]) -> bytes:
    """Word ids as stored: distinct, sorted, 32-bit little-endian."""
    return np.unique(np.fromiter(ids, dtype=np.int64)).astype("<i4").tobytes()


def links_of_new(stored: Sequence[tuple[int, int, bytes]], new: Sequence[Variant],
                 new_words: dict[int, list[int]], fetch: Callable[[list[int]], list[Variant]],
                 threshold: float = DEFAULT_THRESHOLD) -> list[Link]:
    """The links of ``new`` statements with each other and with the ``stored`` ones, given
    as (statement id, article id, packed word ids) — the links ``links`` finds among all of
    them. ``new_words``: each new statement's content words as ids (the same numbering).
    Blocking counts words over every statement in NumPy; only the stored statements it
    pairs with a new one are read in full (``fetch(statement ids)``)."""
    n_stored = len(stored)
    lengths = np.fromiter((len(b) // 4 for _, _, b in stored), dtype=np.int64, count=n_stored)
    flat_stored = np.frombuffer(b"".join(b for _, _, b in stored), dtype="<i4").astype(np.int64)
    new_lists = [np.unique(np.asarray(new_words[v.statement_id], dtype=np.int64)) for v in new]
    flat_new = np.concatenate(new_lists) if new_lists else np.zeros(0, dtype=np.int64)
    flat = np.concatenate([flat_stored, flat_new])
    rows = np.repeat(np.arange(n_stored + len(new)),
                     np.concatenate([lengths, [len(x) for x in new_lists]]).astype(np.int64))
    # Only the new statements' words can pair a new one; counted over every statement.
    vocabulary = np.unique(flat_new)
    mine = np.isin(flat, vocabulary)
    df = np.bincount(flat[mine], minlength=int(flat.max(initial=0)) + 1)
    telling = (df >= 2) & (df <= blocking_cap(n_stored + len(new)))
    keep = mine.copy()
    keep[mine] = telling[flat[mine]]
    total = n_stored + len(new)
    binary = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=np.float32),
                                (rows[keep], flat[keep])), shape=(total, len(df)))
    articles = np.array([a for _, a, _ in stored] + [v.article_id for v in new], dtype=np.int64)
    ids = [sid for sid, _, _ in stored] + [v.statement_id for v in new]
    i, j = block(binary, articles, rows=range(n_stored, total), max_df=total)
    involved = sorted(set(i.tolist()) | set(j.tolist()))
    wanted = [ids[r] for r in involved if r < n_stored]
    by_id = {v.statement_id: v for v in fetch(wanted)} if wanted else {}
    by_id.update((v.statement_id, v) for v in new)
    present = [r for r in involved if ids[r] in by_id]  # deleted meanwhile: left out
    local = {r: n for n, r in enumerate(present)}
    keep_pairs = np.array([a in local and b in local for a, b in zip(i.tolist(), j.tolist())],
                          dtype=bool) if len(i) else np.zeros(0, dtype=bool)
    i, j = i[keep_pairs], j[keep_pairs]
    features = Features([by_id[ids[r]] for r in present])
    li = np.array([local[a] for a in i.tolist()], dtype=np.int64)
    lj = np.array([local[b] for b in j.tolist()], dtype=np.int64)
    return _found([ids[r] for r in present], li, lj, score_pairs(features, li, lj), threshold)
