"""Sentences and the wording that fixes a modality, read with spaCy's tokenizer and matcher.

spaCy's English tokenizer (abbreviations such as "U.S." and "St." stay whole), its rule-based
sentence splitter and its token :class:`~spacy.matcher.Matcher` need no downloaded model.
The cue table is written as phrases: words separated by spaces, alternatives by ``|``; a
closing ``to`` may be preceded by "not" ("agrees not to", "is expected not to"). The longest
cue wins where two overlap ("is expected to" over "is to").

The modality classes follow the hedging scale of the Peace Agreements Database coding notes
(PA-X, University of Edinburgh): binding, hedged, aspirational, conditional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ontable.model import Modality

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher

ASPIRATIONAL = (
    "will|shall strive",
    "strive|strives to",
    "will|shall seek",
    "seek|seeks to",
    "will|shall aim",
    "aim|aims to",
    "will|shall endeavour|endeavor",
    "endeavour|endeavours|endeavor|endeavors to",
    "hope|hopes to",
    "intend|intends to",
    "aspire|aspires to",
    "will|shall work towards|toward",
    "work|works towards|toward",
    "will try",
    "try|tries to",
    "will make every|best effort|efforts",
)
HEDGED = (
    "is|are expected to",
    "is|are not expected to",
    "will|would be expected to",
    "is|are encouraged to",
    "is|are invited to",
    "is|are ready to",
    "is|are prepared to",
    "is|are willing to",
    "will|shall|would|should consider",
    "should",
    "ought to",
)
BINDING_VERBS = (
    "is|are obliged to",
    "is|are obligated to",
    "is|are required to",
    "would|will be required to",
    "is|are bound to",
    "commit|commits to",
    "undertake|undertakes to",
    "agree|agrees to",
    "pledge|pledges to",
    "guarantee|guarantees",
    "is|are to",
    "has|have to",
)
BINDING_MODALS = (
    "may|can not",
    "will",
    "shall",
    "must",
    "would",
    "would have to",
)
GROUPS = {
    "aspirational": ASPIRATIONAL,
    "hedged": HEDGED,
    "verb": BINDING_VERBS,
    "binding": BINDING_MODALS,
}

# "It is expected that X will …": a frame that sets the modality of every cue after it.
FRAME = re.compile(
    r"\bit\s+is\s+(?:also\s+)?(?P<word>expected|anticipated|envisaged|envisioned|foreseen|"
    r"hoped|intended|proposed|suggested|desired|agreed|understood)\s+that\b",
    re.IGNORECASE,
)
FRAME_MODALITY: dict[str, Modality] = {
    "expected": "hedged",
    "anticipated": "hedged",
    "envisaged": "hedged",
    "envisioned": "hedged",
    "foreseen": "hedged",
    "proposed": "hedged",
    "suggested": "hedged",
    "hoped": "aspirational",
    "intended": "aspirational",
    "desired": "aspirational",
    "agreed": "binding",
    "understood": "binding",
}


@dataclass(frozen=True)
class Cue:
    """Wording that fixes a modality, at characters ``start``–``end`` of its sentence.

    ``verb`` marks a commissive verb ("agrees to", "guarantees") that is also a noun in other
    places; ``negated`` a cue whose "not" belongs to the action ("is not expected to").
    """

    start: int
    end: int
    words: str
    modality: Modality
    verb: bool
    negated: bool


def _token_patterns(phrase: str) -> list[list[dict[str, Any]]]:
    words = phrase.split()
    pattern: list[dict[str, Any]] = []
    for k, word in enumerate(words):
        if word == "to" and k == len(words) - 1 and "not" not in words:
            pattern.append({"LOWER": "not", "OP": "?"})
        options = word.split("|")
        pattern.append({"LOWER": options[0]} if len(options) == 1 else {"LOWER": {"IN": options}})
    return [pattern]


@cache
def _nlp() -> Language:
    import spacy

    nlp = spacy.blank("en")
    # Only the tokenizer and sentencizer run (light on memory); the text budget bounds length.
    nlp.max_length = 10_000_000
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";"]})
    return nlp


@cache
def _matcher() -> Matcher:
    from spacy.matcher import Matcher

    matcher = Matcher(_nlp().vocab)
    for group, phrases in GROUPS.items():
        matcher.add(group, [p for phrase in phrases for p in _token_patterns(phrase)])
    return matcher


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences, and clauses after a semicolon (spaCy's sentencizer).

    >>> sentences("The U.S. will act; Russia will not. St. Petersburg stays.")
    ['The U.S. will act;', 'Russia will not.', 'St. Petersburg stays.']
    """
    doc = _nlp()(text)
    out: list[str] = []
    for sent in doc.sents:
        words = sent.text.strip()
        # A sentence that starts in lower case continues the one before ("e.g. this").
        if out and words[:1].islower() and not out[-1].endswith(";"):
            out[-1] = f"{out[-1]} {words}"
        elif words:
            out.append(words)
    return out


def find_cues(sentence: str) -> list[Cue]:
    """The modality cues of ``sentence``, longest first where they overlap, in order."""
    from spacy.util import filter_spans

    nlp = _nlp()
    doc = nlp.make_doc(sentence)
    vocab = nlp.vocab
    spans = [doc[s:e] for _, s, e in _matcher()(doc)]
    labels = {(doc[s:e].start, doc[s:e].end): vocab.strings[k] for k, s, e in _matcher()(doc)}
    out: list[Cue] = []
    for span in sorted(filter_spans(spans), key=lambda s: s.start):
        group = labels[(span.start, span.end)]
        modality: Modality = "binding" if group in ("verb", "binding") else group  # type: ignore[assignment]
        lowered = [t.lower_ for t in span]
        negated = "not" in lowered
        start, end = span.start_char, span.end_char
        out.append(Cue(start, end, span.text, modality, group == "verb", negated))
    return out
