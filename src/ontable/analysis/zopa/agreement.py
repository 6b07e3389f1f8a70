"""The room around a named document: per issue, the intervals that stay acceptable once red
lines are cut out, the parties that limit them, and the share of uniformly drawn packages
that every counted party accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ontable.analysis._common import resolve_document
from ontable.analysis.acceptability import check_form
from ontable.analysis.zopa.zones import _DIGITS, _counted, _zopa_around
from ontable.errors import UnknownIdError
from ontable.model import Case, Document
from ontable.model.arrays import case_arrays
from ontable.utility import LossForm, utilities


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
