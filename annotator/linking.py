"""Linking statements across outlets (annotator link, and after each import): read what
each statement says and who said it, find the links (annotator.link), keep them and the
clusters they form, with people's edits (unlink, merge, split) applied on top."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from annotator.core.errors import AnnotatorError
from annotator.core.models import Article, Entity, Statement
from annotator.link import DEFAULT_THRESHOLD, Constraint, Link, Variant, cluster
from annotator.link.similarity import content_words, links_of_new, pack
from annotator.link.similarity import links as find_links
from annotator.storage import Database, queries

SETTING = "linking"  # {"threshold": the one the stored links were found with}
_TITLE_WORD = re.compile(r"[A-Z][\w.’'-]*|[a-z]+")
_ROLE_WORDS = frozenset("""
spokesman spokeswoman spokesperson president minister secretary leader chief adviser aide
official officials envoy ambassador senator governor mayor director chairman head top
press deputy foreign defence defense prime general state former senior
""".split())


@dataclass(frozen=True)
class LinkSummary:
    statements: int  # statements looked at
    links: int  # links stored (new ones when incremental)
    clusters: int  # clusters in the database afterwards
    clustered: int  # statements in a cluster afterwards
    seconds: float
    threshold: float
    rebuilt: bool


def variants(articles: Iterable[tuple[Article, list[Statement], list[Entity]]]) -> list[Variant]:
    """What the linker needs of each statement: its text, its speaker as the article names
    them (the mention, or the entity, with the titles before the name), and the outlet."""
    out = []
    for article, statements, entities in articles:
        text = article.text
        by_id = {e.id: e for e in entities}
        people = [e for e in entities if e.label == "PERSON"]
        for st in statements:
            speaker, person, affiliation = "", False, ""
            entity = by_id.get(st.speaker_entity_id) if st.speaker_entity_id else None
            if entity is None and st.speaker_start is not None and st.speaker_end is not None:
                entity = next((e for e in entities
                               if e.start < st.speaker_end and st.speaker_start < e.end), None)
                speaker = text[st.speaker_start:st.speaker_end]
            if entity is not None:
                speaker = text[entity.start:entity.end]
                person = entity.label == "PERSON"
                if person:
                    affiliation = _affiliation(text, speaker, people)
            out.append(Variant(st.id, article.id, text[st.start:st.end], speaker, person,
                               affiliation, article.source, article.published))
    return out


def _affiliation(text: str, name: str, people: list[Entity]) -> str:
    """The words before each mention of this person that say whom they speak for:
    "Kremlin spokesman Dmitry Peskov" → "Kremlin spokesman"."""
    surname = name.split()[-1] if name.split() else name
    words: list[str] = []
    for e in people:
        mention = text[e.start:e.end]
        if surname not in mention:
            continue
        before = text[max(0, e.start - 60):e.start].split()
        taken = []
        for word in reversed(before[-4:]):
            clean = word.strip(",;:()“”\"'’").removesuffix("’s").removesuffix("'s")
            if not clean or not (clean[0].isupper() or clean.lower() in _ROLE_WORDS) \
                    or word.endswith((".", ",", ":", ";")):
                break
            taken.append(clean)
        words.extend(reversed(taken))
    return " ".join(words)


def link(db: Database, *, threshold: float | None = None, rebuild: bool = False,
         progress: Callable[[str], None] | None = None) -> LinkSummary:
    """Link the statements not linked yet (new ones, and ones whose bounds changed) with
    every statement; or, with ``rebuild`` or a new ``threshold``, all of them again.
    Either way gives the same links and clusters. Edits people made are kept."""
    started = time.perf_counter()
    say = progress or (lambda _: None)
    with db.session() as session:
        state = queries.get_setting(session, SETTING) or {}
    threshold = float(threshold if threshold is not None
                      else state.get("threshold", DEFAULT_THRESHOLD))
    if not 0 < threshold <= 1:
        raise AnnotatorError(f"--threshold {threshold:g} is not between 0 and 1.")
    rebuild = rebuild or not state or abs(state.get("threshold", -1) - threshold) > 1e-9
    if rebuild:
        with db.session() as session:
            seen = variants(queries.linkable_articles(session))
        say(f"linking {len(seen):,} statement(s)")
        found = find_links(seen, threshold)
        stored: list = []  # type: ignore[type-arg]
    else:
        with db.session() as session:
            stored = queries.link_words(session)
            linked = {sid for sid, _, _ in stored}
            seen = [v for v in variants(queries.linkable_articles(
                        session, queries.unlinked_articles(session)))
                    if v.statement_id not in linked]
        say(f"linking {len(seen):,} new statement(s) with {len(stored):,}")
    words = {v.statement_id: content_words(v.content) for v in seen}
    with db.transaction() as session:
        numbers = queries.word_ids(session, {w for ws in words.values() for w in ws},
                                   fresh=rebuild)
        new_words = {sid: [numbers[w] for w in ws] for sid, ws in words.items()}
        if not rebuild:
            found = links_of_new(stored, seen, new_words, _fetch(db), threshold) \
                if seen else []
        del stored
        queries.replace_links(session, [(lk.a, lk.b, lk.score) for lk in found],
                              of=None if rebuild else [v.statement_id for v in seen])
        queries.store_linked(session, [(v.statement_id, pack(new_words[v.statement_id]),
                                        v.content, v.speaker, v.speaker_is_person,
                                        v.affiliation) for v in seen], replace_all=rebuild)
        _recluster(session, around=None if rebuild else [v.statement_id for v in seen])
        queries.set_setting(session, SETTING, {"threshold": threshold})
        clusters, clustered = queries.cluster_counts(session)
    return LinkSummary(len(seen), len(found), clusters, clustered,
                       time.perf_counter() - started, threshold, rebuild)


def _fetch(db: Database) -> Callable[[list[int]], list[Variant]]:
    """Stored statements as linking saw them, read by id (not their articles)."""
    def fetch(statement_ids: list[int]) -> list[Variant]:
        with db.session() as session:
            rows = queries.linked_statements(session, statement_ids)
        return [Variant(sid, aid, content, speaker, person, affiliation, source, published)
                for sid, aid, content, speaker, person, affiliation, source, published in rows]

    return fetch


def _recluster(session, around: list[int] | None = None) -> dict[int, tuple[int, float]]:  # type: ignore[no-untyped-def]
    """Clusters again from the stored links and the edits in force, and stored: all of
    them, or (``around``) those of the statements linked, through links and merges, to
    these (clusters elsewhere cannot change)."""
    edits = queries.cluster_edits(session)
    if around is None:
        links = [Link(a, b, score) for a, b, score in queries.stored_links(session)]
        among = None
    else:
        together: dict[int, set[int]] = {}
        for a, b, apart in edits:
            if not apart:
                together.setdefault(a, set()).add(b)
                together.setdefault(b, set()).add(a)
        # The statements connected to the new ones, and their former cluster-mates.
        reach = set(around) | set(queries.cluster_members_of_clusters(session, around))
        frontier, found = set(reach), {}
        while frontier:
            step = set()
            for a, b, score in queries.links_touching(session, frontier):
                found[(a, b)] = score
                step.update((a, b))
            for x in frontier:
                step |= together.get(x, set())
            frontier = step - reach
            reach |= step
        links = [Link(a, b, score) for (a, b), score in found.items()]
        edits = [e for e in edits if e[0] in reach and e[1] in reach]
        among = reach
    alive = queries.existing_statements(session, {x for a, b, _ in edits for x in (a, b)})
    assignment = cluster(links, [Constraint(a, b, apart) for a, b, apart in edits
                                 if a in alive and b in alive])
    best: dict[int, float] = {}
    for lk in links:
        if assignment.get(lk.a) is not None and assignment.get(lk.a) == assignment.get(lk.b):
            best[lk.a] = max(best.get(lk.a, 0.0), lk.score)
            best[lk.b] = max(best.get(lk.b, 0.0), lk.score)
    members = {sid: (c, round(best.get(sid, 1.0), 4)) for sid, c in assignment.items()}
    queries.write_clusters(session, members, among)
    return members


def unlink(db: Database, *, statement_id: int, annotator_id: int) -> int:
    """Take one statement out of its cluster (kept apart from every member, also after
    ``annotator link --rebuild``). How many statements it was linked to."""
    with db.transaction() as session:
        queries.require_statements(session, [statement_id])
        others = [s.id for s, _ in queries.variants_of(session, statement_id)]
        queries.add_cluster_edits(session, [(statement_id, o) for o in others], apart=True,
                                  annotator_id=annotator_id)
        _recluster(session)
    return len(others)


def merge_cluster(db: Database, *, statement_ids: list[int], annotator_id: int) -> int:
    """Merge the clusters of these statements (a statement alone is a cluster of one) into
    one, also over earlier unlinks between them; its id."""
    if len(set(statement_ids)) < 2:
        raise AnnotatorError("Name at least two statements to merge.")
    with db.transaction() as session:
        queries.require_statements(session, statement_ids)
        members: set[int] = set()
        for sid in statement_ids:
            cluster_id = queries.cluster_of(session, sid)
            members |= {sid} if cluster_id is None else \
                {s.id for s, _ in queries.cluster_members(session, cluster_id)}
        first = min(members)
        kept_apart = [(a, b) for a, b, apart in queries.cluster_edits(session)
                      if apart and a in members and b in members]
        queries.add_cluster_edits(session, [(first, m) for m in sorted(members - {first})]
                                  + kept_apart, apart=False, annotator_id=annotator_id)
        found = _recluster(session)
    return found[first][0]


def split_cluster(db: Database, *, statement_ids: list[int], annotator_id: int) -> int:
    """Split these statements off their cluster into a cluster of their own (kept apart
    from the rest of it). How many statements stay in the old cluster."""
    with db.transaction() as session:
        queries.require_statements(session, statement_ids)
        moving = set(statement_ids)
        clusters = {queries.cluster_of(session, s) for s in moving} - {None}
        if len(clusters) != 1:
            raise AnnotatorError("The statements to split off must be in one cluster.")
        rest = [s.id for s, _ in queries.cluster_members(session, clusters.pop())
                if s.id not in moving]
        queries.add_cluster_edits(session, [(m, r) for m in moving for r in rest], apart=True,
                                  annotator_id=annotator_id)
        if len(moving) > 1:
            ordered = sorted(moving)
            queries.add_cluster_edits(session, [(ordered[0], o) for o in ordered[1:]],
                                      apart=False, annotator_id=annotator_id)
        _recluster(session)
    return len(rest)
