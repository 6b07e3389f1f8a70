"""Read a table in the layout of the DEU datasets (Decision-making in the European Union).

Source of the layout: J. Arregui and C. Perarnaud (2022), "A new dataset on legislative
decision-making in the European Union: the DEU III dataset", *Journal of European Public
Policy* 29(1): 12–22, doi:10.1080/13501763.2021.1991983; data doi:10.34810/data53 (CC BY 4.0).
The DEU II predecessor is described by R. Thomson et al. (2012), *JEPP* 19(4): 604–622.

One row is one controversial issue of one legislative proposal. The columns used here:

``prnr`` / ``isnr``
    proposal and issue identifiers (an issue id is its proposal id plus ``i`` and a number);
``prname``
    a short name of the proposal;
``type``
    the legal act: ``Reg`` (regulation), ``Dir`` (directive) or ``Dec`` (decision);
``council``
    the Council configuration that handled the proposal;
``proc``
    the legislative procedure: ``COD`` (co-decision, since 2009 the ordinary procedure) or
    ``CNS`` (consultation);
``counvte``
    the Council's voting rule: ``QMV`` (qualified majority; ``QMV(10)`` is read as QMV) or
    ``Unan`` (unanimity);
``intro``
    the date the Commission introduced the proposal, ``dd-mm-yyyy`` (``dd-mm-yy`` and
    ``yyyy-mm-dd`` are read too);
``p<actor>`` / ``s<actor>``
    the actor's position and salience on the issue, 0–100; actors are ``com`` (Commission),
    ``ep`` (Parliament) and the member states by their two-letter codes (``at`` … ``uk``);
    an empty position means the actor took no recorded position;
``rp``
    the reference point (what happens without a new law) on the same scale, when known;
``out``
    the decision outcome on the same scale; empty where the outcome could not be located.

Columns not listed (numeric ids, the number of issues, the adoption date ``finact``,
``proccde``) are kept out: the public copy's adoption dates are not in one consistent format.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import numpy as np

from ontable.io.errors import CaseError, Problem
from ontable.model.arrays import FloatArray

ACTORS: tuple[str, ...] = (
    "com",
    "ep",
    "at",
    "be",
    "bu",
    "cr",
    "cy",
    "cz",
    "dk",
    "ee",
    "fi",
    "fr",
    "de",
    "el",
    "hu",
    "ie",
    "it",
    "lv",
    "lt",
    "lu",
    "mt",
    "nl",
    "pl",
    "pt",
    "ro",
    "si",
    "sk",
    "es",
    "se",
    "uk",
)
"""Actor codes in the dataset's column order (``com``, ``ep``, then the member states; the
dataset writes Bulgaria ``bu`` and Croatia ``cr``)."""

INSTITUTIONS: frozenset[str] = frozenset({"com", "ep"})
PROCEDURES: frozenset[str] = frozenset({"COD", "CNS"})
VOTING_RULES: dict[str, str] = {"QMV": "QMV", "QMV(10)": "QMV", "Unan": "Unan"}
ACT_TYPES: frozenset[str] = frozenset({"Reg", "Dir", "Dec"})

_REQUIRED = ("prnr", "prname", "isnr", "type", "council", "proc", "counvte", "intro", "rp", "out")


@dataclass(frozen=True)
class DecisionDataset:
    """Issues of EU legislative proposals with actors' positions, saliences and outcomes.

    Arrays are indexed ``[issue]`` or ``[issue, actor]`` (actors in :data:`ACTORS` order);
    NaN marks a missing value (no recorded position, salience, reference point or outcome).
    ``lines`` gives each issue's line in the source file.
    """

    name: str
    source: str
    proposal_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    proposal_names: tuple[str, ...]
    act_types: tuple[str, ...]
    councils: tuple[str, ...]
    procedures: tuple[str, ...]
    voting_rules: tuple[str, ...]
    introduced: tuple[date, ...]
    positions: FloatArray
    saliences: FloatArray
    reference_points: FloatArray
    outcomes: FloatArray
    lines: tuple[int, ...]
    actors: tuple[str, ...] = ACTORS

    @property
    def n_issues(self) -> int:
        return len(self.issue_ids)

    @property
    def n_proposals(self) -> int:
        return len(set(self.proposal_ids))

    def subset(self, issues: Sequence[int]) -> DecisionDataset:
        """The dataset restricted to the issues at the given row indices (in that order)."""
        idx = list(issues)
        return DecisionDataset(
            name=self.name,
            source=self.source,
            proposal_ids=_pick(self.proposal_ids, idx),
            issue_ids=_pick(self.issue_ids, idx),
            proposal_names=_pick(self.proposal_names, idx),
            act_types=_pick(self.act_types, idx),
            councils=_pick(self.councils, idx),
            procedures=_pick(self.procedures, idx),
            voting_rules=_pick(self.voting_rules, idx),
            introduced=_pick(self.introduced, idx),
            positions=self.positions[idx],
            saliences=self.saliences[idx],
            reference_points=self.reference_points[idx],
            outcomes=self.outcomes[idx],
            lines=_pick(self.lines, idx),
            actors=self.actors,
        )

    def proposals(self, ids: Sequence[str]) -> DecisionDataset:
        """The dataset restricted to the issues of the named proposals."""
        wanted = set(ids)
        unknown = wanted - set(self.proposal_ids)
        if unknown:
            raise KeyError(f"unknown proposals: {', '.join(sorted(unknown))}")
        return self.subset([i for i, p in enumerate(self.proposal_ids) if p in wanted])


def read_deu(path: str | Path, *, name: str | None = None) -> DecisionDataset:
    """Read a tab-separated DEU table; every problem is reported with its line and column.

    Raises
    ------
    CaseError
        If the file is missing, a required column is absent, or a value is not what the
        column expects (all problems found are listed).
    """
    path = Path(path)
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseError.single(label, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError.single(label, f"cannot read the file: {exc}") from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quotechar='"'))
    if not rows:
        raise CaseError.single(label, "the file is empty", expected="a header row")
    header = [h.strip() for h in rows[0]]
    columns = {h: i for i, h in enumerate(header)}
    needed = [*_REQUIRED, *(f"p{a}" for a in ACTORS), *(f"s{a}" for a in ACTORS)]
    missing = [c for c in needed if c not in columns]
    if missing:
        raise CaseError.single(
            label,
            f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}",
            line=1,
            expected="the DEU layout (prnr, isnr, proc, counvte, intro, p<actor>, s<actor>, rp, out)",
        )
    problems: list[Problem] = []
    records: list[_Row] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.append(
                Problem(label, line, "", f"{len(row)} fields", f"{len(header)} (tab-separated)")
            )
            continue

        def cell(col: str, row: list[str] = row) -> str:
            return row[columns[col]].strip()

        def number(col: str, line: int = line, row: list[str] = row) -> float:
            raw = row[columns[col]].strip()
            if raw == "":
                return float("nan")
            try:
                value = float(raw)
            except ValueError:
                problems.append(Problem(label, line, col, f"{raw!r} is not a number", "0–100"))
                return float("nan")
            if not 0.0 <= value <= 100.0:
                problems.append(Problem(label, line, col, f"{value:g} is off the scale", "0–100"))
                return float("nan")
            return value

        before = len(problems)
        for col in ("prnr", "isnr"):
            if not cell(col):
                problems.append(Problem(label, line, col, "empty", "an identifier"))
        act = cell("type")
        if act not in ACT_TYPES:
            problems.append(Problem(label, line, "type", f"{act!r}", "Reg, Dir or Dec"))
        proc = cell("proc")
        if proc not in PROCEDURES:
            problems.append(Problem(label, line, "proc", f"{proc!r}", "COD or CNS"))
        vote = cell("counvte")
        if vote not in VOTING_RULES:
            problems.append(Problem(label, line, "counvte", f"{vote!r}", "QMV or Unan"))
        introduced = _parse_date(cell("intro"))
        if introduced is None:
            problems.append(Problem(label, line, "intro", f"{cell('intro')!r}", "dd-mm-yyyy"))
        positions = [number(f"p{a}") for a in ACTORS]
        saliences = [number(f"s{a}") for a in ACTORS]
        rp, out = number("rp"), number("out")
        if len(problems) > before:
            continue
        assert introduced is not None  # checked above
        records.append(
            _Row(
                cell("prnr"),
                cell("isnr"),
                cell("prname"),
                act,
                cell("council"),
                proc,
                VOTING_RULES[vote],
                introduced,
                positions,
                saliences,
                rp,
                out,
                line,
            )
        )
    seen: dict[str, int] = {}
    for rec in records:
        if rec.issue in seen:
            problems.append(
                Problem(
                    label,
                    rec.line,
                    "isnr",
                    f"{rec.issue!r} repeats line {seen[rec.issue]}",
                    "unique",
                )
            )
        seen.setdefault(rec.issue, rec.line)
    if problems:
        raise CaseError(problems)
    if not records:
        raise CaseError.single(label, "no issues in the file", expected="one row per issue")
    return DecisionDataset(
        name=name or path.stem,
        source=label,
        proposal_ids=tuple(r.proposal for r in records),
        issue_ids=tuple(r.issue for r in records),
        proposal_names=tuple(r.proposal_name for r in records),
        act_types=tuple(r.act_type for r in records),
        councils=tuple(r.council for r in records),
        procedures=tuple(r.procedure for r in records),
        voting_rules=tuple(r.voting_rule for r in records),
        introduced=tuple(r.introduced for r in records),
        positions=np.array([r.positions for r in records], dtype=float),
        saliences=np.array([r.saliences for r in records], dtype=float),
        reference_points=np.array([r.reference_point for r in records], dtype=float),
        outcomes=np.array([r.outcome for r in records], dtype=float),
        lines=tuple(r.line for r in records),
    )


@dataclass(frozen=True)
class _Row:
    proposal: str
    issue: str
    proposal_name: str
    act_type: str
    council: str
    procedure: str
    voting_rule: str
    introduced: date
    positions: list[float]
    saliences: list[float]
    reference_point: float
    outcome: float
    line: int


_T = TypeVar("_T")


def _pick(values: tuple[_T, ...], idx: list[int]) -> tuple[_T, ...]:
    return tuple(values[i] for i in idx)


def _parse_date(raw: str) -> date | None:
    """``dd-mm-yyyy``, ``dd-mm-yy`` (years 50–99 are 19xx, the rest 20xx) or ``yyyy-mm-dd``."""
    parts = raw.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    try:
        if len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        year = int(parts[2])
        if len(parts[2]) == 2:
            year += 1900 if year >= 50 else 2000
        elif len(parts[2]) != 4:
            return None
        return date(year, int(parts[1]), int(parts[0]))
    except ValueError:
        return None
