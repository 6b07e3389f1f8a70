"""Rendering a coded document as numbered text, and its YAML."""

from __future__ import annotations

from pathlib import Path

from ontable.io import load_case
from ontable.io.ingest import document_yaml, obligation_sentence, render_text
from ontable.io.ingest.render import printed_ids
from ontable.model import Document, Obligation

MINI = Path(__file__).parents[2] / "data" / "mini"


def test_render_plan_a_with_obligation_sentences() -> None:
    case = load_case(MINI)
    text = render_text(case.document("plan-a"), case, obligation_sentences=True)
    assert text == (
        "Plan A\n"
        "\n"
        "1. The front line becomes the border. South will withdraw from the line for North.\n"
        "2. South caps its troops at 10,000. South will cap troops for North.\n"
        "3. North is expected not to attack again. North is expected to not attack South.\n"
        "   a. South does not attack North. South will not attack North.\n"
    )


def test_render_writes_summaries_only_by_default() -> None:
    case = load_case(MINI)
    text = render_text(case.document("plan-a"), case)
    assert text.splitlines()[2:] == [
        "1. The front line becomes the border.",
        "2. South caps its troops at 10,000.",
        "3. North is expected not to attack again.",
        "   a. South does not attack North.",
    ]


def test_conditional_sentence_keeps_its_condition() -> None:
    ob = Obligation(on="broker", action="fund it", modality="conditional", condition="talks go on")
    assert obligation_sentence(ob) == "broker will fund it provided that talks go on."
    ob = Obligation(on=("north", "south"), action="talk", modality="aspirational")
    assert obligation_sentence(ob) == "north and south aim to talk."


def _doc(*provisions: dict[str, object]) -> Document:
    return Document.model_validate(
        {
            "id": "d",
            "title": "D",
            "date": "2025-01-01",
            "kind": "proposal",
            "drafters": ["north"],
            "sources": ["https://example.org/d"],
            "provisions": [
                {"summary": "s", "sources": ["https://example.org/d"], **p} for p in provisions
            ],
        }
    )


def test_printed_ids_of_labelled_and_nested_points() -> None:
    doc = _doc(
        {"id": "preamble"},
        {"id": "army-cap"},
        {"id": "x", "parent": "army-cap"},
        {"id": "5"},
        {"id": "5.a", "parent": "5"},
        {"id": "5.2", "parent": "5"},
        {"id": "annex"},
    )
    assert printed_ids(doc) == {
        "preamble": "preamble",
        "army-cap": "1",
        "x": "1a",
        "5": "5",
        "5.a": "5a",
        "5.2": "5.2",
        "annex": "6",
    }
    lines = render_text(doc).splitlines()
    assert lines[2:] == ["s.", "", "1. s.", "   a. s.", "5. s.", "   a. s.", "   5.2 s.", "6. s."]


def test_yaml_uses_block_text_for_notes() -> None:
    doc = _doc({"id": "1", "note": "review: one\nquantity: 5 days"})
    text = document_yaml(doc)
    assert "note: |-\n      review: one\n      quantity: 5 days\n" in text
    assert text.startswith("# First cut written by `ontable ingest`.")
