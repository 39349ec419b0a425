from annotator.core.changes import Changes


def test_changes_combine_and_say_whether_anything_changed():
    assert not Changes()
    label = Changes.label(7, "claim")
    assert label and label.counts and dict(label.labels) == {7: "claim"}
    both = label | Changes(articles=frozenset({3}), notes=frozenset({7}))
    assert both.articles == {3} and both.notes == {7} and dict(both.labels) == {7: "claim"}
    # The later label of one statement wins, as it was made later.
    assert dict((label | Changes.label(7, None)).labels) == {7: None}
    assert Changes(saved=frozenset({1}))
