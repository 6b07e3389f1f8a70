"""Who must do what, how firmly: obligations read from a point's sentences.

For each sentence, the *modality* comes from its wording (the cue words below), the
obligated parties (``on``) are the parties named just before the cue, and the parties named
after it are the beneficiaries (or verifiers and enforcers, after "verified by" and
"enforced by"). Parties are found by the names the case gives them: each party's ``name``,
its ``aliases`` (demonyms, capitals, short forms) and its id written as words; "both sides",
"neither party" and the like mean the case's ``main_parties``. Nothing here knows any one
case.

Cue words, in the order they are tried (a longer cue wins over a shorter one inside it):

* aspirational: aims to, seeks to, will strive, will seek, endeavours to, intends to,
  hopes to, will work towards, will try;
* hedged: is expected to, is encouraged to, is ready to, is prepared to, will consider,
  should, ought to;
* binding: commits to, undertakes to, agrees to, pledges to, is obliged to, is required to,
  guarantees, will, shall, must, would (read as reported speech of a binding term);
* conditional: any of the above in a sentence with "if", "unless", "provided that", "on
  condition that", "subject to", "in the event that", "as long as" or "once"; the clause
  that starts with that word is the obligation's ``condition``, the word itself its
  ``quote`` (the modal word under the condition is named in the note).

A sentence that starts with a party and has no cue ("South caps its army") is read as
binding and flagged for review. The modality classes follow the hedging scale of the
Peace Agreements Database coding notes (PA-X, University of Edinburgh): binding, hedged,
aspirational, conditional.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ontable.model import Case, Condition, Modality, Obligation

REVIEW = "review:"

_ASPIRATIONAL = (
    r"will\s+strive",
    r"shall\s+strive",
    r"strives?\s+to",
    r"will\s+seek",
    r"shall\s+seek",
    r"seeks?\s+to",
    r"will\s+aim",
    r"aims?\s+to",
    r"will\s+endeavou?r",
    r"shall\s+endeavou?r",
    r"endeavou?rs?\s+to",
    r"hopes?\s+to",
    r"intends?\s+to",
    r"aspires?\s+to",
    r"will\s+work\s+towards?",
    r"shall\s+work\s+towards?",
    r"works?\s+towards?",
    r"will\s+try",
    r"tries\s+to",
    r"will\s+make\s+(?:every|best)\s+efforts?",
)
_HEDGED = (
    r"(?:is|are)\s+expected\s+to",
    r"(?:is|are)\s+encouraged\s+to",
    r"(?:is|are)\s+invited\s+to",
    r"(?:is|are)\s+ready\s+to",
    r"(?:is|are)\s+prepared\s+to",
    r"(?:is|are)\s+willing\s+to",
    r"will\s+consider",
    r"shall\s+consider",
    r"would\s+consider",
    r"should",
    r"ought\s+to",
)
_BINDING_VERBS = (
    r"(?:is|are)\s+obliged\s+to",
    r"(?:is|are)\s+obligated\s+to",
    r"(?:is|are)\s+required\s+to",
    r"(?:is|are)\s+bound\s+to",
    r"commits?\s+to",
    r"undertakes?\s+to",
    r"agrees?\s+to",
    r"pledges?\s+to",
    r"guarantees?",
    r"(?:is|are)\s+to",
    r"(?:has|have)\s+to",
)
_BINDING_MODALS = (
    r"(?:may|can)\s+not",
    r"cannot",
    r"will",
    r"shall",
    r"must",
    r"would",
)


def _alternation(group: str, patterns: Iterable[str]) -> str:
    # "agrees not to", "is expected not to": a "not" may sit before any closing "to".
    negatable = (re.sub(r"\\s\+to$", r"\\s+(?:not\\s+)?to", p) for p in patterns)
    return f"(?P<{group}>" + "|".join(negatable) + ")"


_CUE = re.compile(
    r"\b(?:"
    + "|".join(
        (
            _alternation("aspirational", _ASPIRATIONAL),
            _alternation("hedged", _HEDGED),
            _alternation("verb", _BINDING_VERBS),
            _alternation("binding", _BINDING_MODALS),
        )
    )
    + r")\b",
    re.IGNORECASE,
)
_CONDITION = re.compile(
    r"\b(?:if|unless|provided\s+that|providing\s+that|on\s+condition\s+that|"
    r"(?<!be\s)(?<!is\s)(?<!are\s)subject\s+to|"
    r"in\s+the\s+event\s+that|as\s+long\s+as|so\s+long\s+as|once)\b",
    re.IGNORECASE,
)
_RECEIVE = re.compile(
    r"^\s*(?:not\s+)?(?:be\s+)?(?:granted|given|provided|offered|allowed|permitted|entitled|"
    r"eligible|invited|receive|receives|get|gets|obtain|obtains|benefit|benefits)\b",
    re.IGNORECASE,
)
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
_GROUP = re.compile(
    r"\b(?:(?:both|all|the\s+two|the)\s+(?:sides|parties)|(?:each|either|neither)\s+(?:side|party))\b",
    re.IGNORECASE,
)
_SUBJECT_WORDS = 6
_PRONOUN = re.compile(r"\b(?:it|they|we|he|she|which|who)\b", re.IGNORECASE)
# A pronoun (or "its/their <noun>") standing as the subject just before a cue.
_PRONOUN_SUBJECT = re.compile(
    r"(?:^|[\s,;:])(?:it|they|its(?:\s+[\w-]+){1,3}|their(?:\s+[\w-]+){1,3})"
    r"(?:\s+(?:both|each|also|jointly|then))?\s*$",
    re.IGNORECASE,
)
# A determiner just before a verb cue, or one word before it, makes it a noun ("a guarantee",
# "the security guarantees").
_DETERMINER = re.compile(
    r"\b(?:a|an|the|its|their|his|her|our|any|such|this|these|those|no|of|for|with)\s+"
    r"(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
# Asides that hold no subject: a parenthesis, a relative clause between commas.
_ASIDE = re.compile(r"\([^()]*\)|,\s*(?:which|who|whose|whom)\b[^,;()]*,", re.IGNORECASE)
_IRREGULAR_PARTICIPLES = (
    "given|taken|made|done|set|put|held|kept|brought|paid|sent|built|rebuilt|sold|lost|won|"
    "sought|left|met|told|shown|drawn|struck|frozen|chosen|spent|split|cut|shut|withdrawn|"
    "written|seen|known|begun|undertaken|overseen|forbidden|driven|laid|led|bound|found|"
    "dealt|returned|let|upheld|withheld|forgiven|quit|sworn|borne|run|spun"
)
_PASSIVE = re.compile(
    r"^\s*(?:not\s+)?(?:be|been|being|is|are|was|were)\s+(?:not\s+)?(?:\w+ly\s+)?"
    rf"(?P<verb>\w+ed|{_IRREGULAR_PARTICIPLES})\b(?P<to>\s+to\b)?",
    re.IGNORECASE,
)
# A short label before a colon at a sentence's start ("Option two, a package:").
_LABEL = re.compile(r"^\s*(?:[\w'’-]+[\s,]+){0,3}[\w'’-]+\s*:\s")
_BE = re.compile(r"\b(?:is|are|was|were)\b", re.IGNORECASE)
_HEDGED_PASSIVE = ("expected", "encouraged", "asked", "urged", "called")
_POSSESSIVE = re.compile(r"['’]s$")
_ADVERB = re.compile(r"^(?:\w+ly|also|both|each|then|now|still|thereby|hereby)$", re.IGNORECASE)
_JOINTS = (
    "and",
    ",",
    ", and",
    "as well as",
    "together with",
    "or",
    "and the",
    "and/or",
    "and its",
    "and their",
)
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\b(?:Mr|Ms|Mrs|Dr|St|No|Art|vs|etc|para)\.)$")


@dataclass(frozen=True)
class Mention:
    """Where a party is named in a sentence."""

    party: tuple[str, ...]
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class PartyLexicon:
    """The patterns that find a case's parties in a text (built once per case)."""

    pattern: re.Pattern[str]
    names: dict[str, str]
    group: tuple[str, ...]

    def mentions(self, text: str) -> list[Mention]:
        """Every party (or group phrase such as "both sides") named in ``text``, in order."""
        found: list[Mention] = []
        for m in self.pattern.finditer(text):
            party = self.names[m.group("name")]
            found.append(Mention((party,), m.start(), m.end(), m.group(0)))
        for m in _GROUP.finditer(text):
            if any(f.start <= m.start() < f.end for f in found) or not self.group:
                continue
            found.append(Mention(self.group, m.start(), m.end(), m.group(0)))
        return sorted(found, key=lambda f: f.start)


