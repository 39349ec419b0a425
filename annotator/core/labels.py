"""Suggested labels: the cue lexicon proposes, the content decides (DESIGN.md)."""

from __future__ import annotations

from annotator.core.lexicon import Lexicon


RULE_CHARS = 2_000  # the content rules read a statement's first 2,000 characters
CLAIM_BY_DEFAULT = 0.5  # "said" + an assertion: claim, but no better than a coin toss


def suggest_label(cue_lemma: str | None, content: str, lexicon: Lexicon) -> tuple[str, float]:
    """(label, score) for a statement whose cue has ``cue_lemma`` and whose text is ``content``.

    A neutral cue ("said", "according to") yields to what the content does, and an
    assertion it introduces is a claim unless it relays an event or the cue only relays
    (report, announce, confirm); a strong cue
    (warn, accuse, deny) is kept unless the content is plainly a denial; a cue and content
    that agree raise the score.
    """
    cue = lexicon.cue_label(cue_lemma or "") or "report"
    weak = cue_lemma in lexicon.weak_cues
    cue_score = lexicon.cue_scores.get(cue, 0.5) * (0.8 if weak else 1.0)
    content = content[:RULE_CHARS]  # bounded work per candidate, however long it is
    rule = next((r for r in lexicon.content_rules if r.matches(content)), None)
    if rule is None:
        if cue == "report" and (cue_lemma or "say") not in lexicon.relay_cues \
                and lexicon.relay.search(content) is None:
            # Content over verb: what someone "said" is a claim unless it relays an event.
            return "claim", CLAIM_BY_DEFAULT
        return cue, round(cue_score, 2)
    if rule.label == cue:
        return cue, round(min(0.95, max(rule.score, cue_score) + 0.1), 2)
    if cue == "report" or weak or rule.label == "denial":
        return rule.label, round(rule.score, 2)
    return cue, round(cue_score, 2)
