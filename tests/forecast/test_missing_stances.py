"""A party with no stance on an issue carries no weight in any model (Hypothesis).

Cases are built as a user would write them (parties, issues, stances with gaps and zero
saliences) and go through the one Case → arrays adapter, so the property covers the adapter's
stand-in for a missing stance as well as every registered model.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontable.forecast.registry import available_models, get_model
from ontable.model import Case, Issue, Party, Stance
from ontable.model.arrays import case_arrays

MODELS = available_models()
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
URL = ("https://example.org/source",)


@st.composite
def gappy_cases(draw: st.DrawFn) -> Case:
    """2–5 parties, 1–3 issues; each issue has at least one stance, others may be missing;
    saliences may be zero (even every salience on an issue)."""
    n = draw(st.integers(2, 5))
    m = draw(st.integers(1, 3))
    grid = st.integers(0, 200).map(lambda v: v / 2.0)
    parties = tuple(
        Party(id=f"p{a}", name=f"P{a}", capability=draw(st.integers(1, 100))) for a in range(n)
    )
    issues = tuple(Issue(id=f"i{i}", name=f"I{i}", low="none", high="all") for i in range(m))
    stances = []
    for i in range(m):
        has = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        has[draw(st.integers(0, n - 1))] = True
        for a in range(n):
            if has[a]:
                stances.append(
                    Stance(
                        party=f"p{a}",
                        issue=f"i{i}",
                        position=draw(grid),
                        salience=draw(st.sampled_from([0, 0, 10, 50, 100])),
                        rationale="generated",
                        sources=URL,
                    )
                )
    return Case(
        id="gappy", title="generated", parties=parties, issues=issues, stances=tuple(stances)
    )


@pytest.mark.parametrize("name", MODELS)
@SETTINGS
@given(case=gappy_cases())
def test_outcome_within_the_stated_positions(name: str, case: Case) -> None:
    arrays = case_arrays(case)
    outcome = get_model(name)(arrays, rng=np.random.default_rng(0)).outcome
    for j, issue in enumerate(case.issue_ids):
        stated = [s.position for s in case.stances if s.issue == issue]
        assert min(stated) - 1e-6 <= outcome[j] <= max(stated) + 1e-6, (issue, stated)


@pytest.mark.parametrize("name", MODELS)
@SETTINGS
@given(case=gappy_cases(), shift=st.floats(-40, 40))
def test_the_stand_in_position_never_reaches_the_outcome(
    name: str, case: Case, shift: float
) -> None:
    arrays = case_arrays(case)
    assert arrays.stated is not None
    moved = np.where(arrays.stated, arrays.positions, np.clip(arrays.positions + shift, 0, 100))
    other = type(arrays)(
        arrays.party_ids,
        arrays.issue_ids,
        moved,
        arrays.saliences,
        arrays.capabilities,
        arrays.batna,
        arrays.patience,
        arrays.status_quo,
        arrays.stated,
    )
    model = get_model(name)
    a = model(arrays, rng=np.random.default_rng(0)).outcome
    b = model(other, rng=np.random.default_rng(0)).outcome
    assert np.allclose(a, b, atol=1e-6)
