"""The kinds of attribution beyond speech verbs (issue 12), each with sentences that must give
a candidate and sentences that must not. Sentences are our own."""

from __future__ import annotations

import pytest

from test_rules import one


def texts(found: list[dict]) -> list[str]:
    return [s["text"] for s in found]


# 1. Evidence ---------------------------------------------------------------------------------

def test_evidence_with_a_clause_or_a_noun_phrase_and_a_non_human_source(detect):
    s = one(detect("An audit found that the housing fund overpaid its landlords."), "overpaid")
    assert (s["text"], s["speaker"], s["cue"]) == ("the housing fund overpaid its landlords",
                                                   "An audit", "found")
    assert s["kind"] == "evidence"
    s = one(detect("Polls show a tight race for the open seat."), "tight race")
    assert (s["text"], s["speaker"], s["kind"]) == ("a tight race for the open seat", "Polls",
                                                    "evidence")
    s = one(detect("The court filing reveals four more donors."), "donors")
    assert s["text"] == "four more donors" and s["speaker"] == "The court filing"


def test_evidence_verbs_without_a_source_that_shows_give_nothing(detect):
    assert detect("The company showed a profit in the spring.") == []
    assert detect("Police found a car near the river.") == []
    assert detect("Investigators have not determined what caused the fire.") == []


# 2. Stance -----------------------------------------------------------------------------------

def test_stance_with_a_noun_phrase_complement(detect):
    s = one(detect("The nurses union endorsed Mayor Ellen Park on Friday."), "Park")
    assert (s["text"], s["speaker"], s["kind"]) == ("Mayor Ellen Park", "The nurses union", "stance")
    s = one(detect("She thanked the council for its support."), "council")
    assert s["text"] == "the council for its support" and s["kind"] == "stance"
    s = one(detect("Republicans slammed the plan as a giveaway to insurers."), "plan")
    assert s["text"] == "the plan as a giveaway to insurers"


def test_stance_verbs_used_for_fighting_or_holding_things_up_give_nothing(detect):
    assert detect("Russian forces attacked Kharkiv overnight.") == []
    assert detect("Steel beams support the roof of the station.") == []
    assert detect("The truck backed into a parked car.") == []


# 3. Intention --------------------------------------------------------------------------------

def test_intention_with_an_infinitive_has_low_confidence(detect):
    s = one(detect("The campaign plans to spend more in Ohio."), "Ohio")
    assert (s["text"], s["speaker"], s["kind"]) == ("to spend more in Ohio", "The campaign",
                                                    "intention")
    s = one(detect("The court declined to intervene in the dispute."), "intervene")
    assert s["kind"] == "intention" and s["speaker"] == "The court"
    assert s["confidence"] < one(detect("The mayor said the roads were safe."), "roads")["confidence"]


def test_intention_verbs_without_a_source_or_an_infinitive_give_nothing(detect):
    assert detect("The bridge is expected to reopen in May.") == []
    assert detect("Rain threatens the harvest this year.") == []
    assert detect("The council voted to approve the stadium.") == []


# 4. Belief -----------------------------------------------------------------------------------

def test_belief_with_a_clause(detect):
    s = one(detect("Aides fear the deal will collapse."), "deal")
    assert (s["text"], s["speaker"], s["kind"]) == ("the deal will collapse", "Aides", "belief")
    s = one(detect("Many economists believe the bank will cut rates again."), "rates")
    assert s["kind"] == "belief" and s["speaker"] == "Many economists"


def test_belief_verbs_without_a_clause_or_a_mind_give_nothing(detect):
    assert detect("The room feels warm.") == []
    assert detect("It seems the rain will stop soon.") == []


# 5. Demands ----------------------------------------------------------------------------------

def test_demand_with_an_object_and_an_infinitive_or_a_preposition(detect):
    s = one(detect("He urged lawmakers to pass the bill."), "lawmakers")
    assert (s["text"], s["kind"]) == ("lawmakers to pass the bill", "demand")
    s = one(detect("Civil rights groups called for an inquiry into the shooting."), "inquiry")
    assert (s["text"], s["speaker"], s["cue"], s["kind"]) == (
        "an inquiry into the shooting", "Civil rights groups", "called", "demand")
    s = one(detect("Democrats called on the attorney general to step aside."), "step aside")
    assert s["text"] == "the attorney general to step aside"
    s = one(detect("Activists pressed the board to divest from oil."), "divest")
    assert s["text"] == "the board to divest from oil"


def test_demand_verbs_in_other_senses_give_nothing(detect):
    assert detect("She pressed the button twice.") == []
    assert detect("The job calls for patience.") == []


# 6. Speech verbs with a noun-phrase object ---------------------------------------------------

def test_speech_verbs_with_a_noun_phrase_object(detect):
    s = one(detect("A spokeswoman for the company declined to comment."), "comment")
    assert (s["text"], s["kind"]) == ("to comment", "speech")
    assert s["label"] != "denial"
    s = one(detect("The senator's office did not respond to a request for comment."), "request")
    assert (s["text"], s["cue"]) == ("a request for comment", "respond")
    s = one(detect("The governor announced his resignation."), "resignation")
    assert s["text"] == "his resignation" and s["kind"] == "speech"


