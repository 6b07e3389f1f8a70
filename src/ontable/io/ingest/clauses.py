"""The parts of a sentence the obligation reader needs: asides, conditions, subjects, passives.

* asides (parentheses, relative clauses and participle phrases between commas: ", chaired by
  Washington,") are blanked out before reading, offsets kept;
* a condition clause starts with "if", "unless", "provided that", "once", … and runs to its
  comma (when it leads) or to the end of the clause;
* a leading frame ("Upon acceptance of this plan by Hamas,", "Within 72 hours of …,") holds
  no subject of the main clause;
* the subject of a cue is the run of party names just before it, in the same clause (no comma
  between them unless it closes an aside), and never the object of a preposition;
* in a passive ("will be returned"), the party after "by" acts only when "by" follows the verb
  at once; otherwise the owner of armed forces or weapons the passive limits acts ("the
  Ukrainian armed forces will be capped"); the owner of anything else does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ontable.io.ingest.parties import (
    ACTING_NOUNS,
    JOINTS,
    Mention,
    can_be_subject,
    forward_run,
    parties_of,
)

SUBJECT_WORDS = 6
"""Most words between a subject and its cue ("Russia, for its part, will")."""

CONDITION = re.compile(
    r"\b(?:if|unless|provided\s+that|providing\s+that|on\s+condition\s+that|"
    r"(?<!be\s)(?<!is\s)(?<!are\s)subject\s+to|"
    r"in\s+the\s+event\s+that|as\s+long\s+as|so\s+long\s+as|once|should\s+(?=\w+\s+\w+))\b",
    re.IGNORECASE,
)
# A leading time or procedure phrase: not a condition, and no subject inside it.
FRAME_START = re.compile(
    r"^\s*(?:upon|on|after|following|within|before|from|by|at|in\s+return|in\s+exchange|"
    r"under|according\s+to|as\s+part\s+of|in\s+line\s+with|with\s+the)\b[^,]*,",
    re.IGNORECASE,
)
_ASIDE = re.compile(
    r"\([^()]*\)|,\s*(?:which|who|whose|whom|where)\b[^,;()]*(?:,|$)|"
    r",\s*(?:\w+ed|led|run|held|chaired|backed|set\s+up)\s+by\b[^,;()]*,|"
    r",\s*(?:for\s+(?:its|their)\s+part|in\s+turn|in\s+return|too|also)\s*,",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:it|they|we|he|she|which|who|that)\b", re.IGNORECASE)
PRONOUN_SUBJECT = re.compile(
    r"(?:^|[\s,;:])(?:it|they|its(?:\s+[\w-]+){1,3}|their(?:\s+[\w-]+){1,3})"
    r"(?:\s+(?:both|each|also|jointly|then))?\s*$",
    re.IGNORECASE,
)
_IRREGULAR_PARTICIPLES = (
    "given|taken|made|done|set|put|held|kept|brought|paid|sent|built|rebuilt|sold|lost|won|"
    "sought|left|met|told|shown|drawn|struck|frozen|chosen|spent|split|cut|shut|withdrawn|"
    "written|seen|known|begun|undertaken|overseen|forbidden|driven|laid|led|bound|found|"
    "dealt|let|upheld|withheld|forgiven|quit|sworn|borne|run|spun"
)
PASSIVE = re.compile(
    r"^\s*(?:not\s+)?(?:be|been|being|is|are|was|were)\s+(?:not\s+)?(?:\w+ly\s+)?"
    rf"(?P<verb>\w+ed|{_IRREGULAR_PARTICIPLES})\b(?P<to>\s+to\b)?",
    re.IGNORECASE,
)
HEDGED_PASSIVE = ("expected", "encouraged", "asked", "urged", "called", "invited")
RECEIVE = re.compile(
    r"^\s*(?:not\s+)?(?:be\s+)?(?:granted|given|provided|offered|allowed|permitted|entitled|"
    r"eligible|invited|readmitted|admitted|compensated|rewarded|receive|receives|get|gets|"
    r"obtain|obtains|benefit|benefits|lose|loses|regain|regains)\b",
    re.IGNORECASE,
)


def mask(sentence: str) -> str:
    """``sentence`` with its asides blanked out (same length, so offsets still hold)."""
    masked = sentence
    for _ in range(3):  # nested parentheses, from the inside out
        blanked = _ASIDE.sub(lambda m: " " * len(m.group(0)), masked)
        if blanked == masked:
            break
        masked = blanked
    return masked


def condition_span(sentence: str, first_cue: int | None) -> tuple[int, int] | None:
    """Where the condition clause of ``sentence`` lies (marker to the end of its clause)."""
    m = CONDITION.search(sentence)
    if m is None:
        return None
    if m.group(0).strip().lower() == "should" and sentence[: m.start()].strip():
        return None  # "should" is a condition only when it opens the sentence
    if first_cue is not None and m.start() < first_cue:
        comma = sentence.find(",", m.end(), first_cue)
        end = comma if comma != -1 else first_cue
        return m.start(), end
    if first_cue is None and not sentence[: m.start()].strip():
        comma = sentence.find(",", m.end())
        if comma != -1:
            return m.start(), comma
    end = len(sentence)
    for stop in (";", ". "):
        k = sentence.find(stop, m.end())
        if k != -1:
            end = min(end, k)
    return m.start(), end


def frame_end(sentence: str) -> int:
    """Where a leading frame ("Upon acceptance … by Hamas,") ends; 0 when there is none."""
    m = FRAME_START.match(sentence)
    return m.end() if m else 0


def clean(text: str) -> str:
    """Words of a clause without the punctuation and joining word at its ends."""
    words = " ".join(text.strip().strip(",;:.").split())
    return re.sub(r"(?:,|\s)+(?:and|or|but|while|whereas)$", "", words, flags=re.IGNORECASE)


def subject(
    mentions: list[Mention], window_start: int, cue_start: int, sentence: str
) -> list[Mention]:
    """The mentions that form the subject of a cue at ``cue_start``: names just before it."""
    before = [m for m in mentions if window_start <= m.start and m.end <= cue_start]
    if not before:
        return []
    last = before[-1]
    gap = sentence[last.end : cue_start]
    if (
        len(gap.split()) > SUBJECT_WORDS
        or _PRONOUN.search(gap)
        or re.search(r"[,;:]", gap)
        or not can_be_subject(last, sentence)
    ):
        return []
    if gap.split() and not all(_owner_words(gap)):
        return []
    run = [last]
    for m in reversed(before[:-1]):
        joint = sentence[m.end : run[0].start].strip().lower()
        if joint in JOINTS and can_be_subject(m, sentence):
            run.insert(0, m)
        else:
            break
    return run


def _owner_words(gap: str) -> list[bool]:
    """For "X <words> will": each word either an adverb-like filler or an acting noun phrase."""
    words = gap.split()
    if ACTING_NOUNS.search(gap):
        return [True] * len(words)
    return [
        bool(re.fullmatch(r"(?:\w+ly|also|both|each|then|now|still|too|alone)", w)) for w in words
    ]


@dataclass(frozen=True)
class Passive:
    """Who acts in a passive clause, whom it benefits, and why (for the review note)."""

    on: tuple[str, ...]
    after: list[Mention]
    modality: str | None
    note: str


def passive(
    after_text: str, after: list[Mention], offset: int, subj: list[Mention], head: str
) -> Passive | None:
    """Read a passive just after a cue (``None`` when it is not one, or its subject acts).

    "X will be invited by Y" binds Y (X benefits); "X troops will be withdrawn" binds X (the
    owner of the forces; ``head`` holds the words between the party and the cue); "X's
    sovereignty will be confirmed" binds nobody. "X will be required to" is not passive in
    this sense (``None``); "X will be expected to" is hedged.
    """
    m = PASSIVE.match(after_text)
    if m is None:
        return None
    verb = m.group("verb").lower()
    on = parties_of(subj)
    if m.group("to"):
        if verb in HEDGED_PASSIVE:
            return Passive(on, after, "hedged", f"'be {verb} to' is read as hedged")
        return None
    words = m.group(0).strip()
    rest = after_text[m.end() :]
    agent = re.match(r"\s+(?:\w+ly\s+)?by\b", rest, re.IGNORECASE)
    if agent is not None:
        at = offset + m.end() + agent.end()
        following = [x for x in after if x.start >= at]
        if following and len(after_text[at - offset : following[0].start - offset].split()) <= 2:
            givers = parties_of(forward_run(following, after_text, offset))
            others = [x for x in after if not set(x.party) <= set(givers)]
            note = f"passive '{words}': the party after 'by' is read as acting"
            return Passive(givers, [*others, *subj], None, note)
    if on and ACTING_NOUNS.search(head):
        note = f"passive '{words}': the owner of the forces it limits is obligated"
        return Passive(on, after, None, note)
    return Passive((), after, None, f"passive '{words}'")
