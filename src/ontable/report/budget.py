"""Size budgets: which engines a report runs on a case of a given size.

A report runs every engine on the whole case. Most finish in seconds, but some grow fast with
the number of parties and issues (the exchange model with issues², the spatial model with
parties³, a sweep with samples × inputs × issues), so on a very large case one engine could
hold the whole report for hours. Before it runs an engine the report estimates its work from
the case's size with the formulas below (counts of elementary steps, up to a constant; on a
typical laptop one unit takes about one to five microseconds) and skips the engine when the
estimate is past the budget. The section then says, in a note, what was skipped, why, and
the command that runs that engine alone. The budgets leave every built-in case far inside.
"""

from __future__ import annotations

from dataclasses import dataclass

from ontable.model import Case
from ontable.model.arrays import case_arrays


def forecast_work(model: str, parties: int, issues: int) -> float:
    """Estimated work of one run of ``model`` on ``parties`` × ``issues``.

    compromise and median pass once over the stances; BDM plays pairwise contests on each
    issue; the spatial model (SMP) weighs every contest against every third party and values
    every bargain on every issue; the exchange model scans pairs of parties over pairs of
    issues. Other models are assumed to grow like the spatial model.
    """
    a, i = float(parties), float(issues)
    if model in ("compromise", "median"):
        return a * i
    if model == "bdm":
        return a * a * i
    if model == "exchange":
        return a**3 * i + a * a * i * i
    return a**3 + 10 * a * a * i


def sweep_work(model: str, parties: int, issues: int, samples: int, inputs: int) -> float:
    """Estimated work of a sweep: each sample runs the model once; the sensitivity analysis
    relates each of ``inputs`` varying inputs to each issue's outcome over all samples, and
    keeps a row per input and issue (the term that decides memory: about 300 bytes a row)."""
    pairs = float(inputs) * issues
    return float(samples) * (forecast_work(model, parties, issues) + pairs / 200) + 10 * pairs


def bargaining_work(parties: int, issues: int) -> float:
    """Estimated work of the bargaining summary: a programme over every pair of parties'
    gains on every issue, re-solved for each row of the sensitivity table (measured: about
    20 s of CPU time both on 5 parties × 1,000 issues and on 50 parties × 10 issues)."""
    return float(parties) ** 2 * issues


def zone_work(parties: int, issues: int, samples: int, documents: int) -> float:
    """Estimated work (and memory, about 20 bytes a unit) of the room around each document:
    every draw of a package values every issue for every party, once per document."""
    return float(samples) * parties * issues * documents


@dataclass(frozen=True)
class SizeBudget:
    """The most work (see the ``*_work`` functions) a report gives one engine.

    The defaults keep each engine to about a minute or two on a typical machine; a larger
    case gets those engines skipped with a note, never a report that does not end.
    """

    forecast: float = 1e7
    sweep: float = 5e7
    bargaining: float = 1e5
    zone: float = 5e7


@dataclass(frozen=True)
class Skipped:
    """An engine the report did not run, and the note that says so."""

    engine: str
    kind: str  # "forecast", "sweep", "bargaining" or "zone"
    work: float
    budget: float
    command: str

    @property
    def text(self) -> str:
        return (
            f"{self.engine}: skipped for its size (estimated work {self.work:,.0f}, past the "
            f"report's budget of {self.budget:,.0f} for this engine). Run it alone with "
            f"`{self.command}`."
        )


def case_size(case: Case) -> tuple[int, int]:
    """(parties, issues) as the engines see them: the parties with a stance, every issue."""
    arrays = case_arrays(case)
    return len(arrays.party_ids), len(arrays.issue_ids)


def varying_inputs(case: Case) -> int:
    """How many inputs a sweep may vary: every stance's position and salience and every
    party's capability and BATNA (an upper bound; fixed ones do not vary)."""
    return 2 * len(case.stances) + 2 * len(case.parties)
