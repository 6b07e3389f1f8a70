"""The bargaining programmes keep their last answers: the same question is answered once."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from ontable.bargaining import programme
from ontable.bargaining.space import BargainingProblem, PackageSpace


def _problem(batna: float) -> BargainingProblem:
    levels = (0.0, 50.0, 100.0)
    space = PackageSpace(("i0", "i1"), (levels, levels), (("0", "50", "100"),) * 2, (False, True))
    return BargainingProblem(
        space=space,
        party_ids=("a", "b"),
        ideals=np.array([[0.0, 100.0], [100.0, 0.0]]),
        saliences=np.array([[70.0, 30.0], [30.0, 70.0]]),
        capabilities=np.array([1.0, 1.0]),
        batna=np.array([batna, batna]),
        patience=np.array([np.nan, np.nan]),
        status_quo=np.array([np.nan, np.nan]),
    )


def test_the_same_question_is_solved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = programme._optimise

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(programme, "_optimise", counted)
    monkeypatch.setattr(programme, "_memo", type(programme._memo)())
    beta = np.array([0.5, 0.5])
    first = programme.optimise(_problem(0.2), "nash", beta)
    again = programme.optimise(_problem(0.2), "nash", beta.copy())
    assert first is not None and again is not None
    np.testing.assert_array_equal(again.positions, first.positions)
    assert again.lower == first.lower
    again.positions[:] = -1.0  # a caller changing its answer does not change the kept one
    kept = programme.optimise(_problem(0.2), "nash", beta)
    assert kept is not None
    np.testing.assert_array_equal(kept.positions, first.positions)
    assert calls == ["nash"]
    other = programme.optimise(_problem(0.3), "nash", beta)
    assert calls == ["nash", "nash"]
    assert other is not None and other.lower != first.lower
