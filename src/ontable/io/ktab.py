"""Import of KTAB's scenario CSV files (the input of KTAB's spatial model of politics).

KTAB (KAPSARC Toolkit for Behavioral Analysis, https://github.com/KAPSARC/KTAB) reads a
scenario as comma-separated text (``SMPModel::csvRead``)::

    name, description, actors, dimensions[, ignored...]
    Actor, Description, Power, <dim 1> Position, <dim 1> Salience, ...
    <actor>, <description>, <power>, <position 1>, <salience 1>, ...     (one row per actor)

Positions are 0–100; saliences 0–100 with each actor's saliences summing to at most 100
(its share of attention per dimension); power is any non-negative number. The mapping onto a
Case:

- each dimension is an issue (id from its heading, ends described as KTAB's 0 and 100);
- positions and saliences are kept as they are (both scales are 0–100; the SMP reads an
  actor's saliences as KTAB does when they sum to at most 100);
- capability is ``100 × power / largest power`` (KTAB's model only uses power ratios); the
  original power is kept in ``capability_rationale``.

Cells beyond the expected columns must be empty, except on the first line (KTAB ignores them).
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

from pydantic import ValidationError

from ontable.io.errors import CaseError, Problem
from ontable.io.yamlio import read_text
from ontable.model import Case

KTAB_SOURCE = "https://github.com/KAPSARC/KTAB"
"""Default source cited by imported stances: KTAB, whose format the file follows."""

WHAT = "a KTAB scenario CSV file"


def _slug(text: str, fallback: str) -> str:
    slug = re.sub(r"[^a-z0-9_.\-]+", "-", text.strip().lower()).strip("-_.")
    return slug[:80].rstrip("-_.") or fallback


def _unique(ids: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i in ids:
        n = seen.get(i, 0) + 1
        seen[i] = n
        out.append(i if n == 1 else f"{i[:76]}-{n}")
    return out


class _Rows:
    """The file's non-blank rows with their line numbers, cells stripped."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.rows: list[tuple[int, list[str]]] = []
        reader = csv.reader(text.splitlines())
        for line, cells in enumerate(reader, start=1):
            cells = [c.strip() for c in cells]
            if any(cells):
                self.rows.append((line, cells))

    def problem(self, line: int | None, field: str, message: str, expected: str = "") -> Problem:
        return Problem(str(self.path), line, field, message, expected)


def _number(rows: _Rows, line: int, field: str, cell: str, problems: list[Problem]) -> float | None:
    try:
        value = float(cell)
    except ValueError:
        problems.append(rows.problem(line, field, f"{cell!r} is not a number", "a number"))
        return None
    if not math.isfinite(value):
        problems.append(rows.problem(line, field, f"{cell!r} is not finite", "a finite number"))
        return None
    return value


def _count(rows: _Rows, line: int, field: str, cell: str, problems: list[Problem]) -> int | None:
    try:
        value = int(float(cell))
        if value != float(cell) or value < 1:
            raise ValueError
    except ValueError:
        problems.append(
            rows.problem(line, field, f"{cell!r} is not a positive whole number", "an integer >= 1")
        )
        return None
    return value


