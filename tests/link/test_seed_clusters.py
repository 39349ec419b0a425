"""The five seed reports of one event, linked: the clusters a reader writes down by hand."""

from __future__ import annotations

import pytest

from annotator import ops
from annotator.storage import open_database
from annotator.storage import queries as q

# Each: fragments of the statements that report one utterance, one per outlet that has it.
SAME_UTTERANCE = {
    "Peskov: a decision, if communicated to Kyiv, is a new round of escalation": [
        "formulated and communicated to the Kyiv regime",
        "communicated to the Kiev regime",
        "really formulated and announced to the Kyiv regime, then of course it's",
        "really formulated and announced to the Kyiv regime, then of course it’s",
    ],
    "Putin in September: NATO at war with Russia": [
        "are at war with Russia",
        "direct involvement of the United States and other NATO countries",
        "such a move would put NATO",
        "direct NATO involvement in the war",
    ],
    "Zelensky: the missiles will speak for themselves": [
        "The missiles will speak",
        "Missiles will speak for them",
    ],
    "Peskov: the outgoing administration fuels the fire": [
        '"It\'s obvious that the outgoing administration',
        "“It’s obvious that the outgoing administration",
    ],
}
ALONE = ["An early ceasefire and a political solution", "the US will consider Ukraine",
         "Russia poses the greatest threat to European security"]


@pytest.fixture(scope="module")
def linked(seeds, tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    db = open_database(path)
    ops.import_articles(db, [seeds])  # links as it imports
    yield db
    db.close()


def _statements(db) -> dict[int, str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return {st.id: a.text[st.start:st.end]
                for a, statements, _ in q.linkable_articles(s) for st in statements}


def _find(texts: dict[int, str], fragment: str) -> int:
    found = [sid for sid, text in texts.items() if fragment in text]
    assert found, fragment
    return found[0]


def test_importing_the_seeds_links_each_utterance_across_outlets(linked):
    texts = _statements(linked)
    with linked.session() as s:
        clusters = q.cluster_sizes(s)
    seen = set()
    for name, fragments in SAME_UTTERANCE.items():
        ids = [_find(texts, f) for f in fragments]
        found = {clusters.get(i, (None, 0))[0] for i in ids}
        assert len(found) == 1 and None not in found, name
        assert found.isdisjoint(seen), f"{name} shares a cluster with another utterance"
        seen |= found
    for fragment in ALONE:
        assert _find(texts, fragment) not in clusters, fragment


def test_linking_again_from_scratch_gives_the_same_clusters(seeds, tmp_path):
    again = open_database(tmp_path / "again.db")
    ops.import_articles(again, [seeds])
    with again.session() as s:
        before = q.cluster_sizes(s)
    summary = ops.link(again, rebuild=True)
    with again.session() as s:
        after = q.cluster_sizes(s)
    again.close()
    assert summary.rebuilt and after == before


def test_importing_one_outlet_at_a_time_gives_the_clusters_of_one_import(seeds, linked,
                                                                         tmp_path):
    db = open_database(tmp_path / "one_by_one.db")
    for path in sorted(seeds.iterdir()):
        ops.import_articles(db, [path])
    texts_one = _statements(db)
    texts_all = _statements(linked)
    with db.session() as s:
        one = q.cluster_sizes(s)
    with linked.session() as s:
        every = q.cluster_sizes(s)
    db.close()

    def groups(clusters, texts):  # type: ignore[no-untyped-def]
        by: dict[int, set[str]] = {}
        for sid, (cluster, _) in clusters.items():
            by.setdefault(cluster, set()).add(texts[sid])
        return sorted(sorted(g) for g in by.values())

    assert groups(one, texts_one) == groups(every, texts_all)