def party_lexicon(case: Case) -> PartyLexicon:
    """The name patterns of ``case``'s parties: names, aliases and ids written as words.

    Matching is case-sensitive (so the alias "US" does not match the word "us"); a leading
    "the" and a possessive "'s" are allowed around any name.
    """
    names: dict[str, str] = {}
    for party in case.parties:
        words = [party.name, *party.aliases, party.id.replace("-", " ").replace("_", " ").title()]
        for word in words:
            word = re.sub(r"^the\s+", "", word.strip(), flags=re.IGNORECASE)
            if word and word not in names:
                names[word] = party.id
    ordered = sorted(names, key=len, reverse=True)
    body = "|".join(re.escape(n) for n in ordered)
    pattern = re.compile(rf"(?<![\w.])(?:[Tt]he\s+)?(?P<name>{body})(?:['’]s)?(?![\w])")
    group = case.main_parties or tuple(p.id for p in case.parties if p.role == "party")
    return PartyLexicon(pattern, names, tuple(group))


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (and clauses after a semicolon); abbreviations do not cut."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"([.!?;])[\"”’)]*\s+", text):
        follows = text[m.end() : m.end() + 1]
        if m.group(1) != ";":
            if _ABBREVIATION.search(text[start : m.start() + 1]):
                continue
            if not (follows.isupper() or follows.isdigit() or follows in '"“‘('):
                continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    words: str
    modality: Modality
    verb: bool


