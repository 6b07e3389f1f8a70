"""A whole text → a first-cut document: exact points, parties, modalities and quantities."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import ontable.io.ingest as ingest
from ontable.io import load_case
from ontable.io.ingest import (
    SUMMARY_NOTE,
    IngestError,
    document_yaml,
    draft_document,
    ingest_text,
    quantity_lines,
    read_source_text,
    reference_problems,
    review_lines,
)
from ontable.model import Document

DATA = Path(__file__).parents[2] / "data"
SOURCE = "https://example.org/accord"


@pytest.fixture(scope="module")
def accord() -> Document:
    case = load_case(DATA / "mini")
    text = read_source_text(DATA / "ingest" / "accord.txt")
    return ingest_text(
        text,
        case,
        document_id="accord",
        source=SOURCE,
        date=dt.date(2025, 3, 1),
        drafters=["north"],
    )


def test_points_and_parents(accord: Document) -> None:
    assert [(p.id, p.parent) for p in accord.provisions] == [
        ("preamble", None),
        ("1", None),
        ("2", None),
        ("2a", "2"),
        ("2b", "2"),
        ("3", None),
        ("4", None),
        ("4a", "4"),
        ("4b", "4"),
        ("5", None),
    ]
    assert accord.title == "Accord on the Northern Line"
    assert accord.provision("2a").summary == "The Broker shall verify the cap every 6 months."


def test_obligations_exactly(accord: Document) -> None:
    found = [(p.id, o.on, o.modality, o.quote, o.benefits) for p, o in accord.obligations]
    assert found == [
        ("1", ("north",), "binding", "will", ("south",)),  # mirrored
        ("1", ("south",), "binding", "will", ("north",)),
        ("2", ("south",), "binding", "will", ()),  # one-sided
        ("2a", ("broker",), "binding", "shall", ()),
        ("2b", ("south",), "hedged", "is expected to", ()),
        ("3", ("north",), "conditional", "provided that", ()),
        ("4a", ("broker",), "aspirational", "aims to", ("south",)),
        ("4b", ("north",), "hedged", "should", ()),
        ("5", ("north",), "binding", "guarantees", ("south",)),
    ]
    (_, conditional) = accord.obligations[5]
    assert conditional.condition == "provided that South has met point 2"
    assert conditional.action == "withdraw 15 km from the line"


def test_quantities_in_notes(accord: Document) -> None:
    lines = {p.id: quantity_lines(p.note) for p in accord.provisions}
    assert lines == {
        "preamble": [],
        "1": [],
        "2": ["quantity: 50000 troops", "quantity: 90 days"],
        "2a": ["quantity: 6 months"],
        "2b": [],
        "3": ["quantity: 15 km"],
        "4": [],
        "4a": ["quantity: 2000000000 USD"],
        "4b": ["quantity: 30 %"],
        "5": [],
    }


def test_issues(accord: Document) -> None:
    assert {p.id: sorted(p.issues) for p in accord.provisions if p.issues} == {
        "2": ["troops"],
        "2a": ["troops"],
        "3": ["border"],
        "4": ["aid"],
        "4a": ["aid"],
        "4b": ["aid"],
        "5": ["border"],
    }
    # 4a is close to plan-b's coded point 4, so it takes that point's position (90).
    assert accord.provision("4a").issues == {"aid": 90.0}
    assert accord.provision("2").obligations[0].issue == "troops"


def test_every_summary_and_guess_is_flagged(accord: Document) -> None:
    for prov in accord.provisions:
        assert (prov.note or "").splitlines()[0] == SUMMARY_NOTE
        for issue in prov.issues:
            assert any(line.startswith(f"issue {issue} ") for line in review_lines(prov.note))
    assert all(p.sources == (SOURCE,) for p in accord.provisions)


def test_document_fits_the_case_and_loads_from_its_yaml(accord: Document, tmp_path: Path) -> None:
    case = load_case(DATA / "mini")
    assert reference_problems(case, accord) == []
    folder = tmp_path / "mini"
    shutil.copytree(DATA / "mini", folder)
    (folder / "documents" / "accord.yaml").write_text(document_yaml(accord))
    loaded = load_case(folder).document("accord")
    assert loaded == accord


def test_unknown_drafters_and_date_stay_unknown() -> None:
    case = load_case(DATA / "mini")
    draft = draft_document(
        "1. South will pay.", case, document_id="x", source=SOURCE, revises="plan-b"
    )
    assert draft.missing == ("drafters", "date")
    assert "drafters" not in draft.fields and "date" not in draft.fields
    assert draft.fields["kind"] == "counter-proposal"
    notes = review_lines(draft.note)
    assert "drafters unknown: the text does not say who drafted it" in notes
    assert "date unknown: the text states none" in notes
    with pytest.raises(IngestError, match="drafters or date; give --drafter, --date"):
        draft.document()
    text = document_yaml(draft)
    assert "drafters:" not in text and "\ndate:" not in text


def test_a_date_stated_in_the_preamble_is_read_and_flagged() -> None:
    case = load_case(DATA / "mini")
    text = "Released on 20 November 2025 by the mediators.\n\n1. South will pay."
    draft = draft_document(text, case, document_id="x", source=SOURCE, drafters=["north"])
    assert draft.missing == ()
    assert draft.document().date == dt.date(2025, 11, 20)
    assert "date read from the text" in review_lines(draft.note)


def test_a_text_naming_no_party_of_the_case_is_refused_with_the_names_it_finds() -> None:
    case = load_case(DATA / "mini")
    text = "1. Atlantis will pay Lemuria.\n2. The Atlantis Navy shall leave port."
    with pytest.raises(IngestError, match=r"names no party of case 'mini'.*Atlantis"):
        draft_document(text, case, document_id="x", source=SOURCE)


def test_budgets_refuse_a_text_too_long_or_too_slow() -> None:
    case = load_case(DATA / "mini")
    text = "\n".join(f"{k}. South will pay {k} coins." for k in range(1, 1201))
    seen: list[tuple[int, int]] = []
    budget = ingest.Budget(progress=lambda done, total: seen.append((done, total)))
    draft = draft_document(text, case, document_id="x", source=SOURCE, budget=budget)
    # Numbers above 999 are points of their own, never folded.
    assert [p.id for p in draft.provisions][-2:] == ["1199", "1200"]
    assert seen == [(k, 1200) for k in range(200, 1201, 200)]
    with pytest.raises(IngestError, match="more than the budget of 100 characters"):
        draft_document(
            text, case, document_id="x", source=SOURCE, budget=ingest.Budget(max_chars=100)
        )
    with pytest.raises(IngestError, match=r"stopped after \d+ of 1,200 points"):
        draft_document(text, case, document_id="x", source=SOURCE, budget=ingest.Budget(seconds=0))


def test_unknown_revised_document_is_a_reference_problem() -> None:
    case = load_case(DATA / "mini")
    doc = ingest_text(
        "1. South will pay.",
        case,
        document_id="x",
        source=SOURCE,
        revises="zz",
        drafters=["south"],
        date=dt.date(2025, 1, 1),
    )
    assert [p.message for p in reference_problems(case, doc)] == ["unknown document 'zz'"]


def test_text_without_points_is_refused() -> None:
    with pytest.raises(IngestError, match="no numbered points"):
        draft_document("Just prose.", load_case(DATA / "mini"), document_id="x", source=SOURCE)


def test_public_names_are_sorted_and_exist() -> None:
    # Sorted as ruff sorts __all__: constants, then classes, then functions.
    def key(name: str) -> tuple[bool, bool, str]:
        return (not name.isupper(), not name[0].isupper(), name)

    assert ingest.__all__ == sorted(ingest.__all__, key=key)
    for name in ingest.__all__:
        assert hasattr(ingest, name)
