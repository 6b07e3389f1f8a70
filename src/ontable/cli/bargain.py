"""CLI commands of the bargain part: bargain, tradeoffs, alternating, concession."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from ontable.cli.common import (
    MAX_LEVELS,
    MAX_ROUNDS,
    MAX_SEED,
    console,
    emit_json,
    fail,
    open_case,
)
from ontable.errors import unknown_id_message

if TYPE_CHECKING:
    from ontable.bargaining import Agreement, BargainingProblem
    from ontable.model import Case

CASE_ARG = typer.Argument(..., help="A built-in case name or a case folder.")
PARTIES_OPT = typer.Option(
    None, "--parties", help="Parties at the table, comma-separated (default: role 'party')."
)
LEVELS_OPT = typer.Option(
    5, "--levels", min=2, max=MAX_LEVELS, help="Grid points per issue without options."
)
FORM_OPT = typer.Option("linear", "--form", help="Loss in distance: linear or quadratic.")
SCENARIO_OPT = typer.Option(None, "--scenario", help="Apply a scenario's overrides.")
JSON_OPT = typer.Option(False, "--json", help="Print JSON.")


def register(app: typer.Typer) -> None:
    """Add the bargaining commands to ``app``."""
    app.command("bargain")(bargain)
    app.command("tradeoffs")(tradeoffs)
    app.command("alternating")(alternating)
    app.command("concession")(concession)


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


def _pairs(text: str | None, what: str) -> dict[str, str]:
    """``a=x,b=y`` → {a: x, b: y}; a clean error for anything else."""
    out: dict[str, str] = {}
    if not text:
        return out
    for item in text.split(","):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            fail(f"{what}: expected PARTY=VALUE pairs separated by commas; got {item!r}")
        out[key.strip()] = value.strip()
    return out


def _problem(
    the_case: Case,
    parties: list[str] | None,
    levels: int,
    form: str,
    scenario: str | None,
) -> BargainingProblem:
    from ontable.bargaining import bargaining_problem
    from ontable.utility import LOSS_FORMS

    if form not in LOSS_FORMS:
        fail(f"--form must be one of: {', '.join(LOSS_FORMS)}; got {form!r}")
    if scenario is not None and scenario not in {s.id for s in the_case.scenarios}:
        known = ", ".join(s.id for s in the_case.scenarios) or "none"
        fail(f"unknown scenario {scenario!r} (the case has: {known})")
    try:
        return bargaining_problem(
            the_case,
            _split(parties),
            levels=levels,
            form=form,
            scenario=scenario,
        )
    except (KeyError, ValueError) as exc:
        fail(str(exc.args[0] if exc.args else exc))


def _utilities_table(title: str, agreement: Agreement) -> Table:
    table = Table("party", "utility", "BATNA", "gain", title=title)
    for p, u, d in zip(agreement.party_ids, agreement.utilities, agreement.batna, strict=True):
        table.add_row(p, f"{u:.3f}", f"{d:.3f}", f"{u - d:+.3f}")
    return table


def bargain(
    case: str = CASE_ARG,
    solution: str = typer.Option("nash", "--solution", help="nash, ks, utilitarian, egalitarian."),
    parties: list[str] | None = PARTIES_OPT,
    levels: int = LEVELS_OPT,
    weights: str = typer.Option(
        "equal", "--weights", help="Nash weights: equal, capability or patience."
    ),
    form: str = FORM_OPT,
    scenario: str | None = SCENARIO_OPT,
    method: str = typer.Option(
        "auto",
        "--method",
        help="frontier (exact, on the package grid), programme (any size, continuous issues "
        "continuous, with a certified gap) or auto.",
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """The package a bargaining solution picks among those that beat every BATNA."""
    from ontable.bargaining import METHODS, SOLUTIONS, solve
    from ontable.bargaining.solutions import WEIGHT_RULES
    from ontable.bargaining.summary import reach

    if method not in METHODS:
        fail(f"--method must be one of: {', '.join(METHODS)}; got {method!r}")
    if solution not in SOLUTIONS:
        fail(f"--solution must be one of: {', '.join(SOLUTIONS)}; got {solution!r}")
    if weights not in WEIGHT_RULES:
        fail(f"--weights must be one of: {', '.join(WEIGHT_RULES)}; got {weights!r}")
    the_case = open_case(case)
    problem = _problem(the_case, parties, levels, form, scenario)
    try:
        result = solve(problem, solution, weights=weights, method=method)
    except ValueError as exc:
        fail(str(exc))
    reaches = reach(problem)
    if as_json:
        emit_json(
            {
                "case": the_case.id,
                "solution": solution,
                "problem": problem.to_dict(),
                "agreement": result is not None,
                "reach": [r.to_dict() for r in reaches],
                "package": None if result is None else result.to_dict(),
            }
        )
        return
    console.print(
        f"{the_case.id}: {len(problem.party_ids)} parties over "
        f"{len(problem.space.issue_ids)} issues"
        + ("" if result is None else f" (found by {result.method}, gap {result.gap:.2g})")
    )
    if result is None:
        console.print("No package beats every party's BATNA.")
        for r in reaches:
            best = "—" if r.best is None else f"{r.best:.3f}"
            console.print(
                f"  {r.party}: BATNA {r.batna:.3f}, best with the others satisfied {best}"
            )
        return
    table = Table("issue", "package", "position", title=f"{solution} package")
    for i, issue in enumerate(result.issue_ids):
        table.add_row(issue, result.labels[issue], f"{result.positions[i]:.1f}")
    console.print(table)
    console.print(_utilities_table("Utilities", result))


def tradeoffs(
    case: str = CASE_ARG,
    parties: list[str] | None = PARTIES_OPT,
    limit: int = typer.Option(20, "--limit", min=1, help="Rows to show."),
    form: str = FORM_OPT,
    scenario: str | None = SCENARIO_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Logrolls: pairs of issues on which two parties both gain by each giving way on one."""
    from ontable.bargaining import tradeoffs as find_tradeoffs

    the_case = open_case(case)
    problem = _problem(the_case, parties, 5, form, scenario)
    found = find_tradeoffs(problem)  # continuous positions: no frontier needed
    if as_json:
        emit_json({"case": the_case.id} | found.to_dict())
        return
    if not len(found):
        console.print("No logroll: the parties weigh every pair of issues alike.")
        return
    table = Table("a", "gives", "to", "b", "gives", "to", "gain a", "gain b", "joint")
    for t in found.rows[:limit]:
        table.add_row(
            t.a,
            t.a_gives,
            f"{t.a_gives_to:g}",
            t.b,
            t.b_gives,
            f"{t.b_gives_to:g}",
            f"{t.gain_a:.3f}",
            f"{t.gain_b:.3f}",
            f"{t.joint_gain:.3f}",
        )
    console.print(table)


