"""The ``proximity`` and ``accept`` commands: whose agenda a document follows, who would accept it."""

from __future__ import annotations

import typer
from rich.table import Table

from ontable.cli.analysis.shared import CASE_ARG, JSON_OPT, _document, _fmt, _party
from ontable.cli.common import console, emit_json, fail, open_case


def proximity(
    case: str = CASE_ARG,
    between: tuple[str, str] | None = typer.Option(
        None, "--between", help="Two party ids for the lean index (default: main_parties)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Whose agenda: each document's distance to each party's ideal, and its lean."""
    from ontable.analysis import lean
    from ontable.analysis import proximity as make_proximity

    the_case = open_case(case)
    pair = between if between is not None else the_case.main_parties
    if pair is not None:
        pair = (_party(the_case, pair[0]), _party(the_case, pair[1]))
    result = make_proximity(the_case)
    leans = [lean(the_case, d, *pair) for d in result.document_ids] if pair else []
    if as_json:
        emit_json(
            result.to_dict()
            | {"between": list(pair) if pair else None, "leans": [x.to_dict() for x in leans]}
        )
        return
    if not result.document_ids:
        console.print(f"{the_case.id}: no documents")
        return
    columns = ["document", *result.party_ids, "closest"]
    if pair:
        columns += [f"lean {pair[0]}→{pair[1]}", "interval"]
    table = Table(
        *columns,
        title="Distance to each party's ideal (0–100, salience-weighted)",
        caption="lean: 0 = all the way to the first party, 1 = all the way to the second",
    )
    for k, d in enumerate(result.document_ids):
        row = [d, *(_fmt(v, ".1f") for v in result.distances[k]), result.closest(d) or "—"]
        if pair:
            x = leans[k]
            row += [_fmt(x.index), f"[{_fmt(x.low)}, {_fmt(x.high)}]"]
        table.add_row(*row)
    console.print(table)
    if pair is None:
        console.print("No lean: the case names no main_parties; pass --between A B.")


def accept(
    case: str = CASE_ARG,
    document: str | None = typer.Argument(None, help="A document id (default: every document)."),
    form: str = typer.Option("linear", "--form", help="Utility loss: linear or quadratic."),
    unaddressed: str = typer.Option(
        "carry-over",
        "--unaddressed",
        help="Issues a document leaves open: carry-over, not-counted or status-quo.",
    ),
    samples: int = typer.Option(
        2000, "--samples", min=1, max=1_000_000, help="Draws over the input ranges."
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the random draws."),
    as_json: bool = JSON_OPT,
) -> None:
    """Who would accept, who would veto, how likely over the input ranges, and why."""
    import numpy as np

    from ontable.analysis import UNADDRESSED_RULES, acceptance_odds, agreement_zone, zopa
    from ontable.utility import LOSS_FORMS

    if form not in LOSS_FORMS:
        fail(f"unknown --form '{form}' (expected one of: {', '.join(LOSS_FORMS)})")
    if unaddressed not in UNADDRESSED_RULES:
        fail(
            f"unknown --unaddressed '{unaddressed}' (expected one of: {', '.join(UNADDRESSED_RULES)})"
        )
    the_case = open_case(case)
    docs = None if document is None else [_document(the_case, document)]
    rng = np.random.default_rng(seed)
    odds = acceptance_odds(
        the_case,
        rng,
        docs,
        samples=samples,
        form=form,
        unaddressed=unaddressed,
    )
    result = odds.point
    zone = zopa(the_case, form=form)
    room = (
        None
        if document is None
        else agreement_zone(
            the_case,
            document,
            rng,
            form=form,
            unaddressed=unaddressed,
        )
    )
    if as_json:
        data = {
            "acceptability": result.to_dict(),
            "odds": odds.to_dict(),
            "zopa": zone.to_dict(),
            "seed": seed,
        }
        if room is not None:
            data["agreement_zone"] = room.to_dict()
        emit_json(data)
        return
    style = {"accepts": "green", "vetoes": "red", "rejects": "yellow", "no BATNA": "dim"}
    for i, d in enumerate(result.document_ids):
        table = Table(
            "party",
            "required",
            "utility",
            "BATNA",
            "margin",
            "verdict",
            "P(accepts)",
            "drivers",
            title=d,
            caption=(
                f"P over {samples} draws of the input ranges (seed {seed}); unaddressed issues: "
                f"{unaddressed}"
            ),
        )
        for j, p in enumerate(result.party_ids):
            verdict = result.verdict(d, p)
            drivers = ", ".join(
                f"{x.issue} {'RED LINE' if x.red_line else f'{x.loss_share:.0%}'}"
                for x in result.drivers(d, p)[:3]
            )
            table.add_row(
                p,
                "yes" if result.required[j] else "no",
                _fmt(result.utilities[i, j]),
                _fmt(result.batna[j]),
                _fmt(result.margins[i, j], "+.2f"),
                f"[{style[verdict]}]{verdict}[/]",
                _fmt(odds.probability[i, j], ".0%"),
                drivers,
            )
        console.print(table)
        carried = result.carried[i]
        if carried:
            console.print(
                "Taken from other documents: " + ", ".join(f"{k} ({v})" for k, v in carried.items())
            )
        console.print(
            f"P(every counted required party accepts): {_fmt(odds.all_required[i], '.0%')}"
        )
    if result.without_batna:
        console.print(
            f"No BATNA in the case for: {', '.join(result.without_batna)} (no verdict given)."
        )
    if room is not None:
        console.print(
            f"[bold]Room on each issue with the others held at {room.around}[/bold] "
            "(every counted party accepts; red lines cut out)"
        )
        atable = Table("issue", "draft sets", "room", "limited by")
        for z in room.issues:
            atable.add_row(
                z.issue,
                "—" if z.draft is None else _fmt(z.draft, ".0f"),
                "not set by the draft"
                if z.draft is None
                else ("; ".join(f"{lo:.1f}–{hi:.1f}" for lo, hi in z.intervals) or "none"),
                ", ".join(z.limited_by),
            )
        console.print(atable)
        console.print(
            f"Joint feasible region: {room.feasible_share:.1%} of all packages "
            f"({room.samples} uniform draws) are acceptable to every counted party."
        )
    else:
        console.print(
            f"[bold]Zone of possible agreement[/bold] ({form} loss; name a document for the room around it)"
        )
        ztable = Table("issue", "low", "high")
        for zi in zone.issues:
            if zi.empty:
                ztable.add_row(zi.issue, "empty", "")
            else:
                ztable.add_row(zi.issue, _fmt(zi.low, ".1f"), _fmt(zi.high, ".1f"))
        console.print(ztable)
    console.print(f"Counted (required, with a BATNA): {', '.join(zone.counted) or 'none'}.")
    if zone.without_batna:
        console.print(
            f"Required but without a BATNA, not counted: {', '.join(zone.without_batna)}."
        )
