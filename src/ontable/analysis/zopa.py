"""The zone of possible agreement: per issue, the positions some acceptable deal can take.

A package ``x`` (one position per issue) is *acceptable* when every required party
(``Party.required``) with a BATNA and a stance prefers it to no deal:
``u_a(x) ≥ β_a`` for the shared utility of :mod:`ontable.utility`, i.e.

.. math::

    \\sum_i w_{ai}\\, \\ell\\!\\left(\\frac{|x_i - p_{ai}|}{100}\\right) \\le 1 - \\beta_a .

The acceptable packages form a convex set ``Z`` (each constraint is convex in ``x``), and
the **zone of issue i** is its projection: ``[min x_i, max x_i]`` over ``Z``: every
position on issue ``i`` inside it belongs to at least one package that all of them prefer
to no deal, and none outside it does. When ``Z`` is empty every zone is *empty*: no package
beats no deal for all of them at once (the zone of agreement of Raiffa 1982, *The Art and
Science of Negotiation*, ch. 4, extended to several issues by projection).

With linear loss each bound is a linear program (``|x_i − p_ai|`` written as ``d_ai ≥ ±(x_i −
p_ai)``), solved with scipy's HiGHS interface; with quadratic loss ``Z`` is an intersection of
ellipsoidal cylinders and each bound a smooth convex program, solved with SLSQP from a point
of ``Z``. Bounds are rounded to 1e-6.

With ``around`` (a document), the zone of issue ``i`` is taken with every other issue held
at the positions that document sets (its package, :func:`ontable.utility.document_package`;
issues it leaves open are left out of every party's utility, as in acceptability): it is the
interval of ``x_i`` over which that package, changed on issue ``i`` alone, is acceptable to
every counted party — "how far could this draft move on this issue and still be signed?".
Each party's constraint is then ``w_ai ℓ(|x_i − p_ai| / 100) ≤ r_ai`` with ``r_ai`` what is
left of ``1 − β_a`` after the other issues' loss at the document, so the zone is an
intersection of intervals; it is empty when some party would reject the draft whatever is
done on issue ``i`` alone, and it is computed the same way for linear and quadratic loss.

Alongside, each party's own interval on each issue, ``|x_i − p_ai| ≤ 100 ℓ⁻¹((1 − β_a) /
w_ai)``, shows which party limits the zone: it is what the party could accept on ``i`` if it
had its way on every other issue. Required parties without a BATNA are listed, not counted:
the case does not say what no deal is worth to them, and none is assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.optimize import linprog, minimize

from ontable.analysis._common import resolve_document
from ontable.analysis.acceptability import check_form
from ontable.errors import UnknownIdError
from ontable.model import Case, Document
from ontable.model.arrays import CaseArrays, case_arrays
from ontable.utility import LossForm, document_package, issue_loss, salience_weights, utilities

_DIGITS = 6


@dataclass(frozen=True)
class PartyBound:
    """The interval one party could accept on one issue if it had its way on all others."""

    party: str
    low: float
    high: float


@dataclass(frozen=True)
class IssueZopa:
    """The zone of one issue: ``[low, high]``, or empty (both None)."""

    issue: str
    low: float | None
    high: float | None
    bounds: tuple[PartyBound, ...]

    @property
    def empty(self) -> bool:
        return self.low is None


@dataclass(frozen=True)
class Zopa:
    """Per issue the zone of possible agreement among the required parties with a BATNA."""

    form: LossForm
    issues: tuple[IssueZopa, ...]
    counted: tuple[str, ...]
    without_batna: tuple[str, ...]
    around: str | None = None

    @property
    def empty(self) -> bool:
        """Whether no package is acceptable to every counted party."""
        return any(z.empty for z in self.issues)

    def issue(self, issue_id: str) -> IssueZopa:
        """The zone of this issue (``KeyError`` when there is none)."""
        for z in self.issues:
            if z.issue == issue_id:
                return z
        raise UnknownIdError("issue", issue_id, (z.issue for z in self.issues))

    def to_frame(self) -> pd.DataFrame:
        """One row per issue: low, high, empty."""
        rows = [
            {"issue": z.issue, "low": z.low, "high": z.high, "empty": z.empty} for z in self.issues
        ]
        return pd.DataFrame(rows, columns=["issue", "low", "high", "empty"])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the parties counted, those without a BATNA, and each issue's zone."""
        return {
            "form": self.form,
            "around": self.around,
            "counted": list(self.counted),
            "without_batna": list(self.without_batna),
            "empty": self.empty,
            "issues": [
                {
                    "issue": z.issue,
                    "low": z.low,
                    "high": z.high,
                    "empty": z.empty,
                    "bounds": [b.__dict__ for b in z.bounds],
                }
                for z in self.issues
            ],
        }


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


@dataclass(frozen=True)
class IssueRoom:
    """One issue's room around a document: the draft's position and the intervals every
    counted party accepts with the other issues held at the draft (red lines cut out)."""

    issue: str
    draft: float | None
    intervals: tuple[tuple[float, float], ...]
    limited_by: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.intervals


