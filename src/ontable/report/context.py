"""What every section of a report reads: the case, the options and the engines' results.

The builder fills a :class:`Context` once; each section module turns it into a
:class:`~ontable.report.blocks.Section`. The helpers here (links, names, short texts) are
shared by several sections.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from ontable.analysis import Acceptability, AcceptanceOdds, AgreementZone, Lean, Ledger, Proximity
from ontable.bargaining import BargainingSummary
from ontable.forecast.base import Forecast
from ontable.model import Case, Document
from ontable.report.blocks import Link, slug
from ontable.report.budget import SizeBudget, Skipped
from ontable.report.engines import Engines
from ontable.sweep import SweepResult

DEFAULT_SAMPLES = 1000
"""Sweep size of a report by default: enough for stable 5–95% bands, small enough to stay fast."""

DEFAULT_SEED = 2025

SAMPLE_CAPS: dict[str, int] = {"exchange": 200}
"""Sweep samples at most for models whose every run is slow (the exchange model makes its
trades one at a time): their bands rest on fewer draws, and the report says so."""


def sweep_samples(model: str, samples: int) -> int:
    """The sweep size a report uses for ``model`` when asked for ``samples``."""
    return min(samples, SAMPLE_CAPS.get(model, samples))


@dataclass(frozen=True)
class CompareWith:
    """Another text to compare one of the case's documents with (a "Compared with" section).

    ``own_document`` is the case's document to compare (default: the one with the most
    provisions, the latest on ties); ``case`` and ``document`` the other text, from any case.
    """

    case: Case
    document: str
    own_document: str | None = None


@dataclass(frozen=True)
class ReportOptions:
    """What a report runs: which models, how many sweep samples, which seed; the size budget
    past which an engine is skipped with a note (:mod:`ontable.report.budget`); and, when
    asked, another text to compare with."""

    models: tuple[str, ...] | None = None
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    bargaining: bool = True
    budget: SizeBudget = field(default_factory=SizeBudget)
    compare_with: CompareWith | None = None


@dataclass
class Context:
    """Results shared by several sections, computed once by the builder."""

    case: Case
    options: ReportOptions
    documents: tuple[Document, ...]
    engines: Engines
    ledgers: dict[str, Ledger] = field(default_factory=dict)
    proximity: Proximity | None = None
    leans: dict[str, Lean] = field(default_factory=dict)
    acceptability: Acceptability | None = None
    forecasts: dict[str, Forecast] = field(default_factory=dict)
    sweeps: dict[str, SweepResult] = field(default_factory=dict)
    bargaining: BargainingSummary | None = None
    odds: AcceptanceOdds | None = None
    """Acceptance over the input ranges (:func:`ontable.analysis.acceptance_odds`); its
    ``point`` verdicts are :attr:`acceptability`, so probability and verdict never disagree
    on the rule."""
    zones: dict[str, AgreementZone] = field(default_factory=dict)
    """Document id → the room on each issue around it (:func:`ontable.analysis.agreement_zone`)."""
    skipped: list[Skipped] = field(default_factory=list)

    def sized_out(self, kind: str) -> bool:
        """Whether an engine of ``kind`` ("forecast", "sweep", "bargaining") was skipped for
        its size (a note says so; sections then do not call it missing for another reason)."""
        return any(s.kind == kind for s in self.skipped)


def provision_anchor(document_id: str, provision_id: str) -> str:
    """The HTML id of a provision's row in the sources section."""
    return slug("prov", document_id, provision_id)


def provision_link(document_id: str, provision_id: str) -> Link:
    """A link to a provision's row: ``pt 7``."""
    return Link(f"pt {provision_id}", "#" + provision_anchor(document_id, provision_id))


def source_links(urls: Sequence[str]) -> tuple[Link, ...]:
    """Source URLs as numbered links ``[1] [2]`` (the address shows on hover and in print)."""
    return tuple(Link(f"[{i}]", u) for i, u in enumerate(urls, start=1))


def doc_title(case: Case, document_id: str) -> str:
    """A document's title (its id when the case does not know it)."""
    try:
        return case.document(document_id).title
    except KeyError:
        return document_id


def pairs_text(frame: pd.DataFrame, row: str, col: str, value: str, fmt: str) -> str:
    """``row: col value, col value; row: …`` — a frame's cells as one sentence."""
    parts = []
    for key, rows in frame.groupby(row, sort=False):
        cells = ", ".join(
            f"{getattr(r, col)} {fmt.format(getattr(r, value))}" for r in rows.itertuples()
        )
        parts.append(f"{key}: {cells}")
    return "; ".join(parts) + "."


def percent(p: float) -> str:
    """A probability as a whole percentage: ``41%`` (``<1%`` / ``>99%`` at the ends)."""
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1:
        return ">99%"
    return f"{100 * p:.0f}%"


def odds_of(odds: AcceptanceOdds | None, document_id: str, party_id: str) -> float | None:
    """The probability that the party accepts the document over the input ranges (None when
    not measured: no draws, or no BATNA and no red line crossed)."""
    if odds is None or document_id not in odds.document_ids or party_id not in odds.party_ids:
        return None
    p = odds.p(document_id, party_id)
    return None if p != p else p
