"""The zone of possible agreement per issue: the counted parties, each party's own interval,
and the bounds of the projected zone (linear programs with HiGHS for linear loss, SLSQP for
quadratic loss), overall or around a document. The rules are in the docstring of
:mod:`ontable.analysis.zopa`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog, minimize

from ontable.analysis._common import resolve_document
from ontable.analysis.acceptability import check_form
from ontable.analysis.zopa.results import IssueZopa, PartyBound, Zopa
from ontable.model import Case, Document
from ontable.model.arrays import CaseArrays, case_arrays
from ontable.utility import LossForm, document_package, issue_loss, salience_weights

_DIGITS = 6


def zopa(case: Case, *, form: LossForm = "linear", around: Document | str | None = None) -> Zopa:
    """Per issue, the positions that some package every required party prefers to no deal takes.

    Parameters
    ----------
    case
        The case: stances give ideal points and saliences, parties their BATNAs and whether
        their consent is required.
    form
        ``"linear"`` or ``"quadratic"`` loss, as in :func:`ontable.utility.utilities`.
    around
        A document (or its id): hold every other issue at its positions (see the module
        docs). None: the zone over all packages.

    Returns
    -------
    Zopa
        Each issue's zone (or empty), each counted party's own interval per issue, the
        parties counted and the required parties left out for want of a BATNA. The method is
        described in :mod:`ontable.analysis.zopa`.
    """
    check_form(form)
    arrays = case_arrays(case)
    rows, counted, without, ideals, weights, spare = _counted(case, arrays)
    if around is not None:
        doc = resolve_document(case, around)
        package = document_package(doc.positions, arrays.issue_ids, arrays.status_quo)
        return _zopa_around(
            doc.id, package, arrays.issue_ids, form, counted, without, ideals, weights, spare
        )
    if form == "linear":
        span = _linear_zone(ideals, weights, spare)
    else:
        span = _quadratic_zone(ideals, weights, spare)
    zones = []
    for i, issue in enumerate(arrays.issue_ids):
        bounds = tuple(
            _own_interval(arrays.party_ids[j], ideals[k, i], weights[k, i], spare[k], form)
            for k, j in enumerate(rows)
            if weights[k, i] > 0
        )
        if span is None:
            zones.append(IssueZopa(issue, None, None, bounds))
        else:
            low, high = span[i]
            zones.append(IssueZopa(issue, round(low, _DIGITS), round(high, _DIGITS), bounds))
    return Zopa(form, tuple(zones), counted, without)


Counted = tuple[
    list[int],
    tuple[str, ...],
    tuple[str, ...],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
]


def _counted(case: Case, arrays: CaseArrays) -> Counted:
    """The parties a zone counts (required, with a BATNA): their rows in ``arrays``, ids,
    the required parties left out for want of a BATNA, and the counted parties' ideal
    points, salience weights and spare utility ``1 − β``."""
    rows = [
        j
        for j, p in enumerate(arrays.party_ids)
        if case.party(p).required and not np.isnan(arrays.batna[j])
    ]
    counted = tuple(arrays.party_ids[j] for j in rows)
    without = tuple(p.id for p in case.parties if p.required and p.batna is None)
    ideals = arrays.positions[rows]
    weights = salience_weights(arrays.saliences)[rows]
    spare = 1.0 - arrays.batna[rows]
    return rows, counted, without, ideals, weights, spare


def _zopa_around(
    document_id: str,
    package: NDArray[np.float64],
    issue_ids: tuple[str, ...],
    form: LossForm,
    counted: tuple[str, ...],
    without: tuple[str, ...],
    ideals: NDArray[np.float64],
    weights: NDArray[np.float64],
    spare: NDArray[np.float64],
) -> Zopa:
    """Each issue's zone with the other issues held at ``package`` (NaN issues left out)."""
    is_set = ~np.isnan(package)
    # Renormalise each party's weights over the issues the package sets (as acceptability does).
    w = np.where(is_set, weights, 0.0)
    totals = w.sum(axis=1, keepdims=True)
    w = np.divide(w, totals, out=np.zeros_like(w), where=totals > 0)
    loss = issue_loss(np.where(is_set, package, ideals) - ideals, form) * w
    zones = []
    for i, issue in enumerate(issue_ids):
        if not is_set[i]:
            zones.append(IssueZopa(issue, None, None, ()))
            continue
        low, high = 0.0, 100.0
        bounds = []
        for k, party in enumerate(counted):
            left = spare[k] - (loss[k].sum() - loss[k, i])
            if w[k, i] <= 0:
                if left < 0:
                    low, high = 1.0, 0.0
                continue
            if left < 0:  # this party rejects the draft whatever happens on issue i
                low, high = 1.0, 0.0
                continue
            bound = _own_interval(party, ideals[k, i], w[k, i], left, form)
            bounds.append(bound)
            low, high = max(low, bound.low), min(high, bound.high)
        if low > high:
            zones.append(IssueZopa(issue, None, None, tuple(bounds)))
        else:
            zones.append(
                IssueZopa(
                    issue, round(float(low), _DIGITS), round(float(high), _DIGITS), tuple(bounds)
                )
            )
    return Zopa(form, tuple(zones), counted, without, around=document_id)


