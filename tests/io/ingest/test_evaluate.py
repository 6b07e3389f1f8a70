"""Scoring an ingested document against a coded one (counts worked out by hand)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ontable.io import load_case
from ontable.io.ingest import evaluate, ingest_text, normalise_id, render_text
from ontable.model import Case, Document

MINI = Path(__file__).parents[2] / "data" / "mini"
BUILTIN = "ukraine-2025"


def _doc(doc_id: str, provisions: list[dict[str, object]]) -> Document:
    src = "https://example.org/d"
    return Document.model_validate(
        {
            "id": doc_id,
            "title": doc_id,
            "date": "2025-01-01",
            "kind": "proposal",
            "drafters": ["north"],
            "sources": [src],
            "provisions": [{"summary": "s", "sources": [src], **p} for p in provisions],
        }
    )


def test_scores_by_hand() -> None:
    coded = _doc(
        "coded",
        [
            {
                "id": "1",
                "issues": {"border": 10, "aid": 20},
                "obligations": [
                    {"on": ["north", "south"], "action": "a", "modality": "binding"},
                ],
            },
            {
                "id": "1.a",
                "parent": "1",
                "obligations": [{"on": "south", "action": "b", "modality": "hedged"}],
            },
            {"id": "2"},
        ],
    )
    ingested = _doc(
        "ingested",
        [
            {
                "id": "1",
                "issues": {"border": 50},
                "obligations": [
                    {"on": "north", "action": "a", "modality": "binding"},
                    {"on": "broker", "action": "a", "modality": "binding"},
                ],
            },
            {
                "id": "1a",
                "parent": "1",
                "obligations": [{"on": "south", "action": "b", "modality": "binding"}],
            },
            {"id": "3", "issues": {"aid": 50}},
        ],
    )
    result = evaluate(coded, ingested)
    got = {s.aspect: (s.matched, s.coded, s.ingested) for s in result.scores}
    # provisions: {1, 1a, 2} vs {1, 1a, 3} → 2 matched ("1.a" and "1a" are one id).
    # parties: {(1,north), (1,south), (1a,south)} vs {(1,north), (1,broker), (1a,south)} → 2.
    # modality over all triples: (1,north,binding) is the only one on both sides → 1 of 3.
    # issues: {(1,border), (1,aid)} vs {(1,border), (3,aid)} → 1.
    assert got == {
        "provisions": (2, 3, 3),
        "parties": (2, 3, 3),
        "modality": (1, 3, 3),
        "issues": (1, 2, 2),
    }
    assert result.score("parties").recall == pytest.approx(2 / 3)
    assert result.missed_provisions == ("2",)
    assert result.extra_provisions == ("3",)
    assert result.to_frame().loc["modality", "precision"] == pytest.approx(1 / 3)
    assert result.to_dict()["scores"]["issues"]["recall"] == 0.5


def test_empty_sides_have_no_score() -> None:
    doc = _doc("d", [{"id": "1"}])
    score = evaluate(doc, doc).score("parties")
    assert (score.precision, score.recall) == (None, None)
    assert evaluate(doc, doc).score("provisions").recall == 1.0


def test_normalise_id() -> None:
    # A numbered sub-point is the letter of the same rank: 10.1 ≡ 10a; no folding of big numbers.
    ids = ("7.a", "7(a)", " 7A ", "7.1", "7a.ii", "10.2", "1000", "1000.3")
    assert [normalise_id(i) for i in ids] == [
        "7a",
        "7a",
        "7a",
        "7a",
        "7a.ii",
        "10b",
        "1000",
        "1000c",
    ]


@cache
def _case(case_ref: str | Path) -> Case:
    return load_case(case_ref)


def _round_trip(
    case_ref: str | Path, doc_id: str, *, obligation_sentences: bool = False
) -> dict[str, tuple[float | None, float | None]]:
    """Render a coded document, ingest the text without that document, score the reading."""
    case = _case(case_ref)
    coded = case.document(doc_id)
    others = case.model_copy(
        update={"documents": tuple(d for d in case.documents if d.id != doc_id)}
    )
    ingested = ingest_text(
        render_text(coded, case, obligation_sentences=obligation_sentences),
        others,
        document_id=coded.id,
        source=coded.sources[0],
        date=coded.date,
        drafters=coded.drafters,
        kind=coded.kind,
        exclude=(coded.id,),
    )
    return {s.aspect: (s.precision, s.recall) for s in evaluate(coded, ingested).scores}


def _at_least(value: float | None, floor: float) -> bool:
    return value is None or value >= floor


@pytest.mark.parametrize("doc_id", ["plan-a", "plan-b"])
def test_round_trip_with_obligation_sentences_on_the_mini_case(doc_id: str) -> None:
    scores = _round_trip(MINI, doc_id, obligation_sentences=True)
    assert scores["provisions"][1] == 1.0
    assert scores["parties"][1] == 1.0
    assert scores["modality"][1] == 1.0


@pytest.mark.parametrize("doc_id", ["plan-a", "plan-b"])
def test_round_trip_of_summaries_on_the_mini_case(doc_id: str) -> None:
    # Each plan codes 4 (point, party) pairs; one summary names nobody who acts ("The front
    # line becomes the border", "A reconstruction fund is set up for South"), so 3 of 4 are
    # read, each with its coded modality, and nothing is read that is not coded; the missed
    # obligation is a modality miss too.
    scores = _round_trip(MINI, doc_id)
    assert scores["provisions"] == (1.0, 1.0)
    assert scores["parties"] == (1.0, 0.75)
    assert scores["modality"] == (1.0, 0.75)


def _builtin_documents() -> list[str]:
    return [d.id for d in _case(BUILTIN).documents]


@pytest.mark.parametrize("doc_id", _builtin_documents())
def test_round_trip_on_every_builtin_document(doc_id: str) -> None:
    """The summaries of each coded document read back: provisions ≥ 0.9, parties/modality ≥ 0.8.

    The text holds the coder's summaries only (no sentence generated from the obligations).
    """
    scores = _round_trip(BUILTIN, doc_id)
    assert _at_least(scores["provisions"][1], 0.9), scores
    assert _at_least(scores["parties"][1], 0.8), scores
    assert _at_least(scores["modality"][1], 0.8), scores
