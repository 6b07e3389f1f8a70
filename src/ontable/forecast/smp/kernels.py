"""Compiled steps of the spatial model (:mod:`ontable.forecast.smp`), used when numba is
installed and the case is large enough.

Two steps carry most of a turn's work past a few dozen actors: the contest step
(:func:`.turn._all_contests`, ``actors³`` numbers per turn: every initiator's estimate of
every contest with every third party) and the coalitions of each vote over positions or
bargains (:func:`.elements._coalitions`, ``actors × options²``). The numpy functions build
these as arrays; the compiled ones take one contest (or one voter) at a time and keep only a
few rows of ``actors`` numbers. They give the same numbers bit for bit: each number is
computed by the same operations in the same order, and the sums follow numpy's order too —
the third parties' votes in a contest are added by numpy's pairwise summation (which
``ndarray.sum`` uses along a row, reproduced by :func:`._compiled.pairwise_sum`), a
coalition's votes voter by voter.

The voting rules with a power (``cubic`` and ``proportional-cubic``) keep the numpy path:
numpy may take ``du**3`` with its own vector routine, whose last bit differs from the C
library's ``pow`` (and from ``du·du·du``) for a few per cent of numbers, and ties between
options are broken on such differences.

The kernels are compiled on first use (cached on disk); :func:`use_kernels` says whether a
case of a given size takes them. Set ``ONTABLE_NO_NUMBA=1`` to force the numpy path.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ontable.forecast.compiled import kernels_switched_off
from ontable.forecast.smp.params import THIRD_PARTY_COMMITS, VOTING_RULES
from ontable.model.arrays import FloatArray

RULES = ("binary", "proportional-binary", "proportional", "asymmetric-prospect")
"""The voting rules the kernels compute (the others keep the numpy path)."""

_MIN_WORK = 20_000
"""Samples × actors³ (the contest step's numbers per turn) from which a case takes the
kernels: below it a turn takes a few milliseconds in numpy, and a small forecast need not
import numba."""


def use_kernels(rule: str | None, samples: int, actors: int) -> bool:
    """Whether a step of ``samples × actors`` under voting rule ``rule`` (None: a step
    without votes) takes the kernels."""
    if rule not in (None, *RULES) or samples * actors**3 < _MIN_WORK or kernels_switched_off():
        return False
    return _steps() is not None


@functools.cache
def _steps() -> tuple[Any, Any, Any] | None:
    """The contest, coalition and representatives kernels, or None without numba."""
    try:
        from ontable.forecast.smp._compiled import (
            coalitions_kernel,
            contests_kernel,
            representatives_kernel,
        )
    except ImportError:
        return None
    return contests_kernel, coalitions_kernel, representatives_kernel


def _loaded() -> tuple[Any, Any, Any]:
    steps = _steps()
    if steps is None:
        raise RuntimeError("the compiled SMP steps need numba (pip install ontable[fast])")
    return steps


def contests(
    distance: FloatArray,
    seen_risk: FloatArray,
    clout: FloatArray,
    attention: FloatArray,
    active: np.ndarray[Any, np.dtype[np.bool_]],
    rule: str,
    commit: str,
) -> tuple[FloatArray, FloatArray]:
    """:func:`.turn._all_contests` by the kernel: ``h = i``'s estimate that ``i`` beats ``j``
    and of ``i``'s expected gain, ``(S, A, A)`` each. ``distance`` and ``seen_risk`` are
    ``(S, A, A)``, the others ``(S, A)``."""
    kernel = _loaded()[0]
    s, n = clout.shape
    p_ij = np.empty((s, n, n))
    gain = np.empty((s, n, n))
    kernel(
        np.ascontiguousarray(np.swapaxes(distance, -1, -2), dtype=np.float64),
        np.ascontiguousarray(seen_risk, dtype=np.float64),
        np.ascontiguousarray(clout, dtype=np.float64),
        np.ascontiguousarray(attention, dtype=np.float64),
        np.ascontiguousarray(active, dtype=np.bool_),
        VOTING_RULES.index(rule),
        THIRD_PARTY_COMMITS.index(commit),
        p_ij,
        gain,
    )
    return p_ij, gain


def coalitions(rule: str, utilities: FloatArray, weights: FloatArray) -> FloatArray:
    """:func:`.elements._coalitions` by the kernel: ``utilities`` ``(S, voters, options)``,
    ``weights`` ``(S, voters)`` → ``(S, options, options)``."""
    kernel = _loaded()[1]
    s, _, m = utilities.shape
    out = np.empty((s, m, m))
    kernel(
        np.ascontiguousarray(utilities, dtype=np.float64),
        np.ascontiguousarray(weights, dtype=np.float64),
        VOTING_RULES.index(rule),
        out,
    )
    return out


def representatives(
    same: np.ndarray[Any, np.dtype[np.bool_]], active: np.ndarray[Any, np.dtype[np.bool_]]
) -> np.ndarray[Any, np.dtype[np.intp]]:
    """The actor that stands for each actor's option in :func:`.state._win_chances`:
    ``same`` ``(S, A, A)`` marks the pairs holding the same option, ``active`` ``(S, A)``."""
    kernel = _loaded()[2]
    out = np.empty(active.shape, dtype=np.intp)
    kernel(np.ascontiguousarray(same, dtype=np.bool_), np.ascontiguousarray(active), out)
    return out
