"""Bueno de Mesquita's expected-utility model, as specified by Scholz, Calbert & Smith (2011).

Source: J. B. Scholz, G. J. Calbert and G. A. Smith (2011), "Unravelling Bueno De Mesquita's
group decision model", *Journal of Theoretical Politics* 23(4): 510–531 (equation numbers
below are theirs), reconstructing B. Bueno de Mesquita (1994), "Political forecasting: an
expected utility method", in Bueno de Mesquita & Stokman (eds.), *European Community
Decision Making*, Yale University Press, ch. 4.

The model works on one issue at a time. On each issue, every active actor (capability ×
salience > 0) holds a position ``x``; with ``R`` the range of the active actors' starting
positions and ``μ`` the weighted median (the position a capability × salience weighted
majority prefers), each round:

1. Probability that ``i`` beats ``j`` (eq. 30): the votes of every actor ``k`` for ``i``
   over ``j`` summed over those who side with ``i``, divided by a denominator (see the
   variants below).
2. Utilities from ``i``'s view with risk exponent ``r_i`` (eqs. 15–24), ``d = |x_i − x_j|/R``:
   success ``2 − 4(½ − ½d)^r``, failure ``2 − 4(½ + ½d)^r``, status quo ``2 − 4·½^r``, things
   getting better / worse without a challenge ``2 − 4(½ ∓ ¼(|x_i − μ|/R + d))^r``.
3. Expected utility of challenging (eq. 25): ``EU_ij = s_j(P_ij U^s + (1 − P_ij) U^f)
   + (1 − s_j) U^s − Q U^sq − (1 − Q)(T U^b + (1 − T) U^w)``.
4. Risk attitude (eqs. 32–33): with risk-neutral utilities, ``i``'s exposure is the sum of the
   others' expected utilities of challenging ``i``; ``R_i = (2·exposure_i − max − min) /
   (max − min)`` over the actors, ``r_i = (1 − R_i/3) / (1 + R_i/3)`` (in ½…2). Steps 2–3
   are then recomputed with these exponents.
5. Offers, judged by the target ``i`` from its own view: with ``a = EU_ij`` (``i`` challenging
   ``j``) and ``b = EU_ji`` (``j`` challenging ``i``, computed with ``r_i``): conflict
   (``b > a > 0``: ``i`` expects to lose and moves to ``x_j``); compromise (``b > 0 > a`` and
   ``b > |a|``: ``i`` moves the fraction ``|a/b|`` of the way to ``x_j``); capitulation
   (``b > 0 > a`` and ``b ≤ |a|``: ``i`` moves to ``x_j``). Each actor accepts the credible
   offer that moves it least; all actors move at once.
6. Stopping rule: stop when no actor moves more than ``tolerance`` scale points in a round,
   or after ``rounds`` rounds. The outcome is the weighted median of the final positions.

Two variants, chosen by ``variant`` (docs/models/bdm.md compares them):

- ``"published-code"`` (default) follows the program Scholz et al. published with the paper,
  as read from its public replication (J. McKibben, ``bdm-scholz-expected-utility-model``),
  because only it reproduces their published ten-round run of the EC emission case. Votes
  are risk-weighted, ``v_k = c_k s_k ((|x_k − x_j|/R)^{r_k} − (|x_k − x_i|/R)^{r_k})``
  (all ``r = 1`` while risk attitudes are computed); the denominator of ``P`` is one sum of
  ``|v_k|`` over every voter and every ordered pair of actors; a target takes the nearest
  conflict it expects to lose, else the compromise with the lowest
  ``(|a| x_i + |b| x_j)/(|a| + |b|)``; the program's capitulation test can never hold, so
  nobody capitulates; ties go to the first actor.
- ``"printed-equations"`` follows the equations as printed: linear votes
  ``v_k = c_k s_k (|x_k − x_j| − |x_k − x_i|) / R``, the denominator of each pair its own
  ``Σ_k |v_k|``, and the credible offer that moves the target least (the lower position on
  ties), capitulation included.

Choices where the sources are silent (also listed in docs/models/bdm.md):

- ``Q`` (probability the status quo holds if ``i`` does not challenge) and ``T`` (probability
  that things improve for ``i`` if they change) default to 1, the values the public
  replications of Scholz et al. use; both are parameters.
- For ``Q < 1`` both variants use the whole of eq. 25 (the replication drops its last term).
- Actors with no capability or no salience on an issue take no part in it: they neither vote,
  challenge, are challenged, nor count in others' risk attitude; their positions stay put.
- The stopping rule replaces Bueno de Mesquita's discount-based rule (its discount rate is not
  published) with a fixed-point test on positions.
- An even split of the vote for the median is resolved by the midpoint rule of
  :mod:`ontable.forecast.median`.

The model is deterministic: ``rng`` is accepted for the common call shape. It is vectorised
over issues and samples (each issue of each sample is one row of the same array calls). With
numba installed (the ``fast`` extra), large batches take the compiled round of
:mod:`.kernels` instead: the same numbers (to rounding, with the same moves) in memory linear
in actors per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

import numpy as np

from ontable.forecast.base import Forecast
from ontable.forecast.bdm import kernels
from ontable.forecast.bdm.params import PUBLISHED_CODE, BdmParams
from ontable.forecast.bdm.utilities import (
    _challenge_matrices,
    _new_positions,
    _new_positions_published,
    _risk_exponents,
)
from ontable.forecast.bdm.votes import (
    _DIRECT_ACTORS,
    _distances,
    _PairGeometry,
    all_pairs_win_probabilities,
    win_probabilities,
)
from ontable.forecast.driver import chunks, finish, join_paths
from ontable.forecast.median import weighted_median
from ontable.model.arrays import CaseArrays, FloatArray

VERSION = "2"

_CHUNK_ELEMENTS = 1_000_000
"""Rows × actors² per array call of the numpy path: bounds memory for large batches (one row
at a time from 1,000 actors on, where a row's pairwise arrays take about 8 MB each)."""

_KERNEL_WORK = 20_000
"""From this many rows × actors² on, the compiled round is used when numba is installed
(below it, numpy is as fast and a small forecast need not import numba)."""

_KERNEL_CHUNK = 1 << 20
"""Rows per call of the compiled round: its memory is ``O(rows × actors)``."""


def use_kernel(rows: int, actors: int) -> bool:
    """Whether :func:`run_rows` takes the compiled round for this many rows and actors."""
    return rows * actors * actors >= _KERNEL_WORK and kernels.available()


def run_rows(
    x0: FloatArray,
    c: FloatArray,
    s: FloatArray,
    params: BdmParams,
    *,
    compiled: bool | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Run the model on independent one-issue rows.

    Parameters
    ----------
    x0
        Starting positions ``(rows, actors)``.
    c
        Capabilities ``(rows, actors)``.
    s
        Saliences in 0–1 ``(rows, actors)``.
    params
        Model parameters.
    compiled
        Use the compiled round (:mod:`.kernels`, needs numba) or the numpy one; by default
        the compiled one when numba is installed and the batch is large enough to gain.

    Returns
    -------
    tuple
        The path ``(rounds_run + 1, rows, actors)``, the outcome ``(rows,)`` and the number
        of rounds each row ran ``(rows,)``.
    """
    rows, n = x0.shape
    published = params.variant == PUBLISHED_CODE
    w = c * s
    active = (w > 0).astype(float)
    act = active > 0
    hi = np.where(act, x0, -np.inf).max(axis=1)
    lo = np.where(act, x0, np.inf).min(axis=1)
    span = np.where(np.isfinite(hi - lo) & (hi - lo > 0), hi - lo, 1.0)
    x = x0.copy()
    path = [x.copy()]
    done = np.zeros(rows, dtype=bool)
    ran = np.zeros(rows, dtype=int)
    if compiled is None:
        compiled = use_kernel(rows, n)
    for _ in range(params.rounds):
        if done.all():
            break
        mu = weighted_median(x[:, :, None], w[:, :, None])[:, 0]
        if compiled:
            live = slice(None) if not done.any() else np.flatnonzero(~done)
            xl = x[live]
            # The sorted order is only read by the printed variant and past a few actors.
            order = (
                np.argsort(xl, axis=1)
                if n > kernels.SMALL or not published
                else np.zeros(xl.shape, dtype=np.intp)
            )
            moved = x.copy()
            moved[live] = kernels.bdm_round(
                xl,
                w[live],
                s[live],
                act[live],
                span[live],
                mu[live],
                order,
                params.Q,
                params.T,
                published,
            )
            step = np.abs(moved - x).max(axis=1) if n else np.zeros(rows)
            ran = ran + (~done).astype(int)
            done = done | (step <= params.tolerance)
            x = moved
            path.append(x.copy())
            continue
        moved = numpy_round(x, w, s, span, mu, params)
        moved = np.where(done[:, None], x, moved)
        step = np.abs(moved - x).max(axis=1) if n else np.zeros(rows)
        ran = ran + (~done).astype(int)
        done = done | (step <= params.tolerance)
        x = moved
        path.append(x.copy())
    outcome = weighted_median(x[:, :, None], w[:, :, None])[:, 0]
    return np.stack(path), outcome, ran


def numpy_round(
    x: FloatArray, w: FloatArray, s: FloatArray, span: FloatArray, mu: FloatArray, params: BdmParams
) -> FloatArray:
    """Positions after one round (steps 1–5 of the module docstring) on the numpy path.

    Rows ``(rows, actors)`` of positions ``x``, vote weights ``w`` (capability × salience)
    and saliences ``s``; ``span`` (the range ``R``) and ``mu`` (the weighted median) per row.
    """
    n = x.shape[1]
    published = params.variant == PUBLISHED_CODE
    active = (w > 0).astype(float)
    act = active > 0
    neutral = np.ones_like(x)
    dist = _distances(x, span)
    geometry = _PairGeometry(x, span, dist) if published and n > _DIRECT_ACTORS else None
    if published:
        p = all_pairs_win_probabilities(x, w, neutral, span, active, geometry)
    else:
        p = win_probabilities(x, w)
    own, _ = _challenge_matrices(x, s, active, span, mu, p, neutral, params, dist)
    r = np.where(act, _risk_exponents(own, active), 1.0)
    if published:
        p = all_pairs_win_probabilities(x, w, r, span, active, geometry)
    del own
    own, seen = _challenge_matrices(x, s, active, span, mu, p, r, params, dist)
    del p, geometry, dist
    choose = _new_positions_published if published else _new_positions
    return np.asarray(np.where(act, choose(x, own, seen), x))


def forecast(
    arrays: CaseArrays,
    *,
    params: Mapping[str, Any] | None = None,
    rng: np.random.Generator,
) -> Forecast:
    """Predict each issue's outcome with Bueno de Mesquita's expected-utility model.

    Parameters
    ----------
    arrays
        The case's positions, saliences and capabilities (a leading sample axis is allowed).
    params
        ``Q``, ``T``, ``rounds``, ``tolerance`` (see :class:`BdmParams`).
    rng
        Unused (the model is deterministic); part of the common call shape.

    Returns
    -------
    Forecast
        Outcome per issue (the weighted median of final positions), final positions, the
        path round by round, and ``extras["rounds_run"]`` per issue (and sample).
    """
    p = BdmParams.from_mapping(params)
    positions = np.asarray(arrays.positions, dtype=float)
    lead = positions.shape[:-2]
    n, m = positions.shape[-2:]
    x0 = np.moveaxis(positions, -1, -2).reshape(-1, n)  # (samples·issues, actors)
    s = np.moveaxis(np.clip(arrays.saliences / 100.0, 0.0, 1.0), -1, -2).reshape(-1, n)
    c = np.broadcast_to(arrays.capabilities[..., None, :], (*lead, m, n)).reshape(-1, n)
    rows = x0.shape[0]
    compiled = use_kernel(rows, n)
    per_call = _KERNEL_CHUNK if compiled else _CHUNK_ELEMENTS // max(1, n * n)
    runs = [run_rows(x0[sl], c[sl], s[sl], p, compiled=compiled) for sl in chunks(rows, per_call)]
    path_rows = join_paths([r[0] for r in runs], time_axis=0, join_axis=1)
    # (rounds, samples·issues, actors) → (..., rounds, actors, issues)
    path = np.moveaxis(path_rows.reshape((path_rows.shape[0], *lead, m, n)), 0, -3)
    path = np.swapaxes(path, -1, -2)
    outcome = np.concatenate([r[1] for r in runs]).reshape((*lead, m))
    rounds_run = np.concatenate([r[2] for r in runs]).reshape((*lead, m))
    return finish(
        arrays,
        model="bdm",
        version=VERSION,
        params=asdict(p),
        outcome=outcome,
        positions=path[..., -1, :, :],
        path=path,
        fallback="median",
        extras={"rounds_run": rounds_run},
    )