def _cues(text: str) -> list[_Cue]:
    out: list[_Cue] = []
    for m in _CUE.finditer(text):
        group = m.lastgroup or "binding"
        modality: Modality = "binding" if group in ("verb", "binding") else group  # type: ignore[assignment]
        out.append(_Cue(m.start(), m.end(), m.group(0), modality, group == "verb"))
    return out


def _verb_cues(cues: list[_Cue], mentions: list[Mention], sentence: str) -> list[_Cue]:
    """``cues`` less the verb cues that read as nouns ("security guarantees", "a guarantee").

    A verb cue is kept only with a party as its subject and no determiner just before it.
    """
    kept: list[_Cue] = []
    window = 0
    for cue in cues:
        if cue.verb:
            subject = _subject(mentions, window, cue, sentence)
            det = _DETERMINER.search(sentence[: cue.start])
            # "The Broker agrees": the word after the determiner is the party itself.
            if not subject or (det is not None and subject[-1].end <= det.start()):
                continue
        kept.append(cue)
        window = cue.end
    return kept


def _condition_span(sentence: str, first_cue: int | None) -> tuple[int, int] | None:
    """Where the condition clause of ``sentence`` lies (marker to the end of its clause)."""
    m = _CONDITION.search(sentence)
    if m is None:
        return None
    if first_cue is not None and m.start() < first_cue:
        comma = sentence.find(",", m.end(), first_cue)
        end = comma if comma != -1 else first_cue
        return m.start(), end
    if first_cue is None and not sentence[: m.start()].strip():
        # "If X happens, Y pays": a leading clause ends at its comma.
        comma = sentence.find(",", m.end())
        if comma != -1:
            return m.start(), comma
    end = len(sentence)
    for stop in (";", ". "):
        k = sentence.find(stop, m.end())
        if k != -1:
            end = min(end, k)
    return m.start(), end


def _clean(text: str) -> str:
    words = " ".join(text.strip().strip(",;:.").split())
    return re.sub(r"(?:,|\s)+(?:and|or|but|while|whereas)$", "", words, flags=re.IGNORECASE)