@dataclass(frozen=True)
class AgreementZone:
    """What an analyst can read instead of 0–100 on every issue.

    Per issue, the positions every counted party (required, with a BATNA) accepts with the
    other issues at ``around``'s package, minus every counted party's red lines; and the
    size of the joint feasible region: the share of all packages (uniform over the 0–100
    cube of the issues, ``samples`` draws) that every counted party accepts.
    """

    around: str
    form: LossForm
    unaddressed: str
    issues: tuple[IssueRoom, ...]
    feasible_share: float
    samples: int
    counted: tuple[str, ...]
    without_batna: tuple[str, ...]

    def issue(self, issue_id: str) -> IssueRoom:
        """The room of this issue (``KeyError`` when none)."""
        for z in self.issues:
            if z.issue == issue_id:
                return z
        raise UnknownIdError("issue", issue_id, (z.issue for z in self.issues))

    def to_frame(self) -> pd.DataFrame:
        """One row per issue: the draft's position, the room as text, who limits it."""
        rows = [
            {
                "issue": z.issue,
                "draft": z.draft,
                "room": "; ".join(f"{lo:.1f}–{hi:.1f}" for lo, hi in z.intervals) or "none",
                "limited by": ", ".join(z.limited_by),
            }
            for z in self.issues
        ]
        return pd.DataFrame(rows, columns=["issue", "draft", "room", "limited by"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "around": self.around,
            "form": self.form,
            "unaddressed": self.unaddressed,
            "feasible_share": self.feasible_share,
            "samples": self.samples,
            "counted": list(self.counted),
            "without_batna": list(self.without_batna),
            "issues": [
                {
                    "issue": z.issue,
                    "draft": z.draft,
                    "intervals": [list(i) for i in z.intervals],
                    "empty": z.empty,
                    "limited_by": list(z.limited_by),
                }
                for z in self.issues
            ],
        }


def _cut(
    intervals: list[tuple[float, float]], low: float, high: float
) -> list[tuple[float, float]]:
    """``intervals`` minus the closed range ``[low, high]`` (ends rounded to 1e-6)."""
    out = []
    eps = 10.0**-_DIGITS
    for a, b in intervals:
        if high < a or low > b:
            out.append((a, b))
            continue
        if a < low:
            out.append((a, round(low - eps, _DIGITS)))
        if high < b:
            out.append((round(high + eps, _DIGITS), b))
    return out


def agreement_zone(
    case: Case,
    around: Document | str,
    rng: np.random.Generator,
    *,
    form: LossForm = "linear",
    unaddressed: str = "carry-over",
    samples: int = 20_000,
) -> AgreementZone:
    """Each issue's room around a named document, and the joint feasible region's size.

    Parameters
    ----------
    case
        The case (stances, BATNAs, red lines, which parties are required).
    around
        The document whose package holds the other issues (its terms under the
        ``unaddressed`` rule of :mod:`ontable.analysis.acceptability`).
    rng
        The generator for the uniform draws that measure the feasible region.
    form, samples
        Loss form; number of draws (the share's standard error is at most
        ``0.5 / sqrt(samples)``).
    """
    from ontable.analysis.acceptability import check_unaddressed, document_vector

    check_form(form)
    check_unaddressed(unaddressed)
    doc = resolve_document(case, around)
    arrays = case_arrays(case)
    rows, counted, without, ideals, weights, spare = _counted(case, arrays)
    package = document_vector(case, doc, arrays.issue_ids, unaddressed)  # type: ignore[arg-type]
    base = _zopa_around(
        doc.id, package, arrays.issue_ids, form, counted, without, ideals, weights, spare
    )
    lines = [r for r in case.red_lines if r.party in counted]
    rooms = []
    for k, z in enumerate(base.issues):
        draft = None if np.isnan(package[k]) else float(package[k])
        intervals = [] if z.empty or draft is None else [(float(z.low), float(z.high))]  # type: ignore[arg-type]
        limiting = [
            b.party
            for b in z.bounds
            if z.low is not None
            and ((b.low == z.low and b.low > 0.0) or (b.high == z.high and b.high < 100.0))
        ]
        for r in lines:
            if r.issue == z.issue:
                before = intervals
                intervals = _cut(intervals, *r.rejects)
                if intervals != before and r.party not in limiting:
                    limiting.append(r.party)
        rooms.append(IssueRoom(z.issue, draft, tuple(intervals), tuple(dict.fromkeys(limiting))))
    draws = 100.0 * rng.random((samples, len(arrays.issue_ids)))
    if rows:
        u = utilities(draws, ideals, arrays.saliences[rows], form)  # (samples, counted)
        ok = (u >= arrays.batna[rows][None, :]).all(axis=1)
        for r in lines:
            x = draws[:, arrays.issue_ids.index(r.issue)]
            ok &= ~((x >= r.rejects[0]) & (x <= r.rejects[1]))
        share = float(ok.mean())
    else:
        share = 1.0
    return AgreementZone(doc.id, form, unaddressed, tuple(rooms), share, samples, counted, without)
