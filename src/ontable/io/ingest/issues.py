"""Which of the case's issues a point touches, and the quantities it states.

Issues are found two ways, both read from the case:

1. the issue's ``lexicon`` (and its ``name``): a whole-word, case-insensitive match of any
   term, a plural "s" allowed. A term that is also a party's name or alias ("NATO") is not
   evidence of an issue (the party is named in points on every issue), and the idioms "not
   limited to" and "including but not limited to" are not read for their words;
2. similarity to provisions already coded in the case's documents: when a point's words are
   close to a coded provision's summary (rapidfuzz ``token_set_ratio`` of the lower-cased
   texts ≥ :data:`SIMILARITY_THRESHOLD`, both texts having at least
   :data:`MIN_SIMILAR_WORDS` words), that provision's issues are proposed, with its position.

Quantities are numbers with their unit: troops ("600,000 troops", "an army of 800k"),
money ("$100 billion", "USD 800 bn", "€5 million", "10 billion euros"), durations
("within 100 days", "3 months"), percentages ("50%", "50 per cent") and distances
("15 km"). A bare number in a sentence about troops or an army is read as troops and
flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ontable.model import Case, Document

SIMILARITY_THRESHOLD = 80.0
"""Least rapidfuzz ``token_set_ratio`` (0–100) for a coded provision to propose its issues."""

MIN_SIMILAR_WORDS = 4
"""Texts shorter than this many words are not compared (a short text matches too easily)."""

PLACEHOLDER_POSITION = 50.0
"""Position written for an issue found by its words alone (flagged for the coder to set)."""


@dataclass(frozen=True)
class IssueHit:
    """One issue a point touches: why it was found, and a proposed position."""

    issue: str
    position: float
    reason: str
    from_similarity: bool


_IDIOMS = re.compile(r"\b(?:including\s+)?(?:but\s+)?not\s+limited\s+to\b", re.IGNORECASE)


def _term_pattern(term: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<!\w){words}(?:s|es)?(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class IssueLexicon:
    """Issue terms and coded examples of a case (built once per case)."""

    terms: tuple[tuple[str, str, re.Pattern[str]], ...]
    examples: tuple[tuple[str, str, dict[str, float]], ...]


def issue_lexicon(case: Case, *, exclude: tuple[str, ...] = ()) -> IssueLexicon:
    """The terms of ``case``'s issues and its coded provisions, leaving out documents ``exclude``.

    Leaving a document out matters when scoring the ingester against that very document.
    """
    terms: list[tuple[str, str, re.Pattern[str]]] = []
    names = {n.lower() for p in case.parties for n in (p.name, p.id, *p.aliases) if n.strip()}
    for issue in case.issues:
        for term in dict.fromkeys((issue.name, *issue.lexicon)):
            bare = re.sub(r"^the\s+", "", term.strip(), flags=re.IGNORECASE).lower()
            if term.lower() in names or bare in names:
                continue
            terms.append((issue.id, term, _term_pattern(term)))
    examples: list[tuple[str, str, dict[str, float]]] = []
    documents: tuple[Document, ...] = case.documents
    for doc in documents:
        if doc.id in exclude:
            continue
        for prov in doc.provisions:
            if prov.issues:
                examples.append((f"{doc.id}#{prov.id}", prov.summary.lower(), dict(prov.issues)))
    return IssueLexicon(tuple(terms), tuple(examples))


def find_issues(text: str, lexicon: IssueLexicon) -> tuple[IssueHit, ...]:
    """The issues ``text`` touches, in the case's issue order, each with its reason."""
    hits: dict[str, IssueHit] = {}
    order = {issue: k for k, (issue, _, _) in enumerate(lexicon.terms)}
    found_terms: dict[str, list[str]] = {}
    plain = _IDIOMS.sub(" ", text)
    for issue, term, pattern in lexicon.terms:
        if pattern.search(plain):
            found_terms.setdefault(issue, []).append(term)
    lowered = text.lower()
    best: dict[str, tuple[float, str, float]] = {}
    if len(lowered.split()) >= MIN_SIMILAR_WORDS:
        for where, summary, issues in lexicon.examples:
            if len(summary.split()) < MIN_SIMILAR_WORDS:
                continue
            score = fuzz.token_set_ratio(lowered, summary)
            if score < SIMILARITY_THRESHOLD:
                continue
            for issue, position in issues.items():
                if issue not in best or score > best[issue][0]:
                    best[issue] = (score, where, position)
    for issue in sorted(set(found_terms) | set(best), key=lambda i: order.get(i, len(order))):
        if issue in best:
            score, where, position = best[issue]
            reason = f"like coded provision {where} (similarity {score:.0f})"
            if issue in found_terms:
                reason += "; words: " + ", ".join(repr(t) for t in found_terms[issue])
            hits[issue] = IssueHit(issue, position, reason, True)
        else:
            words = ", ".join(repr(t) for t in found_terms[issue])
            hits[issue] = IssueHit(issue, PLACEHOLDER_POSITION, f"words: {words}", False)
    return tuple(hits.values())


