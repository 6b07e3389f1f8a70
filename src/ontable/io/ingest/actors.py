"""The actors a text names: runs of capitalised words, ranked by how often they act.

Used to say which names a text holds when it names no party of a case, and to propose the
parties of a new case (``ontable ingest --new-case``) for a person to confirm. Read with
spaCy's tokenizer (no model): a name is a run of title-case or upper-case tokens ("United
States", "Board of Peace", "IDF"); a single capitalised word that also appears in lower case
in the text ("Within", "Full") is an ordinary word at a sentence start, not a name. Names seen
as the subject of a modal cue ("Hamas will …") rank first, then by count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ontable.io.ingest.cues import find_cues, sentences

_SKIP = frozenset(
    {
        "the",
        "a",
        "an",
        "article",
        "point",
        "section",
        "clause",
        "annex",
        "part",
        "phase",
        "full",
        "text",
        "agreement",
        "plan",
        "parties",
        "party",
        "sides",
        "side",
        *[
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ],
    }
)
_JOINERS = frozenset({"of", "for"})
_FUNCTION = frozenset(
    {
        "it",
        "if",
        "its",
        "they",
        "their",
        "this",
        "these",
        "once",
        "upon",
        "when",
        "all",
        "any",
        "each",
        "both",
        "neither",
        "either",
        "under",
        "after",
        "within",
    }
)


@dataclass(frozen=True)
class Actor:
    """A name the text uses, how often, and how often as the subject of a modal cue."""

    name: str
    count: int
    acting: int

    @property
    def id(self) -> str:
        """A case id for the name: lower case, words joined by ``-``."""
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "party"


def _names(sentence: str, lowered: set[str]) -> list[tuple[str, int]]:
    """Capitalised runs of ``sentence`` with their character offsets."""
    from ontable.io.ingest.cues import _nlp

    doc = _nlp().make_doc(sentence)
    out: list[tuple[str, int]] = []
    run: list[int] = []

    def close() -> None:
        while run and doc[run[-1]].lower_ in _JOINERS:
            run.pop()
        while run and (
            doc[run[0]].lower_ in _SKIP
            or doc[run[0]].lower_ in _FUNCTION
            or (len(run) > 1 and doc[run[0]].i == 0 and doc[run[0]].lower_ in lowered)
        ):
            run.pop(0)
        if run:
            start, end = doc[run[0]].idx, doc[run[-1]].idx + len(doc[run[-1]])
            out.append((sentence[start:end], start))
        run.clear()

    for token in doc:
        word = token.text.rstrip("'’s") if token.text.endswith(("'s", "’s")) else token.text
        capital = word[:1].isupper() and (word.istitle() or word.isupper()) and word.isalpha()
        if capital or (run and token.lower_ in _JOINERS):
            run.append(token.i)
        else:
            close()
    close()
    return out


def find_actors(text: str) -> list[tuple[str, int]]:
    """The names ``text`` uses, most active first: ``(name, count)`` pairs."""
    return [(a.name, a.count) for a in actors(text)]


def actors(text: str) -> list[Actor]:
    """The actors of ``text`` (see the module doc), most active first."""
    lowered = set(re.findall(r"\b[a-z][a-z-]+\b", text))
    counts: dict[str, int] = {}
    acting: dict[str, int] = {}
    for sentence in sentences(text):
        cues = [c.start for c in find_cues(sentence)]
        for name, start in _names(sentence, lowered):
            words = name.split()
            if len(words) == 1 and (name.lower() in lowered or name.lower() in _SKIP | _FUNCTION):
                continue
            if name.isupper() and len(name) < 2:
                continue
            counts[name] = counts.get(name, 0) + 1
            end = start + len(name)
            if any(0 <= c - end <= 25 and "," not in sentence[end:c] for c in cues):
                acting[name] = acting.get(name, 0) + 1
    ranked = sorted(counts, key=lambda n: (-acting.get(n, 0), -counts[n], n))
    return [Actor(n, counts[n], acting.get(n, 0)) for n in ranked]
