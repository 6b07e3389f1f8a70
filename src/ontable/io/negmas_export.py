"""Export a bargaining problem as a NegMAS scenario (issues, utility functions, reserved values).

NegMAS (Mohammad 2021, https://github.com/yasserfarouk/negmas) is an optional dependency:
``pip install 'ontable[negmas]'``. It is imported only when an export is asked for.

Each issue becomes a discrete NegMAS issue whose values are its level labels; each party a
``LinearAdditiveUtilityFunction`` with, per issue, a table from label to value in 0–1 and the
party's salience weight, and its BATNA as the reserved value. The NegMAS utility of a package
equals ontable's (:mod:`ontable.utility`) up to rounding.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

NEGMAS_HINT = (
    "exporting to NegMAS needs the optional 'negmas' package: pip install 'ontable[negmas]'"
)


def _negmas() -> Any:
    try:
        import negmas
    except ImportError as exc:  # pragma: no cover - exercised by monkeypatching sys.modules
        raise ImportError(NEGMAS_HINT) from exc
    return negmas


def negmas_scenario(
    *,
    name: str,
    issue_ids: Sequence[str],
    labels: Sequence[Sequence[str]],
    party_ids: Sequence[str],
    values: Sequence[Sequence[Sequence[float]]],
    weights: Sequence[Sequence[float]],
    reserved: Sequence[float],
) -> Any:
    """A ``negmas.Scenario`` from per-issue value tables.

    Parameters
    ----------
    name
        The scenario's name.
    issue_ids, labels
        Issues and, per issue, the names of its levels (the NegMAS issue's values).
    party_ids
        Parties (one utility function each, named after the party).
    values
        ``values[a][i][k]``: party ``a``'s value (0–1) of level ``k`` of issue ``i``.
    weights
        ``weights[a][i]``: party ``a``'s weight on issue ``i`` (summing to 1, or all 0).
    reserved
        Each party's reserved value (its BATNA).

    Raises
    ------
    ImportError
        When NegMAS is not installed (the message says how to install it).
    """
    negmas = _negmas()
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    issues = [
        negmas.make_issue([str(v) for v in lab], name=issue)
        for issue, lab in zip(issue_ids, labels, strict=True)
    ]
    space = negmas.make_os(issues, name=name)
    ufuns = []
    for a, party in enumerate(party_ids):
        tables = [
            TableFun({str(lab): float(v) for lab, v in zip(labels[i], values[a][i], strict=True)})
            for i in range(len(issue_ids))
        ]
        w = [float(x) for x in weights[a]]
        ufuns.append(
            LinearAdditiveUtilityFunction(
                tables,
                weights=w,
                bias=1.0 - sum(w) if sum(w) == 0 else 0.0,
                outcome_space=space,
                reserved_value=float(reserved[a]),
                name=party,
            )
        )
    return negmas.Scenario(outcome_space=space, ufuns=tuple(ufuns), name=name)


def write_negmas_scenario(scenario: Any, folder: str | Path) -> Path:
    """Write a NegMAS scenario to ``folder`` in NegMAS's own YAML layout; returns the folder."""
    _negmas()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    scenario.dumpas(out, type="yml", save_stats=False, save_info=False)
    return out
