"""Party utility of an outcome: the one utility form shared by analysis and bargaining.

A party's utility of a package ``x`` (one position per issue, 0–100) is

.. math::

    u_a(x) = 1 - \\sum_i w_{ai}\\, \\ell\\left(\\frac{|x_i - p_{ai}|}{100}\\right),
    \\qquad w_{ai} = \\frac{s_{ai}}{\\sum_j s_{aj}}

where ``p`` is the party's ideal point, ``s`` its salience and ``ℓ(d) = d`` (``linear``) or
``ℓ(d) = d²`` (``quadratic``). Utility is 1 at the ideal point and 0 at the farthest possible
package, so it sits on the same 0–1 scale as a BATNA.

A package may leave issues open (NaN): those issues are dropped and each actor's weights are
renormalised over the issues the package sets. :func:`document_package` builds a document's
package, filling issues it leaves open with the issue's status quo where the case gives one. This is the additive, salience-weighted
spatial utility common to the collective-decision literature (e.g. Stokman & Van Oosten 1994;
Thomson et al. 2006, *The European Union Decides*, ch. 2); the quadratic form is risk-averse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

LossForm = Literal["linear", "quadratic"]
LOSS_FORMS: tuple[LossForm, ...] = ("linear", "quadratic")


def salience_weights(saliences: ArrayLike) -> NDArray[np.float64]:
    """Saliences ``(..., actors, issues)`` → weights summing to 1 per actor (0 where all are 0)."""
    s = np.asarray(saliences, dtype=float)
    total = s.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(total > 0, s / np.where(total > 0, total, 1.0), 0.0)
    return w


def issue_loss(distance: ArrayLike, form: LossForm = "linear") -> NDArray[np.float64]:
    """Loss of a distance on the 0–100 scale: ``d/100`` or ``(d/100)²``."""
    d = np.abs(np.asarray(distance, dtype=float)) / 100.0
    if form == "linear":
        return d
    if form == "quadratic":
        return d * d
    raise ValueError(f"unknown loss form {form!r} (expected one of {LOSS_FORMS})")


def utilities(
    packages: ArrayLike,
    ideals: ArrayLike,
    saliences: ArrayLike,
    form: LossForm = "linear",
) -> NDArray[np.float64]:
    """Each actor's utility of each package.

    Parameters
    ----------
    packages
        Positions ``(..., issues)``: one package, or any number along leading axes.
    ideals, saliences
        ``(actors, issues)``: each actor's ideal point and salience per issue (leading sample
        axes broadcast against the packages' leading axes).
    form
        ``"linear"`` or ``"quadratic"`` loss in distance.

    Returns
    -------
    numpy.ndarray
        Utilities ``(..., actors)`` in 0–1.
    """
    x = np.asarray(packages, dtype=float)
    p = np.asarray(ideals, dtype=float)
    s = np.asarray(saliences, dtype=float)
    if not np.isnan(x).any():
        loss = issue_loss(x[..., None, :] - p, form)  # (..., actors, issues)
        return np.asarray(1.0 - np.einsum("...ai,...ai->...a", loss, salience_weights(s)))
    open_ = np.isnan(x)[..., None, :]  # (..., 1, issues)
    w = salience_weights(np.where(open_, 0.0, s))  # renormalised over the issues set
    loss = issue_loss(np.where(open_, p, x[..., None, :]) - p, form)
    return np.asarray(1.0 - (loss * w).sum(axis=-1))


def document_package(
    positions: Mapping[str, float],
    issue_ids: Sequence[str],
    status_quo: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """A document's package over ``issue_ids``: the positions it sets, else the status quo.

    Parameters
    ----------
    positions
        Issue id → position the document sets (``Document.positions``).
    issue_ids
        The issues of the package, in array order.
    status_quo
        Per issue, the position if nothing is agreed (NaN where unknown); None for none.

    Returns
    -------
    numpy.ndarray
        ``(issues,)`` with NaN for issues that are neither set nor have a status quo.
    """
    sq = (
        np.full(len(issue_ids), np.nan)
        if status_quo is None
        else np.asarray(status_quo, dtype=float).copy()
    )
    for i, issue in enumerate(issue_ids):
        if issue in positions:
            sq[i] = positions[issue]
    return sq
