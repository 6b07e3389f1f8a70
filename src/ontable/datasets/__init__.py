"""Datasets shipped with ontable, for testing the forecast models against real outcomes.

``deu3``
    DEU III, Decision-making in the European Union (Arregui & Perarnaud 2021,
    doi:10.34810/data53, CC BY 4.0): controversial issues of EU legislative proposals with the
    positions and saliences of the Commission, the Parliament and the member states, the
    reference point and the outcome. See ``README.md`` beside this module for the copy used
    and the changes made.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ontable.datasets.deu import ACTORS, DecisionDataset, read_deu

if TYPE_CHECKING:
    from ontable.backtest.engine import BacktestResult

DATASETS: dict[str, str] = {"deu3": "deu3.tsv"}
"""Built-in dataset name → file beside this module."""

__all__ = [
    "ACTORS",
    "BACKTESTS",
    "DATASETS",
    "DecisionDataset",
    "dataset_file",
    "load_dataset",
    "read_deu",
    "shipped_backtest",
]


def dataset_file(name: str) -> Path:
    """The path of a built-in dataset's file (``KeyError`` for an unknown name)."""
    if name not in DATASETS:
        raise KeyError(f"unknown dataset {name!r} (expected one of: {', '.join(DATASETS)})")
    return Path(str(resources.files(__package__).joinpath(DATASETS[name])))


def load_dataset(name_or_path: str | Path) -> DecisionDataset:
    """A built-in dataset by name, or a DEU-layout file by path.

    Raises
    ------
    CaseError
        If the file cannot be read or holds bad values (with file, line and column).
    """
    if isinstance(name_or_path, str) and name_or_path in DATASETS:
        return read_deu(dataset_file(name_or_path), name=name_or_path)
    return read_deu(Path(name_or_path))


BACKTESTS: dict[tuple[str, str], str] = {
    ("deu3", "votes"): "deu3-backtest.json",
    ("deu3", "equal"): "deu3-backtest-equal.json",
}
"""(Built-in dataset, capability rule) → the backtest results shipped beside it, made by
``ontable backtest`` (docs/backtest.md gives the command)."""


@lru_cache(maxsize=8)
def shipped_backtest(name: str = "deu3", capabilities: str = "votes") -> BacktestResult:
    """The backtest results shipped with ontable for a built-in dataset and capability rule
    (read once, then shared: do not change it)."""
    import json

    from ontable.backtest.engine import BacktestResult

    key = (name, capabilities)
    if key not in BACKTESTS:
        have = ", ".join(f"{n} ({c})" for n, c in BACKTESTS)
        raise KeyError(f"no shipped backtest for {name!r} with {capabilities!r} (have: {have})")
    text = resources.files(__package__).joinpath(BACKTESTS[key]).read_text(encoding="utf-8")
    return BacktestResult.from_dict(json.loads(text))
