"""The tail every forecast model shares: batches, chunks, paths and the Forecast it returns.

A model's own code turns positions, saliences and capabilities into final positions, a path
and an outcome. What is left is the same for every model and lives here:

- :func:`as_batch` gives the inputs a leading sample axis (a single case is a batch of one)
  and :func:`unbatch` takes it off again;
- :func:`chunks` cuts a batch into pieces that keep memory bounded;
- :func:`join_paths` joins the pieces' paths, holding a piece that stopped early at its last
  state so that every path has the same length;
- :func:`finish` builds the :class:`~ontable.forecast.base.Forecast`, and applies the one
  rule on missing stances: where no party with a stance has weight on an issue, the outcome
  is the model's fallback (the plain mean or median) over the stated positions only, so a
  stand-in position never reaches an outcome.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

import numpy as np

from ontable.forecast.base import Forecast
from ontable.model.arrays import BoolArray, CaseArrays, FloatArray

Fallback = Literal["mean", "median"]
"""What a model returns on an issue where no one has weight: the plain mean or median."""


def as_batch(arrays: CaseArrays) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Positions ``(B, A, I)``, saliences ``(B, A, I)`` and capabilities ``(B, A)`` as floats,
    with a leading axis of one for an unbatched case."""
    x = np.asarray(arrays.positions, dtype=float)
    s = np.asarray(arrays.saliences, dtype=float)
    c = np.asarray(arrays.capabilities, dtype=float)
    if not arrays.batched:
        return x[None], s[None], c[None]
    return x, s, c


def unbatch(value: FloatArray, batched: bool) -> FloatArray:
    """``value`` itself for a batch, its only sample otherwise."""
    return value if batched else value[0]


def chunks(size: int, per_chunk: int) -> Iterator[slice]:
    """Slices of ``range(size)`` of at most ``per_chunk`` (at least one) items each."""
    step = max(1, per_chunk)
    for start in range(0, size, step):
        yield slice(start, start + step)


def join_paths(paths: Sequence[FloatArray], *, time_axis: int, join_axis: int) -> FloatArray:
    """Concatenate pieces' paths along ``join_axis``, each first held at its last state along
    ``time_axis`` up to the longest piece's length."""
    depth = max(p.shape[time_axis] for p in paths)
    held = []
    for p in paths:
        extra = depth - p.shape[time_axis]
        if extra > 0:
            last = np.take(p, [-1], axis=time_axis)
            p = np.concatenate([p, np.repeat(last, extra, axis=time_axis)], axis=time_axis)
        held.append(p)
    return np.concatenate(held, axis=join_axis)


def finish(
    arrays: CaseArrays,
    *,
    model: str,
    version: str,
    params: Mapping[str, Any],
    outcome: FloatArray,
    positions: FloatArray,
    path: FloatArray,
    fallback: Fallback,
    extras: dict[str, Any] | None = None,
) -> Forecast:
    """The Forecast of a model's run, with stand-in positions kept out of the outcome.

    ``outcome``, ``positions`` and ``path`` are shaped as the inputs (a leading sample axis
    when ``arrays`` is batched).
    """
    return Forecast(
        model=model,
        version=version,
        params=dict(params),
        party_ids=arrays.party_ids,
        issue_ids=arrays.issue_ids,
        outcome=_stated_fallback(arrays, np.asarray(outcome, dtype=float), fallback),
        positions=positions,
        path=path,
        extras=extras or {},
    )


def _stated_fallback(arrays: CaseArrays, outcome: FloatArray, fallback: Fallback) -> FloatArray:
    """Replace the outcome on issues with a stand-in and no weight by the stated fallback."""
    if arrays.stated is None or bool(arrays.stated.all()):
        return outcome
    stated: BoolArray = arrays.stated
    weight = (arrays.capabilities[..., :, None] * arrays.saliences * stated).sum(axis=-2)
    gap = (~stated).any(axis=-2) & stated.any(axis=-2) & (weight <= 0)
    if not gap.any():
        return outcome
    x = np.where(stated, arrays.positions, np.nan)
    plain = np.nanmean(x, axis=-2) if fallback == "mean" else np.nanmedian(x, axis=-2)
    return np.asarray(np.where(gap, plain, outcome))
