"""Acceptance v2: red lines, the rule for unaddressed issues, drivers, odds and the room."""

from __future__ import annotations

import numpy as np
import pytest

from ontable.analysis import acceptability, acceptance_odds, agreement_zone, document_terms
from ontable.io import load_case
from ontable.model import RedLine
from tests.conftest import DATA

FERRY = load_case(DATA / "ferry")


def _red_line(low: float, high: float) -> RedLine:
    return RedLine(
        party="north",
        issue="autonomy",
        rejects=(low, high),
        statement="invented",
        sources=("https://example.org/x",),
    )


def test_a_red_line_overrides_a_positive_margin() -> None:
    # the package sets autonomy at 60; a red line over 50–100 makes North refuse whatever
    case = FERRY.model_copy(update={"red_lines": (_red_line(50, 100),)})
    result = acceptability(case, ["package"])
    j = result.party_ids.index("north")
    assert result.margins[0, j] > 0
    assert result.red_lines_crossed("package", "north") == ("autonomy",)
    assert result.verdict("package", "north") == "vetoes"
    assert result.drivers("package", "north")[0].red_line
    ignored = acceptability(case, ["package"], red_lines="ignore")
    assert ignored.verdict("package", "north") == "accepts"
    assert ignored.red_lines_crossed("package", "north") == ("autonomy",)


def test_unaddressed_issues_follow_a_stated_rule() -> None:
    # the declaration sets only the amnesty; it endorses the package, which sets the rest
    positions, carried = document_terms(FERRY, "declaration")
    assert positions == {"amnesty": 70.0, "autonomy": 60.0, "border": 100.0}
    assert carried == {"autonomy": "package", "border": "package"}
    result = acceptability(FERRY, ["declaration"], unaddressed="not-counted")
    assert result.carried[0] == {"autonomy": "package", "border": "package"}
    alone = FERRY.model_copy(
        update={
            "documents": tuple(
                d.model_copy(update={"endorses": ()}) if d.id == "declaration" else d
                for d in FERRY.documents
            )
        }
    )
    assert document_terms(alone, "declaration", "not-counted")[0] == {"amnesty": 70.0}
    sq, how = document_terms(alone, "declaration", "status-quo")
    assert sq == {"amnesty": 70.0, "border": 0.0, "autonomy": 0.0}
    assert how["border"] == "status quo"
    with pytest.raises(ValueError, match="unaddressed"):
        acceptability(FERRY, unaddressed="guess")  # type: ignore[arg-type]


def test_drivers_are_loss_shares() -> None:
    result = acceptability(FERRY, ["package"])
    drivers = result.drivers("package", "south")
    assert sum(d.loss_share for d in drivers) == pytest.approx(1.0)
    assert [d.loss_share for d in drivers] == sorted((d.loss_share for d in drivers), reverse=True)


def test_odds_are_reproducible_and_bounded() -> None:
    a = acceptance_odds(FERRY, np.random.default_rng(7), samples=400)
    b = acceptance_odds(FERRY, np.random.default_rng(7), samples=400)
    assert np.array_equal(a.probability, b.probability, equal_nan=True)
    finite = a.probability[~np.isnan(a.probability)]
    assert ((finite >= 0) & (finite <= 1)).all()
    # every counted party must accept: the joint share is at most each party's share
    for i in range(len(a.document_ids)):
        for p in a.counted:
            assert a.all_required[i] <= a.probability[i, a.party_ids.index(p)] + 1e-12
    assert a.to_dict()["documents"][0]["parties"][0]["verdict"] in (
        "accepts",
        "vetoes",
        "rejects",
        "no BATNA",
    )


def test_odds_follow_the_batna_range() -> None:
    # raising South's BATNA range can only lower its probability of accepting
    low = acceptance_odds(FERRY, np.random.default_rng(1), ["package"], samples=300)
    parties = tuple(
        p.model_copy(update={"batna": 0.9, "batna_range": (0.85, 0.95)}) if p.id == "south" else p
        for p in FERRY.parties
    )
    high = acceptance_odds(
        FERRY.model_copy(update={"parties": parties}),
        np.random.default_rng(1),
        ["package"],
        samples=300,
    )
    assert high.p("package", "south") <= low.p("package", "south")


def test_agreement_zone_cuts_red_lines_and_measures_the_region() -> None:
    zone = agreement_zone(FERRY, "package", np.random.default_rng(3), samples=5000)
    autonomy = zone.issue("autonomy")
    assert autonomy.draft == 60.0
    assert all(hi < 70 for _, hi in autonomy.intervals)  # North's red line 70–100 is cut out
    assert "north" in autonomy.limited_by
    assert 0.0 < zone.feasible_share < 1.0
    stricter = FERRY.model_copy(update={"red_lines": (_red_line(0, 100),)})
    none = agreement_zone(stricter, "package", np.random.default_rng(3), samples=5000)
    assert none.issue("autonomy").empty and none.feasible_share == 0.0
    assert zone.to_frame().loc[1, "issue"] == "autonomy"


def test_lean_and_proximity_state_their_rule() -> None:
    import math

    from ontable.analysis import lean, proximity

    # the declaration sets the amnesty and takes the package's other terms by endorsing it
    with_terms = lean(FERRY, "declaration", "north", "south")
    assert {t.issue for t in with_terms.terms} == {"amnesty", "autonomy", "border"}
    alone = FERRY.model_copy(
        update={
            "documents": tuple(
                d.model_copy(update={"endorses": ()}) if d.id == "declaration" else d
                for d in FERRY.documents
            )
        }
    )
    assert {t.issue for t in lean(alone, "declaration", "north", "south").terms} == {"amnesty"}
    sq = lean(alone, "declaration", "north", "south", unaddressed="status-quo")
    assert {t.issue for t in sq.terms} == {"amnesty", "autonomy", "border"}
    p = proximity(alone, ["declaration"])
    assert not math.isnan(p.distances[0, 0])
