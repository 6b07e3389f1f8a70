"""The ``sources`` command: what kinds of source each document and party's stances rest on."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from ontable.cli.common import console, emit_json, open_case


def register(app: typer.Typer) -> None:
    """Add the sources command to ``app``."""
    app.command("sources")(sources)


def sources(
    case: str = typer.Argument(..., help="A built-in case name or a case folder."),
    exclude: list[str] = typer.Option(
        [], "--exclude", help="A further domain never accepted as a source (repeatable)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The source mix per document and per party's stances; items resting on weak sources."""
    from ontable.analysis import source_mix
    from ontable.model import SOURCE_KINDS

    the_case = open_case(case)
    mix = source_mix(the_case, exclude)
    if as_json:
        emit_json(mix.to_dict())
        return
    table = Table(
        "group",
        "items",
        *SOURCE_KINDS,
        "strong",
        "weak only",
        "excluded only",
        title=f"Sources of {mix.case_id}",
        caption=(
            "citations per kind of page; strong = share of items with a primary text, official "
            "statement, wire service or major outlet; weak only = items resting only on "
            "aggregators, unclassified pages or another party's media; excluded only = items resting only on excluded "
            "domains"
        ),
    )
    for r in mix.rows:
        share = "—" if not r.items else f"{r.strong_share:.0%}"
        table.add_row(
            escape(r.group),
            str(r.items),
            *(str(r.citations.get(k, 0)) for k in SOURCE_KINDS),
            share,
            str(r.weak_only_items),
            str(r.sole_excluded_items),
        )
    console.print(table)
    d = mix.to_dict()["totals"]
    console.print(
        f"provisions with a strong source: {_pct(d['provision_strong_share'])}; "
        f"stances: {_pct(d['stance_strong_share'])}; "
        f"items resting only on excluded domains: {d['sole_excluded']}; "
        f"only on weak sources: {d['weak_only']} (of which on another party's media: "
        f"{d['other_party_media']}); pages not in the catalogue: {d['unlisted_urls']}"
    )
    for item in mix.sole_excluded:
        console.print(f"excluded only: {escape(item.group)} {escape(item.item)}")
    for item in mix.other_party_media:
        console.print(f"another party's media only: {escape(item.group)} {escape(item.item)}")


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"
