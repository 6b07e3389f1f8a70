"""Who must do what, how firmly: obligations read from a point's sentences.

For each sentence (:func:`~ontable.io.ingest.cues.sentences`), the *modality* comes from its
wording (:mod:`ontable.io.ingest.cues`), the obligated parties (``on``) are the subject of
each cue (:mod:`ontable.io.ingest.clauses`), and the parties named after it are the
beneficiaries (or verifiers and enforcers, after "verified by" and "enforced by").

* A frame "it is expected that …" makes every cue after it hedged ("it is hoped that" →
  aspirational); "X is not expected to V" is a hedged "not V".
* A cue inside a condition clause ("if", "unless", "provided that", "once", a leading
  "should") gives the condition of the main clause's obligation, which is ``conditional``.
* What a party receives or is eligible for ("Russia will be readmitted", "Ukraine will
  receive guarantees") obliges the giver named after "by"/"from", else nobody.
* A permission ("may") obliges nobody; a heading noun ("US guarantees:") is no verb.
* A sentence that starts with a party and has no cue ("South caps its army") is read as
  binding when the word after the party is a present-tense verb, and flagged.

Every obligation is flagged for review in its ``note`` (``review: ...``); ``quote`` holds
the words that fixed its modality. A cue with no party as subject gives a provision-level
note instead. A pronoun subject ("it will", "their troops will") stands for the obligated
parties of the sentence before it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from ontable.io.ingest.clauses import (
    CONDITION,
    PRONOUN_SUBJECT,
    RECEIVE,
    SUBJECT_WORDS,
    clean,
    condition_span,
    frame_end,
    mask,
    passive,
    subject,
)
from ontable.io.ingest.cues import FRAME, FRAME_MODALITY, Cue, find_cues, sentences
from ontable.io.ingest.parties import (
    Mention,
    PartyLexicon,
    forward_run,
    parties_of,
)
from ontable.model import Condition, Modality, Obligation

REVIEW = "review:"

_VERIFIERS = re.compile(
    r"\b(?:verified|monitored|overseen|supervised|observed|inspected|checked)\s+by\b|"
    r"\bunder\s+(?:the\s+)?(?:supervision|monitoring|oversight|verification)\s+of\b",
    re.IGNORECASE,
)
_ENFORCERS = re.compile(r"\b(?:enforced|backed|guaranteed|underwritten)\s+by\b", re.IGNORECASE)
_AGENT = re.compile(r"\b(?:by|from)\b", re.IGNORECASE)
_EACH_OTHER = re.compile(
    r"\b(?:the\s+other(?:\s+side|\s+party)?|each\s+other|one\s+another)\b", re.I
)
# A determiner before a verb cue makes it a noun ("a guarantee", "the security guarantees").
_DETERMINER = re.compile(
    r"\b(?:a|an|the|its|their|his|her|our|any|such|this|these|those|no|of|for|with)\s+"
    r"(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
# Reported speech of a news introduction: its sentences oblige nobody.
_REPORTING = re.compile(
    r"\b(?:said|says|told|according\s+to|reported|reports|sources|officials?|spokesm[ae]n|"
    r"spokeswoman|reporters|newsroom|obtained|circulated|leaked|published)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\s*(?:[\w'’-]+[\s,]+){0,3}[\w'’-]+\s*:\s")


@dataclass
class _Reading:
    """What one sentence yields: obligations, provision notes, and its last subject."""

    obligations: list[Obligation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last: tuple[str, ...] = ()


def find_obligations(
    text: str,
    lexicon: PartyLexicon,
    *,
    issue: str | None = None,
    present_tense: bool = True,
    deadline: float | None = None,
) -> tuple[tuple[Obligation, ...], tuple[str, ...]]:
    """The obligations stated in ``text`` and the review notes about what could not be read.

    ``present_tense`` reads a sentence that starts with a party and has no cue as binding;
    it is off for a preamble, whose present tense frames rather than obliges, and whose
    reported speech ("…, officials said") is not read at all. Past ``deadline`` (a
    :func:`time.monotonic` value) the reading stops with :class:`TimeoutError`.
    """
    obligations: list[Obligation] = []
    notes: list[str] = []
    carried: tuple[str, ...] = ()
    for sentence in sentences(text):
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError("the time budget is spent")
        if not present_tense and _REPORTING.search(sentence):
            continue
        reading = _read_sentence(sentence, lexicon, issue, present_tense, carried)
        obligations.extend(reading.obligations)
        notes.extend(reading.notes)
        carried = reading.last or carried
    return tuple(obligations), tuple(dict.fromkeys(notes))


def _verb_cues(cues: list[Cue], mentions: list[Mention], sentence: str) -> list[Cue]:
    """``cues`` less the verb cues that read as nouns ("security guarantees", "US guarantees:").

    A verb cue is kept only with a party as its subject, no determiner just before it, and
    words after it.
    """
    kept: list[Cue] = []
    window = 0
    for cue in cues:
        if cue.verb:
            subj = subject(mentions, window, cue.start, sentence)
            det = _DETERMINER.search(sentence[: cue.start])
            after = sentence[cue.end :].strip()
            if (
                not subj
                or (det is not None and subj[-1].end <= det.start())
                or not after
                or after[0] in ":;."
            ):
                continue
        kept.append(cue)
        window = cue.end
    return kept


def _read_sentence(
    sentence: str,
    lexicon: PartyLexicon,
    issue: str | None,
    present_tense: bool,
    carried: tuple[str, ...],
) -> _Reading:
    masked = mask(sentence)
    frame = FRAME.search(masked)
    all_mentions = lexicon.mentions(masked)
    cues = _verb_cues(find_cues(masked), all_mentions, masked)
    if frame is not None:
        cues = [c for c in cues if c.start >= frame.end()]
    span = condition_span(masked, cues[0].start if cues else None)
    lead = frame_end(masked)
    condition = clean(sentence[span[0] : span[1]]) if span else None
    if span is not None:
        cues = [c for c in cues if not span[0] <= c.start < span[1]]
    mentions = [
        m
        for m in all_mentions
        if m.start >= lead and (span is None or not span[0] <= m.start < span[1])
    ]
    context = _Context(sentence, masked, issue, condition, span)
    if not cues:
        if not present_tense or not mentions:
            return _Reading()
        return _present_tense(context, mentions)
    frame_modality = FRAME_MODALITY[frame.group("word").lower()] if frame else None
    return _cue_clauses(context, cues, mentions, carried, frame_modality)


@dataclass(frozen=True)
class _Context:
    sentence: str
    masked: str
    issue: str | None
    condition: str | None
    span: tuple[int, int] | None

    @property
    def condition_words(self) -> str | None:
        if self.span is None:
            return None
        marker = CONDITION.match(self.masked, self.span[0])
        return " ".join(marker.group(0).split()) if marker else None


def _present_tense(ctx: _Context, mentions: list[Mention]) -> _Reading:
    """A sentence with no cue that starts with a party and a present-tense verb: binding."""
    masked = ctx.masked
    if masked.rstrip().endswith(":"):
        return _Reading()  # a heading such as "US guarantees:" introduces, it does not oblige
    label = _LABEL.match(masked)
    if label is not None:  # "Option one: South pays" — the label is not the subject
        mentions = [m for m in mentions if m.start >= label.end()]
        if not mentions:
            return _Reading()
    first = mentions[0]
    lead_text = masked[label.end() if label else 0 : first.start]
    if ctx.span is not None and ctx.span[1] <= first.start:
        lead_text = masked[label.end() if label else 0 : ctx.span[0]]
        lead_text += masked[ctx.span[1] : first.start]
    if lead_text.strip(" ,").lower() not in ("", "the", "and", "but"):
        return _Reading()
    subj = forward_run(mentions, masked)
    on = parties_of(subj)
    rest = masked[subj[-1].end :]
    after = [m for m in mentions if m.start >= subj[-1].end]
    extra = ["no modal wording: the present tense is read as binding"]
    be = re.search(r"\b(?:is|are)\b", rest)
    read = None
    if be is not None and len(rest[: be.start()].split()) <= SUBJECT_WORDS:
        at = be.start()
        read = passive(rest[at:], after, subj[-1].end + at, subj, rest[:at])
    if read is not None:
        on, after = read.on, read.after
        if not on:
            return _Reading([], [f"{read.note} with no party named as the one who acts"])
        extra.append(read.note)
    elif not _present_verb([w.strip(",;:") for w in rest.split()], len(on) > 1):
        return _Reading()
    if ctx.condition:
        extra.append("the condition is read from the sentence")
    modality: Modality = "conditional" if ctx.condition else "binding"
    action = clean(ctx.sentence[subj[-1].end :])
    built = _build(on, action, modality, ctx.condition_words, ctx, after, tuple(extra))
    return _Reading(built, [], on)


def _present_verb(words: list[str], plural: bool) -> bool:
    while words and re.fullmatch(r"\w+ly|also|both|each|then|now|still", words[0], re.I):
        words = words[1:]
    if not words or not words[0][:1].islower() or "'" in words[0] or "’" in words[0]:
        return False
    if words[0] in ("is", "are", "was", "were", "has", "have"):
        return False
    return plural or (words[0].endswith("s") and not words[0].endswith("ss"))


def _cue_clauses(
    ctx: _Context,
    cues: list[Cue],
    mentions: list[Mention],
    carried: tuple[str, ...],
    frame_modality: Modality | None,
) -> _Reading:
    masked, sentence = ctx.masked, ctx.sentence
    reading = _Reading()
    subjects = []
    window = 0
    for cue in cues:
        subjects.append(subject(mentions, window, cue.start, masked))
        window = cue.end
    previous: tuple[str, ...] = ()
    window = 0
    for k, cue in enumerate(cues):
        clause_end = len(sentence)
        if k + 1 < len(cues):
            following = subjects[k + 1]
            clause_end = following[0].start if following else cues[k + 1].start
        if ctx.span is not None and cue.end <= ctx.span[0] < clause_end:
            clause_end = ctx.span[0]
        subj = subjects[k]
        on = parties_of(subj)
        extra: list[str] = []
        gap = masked[window : cue.start]
        window = clause_end
        if not on and previous and re.fullmatch(r"[\s,]*(?:and|or|but)?\s*", gap):
            on = previous
            extra.append("the subject is carried over from the clause before")
        elif not on and carried and PRONOUN_SUBJECT.search(gap):
            on = carried
            extra.append("a pronoun subject: read as the parties of the sentence before")
        after_text = masked[cue.end : clause_end]
        after = [m for m in mentions if cue.end <= m.start < clause_end]
        override: str | None = None
        if RECEIVE.match(after_text):
            givers = _after_agent(after, after_text, cue.end)
            if givers:
                after = [*(m for m in after if not set(m.party) <= set(givers)), *subj]
                extra.append("the giver is read from 'by'/'from'; the subject receives")
            elif on:
                reading.notes.append(
                    f"{', '.join(on)} receive(s) something ('{clean(after_text)}'); "
                    "who gives it is not stated"
                )
            on = givers
        else:
            head = masked[subj[-1].end : cue.start] if subj else ""
            read = passive(after_text, after, cue.end, subj, head)
            if read is not None:
                on, after, override = read.on, read.after, read.modality
                if on:
                    extra.append(read.note)
                else:
                    reading.notes.append(f"{read.note} with no party named as the one who acts")
            elif not on:
                reading.notes.append(f"'{cue.words}' with no party named as the one who acts")
        if not on:
            continue
        previous = reading.last = on
        base: Modality = frame_modality or cue.modality
        if override == "hedged":
            base = "hedged"
        if frame_modality is not None:
            extra.append(f"the frame 'it is … that' reads {frame_modality}")
        modality: Modality = "conditional" if ctx.condition else base
        if ctx.condition:
            extra.append(f"under its condition the wording '{cue.words}' reads {base}")
        if cue.words.lower() == "would":
            extra.append("'would' (reported speech) is read as binding")
        action = re.sub(r"^to\s+", "", clean(sentence[cue.end : clause_end]), flags=re.I)
        if action and cue.negated:
            action = f"not {action}"  # the "not" of "agrees not to" belongs to the action
        quote = ctx.condition_words or cue.words
        reading.obligations.extend(
            _build(on, action or clean(sentence), modality, quote, ctx, after, tuple(extra))
        )
    return reading


def _after_agent(after: list[Mention], after_text: str, offset: int) -> tuple[str, ...]:
    agent = _AGENT.search(after_text)
    if agent is None:
        return ()
    following = [m for m in after if m.start >= offset + agent.end()]
    if not following:
        return ()
    return parties_of(forward_run(following, after_text, offset))


def _build(
    on: tuple[str, ...],
    action: str,
    modality: Modality,
    quote: str | None,
    ctx: _Context,
    after: list[Mention],
    extra: tuple[str, ...],
) -> list[Obligation]:
    sentence = ctx.sentence
    verified = _role_parties(after, sentence, _VERIFIERS)
    enforced = _role_parties(after, sentence, _ENFORCERS)
    named_after = [p for p in parties_of(after) if p not in verified and p not in enforced]
    mirrored = bool(_EACH_OTHER.search(sentence)) and len(on) > 1
    out: list[Obligation] = []
    for party in on:
        if mirrored:
            benefits = tuple(p for p in on if p != party)
        else:
            benefits = tuple(p for p in named_after if p != party)
        notes = [*extra]
        if benefits and not mirrored:
            notes.append("beneficiaries are the parties named after the verb")
        if mirrored:
            notes.append("mirrored: each side's obligation benefits the other")
        if len(on) > 1 and not mirrored:
            notes.append(f"one of {len(on)} parties named together")
        if modality == "conditional" and ctx.condition:
            notes.append("condition judged_by 'unspecified': name who decides it is met")
        note = "\n".join(f"{REVIEW} {n}" for n in ["obligation read by the ingester", *notes])
        out.append(
            Obligation(
                on=(party,),
                action=action,
                issue=ctx.issue,
                benefits=benefits,
                modality=modality,
                conditions=(Condition(text=ctx.condition, judged_by=()),)
                if modality == "conditional" and ctx.condition
                else (),
                verified_by=tuple(p for p in verified if p != party),
                enforced_by=tuple(p for p in enforced if p != party),
                quote=quote,
                note=note,
            )
        )
    return out


def _role_parties(after: list[Mention], sentence: str, marker: re.Pattern[str]) -> tuple[str, ...]:
    found: list[Mention] = []
    for m in marker.finditer(sentence):
        following = [x for x in after if x.start >= m.end()]
        if following and len(sentence[m.end() : following[0].start].split()) <= 2:
            found.append(following[0])
    return parties_of(found)