def _own_interval(
    party: str, ideal: float, weight: float, spare: float, form: LossForm
) -> PartyBound:
    ratio = spare / weight
    reach = 100.0 * (ratio if form == "linear" else float(np.sqrt(ratio)))
    low, high = max(0.0, ideal - reach), min(100.0, ideal + reach)
    return PartyBound(party, round(low, _DIGITS), round(high, _DIGITS))


Span = list[tuple[float, float]]


def _linear_zone(
    ideals: NDArray[np.float64], weights: NDArray[np.float64], spare: NDArray[np.float64]
) -> Span | None:
    """Per issue ``[min, max]`` of ``x_i`` over ``Z`` (linear loss), or None when ``Z`` is empty.

    Variables: ``x`` (m issues), then ``d`` (n parties × m issues) with ``d ≥ |x − p|``.
    """
    n, m = ideals.shape
    size = m + n * m
    a_ub = np.zeros((2 * n * m + n, size))
    b_ub = np.zeros(2 * n * m + n)
    row = 0
    for k in range(n):
        for i in range(m):
            d = m + k * m + i
            a_ub[row, i], a_ub[row, d], b_ub[row] = 1.0, -1.0, ideals[k, i]
            a_ub[row + 1, i], a_ub[row + 1, d], b_ub[row + 1] = -1.0, -1.0, -ideals[k, i]
            row += 2
    for k in range(n):
        a_ub[row, m + k * m : m + (k + 1) * m] = weights[k]
        b_ub[row] = 100.0 * spare[k]
        row += 1
    bounds = [(0.0, 100.0)] * size
    out: Span = []
    for i in range(m):
        ends = []
        for sign in (1.0, -1.0):
            c = np.zeros(size)
            c[i] = sign
            res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
            if res.status == 2:  # infeasible: no package is acceptable to all
                return None
            if res.status != 0:
                raise RuntimeError(f"linear program failed: {res.message}")
            ends.append(float(res.x[i]))
        out.append((ends[0], ends[1]))
    return out


def _quadratic_zone(
    ideals: NDArray[np.float64], weights: NDArray[np.float64], spare: NDArray[np.float64]
) -> Span | None:
    """Per issue ``[min, max]`` of ``x_i`` over ``Z`` (quadratic loss), or None when empty."""
    n, m = ideals.shape
    if n == 0:
        return [(0.0, 100.0)] * m

    def slack(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(spare - (weights * ((x - ideals) / 100.0) ** 2).sum(axis=1))

    def slack_jac(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(-2.0 * weights * (x - ideals) / 1e4)

    # A point of Z: maximise the smallest slack t over (x, t).
    start = np.append(ideals.mean(axis=0), slack(ideals.mean(axis=0)).min())
    found = minimize(
        lambda z: -z[-1],
        start,
        jac=lambda z: np.append(np.zeros(m), -1.0),
        constraints=[
            {
                "type": "ineq",
                "fun": lambda z: slack(z[:-1]) - z[-1],
                "jac": lambda z: np.hstack([slack_jac(z[:-1]), -np.ones((n, 1))]),
            }
        ],
        bounds=[(0.0, 100.0)] * m + [(None, None)],
        method="SLSQP",
        options={"ftol": 1e-12, "maxiter": 500},
    )
    if found.x[-1] < -1e-9:
        return None
    inside = np.clip(found.x[:-1], 0.0, 100.0)
    out: Span = []
    for i in range(m):
        ends = []
        for sign in (1.0, -1.0):
            e = np.zeros(m)
            e[i] = sign
            res = minimize(
                lambda x, e=e: float(e @ x),
                inside,
                jac=lambda x, e=e: e,
                constraints=[{"type": "ineq", "fun": slack, "jac": slack_jac}],
                bounds=[(0.0, 100.0)] * m,
                method="SLSQP",
                options={"ftol": 1e-12, "maxiter": 500},
            )
            ends.append(float(np.clip(res.x[i], 0.0, 100.0)))
        out.append((ends[0], ends[1]))
    return out