def read_ktab_csv(path: str | Path, *, source: str = KTAB_SOURCE) -> Case:
    """Read a KTAB scenario CSV file as a Case.

    Parameters
    ----------
    path
        The CSV file.
    source
        The ``http(s)`` address every imported stance cites (default: KTAB's repository).

    Raises
    ------
    CaseError
        With every problem located by file, line and field: an empty or binary file, a wrong
        number of cells, a cell that is not a number, a value out of range, or fewer or more
        actor rows than the first line announces.
    """
    path = Path(path)
    rows = _Rows(path, read_text(path, what=WHAT))
    if not rows.rows:
        raise CaseError.single(path, "the file is empty", expected=WHAT)
    problems: list[Problem] = []

    line, head = rows.rows[0]
    if len(head) < 4:
        raise CaseError(
            [
                rows.problem(
                    line,
                    "",
                    f"the first line has {len(head)} cells",
                    "name, description, number of actors, number of dimensions",
                )
            ]
        )
    n_actors = _count(rows, line, "number of actors", head[2], problems)
    n_dims = _count(rows, line, "number of dimensions", head[3], problems)
    if n_actors is None or n_dims is None:
        raise CaseError(problems)
    width = 3 + 2 * n_dims

    if len(rows.rows) < 2:
        raise CaseError.single(path, "the column headings line is missing", line=line + 1)
    line, headings = rows.rows[1]
    if len(headings) < width or any(headings[width:]):
        problems.append(
            rows.problem(
                line,
                "",
                f"the headings line has {len(headings)} cells",
                f"{width} (Actor, Description, Power, then position and salience per dimension)",
            )
        )
        raise CaseError(problems)
    dim_names = [headings[3 + 2 * d] or f"dimension {d + 1}" for d in range(n_dims)]
    columns = ["Actor", "Description", "Power"]
    for d in range(n_dims):
        columns += [headings[3 + 2 * d] or f"position {d + 1}", headings[4 + 2 * d] or "salience"]

    actor_rows = rows.rows[2:]
    names: list[str] = []
    notes: list[str] = []
    powers: list[float] = []
    positions: list[list[float]] = []
    saliences: list[list[float]] = []
    for line, cells in actor_rows[:n_actors]:
        if len(cells) < width or any(cells[width:]):
            count = len(cells) if len(cells) < width else width + sum(1 for c in cells[width:] if c)
            problems.append(
                rows.problem(
                    line,
                    "",
                    f"the row has {count} cells",
                    f"{width} (name, description, power, position and salience per dimension)",
                )
            )
            continue
        if not cells[0]:
            problems.append(rows.problem(line, "Actor", "the actor has no name"))
        values = [_number(rows, line, columns[c], cells[c], problems) for c in range(2, width)]
        if any(v is None for v in values):
            continue
        nums = [float(v) for v in values if v is not None]
        power, pos, sal = nums[0], nums[1::2], nums[2::2]
        if power < 0:
            problems.append(rows.problem(line, "Power", f"{power:g} is negative", "a power >= 0"))
        for d in range(n_dims):
            if not 0 <= pos[d] <= 100:
                problems.append(
                    rows.problem(line, columns[3 + 2 * d], f"{pos[d]:g} is outside 0–100")
                )
            if not 0 <= sal[d] <= 100:
                problems.append(
                    rows.problem(line, columns[4 + 2 * d], f"{sal[d]:g} is outside 0–100")
                )
        if sum(sal) > 100 + 1e-9:
            problems.append(
                rows.problem(
                    line,
                    "",
                    f"the saliences sum to {sum(sal):g}",
                    "at most 100 per actor (KTAB's share of attention)",
                )
            )
        names.append(cells[0])
        notes.append(cells[1])
        powers.append(power)
        positions.append(pos)
        saliences.append(sal)
    if len(actor_rows) < n_actors:
        last = rows.rows[-1][0]
        problems.append(
            rows.problem(
                last,
                "",
                f"the file has {len(actor_rows)} actor rows but its first line announces "
                f"{n_actors}",
            )
        )
    for line, _ in actor_rows[n_actors:]:
        problems.append(
            rows.problem(line, "", f"an actor row beyond the {n_actors} the first line announces")
        )
    if problems:
        raise CaseError(problems)
    top = max(powers)
    if top <= 0:
        raise CaseError.single(path, "every actor has zero power", expected="some power > 0")
    return _case(path, head, names, notes, powers, top, dim_names, positions, saliences, source)


def _case(
    path: Path,
    head: list[str],
    names: list[str],
    notes: list[str],
    powers: list[float],
    top: float,
    dim_names: list[str],
    positions: list[list[float]],
    saliences: list[list[float]],
    source: str,
) -> Case:
    party_ids = _unique([_slug(n, f"actor-{k + 1}") for k, n in enumerate(names)])
    issue_ids = _unique([_slug(n, f"dimension-{k + 1}") for k, n in enumerate(dim_names)])
    rationale = f"imported from the KTAB scenario {path.name}"
    data = {
        "id": _slug(path.stem, "ktab-scenario"),
        "title": head[0] or path.stem,
        "description": head[1] or None,
        "parties": [
            {
                "id": pid,
                "name": name,
                "capability": 100.0 * power / top,
                "capability_rationale": f"KTAB power {power:g}, scaled so the largest is 100",
                "note": note or None,
            }
            for pid, name, note, power in zip(party_ids, names, notes, powers, strict=True)
        ],
        "issues": [
            {
                "id": iid,
                "name": name,
                "low": "position 0 in the KTAB scenario",
                "high": "position 100 in the KTAB scenario",
            }
            for iid, name in zip(issue_ids, dim_names, strict=True)
        ],
        "stances": [
            {
                "party": pid,
                "issue": iid,
                "position": positions[a][d],
                "salience": saliences[a][d],
                "rationale": rationale,
                "sources": [source],
            }
            for a, pid in enumerate(party_ids)
            for d, iid in enumerate(issue_ids)
        ],
    }
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseError(
            [
                Problem(str(path), None, ".".join(str(x) for x in e["loc"]), e["msg"])
                for e in exc.errors()
            ]
        ) from None
