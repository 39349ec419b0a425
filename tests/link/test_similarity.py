"""The linker on sentences of our own: what counts as the same utterance, and what not."""

from __future__ import annotations

from annotator.link import Constraint, Link, Variant, cluster, links, score_pair


def v(sid: int, article: int, content: str, speaker: str = "", person: bool = False,
      affiliation: str = "", published: str | None = None) -> Variant:
    return Variant(sid, article, content, speaker, person, affiliation, f"outlet{article}",
                   published)


MAYOR_A = ("“We will not raise the bus fares this year, whatever the council decides about "
           "the budget,”")
MAYOR_B = ('"We are not going to raise bus fares this year, whatever the city council decides '
           'on the budget"')


def test_one_quote_in_two_wordings_is_linked_and_a_different_one_is_not():
    a = v(1, 10, MAYOR_A, "Mayor Ana Ruiz", True)
    b = v(2, 20, MAYOR_B, "Ruiz", True)
    other = v(3, 30, "the storm closed three schools and flooded the harbour road", "police")
    assert score_pair(a, b) >= 0.7
    assert score_pair(a, other) < 0.3
    assert [(lk.a, lk.b) for lk in links([a, b, other])] == [(1, 2)]


def test_a_quote_quoted_in_part_links_to_the_whole():
    whole = v(1, 10, "“The bridge is safe for cars but we will close it to lorries from "
                     "Monday until the repairs are finished in spring,”", "Tom Hale", True)
    part = v(2, 20, "it would be closed to lorries from Monday until the repairs are finished",
             "Hale", True)
    assert score_pair(whole, part) >= 0.5


def test_two_people_saying_much_the_same_are_two_statements():
    a = v(1, 10, "the new tariffs will hurt farmers and raise food prices for everyone",
          "Senator Mary Cole", True)
    b = v(2, 20, "the new tariffs will hurt farmers and push food prices up for families",
          "Governor Jim Park", True)
    unknown = v(3, 30, "the new tariffs will hurt farmers and push food prices up for families")
    assert score_pair(a, b) == 0.0  # vetoed: different named people
    assert score_pair(a, unknown) >= 0.5  # who said it is not known: the words decide


def test_a_body_and_the_person_who_speaks_for_it_are_the_same_speaker():
    person = v(1, 10, "the ministry will review every contract signed since March",
               "Lena Ortiz", True, "Health Ministry spokeswoman")
    body = v(2, 20, "all contracts signed since March will be reviewed", "the Health Ministry")
    stranger = v(3, 30, "all contracts signed since March will be reviewed", "the Treasury")
    assert score_pair(person, body) > score_pair(person, stranger)


def test_statements_of_one_article_are_never_linked():
    a = v(1, 10, MAYOR_A, "Ruiz", True)
    b = v(2, 10, MAYOR_A, "Ruiz", True)
    assert score_pair(a, b) == 0.0 and links([a, b]) == []


def test_reports_far_apart_in_time_need_more():
    a = v(1, 10, MAYOR_B, published="2024-03-01")
    b = v(2, 20, MAYOR_A, published="2024-03-02")
    c = v(3, 30, MAYOR_A, published="2024-09-30")
    assert score_pair(a, b) > score_pair(a, c)


def test_linking_new_statements_gives_the_links_linking_everything_gives():
    stored = [v(1, 10, MAYOR_A, "Ruiz", True), v(2, 20, "the storm closed three schools"),
              v(3, 30, "the harbour road will reopen on Friday, the police said")]
    new = [v(4, 40, MAYOR_B, "Ana Ruiz", True),
           v(5, 50, "police said the harbour road would reopen on Friday")]
    everything = stored + new
    assert links(everything, rows=[3, 4]) == links(everything)
    assert {(lk.a, lk.b) for lk in links(everything)} == {(1, 4), (3, 5)}


def test_clusters_keep_apart_what_people_unlinked_and_together_what_they_merged():
    found = [Link(1, 2, 0.9), Link(2, 3, 0.8), Link(4, 5, 0.6)]
    assert cluster(found) == {1: 1, 2: 1, 3: 1, 4: 4, 5: 4}
    # Someone took 3 out of 1's cluster: the link 2–3 would bring it back, and does not.
    assert cluster(found, [Constraint(1, 3, True), Constraint(2, 3, True)]) == \
        {1: 1, 2: 1, 4: 4, 5: 4}
    # Apart from 1 only: 3 cannot join 2's cluster either, since 1 is in it.
    assert 3 not in cluster(found, [Constraint(1, 3, True)])
    # A lead merged 3 and 5: one cluster of all five.
    assert set(cluster(found, [Constraint(3, 5, False)]).values()) == {1}
    # The same links in any order give the same clusters.
    assert cluster(list(reversed(found))) == cluster(found)