def alternating(
    case: str = CASE_ARG,
    patience: str | None = typer.Option(
        None, "--patience", help="Discount factors by party id, e.g. PARTY=0.9,OTHER=0.95."
    ),
    deadline: int = typer.Option(
        30, "--deadline", min=1, max=MAX_ROUNDS, help="Rounds before talks end."
    ),
    parties: list[str] | None = PARTIES_OPT,
    first: str | None = typer.Option(None, "--first", help="The party that proposes first."),
    quota: int | None = typer.Option(None, "--quota", min=1, help="Parties who must agree."),
    recognition: str = typer.Option("rotating", "--recognition", help="rotating or random."),
    seed: int = typer.Option(0, "--seed", min=0, max=MAX_SEED, help="Seed for random recognition."),
    mediator: str | None = typer.Option(None, "--mediator", help="A mediator's party id."),
    pressure_at: int | None = typer.Option(
        None,
        "--pressure-at",
        min=0,
        max=MAX_ROUNDS,
        help="Round the mediator presses a party (lowers its BATNA).",
    ),
    withdraw_at: int | None = typer.Option(
        None,
        "--withdraw-at",
        min=0,
        max=MAX_ROUNDS,
        help="Round the mediator withdraws support from a party.",
    ),
    target: str | None = typer.Option(None, "--target", help="Party the mediator acts on."),
    to: float | None = typer.Option(
        None, "--to", min=0.0, max=1.0, help="The target's new BATNA (default: half)."
    ),
    levels: int = LEVELS_OPT,
    form: str = FORM_OPT,
    scenario: str | None = SCENARIO_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Alternating offers (Rubinstein; Baron–Ferejohn) with a deadline and a mediator."""
    import numpy as np

    from ontable.bargaining import alternating_offers, mediator_move
    from ontable.model.arrays import case_arrays

    the_case = open_case(case)
    problem = _problem(the_case, parties, levels, form, scenario)
    deltas: dict[str, float] = {}
    for party, text in _pairs(patience, "--patience").items():
        if party not in problem.party_ids:
            fail(
                f"--patience: unknown party {party!r} (at the table: {', '.join(problem.party_ids)})"
            )
        try:
            deltas[party] = float(text)
        except ValueError:
            fail(f"--patience: {party}={text!r} is not a number")
        if not 0.0 <= deltas[party] <= 1.0:
            fail(f"--patience: {party}={text} is outside 0–1")
    missing = [
        p for p, d in zip(problem.party_ids, problem.patience, strict=True)
        if np.isnan(d) and p not in deltas
    ]  # fmt: skip
    if missing:
        fail(f"patience unknown for {', '.join(missing)}: give --patience {missing[0]}=0.9")
    if recognition not in ("rotating", "random"):
        fail(f"--recognition must be rotating or random; got {recognition!r}")
    if first is not None and first not in problem.party_ids:
        fail(f"--first: unknown party {first!r} (at the table: {', '.join(problem.party_ids)})")
    if quota is not None and quota > len(problem.party_ids):
        fail(f"--quota {quota} is more than the {len(problem.party_ids)} parties at the table")
    changes = []
    if (pressure_at is not None or withdraw_at is not None) and mediator is None:
        fail("--pressure-at and --withdraw-at need --mediator")
    if mediator is not None:
        if mediator not in the_case.party_ids:
            fail("--mediator: " + unknown_id_message("party", mediator, the_case.party_ids))
        if pressure_at is None and withdraw_at is None:
            fail("--mediator needs --pressure-at R or --withdraw-at R")
        if target is not None and target not in problem.party_ids:
            fail(
                f"--target: unknown party {target!r} (at the table: {', '.join(problem.party_ids)})"
            )
        med = case_arrays(the_case, scenario, parties=(mediator,))
        cols = [med.issue_ids.index(i) for i in problem.space.issue_ids]
        for kind, at in (("pressure", pressure_at), ("withdrawal", withdraw_at)):
            if at is not None:
                changes.append(
                    mediator_move(
                        problem,
                        med.positions[0, cols],
                        med.saliences[0, cols],
                        mediator=mediator,
                        at_round=at,
                        kind=kind,  # type: ignore[arg-type]
                        target=target,
                        batna=to,
                    )
                )
    try:
        result = alternating_offers(
            problem,
            patience=deltas,
            deadline=deadline,
            recognition=recognition,  # type: ignore[arg-type]
            quota=quota,
            first=first,
            batna_changes=changes,
            rng=np.random.default_rng(seed),
        )
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        emit_json({"case": the_case.id} | result.to_dict())
        return
    for c in changes:
        console.print(f"{c.by} {c.kind} at round {c.round}: {c.party}'s BATNA → {c.batna:.3f}")
    if result.package is None:
        console.print(f"Talks break down at round {result.breakdown_round} (no agreement).")
    else:
        console.print(
            f"Agreement at round {result.agreement_round}, proposed by {result.proposer}."
        )
        table = Table("issue", "package", title="Agreed package")
        for issue, label in result.package.labels.items():
            table.add_row(issue, label)
        console.print(table)
    util = Table("party", "patience", "utility", "expected at start", title="Parties")
    for i, p in enumerate(result.party_ids):
        util.add_row(
            p,
            f"{result.patience[i]:g}",
            "—" if result.utilities is None else f"{result.utilities[i]:.3f}",
            f"{result.expected[i]:.3f}",
        )
    console.print(util)


def concession(
    case: str = CASE_ARG,
    tactics: str | None = typer.Option(
        None, "--tactics", help="By party id, e.g. PARTY=boulware,OTHER=conceder (or a β number)."
    ),
    deadline: int = typer.Option(
        20, "--deadline", min=1, max=MAX_ROUNDS, help="Rounds before talks end."
    ),
    parties: list[str] | None = PARTIES_OPT,
    levels: int = LEVELS_OPT,
    form: str = FORM_OPT,
    scenario: str | None = SCENARIO_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Simulate Boulware / linear / conceder negotiators (Faratin, Sierra & Jennings 1998)."""
    from ontable.bargaining import TACTICS, concession_simulation

    the_case = open_case(case)
    problem = _problem(the_case, parties, levels, form, scenario)
    chosen: dict[str, str | float] = {}
    for party, text in _pairs(tactics, "--tactics").items():
        if party not in problem.party_ids:
            fail(
                f"--tactics: unknown party {party!r} (at the table: {', '.join(problem.party_ids)})"
            )
        if text in TACTICS:
            chosen[party] = text
            continue
        try:
            beta = float(text)
        except ValueError:
            fail(f"--tactics: {party}={text!r} is not one of {', '.join(TACTICS)} or a number")
        if not math.isfinite(beta) or beta <= 0:
            fail(f"--tactics: {party}={text} must be a positive, finite number")
        chosen[party] = beta
    try:
        result = concession_simulation(problem, chosen, deadline=deadline)
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        emit_json({"case": the_case.id} | result.to_dict())
        return
    table = Table("round", "proposer", *(f"u {p}" for p in result.party_ids), "accepted by")
    for o in result.offers:
        table.add_row(
            str(o.round), o.proposer, *(f"{u:.3f}" for u in o.utilities), ", ".join(o.accepted_by)
        )
    console.print(table)
    if result.package is None:
        console.print(f"Breakdown: no offer accepted by the deadline (round {deadline}).")
    else:
        terms = ", ".join(f"{k}={v}" for k, v in result.package.labels.items())
        console.print(f"Agreement at round {result.agreement_round}: {terms}")
