"""How close the ingester comes to a hand-coded document: precision and recall per aspect.

Matching, aspect by aspect (``coded`` is the hand-coded document, ``ingested`` the
ingester's):

* **provisions**: by id, after normalising both sides (lower case, spaces removed, a
  separator between a number and a letter dropped, and a numbered sub-point read as the
  letter of the same rank: ``7.a``, ``7(a)``, ``7a`` and ``7.1`` are one id).
  A coded document's ids are first put in their printed form
  (:func:`~ontable.io.ingest.render.printed_ids`): a labelled point such as ``army-cap``
  stands for the next number, as a text would print it.
* **parties**: pairs (provision id, obligated party), one pair for each party in each
  obligation's ``on``.
* **modality**: triples (provision id, party, modality) over all obligations of both sides,
  so an obligation the ingester missed is a modality miss too, and one it made up is a
  modality error.
* **issues**: pairs (provision id, issue id) from each provision's ``issues``.

Precision is matched / found by the ingester, recall matched / in the coded document; either
is ``None`` when its denominator is 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ontable.errors import UnknownIdError
from ontable.io.ingest.render import printed_ids
from ontable.model import Document

ASPECTS = ("provisions", "parties", "modality", "issues")


def _letter(match: re.Match[str]) -> str:
    rank = int(match.group(1))
    return chr(ord("a") + rank - 1) if 1 <= rank <= 26 else match.group(0)


def normalise_id(provision_id: str) -> str:
    """The form provision ids are compared in: ``"7.a"`` and ``"7.1"`` → ``"7a"``.

    >>> [normalise_id(i) for i in ("10.1", "10(a)", " 10A ", "10a.ii", "1000")]
    ['10a', '10a', '10a', '10a.ii', '1000']
    """
    text = re.sub(r"\s+", "", provision_id.lower())
    text = re.sub(r"(?<=\d)[.\-]?\(?([a-z]+)\)?", r"\1", text)
    return re.sub(r"(?<=\d)\.(\d+)(?!\d)", _letter, text)


@dataclass(frozen=True)
class Score:
    """Matched items of one aspect, with how many each side has."""

    aspect: str
    matched: int
    coded: int
    ingested: int

    @property
    def precision(self) -> float | None:
        return self.matched / self.ingested if self.ingested else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.coded if self.coded else None

    def __add__(self, other: Score) -> Score:
        """Two scores of one aspect pooled (counts added), as over the texts of a corpus."""
        if other.aspect != self.aspect:
            raise ValueError(f"cannot pool {self.aspect} with {other.aspect}")
        return Score(
            self.aspect,
            self.matched + other.matched,
            self.coded + other.coded,
            self.ingested + other.ingested,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "aspect": self.aspect,
            "precision": self.precision,
            "recall": self.recall,
            "matched": self.matched,
            "coded": self.coded,
            "ingested": self.ingested,
        }


@dataclass(frozen=True)
class Evaluation:
    """Scores of an ingested document against a coded one, with what was missed or added."""

    coded_id: str
    scores: tuple[Score, ...]
    missed_provisions: tuple[str, ...]
    extra_provisions: tuple[str, ...]

    def score(self, aspect: str) -> Score:
        """The score of one aspect (``provisions``, ``parties``, ``modality``, ``issues``)."""
        for s in self.scores:
            if s.aspect == aspect:
                return s
        raise UnknownIdError("aspect", aspect, (s.aspect for s in self.scores))

    def to_dict(self) -> dict[str, Any]:
        return {
            "coded": self.coded_id,
            "scores": {s.aspect: s.to_dict() for s in self.scores},
            "missed_provisions": list(self.missed_provisions),
            "extra_provisions": list(self.extra_provisions),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per aspect: precision, recall and the counts behind them."""
        return pd.DataFrame([s.to_dict() for s in self.scores]).set_index("aspect")


def _score(aspect: str, coded: set[Any], ingested: set[Any]) -> Score:
    return Score(aspect, len(coded & ingested), len(coded), len(ingested))


def _keys(document: Document, printed: bool) -> dict[str, str]:
    ids = printed_ids(document) if printed else {p.id: p.id for p in document.provisions}
    return {k: normalise_id(v) for k, v in ids.items()}


def _pairs(document: Document, key: dict[str, str]) -> set[tuple[str, str]]:
    return {(key[p.id], party) for p, o in document.obligations for party in o.on}


def _triples(document: Document, key: dict[str, str]) -> set[tuple[str, str, str]]:
    return {(key[p.id], party, o.modality) for p, o in document.obligations for party in o.on}


def _issue_pairs(document: Document, key: dict[str, str]) -> set[tuple[str, str]]:
    return {(key[p.id], issue) for p in document.provisions for issue in p.issues}


def evaluate(coded: Document, ingested: Document) -> Evaluation:
    """Precision and recall of ``ingested`` against the hand-coded ``coded`` (module doc)."""
    coded_key, ingested_key = _keys(coded, printed=True), _keys(ingested, printed=False)
    coded_ids = {v: k for k, v in coded_key.items()}
    ingested_ids = {v: k for k, v in ingested_key.items()}
    scores = (
        _score("provisions", set(coded_ids), set(ingested_ids)),
        _score("parties", _pairs(coded, coded_key), _pairs(ingested, ingested_key)),
        _score("modality", _triples(coded, coded_key), _triples(ingested, ingested_key)),
        _score("issues", _issue_pairs(coded, coded_key), _issue_pairs(ingested, ingested_key)),
    )
    return Evaluation(
        coded_id=coded.id,
        scores=scores,
        missed_provisions=tuple(v for k, v in coded_ids.items() if k not in ingested_ids),
        extra_provisions=tuple(v for k, v in ingested_ids.items() if k not in coded_ids),
    )