def _subject(mentions: list[Mention], window_start: int, cue: _Cue, sentence: str) -> list[Mention]:
    """The mentions that form the subject of ``cue``: the run of names just before it."""
    before = [m for m in mentions if window_start <= m.start and m.end <= cue.start]
    if not before:
        return []
    last = before[-1]
    gap = sentence[last.end : cue.start]
    if len(gap.split()) > _SUBJECT_WORDS or _PRONOUN.search(gap):
        return []
    run = [last]
    for m in reversed(before[:-1]):
        joint = sentence[m.end : run[0].start].strip().lower()
        if joint in _JOINTS:
            run.insert(0, m)
        else:
            break
    return run


def _forward_run(mentions: list[Mention], sentence: str, offset: int = 0) -> list[Mention]:
    """The first mention and those joined to it by "and" or a comma (a sentence's subject).

    ``offset`` is where ``sentence`` starts in the text the mentions were found in.
    """
    run = [mentions[0]]
    for m in mentions[1:]:
        joint = sentence[run[-1].end - offset : m.start - offset].strip().lower()
        if joint not in _JOINTS:
            break
        run.append(m)
    return run


def _parties(mentions: Iterable[Mention]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for m in mentions:
        for p in m.party:
            seen.setdefault(p, None)
    return tuple(seen)


def find_obligations(
    text: str, lexicon: PartyLexicon, *, issue: str | None = None, present_tense: bool = True
) -> tuple[tuple[Obligation, ...], tuple[str, ...]]:
    """The obligations stated in ``text`` and the review notes about what could not be read.

    ``present_tense`` reads a sentence that starts with a party and has no cue as binding
    (off for a preamble, whose present tense frames rather than obliges).

    Each obligation is flagged for review in its ``note`` (``review: ...``); ``quote`` holds
    the words that fixed its modality. A cue with no party before it (a passive sentence,
    "the border will follow the line") gives no obligation but a provision-level note. A
    pronoun subject ("it will", "their troops will") stands for the obligated parties of the
    sentence before it in the same text.
    """
    obligations: list[Obligation] = []
    notes: list[str] = []
    carried: tuple[str, ...] = ()
    for sentence in sentences(text):
        found, sentence_notes, last = _sentence_obligations(
            sentence, lexicon, issue, present_tense, carried
        )
        obligations.extend(found)
        notes.extend(sentence_notes)
        carried = last or carried
    return tuple(obligations), tuple(dict.fromkeys(notes))


def _mask(sentence: str) -> str:
    """``sentence`` with its asides blanked out (same length, so offsets still hold)."""
    masked = sentence
    for _ in range(3):  # nested parentheses, from the inside out
        blanked = _ASIDE.sub(lambda m: " " * len(m.group(0)), masked)
        if blanked == masked:
            break
        masked = blanked
    return masked


def _owns_subject(subject: list[Mention], head: str) -> bool:
    """Whether the subject's parties own the noun before the verb ("X's army", "X jets").

    ``head`` is the text between the last subject mention and the verb.
    """
    if not subject:
        return False
    if all(_POSSESSIVE.search(m.text) for m in subject):
        return True
    return any(not _ADVERB.match(w) for w in head.split())


def _looks_like_verb(rest: str, plural: bool) -> bool:
    """Whether ``rest`` starts with a verb that can follow the subject (present tense)."""
    words = [w.strip(",;:") for w in rest.split()]
    while words and _ADVERB.match(words[0]):
        words = words[1:]
    if not words or not words[0][:1].islower() or "'" in words[0] or "’" in words[0]:
        return False
    return plural or (words[0].endswith("s") and not words[0].endswith("ss"))


_Passive = tuple[tuple[str, ...], list[Mention], str | None, str]


def _passive(
    after_text: str,
    after: list[Mention],
    offset: int,
    subject: list[Mention],
    on: tuple[str, ...],
    head: str = "",
) -> _Passive | None:
    """Who acts in a passive clause: ``(on, beneficiaries, modality override, note)``.

    "X will be invited by Y" binds Y (X benefits); "X's army will be capped" and "X troops
    will be withdrawn" bind X (the owner of what is constrained; ``head`` holds the words
    between the party and the verb); "X will be invited" names nobody who acts (``on``
    empty).
    "X will be required to" is not passive in this sense: X acts (``None`` is returned),
    hedged when X "will be expected to".
    """
    m = _PASSIVE.match(after_text)
    if m is None:
        return None
    verb = m.group("verb").lower()
    if m.group("to"):
        if re.search(r"\bnot\b", m.group(0), re.IGNORECASE):
            return (), after, None, f"'{m.group(0).strip()}' asks nothing"
        if verb in _HEDGED_PASSIVE:
            return on, after, "hedged", f"'be {verb} to' is read as hedged"
        return None
    agent = re.search(r"\bby\b", after_text[m.end() :], re.IGNORECASE)
    if agent is not None:
        at = offset + m.end() + agent.end()
        following = [x for x in after if x.start >= at]
        if following and len(after_text[at - offset : following[0].start - offset].split()) <= 2:
            givers = _parties(_forward_run(following, after_text, offset))
            rest = [x for x in after if not set(x.party) <= set(givers)]
            if not _owns_subject(subject, head):
                rest = [*rest, *subject]
            note = f"passive '{m.group(0).strip()}': the party after 'by' is read as acting"
            return givers, rest, None, note
    if on and _owns_subject(subject, head):
        note = f"passive '{m.group(0).strip()}': the owner of what it constrains is obligated"
        return on, after, None, note
    return (), after, None, f"passive '{m.group(0).strip()}'"


def _sentence_obligations(
    sentence: str,
    lexicon: PartyLexicon,
    issue: str | None,
    present_tense: bool,
    carried: tuple[str, ...] = (),
) -> tuple[list[Obligation], list[str], tuple[str, ...]]:
    masked = _mask(sentence)
    all_mentions = lexicon.mentions(masked)
    cues = _verb_cues(_cues(masked), all_mentions, masked)
    span = _condition_span(masked, cues[0].start if cues else None)
    condition = _clean(sentence[span[0] : span[1]]) if span else None
    marker = _CONDITION.match(masked, span[0]) if span else None
    condition_words = marker.group(0) if marker else None
    if span is not None:
        cues = [c for c in cues if not span[0] <= c.start < span[1]]
    mentions = all_mentions
    if span is not None:
        mentions = [m for m in mentions if not span[0] <= m.start < span[1]]
    out: list[Obligation] = []
    notes: list[str] = []
    last: tuple[str, ...] = ()

    if not cues:
        if not present_tense or not mentions:
            return out, notes, last
        label = _LABEL.match(masked)
        if label is not None:  # "Option one: South pays" — the label is not the subject
            mentions = [m for m in mentions if m.start >= label.end()]
            if not mentions:
                return out, notes, last
        first = mentions[0]
        lead_text = masked[label.end() if label else 0 : first.start]
        if span is not None and span[1] <= first.start:
            lead_text = masked[: span[0]] + masked[span[1] : first.start]
            if label is not None and label.end() <= span[0]:
                lead_text = masked[label.end() : span[0]] + masked[span[1] : first.start]
        lead = lead_text.strip(" ,").lower()
        if lead not in ("", "the", "and", "but"):
            return out, notes, last
        subject = _forward_run(mentions, masked)
        on = _parties(subject)
        rest = masked[subject[-1].end :]
        after = [m for m in mentions if m.start >= subject[-1].end]
        extra: list[str] = ["no modal wording: the present tense is read as binding"]
        passive: _Passive | None = None
        be = _BE.search(rest)
        if be is not None and len(rest[: be.start()].split()) <= _SUBJECT_WORDS:
            at = be.start()
            passive = _passive(rest[at:], after, subject[-1].end + at, subject, on, rest[:at])
        if passive is not None:
            on, after, _, passive_note = passive
            if not on:
                notes.append(f"{passive_note} with no party named as the one who acts")
                return out, notes, last
            extra.append(passive_note)
        elif not (_owns_subject(subject, "") or _looks_like_verb(rest, len(on) > 1)):
            return out, notes, last
        if condition:
            extra.append("the condition is read from the sentence")
        action = _clean(sentence[subject[-1].end :])
        out.extend(
            _build(
                on,
                action,
                "conditional" if condition else "binding",
                condition_words,
                condition,
                after,
                sentence,
                issue,
                tuple(extra),
            )
        )
        return out, notes, on

    subjects: list[list[Mention]] = []
    window = 0
    for cue in cues:
        subjects.append(_subject(mentions, window, cue, masked))
        window = cue.end
    previous: tuple[str, ...] = ()
    window = span[1] if span is not None and cues and span[1] <= cues[0].start else 0
    for k, cue in enumerate(cues):
        clause_end = len(sentence)
        if k + 1 < len(cues):
            following = subjects[k + 1]
            clause_end = following[0].start if following else cues[k + 1].start
        if span is not None and cue.end <= span[0] < clause_end:
            clause_end = span[0]
        subject = subjects[k]
        on = _parties(subject)
        extra = []
        gap = masked[window : cue.start]
        window = clause_end
        if not on and not cue.verb and previous:
            on = previous
            extra.append("the subject is carried over from the clause before")
        elif not on and carried and _PRONOUN_SUBJECT.search(gap):
            on = carried
            extra.append("a pronoun subject: read as the parties of the sentence before")
        after_text = masked[cue.end : clause_end]
        after = [m for m in mentions if cue.end <= m.start < clause_end]
        modality_override: str | None = None
        if _RECEIVE.match(after_text):
            givers = _after_agent(after, after_text, cue.end)
            if givers:
                after = [*(m for m in after if not set(m.party) <= set(givers)), *subject]
                extra.append("the giver is read from 'by'/'from'; the subject receives")
            elif on:
                notes.append(
                    f"{', '.join(on)} receive(s) something ('{_clean(after_text)}'); "
                    "who gives it is not stated"
                )
            on = givers
        else:
            head = masked[subject[-1].end : cue.start] if subject else ""
            passive = _passive(after_text, after, cue.end, subject, on, head)
            if passive is not None:
                on, after, modality_override, passive_note = passive
                if on:
                    extra.append(passive_note)
                else:
                    notes.append(f"{passive_note} with no party named as the one who acts")
            elif not on and not cue.verb and not previous:
                notes.append(f"'{cue.words}' with no party named as the one who acts")
        if not on:
            continue
        previous = on
        last = on
        base: Modality = cue.modality
        if modality_override == "hedged":
            base = "hedged"
        modality: Modality = "conditional" if condition else base
        if condition:
            extra.append(f"under its condition the wording '{cue.words}' reads {base}")
        if cue.words.lower() == "would":
            extra.append("'would' (reported speech) is read as binding")
        action = re.sub(r"^to\s+", "", _clean(sentence[cue.end : clause_end]), flags=re.I)
        if action and re.search(r"not\b", cue.words, re.IGNORECASE):
            action = f"not {action}"  # the "not" of "agrees not to" belongs to the action
        out.extend(
            _build(
                on,
                action or _clean(sentence),
                modality,
                condition_words or cue.words,
                condition,
                after,
                sentence,
                issue,
                tuple(extra),
            )
        )
    return out, notes, last


def _after_agent(after: list[Mention], after_text: str, offset: int) -> tuple[str, ...]:
    agent = _AGENT.search(after_text)
    if agent is None:
        return ()
    following = [m for m in after if m.start >= offset + agent.end()]
    if not following:
        return ()
    return _parties(_forward_run(following, after_text, offset))


def _build(
    on: tuple[str, ...],
    action: str,
    modality: Modality,
    quote: str | None,
    condition: str | None,
    after: list[Mention],
    sentence: str,
    issue: str | None,
    extra: tuple[str, ...],
) -> list[Obligation]:
    verified = _role_parties(after, sentence, _VERIFIERS)
    enforced = _role_parties(after, sentence, _ENFORCERS)
    named_after = [p for p in _parties(after) if p not in verified and p not in enforced]
    mirrored = bool(_EACH_OTHER.search(sentence)) and len(on) > 1
    out: list[Obligation] = []
    for party in on:
        benefits: tuple[str, ...]
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
        if modality == "conditional" and condition:
            notes.append("condition judged_by 'unspecified': name who decides it is met")
        note = "\n".join(f"{REVIEW} {n}" for n in ["obligation read by the ingester", *notes])
        out.append(
            Obligation(
                on=(party,),
                action=action,
                issue=issue,
                benefits=benefits,
                modality=modality,
                conditions=(Condition(text=condition, judged_by=()),)
                if modality == "conditional" and condition
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
        if following:
            first = following[0]
            if len(sentence[m.end() : first.start].split()) <= 2:
                found.append(first)
    return _parties(found)
