"""Where a text names the case's parties: names, aliases, group phrases, and which are subjects.

Parties are found by the names the case gives them: each party's ``name``, its ``aliases``
(demonyms, capitals, short forms) and its id written as words. Group phrases ("both sides",
"the two countries", "neither party", "the Parties") stand for the case's ``main_parties``.
Nothing here knows any one case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ontable.model import Case

GROUP = re.compile(
    r"\b(?:(?:both|all|the\s+two|the)\s+(?:sides|parties|countries|states|nations|governments)|"
    r"(?:each|either|neither)\s+(?:side|party|country|state|government))\b",
    re.IGNORECASE,
)
# A name right after one of these words is an object or a modifier, never the subject.
_PREPOSITION = re.compile(
    r"\b(?:in|of|from|by|with|for|to|into|against|between|on|at|under|within|toward|towards|"
    r"than|over|across|through|without|upon|like|among|about)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# The nouns that make an owner act: "Russian troops will withdraw", "Kyiv's army will be
# capped". Anything else a party owns ("Ukraine's sovereignty", "Russian assets") does not act.
ACTING_NOUNS = re.compile(
    r"\b(?:forces?|troops?|army|armies|military|units?|soldiers|servicemen|personnel|"
    r"jets?|fighters?|aircraft|navy|fleet|weapons?|arms|missiles?|artillery|"
    r"government|authorities|side|delegation|leadership|president|negotiators|"
    r"members?|militants?|police|border\s+guards?|partners|allies)\b",
    re.IGNORECASE,
)
JOINTS = (
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


@dataclass(frozen=True)
class Mention:
    """Where a party (or a group phrase standing for several) is named in a sentence."""

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
        for m in GROUP.finditer(text):
            if any(f.start <= m.start() < f.end for f in found) or not self.group:
                continue
            found.append(Mention(self.group, m.start(), m.end(), m.group(0)))
        return sorted(found, key=lambda f: f.start)

    def named(self, text: str) -> tuple[str, ...]:
        """The ids of the parties ``text`` names (group phrases left out), in order."""
        seen: dict[str, None] = {}
        for m in self.pattern.finditer(text):
            seen.setdefault(self.names[m.group("name")], None)
        return tuple(seen)


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


def can_be_subject(mention: Mention, sentence: str) -> bool:
    """Whether ``mention`` may be a subject: not the object of a preposition ("held in Europe")."""
    return _PREPOSITION.search(sentence[: mention.start]) is None


def parties_of(mentions: Iterable[Mention]) -> tuple[str, ...]:
    """The party ids of ``mentions``, each once, in order."""
    seen: dict[str, None] = {}
    for m in mentions:
        for p in m.party:
            seen.setdefault(p, None)
    return tuple(seen)


def forward_run(mentions: list[Mention], sentence: str, offset: int = 0) -> list[Mention]:
    """The first mention and those joined to it by "and" or a comma (a sentence's subject).

    ``offset`` is where ``sentence`` starts in the text the mentions were found in.
    """
    run = [mentions[0]]
    for m in mentions[1:]:
        joint = sentence[run[-1].end - offset : m.start - offset].strip().lower()
        if joint not in JOINTS:
            break
        run.append(m)
    return run
