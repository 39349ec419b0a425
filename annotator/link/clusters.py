"""Clusters from links, with the edits people made: deterministic, so the same links and
edits always give the same clusters (at import, or from ``annotator link --rebuild``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.link.similarity import Link


@dataclass(frozen=True)
class Constraint:
    """An edit that outlives re-linking: ``apart`` (an annotator unlinked one statement
    from another, or a lead split a cluster) or ``together`` (a lead merged them)."""

    a: int
    b: int
    apart: bool


class _Sets:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.members: dict[int, set[int]] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        self.members.setdefault(x, {x})
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, a: int, b: int, apart: dict[int, set[int]]) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, big = sorted((ra, rb), key=lambda r: len(self.members[r]))
        # Never join two groups an edit keeps apart.
        for member in self.members[small]:
            if apart.get(member, set()) & self.members[big]:
                return False
        self.parent[small] = big
        self.members[big] |= self.members.pop(small)
        return True


def cluster(links: Iterable[Link], constraints: Iterable[Constraint] = ()) -> dict[int, int]:
    """Statement id → cluster id (the smallest statement id in it), for statements in a
    cluster of two or more. Merges (``together``) come first, then links from the most to
    the least alike; a link that would put two statements kept ``apart`` in one cluster is
    left out."""
    apart: dict[int, set[int]] = {}
    together = []
    for c in constraints:
        if c.apart:
            apart.setdefault(c.a, set()).add(c.b)
            apart.setdefault(c.b, set()).add(c.a)
        else:
            together.append(c)
    sets = _Sets()
    for c in sorted(together, key=lambda c: (c.a, c.b)):
        sets.join(c.a, c.b, {})
    for link in sorted(links, key=lambda link: (-link.score, link.a, link.b)):
        if link.b in apart.get(link.a, ()):
            continue
        sets.join(link.a, link.b, apart)
    out: dict[int, int] = {}
    for members in sets.members.values():
        if len(members) > 1:
            first = min(members)
            out.update((m, first) for m in members)
    return out
