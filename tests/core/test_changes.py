from annotator.core.changes import Changes


def test_changes_say_whether_anything_changed():
    assert not Changes()
    label = Changes.label(7, "claim")
    assert label and label.counts and dict(label.labels) == {7: "claim"}
    assert Changes(saved=frozenset({1})) and Changes(articles=frozenset({3}))
    assert not Changes(statement=None, removed=())  # what an edit carries is not a change
