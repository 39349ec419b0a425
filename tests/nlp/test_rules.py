"""Each detection rule on a small constructed example."""

from __future__ import annotations


def one(found: list[dict], fragment: str) -> dict:
    matches = [s for s in found if fragment in s["text"]]
    assert len(matches) == 1, (fragment, found)
    return matches[0]


def test_said_that_clause_with_speaker_and_cue(detect):
    s = one(detect("The minister said that the bridge would reopen on Friday."), "bridge")
    assert s["text"] == "the bridge would reopen on Friday"
    assert (s["speaker"], s["cue"], s["origin"]) == ("The minister", "said", "indirect")


def test_quote_before_the_cue(detect):
    s = one(detect("“We will not give up the port,” Mayor Anna Berg told reporters."), "port")
    assert s["text"] == "“We will not give up the port,”"
    assert s["entity"] == "Anna Berg" and s["cue"] == "told" and s["origin"] == "quote"


def test_quote_after_a_colon(detect):
    text = 'The coach was blunt, saying: "We played badly and we deserved to lose."'
    s = one(detect(text), "deserved")
    assert s["text"] == '"We played badly and we deserved to lose."'
    assert s["cue"] == "saying" and s["speaker"] == "The coach"


def test_according_to(detect):
    s = one(detect("According to the ministry, the talks will resume on Monday."), "talks")
    assert s["text"] == "the talks will resume on Monday"
    assert s["speaker"] == "the ministry" and s["cue"] == "According to"
    assert s["label"] == "report"


def test_citing_clause_is_not_content(detect):
    s = one(detect("The New York Times reported, citing officials, that the plan was approved."),
            "plan")
    assert s["text"] == "the plan was approved"
    assert s["speaker"] == "The New York Times"


def test_two_speakers_in_one_sentence_give_two_statements(detect):
    found = detect("Smith said the deal was fair, while Jones insisted that it was a disaster.")
    assert one(found, "deal")["speaker"] == "Smith"
    assert one(found, "disaster")["speaker"] == "Jones"
    assert one(found, "deal")["end"] <= one(found, "disaster")["start"]


def test_pronoun_resolves_to_the_previous_person(detect):
    found = detect("Martin Hale, the council leader, rejected the plan. “It is too expensive,” he said.")
    assert one(found, "too expensive")["entity"] == "Martin Hale"


def test_participle_cue_inherits_the_speaker(detect):
    found = detect("Peskov accused Washington of escalation, arguing that each new move "
                   "increases the risk.")
    assert one(found, "each new move")["speaker"] == "Peskov"


def test_unattributed_quote_continues_the_previous_speaker(detect):
    text = ("“We are ready,” said Lina Park, the team captain.\n\n"
            "“Nobody in this squad is afraid of the final on Sunday.”")
    s = one(detect(text), "afraid")
    assert s["entity"] == "Lina Park" and s["origin"] == "quote"


def test_content_decides_over_the_verb(detect):
    s = one(detect("Peskov said the reports were baseless."), "reports")
    assert s["label"] == "denial"


def test_warning_cue(detect):
    s = one(detect("The general warned that the dam could fail within days."), "dam")
    assert s["label"] == "warning"


def test_claim_cue(detect):
    s = one(detect("The mayor accused the contractor of hiding the cost overruns."), "contractor")
    assert s["label"] == "claim"


def test_passive_without_agent_and_plain_narration_give_nothing(detect):
    assert detect("This decision was said to have come after the talks.") == []
    assert detect("The bridge was closed on Monday after a storm damaged it.") == []


def test_declining_to_comment_is_not_a_denial(detect):
    assert all(s["label"] != "denial"
               for s in detect("The company declined to comment on the report."))


def test_headline_line_does_not_run_into_the_next_paragraph(detect):
    text = "Port authority warns of strikes\n\nThe authority said that traffic would suffer."
    s = one(detect(text), "traffic")
    assert s["speaker"] == "The authority"


def test_boilerplate_lines_give_no_statements(detect):
    text = ("By continuing to browse our site you agree to our use of cookies.\n"
            "CHOOSE YOUR LANGUAGE\n"
            "Sumy was attacked on Sunday, officials said. /Emergency Service/AFP\n"
            "© Sergey Karpukhin/TASS\n")
    assert detect(text) == []


def test_offsets_are_exact_with_emoji_and_other_astral_characters(detect):
    text = "🇺🇦 𝔗𝔥𝔢 report 🚀: “We will respond to any attack,” said Anna Berg. 😀"
    s = one(detect(text), "respond")
    assert text[s["start"]:s["end"]] == "“We will respond to any attack,”"
    assert s["entity"] == "Anna Berg"


def test_nominal_cue_with_a_that_clause(detect):
    s = one(detect("The ministry issued a warning that further strikes would be met with force."),
            "strikes")
    assert s["text"] == "further strikes would be met with force"
    assert (s["speaker"], s["cue"], s["label"]) == ("The ministry", "warning", "warning")
    s = one(detect("The minister's assertion that prices would fall was challenged."), "prices")
    assert (s["text"], s["speaker"], s["label"]) == ("prices would fall", "The minister", "claim")


def test_stance_verbs_report_positions(detect):
    s = one(detect("Officials fear that the dam could collapse within days."), "dam")
    assert (s["speaker"], s["label"]) == ("Officials", "warning")
    s = one(detect("Analysts expect that the talks will fail."), "talks")
    assert s["text"] == "the talks will fail" and s["speaker"] == "Analysts"


def test_passive_quoted_by_keeps_the_quoted_speaker(detect):
    s = one(detect("Peskov was quoted by Interfax as saying that the decision was reckless."),
            "decision")
    assert s["text"] == "the decision was reckless" and s["speaker"] == "Peskov"


def test_a_cue_with_its_own_object_is_not_a_parenthetical(detect):
    found = detect("Officials told the paper that they did not expect the decision to alter the war.")
    assert [s["speaker"] for s in found] == ["Officials"]
    assert found[0]["text"].startswith("they did not expect")


def test_two_candidates_with_the_same_span_and_different_speakers_become_one():
    """Found by fuzzing: a nested candidate of another speaker, widened by a speakerless one
    after it, came back to the outer span; the second copy broke the table's unique key."""
    from annotator.core.models import StatementSpan
    from annotator.nlp.detect import _merge

    outer = StatementSpan(264, 573, origin="indirect", speaker_entity=5)
    nested = StatementSpan(264, 370, origin="indirect", speaker_entity=3)  # another speaker
    tail = StatementSpan(364, 573, origin="indirect")  # no speaker: joins the nested one
    merged = _merge([nested, outer, tail])
    spans = [(s.start, s.end) for s in merged]
    assert len(spans) == len(set(spans)) and spans[0] == (264, 573)
    assert merged[0].speaker_entity == 5