def test_speech_verbs_with_objects_that_report_nothing_give_nothing(detect):
    assert detect("The firefighters responded to the blaze within minutes.") == []
    assert detect("The mayor met the governor to discuss the budget.") == []


# 7. Punctuation cues -------------------------------------------------------------------------

def test_transcript_lines_and_a_quote_closed_by_a_dash_and_a_name(detect):
    text = "MODERATOR: Senator, how would you pay for it?\nWILLIAMS: We would close the loopholes."
    found = detect(text)
    assert texts(found) == ["Senator, how would you pay for it?", "We would close the loopholes."]
    assert [s["speaker"] for s in found] == ["MODERATOR", "WILLIAMS"]
    s = one(detect("“This is a turning point for the city” — Mayor Linda Cho"), "turning")
    assert s["text"] == "“This is a turning point for the city”" and s["speaker"] == "Mayor Linda Cho"


def test_headings_datelines_and_clauses_with_colons_are_not_transcripts(detect):
    assert detect("UPDATE: The road has reopened to traffic.\nWATCH: Crews clear the road.") == []
    assert detect("The reason is simple: the road was never finished.") == []


# 8. Whole quotes -----------------------------------------------------------------------------

def test_a_quote_interrupted_by_its_attribution_is_one_statement(detect):
    text = "“We will not raise taxes,” Patel said. “Not this year, not next year.”"
    (s,) = detect(text)
    assert s["text"] == text and s["entity"] == "Patel"


def test_doubled_apostrophes_are_quotation_marks(detect):
    text = "''The tax cut is real and it is coming,'' the governor said on Thursday."
    s = one(detect(text), "tax cut")
    assert s["text"] == "''The tax cut is real and it is coming,''" and s["origin"] == "quote"


def test_a_quote_after_another_speakers_attribution_is_not_joined(detect):
    text = "“We are ready,” Patel said. Smith replied: “We are not.”"
    found = detect(text)
    assert len(found) == 2
    assert [s["speaker"] for s in found] == ["Patel", "Smith"]


# 9. Boundaries -------------------------------------------------------------------------------

def test_trailing_which_clauses_and_participles_are_the_writers(detect):
    s = one(detect("Mr. Lee said the bill would lower drug prices, which drew criticism from "
                   "drug makers."), "bill")
    assert s["text"] == "the bill would lower drug prices"
    s = one(detect("The White House said it would veto the measure, setting up a clash with "
                   "the House."), "veto")
    assert s["text"] == "it would veto the measure"


def test_a_participle_that_is_a_cue_is_its_own_statement(detect):
    found = detect("Democrats oppose the nomination, arguing that the judge lacks experience.")
    assert one(found, "lacks")["text"] == "the judge lacks experience"
    assert one(found, "nomination")["text"] == "the nomination"


def test_content_on_both_sides_of_a_mid_sentence_cue(detect):
    text = "The economy was doing fine, the treasurer said, until the pandemic closed the hotels."
    (s,) = detect(text)
    assert s["text"] == text[:-1] and s["speaker"] == "the treasurer"


# 10. Speakers --------------------------------------------------------------------------------

def test_a_cue_inside_a_quote_never_takes_over_the_speaker(detect):
    (s,) = detect("“I think the voters are tired of the gridlock,” said Dana Ortiz, a strategist.")
    assert s["entity"] == "Dana Ortiz" and s["text"].startswith("“I think")


def test_a_pronoun_speaker_is_the_local_mention_resolved_to_its_antecedent(detect):
    found = detect("Karen Liu runs a diner in Dayton. “Nobody in Washington listens to us,” she said.")
    s = one(found, "Nobody")
    assert (s["speaker"], s["entity"]) == ("she", "Karen Liu")


def test_a_quote_without_a_cue_inherits_the_speaker_only_when_nothing_intervenes(detect):
    text = ("“We are ready for the final,” said Lina Park.\n\n"
            "Her coach, Tom Berg, agreed with the plan for Sunday.\n\n"
            "“Nobody in this squad is afraid of anybody.”")
    assert one(detect(text), "afraid")["entity"] is None
    text = ("“We are ready for the final,” said Lina Park.\n\n"
            "“Nobody in this squad is afraid of anybody.”")
    assert one(detect(text), "afraid")["entity"] == "Lina Park"


@pytest.mark.parametrize("kind", ["speech", "evidence", "stance", "intention", "belief", "demand"])
def test_every_kind_has_a_title_and_a_confidence(kind):
    from annotator.core.cues import default_cues, kind_title

    cues = default_cues()
    assert kind_title(kind) and 0 < cues.confidence(kind) <= 1
    assert cues.is_low(cues.confidence("intention")) and not cues.is_low(cues.confidence("speech"))