@dataclass(frozen=True)
class Quantity:
    """A number the text states, with its unit (``troops``, ``USD``, ``days``, ``%``, …)."""

    value: float
    unit: str
    text: str
    inferred: bool = False

    def __str__(self) -> str:
        return f"quantity: {_number(self.value)} {self.unit}"


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_CURRENCY = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
}
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE_WORD = r"(?:\s*(?P<scale>thousand|million|billion|trillion|mln|mn|bn|tn|k|m|b)\b)?"
_MONEY_BEFORE = re.compile(
    rf"(?P<cur>US\$|\$|€|£|\bUSD|\bEUR|\bGBP)\s?{_NUM}{_SCALE_WORD}", re.IGNORECASE
)
_MONEY_AFTER = re.compile(
    rf"\b{_NUM}{_SCALE_WORD}\s*(?P<cur>USD|EUR|GBP|dollars?|euros?|pounds?)\b", re.IGNORECASE
)
_PERCENT = re.compile(rf"\b{_NUM}\s?(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_DURATION = re.compile(rf"\b{_NUM}\s*(?P<unit>days?|weeks?|months?|years?|hours?)\b", re.I)
_DISTANCE = re.compile(rf"\b{_NUM}\s*(?P<unit>km|kilometres?|kilometers?|miles?)\b", re.I)
_TROOPS = re.compile(
    rf"\b{_NUM}{_SCALE_WORD}\s*(?:(?:active|military|armed|service|uniformed)\s+)?"
    r"(?P<unit>troops|soldiers|servicemen|service\s+members|personnel|men|strong)\b",
    re.IGNORECASE,
)
_BARE = re.compile(rf"(?<![\w.,$€£]){_NUM}{_SCALE_WORD}(?![\w%])")
_TROOP_CONTEXT = re.compile(r"\b(?:troops?|army|armies|armed\s+forces|military|soldiers)\b", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _value(match: re.Match[str]) -> float:
    value = float(match.group("num").replace(",", ""))
    scale = (match.groupdict().get("scale") or "").lower()
    return value * _SCALE.get(scale, 1.0)


def find_quantities(text: str) -> tuple[Quantity, ...]:
    """The quantities ``text`` states, in the order they appear.

    Examples
    --------
    >>> [str(q) for q in find_quantities("An army of 600,000 troops within 100 days.")]
    ['quantity: 600000 troops', 'quantity: 100 days']
    """
    found: list[tuple[int, int, Quantity]] = []

    def add(match: re.Match[str], value: float, unit: str, inferred: bool = False) -> None:
        start, end = match.span()
        if any(s < end and start < e for s, e, _ in found):
            return
        found.append((start, end, Quantity(value, unit, match.group(0).strip(), inferred)))

    for m in _MONEY_BEFORE.finditer(text):
        add(m, _value(m), _CURRENCY[m.group("cur").lower()])
    for m in _MONEY_AFTER.finditer(text):
        add(m, _value(m), _CURRENCY[m.group("cur").lower()])
    for m in _PERCENT.finditer(text):
        add(m, _value(m), "%")
    for m in _TROOPS.finditer(text):
        add(m, _value(m), "troops")
    for m in _DURATION.finditer(text):
        unit = m.group("unit").lower()
        add(m, _value(m), unit if unit.endswith("s") else unit + "s")
    for m in _DISTANCE.finditer(text):
        unit = m.group("unit").lower()
        add(m, _value(m), "km" if unit.startswith("k") else "miles")
    if _TROOP_CONTEXT.search(text):
        for m in _BARE.finditer(text):
            raw = m.group("num")
            if _YEAR.match(raw) or (_value(m) < 1000 and not m.group("scale")):
                continue
            add(m, _value(m), "troops", inferred=True)
    return tuple(q for _, _, q in sorted(found, key=lambda f: f[0]))
