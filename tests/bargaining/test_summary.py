"""The report-ready bargaining summary."""

from __future__ import annotations

import json

from ontable.bargaining import bargaining_summary
from ontable.io import load_case
from tests.conftest import MINI


def test_mini_summary() -> None:
    case = load_case(MINI)
    summary = bargaining_summary(case, ("north", "south"))
    assert summary.party_ids == ("north", "south")
    assert summary.weights == "patience"  # both have a patience in the case
    # two of the mini case's issues are continuous: no frontier to list, one row per solution
    assert summary.agreement_possible and summary.zopa_size is None
    assert [row["solution"] for row in summary.zopa] == ["nash", "ks", "utilitarian", "egalitarian"]
    assert summary.nash is not None
    u = summary.nash.to_dict()["utilities"]
    assert u["north"] >= 0.4 and u["south"] >= 0.3
    assert all(r.within_reach for r in summary.reach)
    frame = summary.to_frame()
    assert frame.loc[0, "parameter"] == "base"
    # each party's BATNA and patience, down and up
    assert len(frame) == 1 + 2 * 2 * 2
    assert {"border", "troops", "aid", "u_north", "u_south"} <= set(frame.columns)
    json.dumps(summary.to_dict())


def test_a_higher_batna_never_lowers_that_partys_nash_utility() -> None:
    summary = bargaining_summary(load_case(MINI), ("north", "south"), weights="equal")
    base = summary.sensitivity[0].utilities
    for s in summary.sensitivity[1:]:
        if s.parameter == "batna" and s.agreement and s.after is not None and s.before is not None:
            a = summary.party_ids.index(str(s.party))
            if s.after > s.before:
                assert s.utilities[a] >= base[a] - 1e-12


def test_out_of_reach_batna_is_named() -> None:
    case = load_case(MINI)
    south = case.party("south").model_copy(update={"batna": 0.99, "batna_range": None})
    case = case.model_copy(
        update={"parties": tuple(south if p.id == "south" else p for p in case.parties)}
    )
    summary = bargaining_summary(case, ("north", "south"))
    assert not summary.agreement_possible and summary.nash is None
    # continuous issues let south reach its ideal (1.0) alone, but not 0.99 while north gets
    # its BATNA; and while south gets 0.99, north falls short of its own
    assert summary.out_of_reach == ("north", "south")
    assert "south" in summary.explanation
    north_reach, south_reach = summary.reach
    assert south_reach.best_alone == 1.0
    assert south_reach.best is not None and south_reach.best < 0.99
    assert south_reach.shortfall is not None and south_reach.shortfall > 0
    assert north_reach.best is not None and north_reach.best < north_reach.batna


def test_builtin_case() -> None:
    case = load_case("ukraine-2025")
    summary = bargaining_summary(case)
    # every party with a say bargains, over every issue
    assert summary.party_ids == tuple(p.id for p in case.parties if p.capability > 0)
    assert summary.issue_ids == case.issue_ids
    if summary.agreement_possible:
        assert summary.nash is not None
    else:
        assert summary.explanation.startswith("No package")
    json.dumps(summary.to_dict())
