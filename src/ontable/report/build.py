"""Building a report: run the engines on a case and arrange their results in sections.

The builder is pure (no files, no printing): it returns a :class:`~ontable.report.blocks.Report`
that ``html.py`` or ``markdown.py`` render. A section whose engine is not installed says so
in a note marked ``missing`` instead of showing invented numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

import numpy as np
import pandas as pd

from ontable import __version__
from ontable.analysis import (
    Acceptability,
    DocumentDiff,
    Lean,
    Ledger,
    Proximity,
    acceptability,
    diff_documents,
    lean,
    ledger,
    proximity,
    source_mix,
)
from ontable.forecast.base import Forecast
from ontable.forecast.registry import available_models, get_model
from ontable.io import case_digest
from ontable.model import SOURCE_KINDS, Case, Document
from ontable.model.arrays import case_arrays
from ontable.report import charts, data
from ontable.report.blocks import (
    Block,
    Card,
    Cell,
    Group,
    Link,
    Note,
    Report,
    Section,
    Table,
    Words,
    slug,
)

DEFAULT_SAMPLES = 1000
"""Sweep size of a report by default: enough for stable 5–95% bands, small enough to stay fast."""

DEFAULT_SEED = 2025

SWEEP_CHUNK_SIZE = 500
"""Samples per sweep chunk in a report. Fixed (not derived from the machine's cores) because a
sweep's numbers depend on its chunking: the same report on any machine and executor."""

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ReportOptions:
    """What a report runs: which models, how many sweep samples, which seed."""

    models: tuple[str, ...] | None = None
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    bargaining: bool = True


@dataclass
class _Context:
    """Results shared by several sections, computed once."""

    case: Case
    options: ReportOptions
    documents: tuple[Document, ...]
    ledgers: dict[str, Ledger] = field(default_factory=dict)
    proximity: Proximity | None = None
    leans: dict[str, Lean] = field(default_factory=dict)
    acceptability: Acceptability | None = None
    forecasts: dict[str, Forecast] = field(default_factory=dict)
    sweeps: dict[str, Any] = field(default_factory=dict)
    bargaining: Any | None = None


def engine(module: str, name: str) -> Any | None:
    """``module.name`` if that engine is installed, else None (the report then says so)."""
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError):
        return None


def provision_anchor(document_id: str, provision_id: str) -> str:
    """The HTML id of a provision's row in the sources section."""
    return slug("prov", document_id, provision_id)


def provision_link(document_id: str, provision_id: str) -> Link:
    """A link to a provision's row: ``pt 7``."""
    return Link(f"pt {provision_id}", "#" + provision_anchor(document_id, provision_id))


def source_links(urls: Sequence[str]) -> tuple[Link, ...]:
    """Source URLs as numbered links ``[1] [2]`` (the address shows on hover and in print)."""
    return tuple(Link(f"[{i}]", u) for i, u in enumerate(urls, start=1))


def build_report(
    case: Case,
    options: ReportOptions | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> Report:
    """Every section of the report of ``case``, in reading order.

    Parameters
    ----------
    case
        A loaded, valid case.
    options
        Models, sweep size and seed (defaults: every available model, 1000 samples, 2025).
    progress
        Called with a short phrase as each stage starts (the CLI shows it).
    executor
        Where the sweeps' chunks run (default: serially here); the numbers are the same on
        any executor (:mod:`ontable.sweep.run`).

    Returns
    -------
    Report
        The sections with their cards, tables and charts; ``meta`` records the seed, sample
        size, models, package version and the case's content hash.
    """
    options = options or ReportOptions()
    say = progress or (lambda _: None)
    ctx = _Context(case, options, data.documents_in_order(case))
    say("ledgers")
    ctx.ledgers = {d.id: ledger(case, d) for d in ctx.documents}
    if case.stances and ctx.documents:
        say("proximity and acceptability")
        ctx.proximity = proximity(case, ctx.documents)
        if case.main_parties is not None:
            a, b = case.main_parties
            ctx.leans = {d.id: lean(case, d, a, b) for d in ctx.documents}
        ctx.acceptability = acceptability(case, ctx.documents)
    say("forecasts")
    _run_forecasts(ctx)
    if options.samples > 0 and case.stances:
        _run_sweeps(ctx, executor, say)
    if options.bargaining and case.stances:
        summary = engine("ontable.bargaining", "bargaining_summary")
        if summary is not None:
            say("bargaining")
            ctx.bargaining = summary(case)
    builders: list[tuple[str, Callable[[_Context], Section]]] = [
        ("at a glance", _glance),
        ("obligation ledger", _ledger_section),
        ("drafts", _drafts_section),
        ("agenda", _agenda_section),
        ("acceptability", _signing_section),
        ("forecasts and sweep", _heading_section),
        ("assumptions", _assumptions_section),
    ]
    sections = []
    for phrase, build in builders:
        say(phrase)
        sections.append(build(ctx))
    meta = {
        "seed": options.seed,
        "samples": options.samples,
        "models": list(ctx.forecasts),
        "version": __version__,
        "case_digest": case_digest(case),
    }
    return Report(case.id, case.title, case.description, tuple(sections), meta)


def _run_forecasts(ctx: _Context) -> None:
    wanted = ctx.options.models if ctx.options.models is not None else tuple(available_models())
    arrays = case_arrays(ctx.case)
    seeds = np.random.SeedSequence(ctx.options.seed).spawn(len(wanted))
    for name, seed in zip(wanted, seeds, strict=True):
        model = get_model(name)
        ctx.forecasts[name] = model(arrays, rng=np.random.default_rng(seed))


def _run_sweeps(ctx: _Context, executor: Executor | None, say: Progress) -> None:
    plan_sweep = engine("ontable.sweep", "plan_sweep")
    run_sweep = engine("ontable.sweep", "run_sweep")
    if plan_sweep is None or run_sweep is None:
        return
    for name in ctx.forecasts:
        say(f"sweep of {name} ({ctx.options.samples} samples)")
        # One seed for every model: each model sees the same input draws (common random
        # numbers), so differences between their bands come from the models alone.
        plan = plan_sweep(
            ctx.case,
            model=name,
            samples=ctx.options.samples,
            seed=ctx.options.seed,
            chunk_size=SWEEP_CHUNK_SIZE,
        )
        ctx.sweeps[name] = run_sweep(plan, executor)


# --- At a glance ---------------------------------------------------------------------------


def _glance(ctx: _Context) -> Section:
    case = ctx.case
    if not ctx.documents:
        blocks: tuple[Block, ...] = (Note("The case has no documents yet.", missing=True),)
        return Section("at-a-glance", "At a glance", "", blocks)
    cards = [_document_card(ctx, d) for d in ctx.documents]
    intro = (
        f"{len(ctx.documents)} documents of {case.title}, oldest first: who drafted each, "
        "who it obliges and how firmly, and what it leaves one-sided."
    )
    return Section("at-a-glance", "At a glance", intro, tuple(cards))


def _document_card(ctx: _Context, doc: Document) -> Card:
    case = ctx.case
    led = ctx.ledgers[doc.id]
    per_party = data.obligations_by_party(data.obligation_counts(case, led))
    obligations = (
        "; ".join(
            f"{p}: " + ", ".join(f"{n} {m}" for m, n in counts.items())
            for p, counts in per_party.items()
        )
        or "none coded"
    )
    gaps = led.reciprocity_gaps
    gap_text = (
        f"{len(gaps)}: "
        + "; ".join(
            f"{data.party_name(case, g.party)} owes {data.party_name(case, g.counterpart)} "
            f"'{g.action}' unmatched (pt {g.provision_id})"
            for g in gaps[:3]
        )
        + ("; …" if len(gaps) > 3 else "")
        if gaps
        else "none found"
    )
    facts: list[tuple[str, str]] = [
        ("Drafted by", data.names(case, doc.drafters)),
        ("Consulted", data.names(case, doc.consulted)),
        ("Left out", data.names(case, doc.excluded)),
    ]
    if doc.revises:
        facts.append(("Revises", _doc_title(case, doc.revises)))
    facts += [
        ("Obligations", obligations),
        ("Reciprocity gaps", gap_text),
        ("Lean", _lean_text(ctx, doc)),
        ("Would accept", _accept_text(ctx, doc)),
    ]
    subtitle = f"{doc.date.isoformat()} · {doc.kind} · {len(doc.provisions)} points"
    return Card(slug("card", doc.id), doc.title, subtitle, tuple(facts))


def _doc_title(case: Case, document_id: str) -> str:
    try:
        return case.document(document_id).title
    except KeyError:
        return document_id


def _lean_text(ctx: _Context, doc: Document) -> str:
    case = ctx.case
    if case.main_parties is None:
        return "not measured: the case names no main parties"
    x = ctx.leans.get(doc.id)
    if x is None or np.isnan(x.index):
        return "not defined: the document sets no issue that divides the main parties"
    a, b = (data.party_name(case, p) for p in case.main_parties)
    side = a if x.index < 0.5 else b if x.index > 0.5 else "neither"
    return (
        f"{x.index:.2f} on a scale from 0 ({a}) to 1 ({b}); range {x.low:.2f}–{x.high:.2f}; "
        f"closer to {side}"
    )


def _accept_text(ctx: _Context, doc: Document) -> str:
    acc = ctx.acceptability
    if acc is None:
        return "not measured: the case has no stances"
    if np.isnan(acc.utilities[acc.document_ids.index(doc.id)]).all():
        return "not measured: the document sets no position the parties have a stance on"
    case = ctx.case
    accept = data.names(case, acc.accepting(doc.id))
    veto = acc.vetoing(doc.id)
    text = f"{accept}"
    if veto:
        text += f"; would veto: {data.names(case, veto)}"
    rejects = tuple(p for p in acc.party_ids if acc.verdict(doc.id, p) == "rejects")
    if rejects:
        text += f"; would reject (not needed for a deal): {data.names(case, rejects)}"
    if acc.without_batna:
        text += f"; no BATNA coded for {data.names(case, acc.without_batna)}"
    return text


# --- The obligation ledger -----------------------------------------------------------------


def _ledger_section(ctx: _Context) -> Section:
    case = ctx.case
    groups: list[Block] = []
    for doc in ctx.documents:
        led = ctx.ledgers[doc.id]
        blocks: list[Block] = []
        counts = data.obligation_counts(case, led)
        if counts.empty:
            blocks.append(Note("No obligations are coded for this document."))
        else:
            title = f"Obligations by party and modality: {doc.title}"
            per = data.obligations_by_party(counts)
            desc = (
                f"Stacked bars of the obligations {doc.title} puts on each party, split by "
                "modality. "
                + "; ".join(
                    f"{p}: {sum(c.values())} ({', '.join(f'{n} {m}' for m, n in c.items())})"
                    for p, c in per.items()
                )
                + "."
            )
            chart = charts.obligations_chart(counts, title, desc)
            table = counts[counts["obligations"] > 0].drop(columns="party")
            blocks.append(charts.as_block(slug("chart-ledger", doc.id), title, desc, chart, table))
        blocks.append(_gaps_table(ctx, doc, led))
        blocks.append(_hedges_table(ctx, doc, led))
        groups.append(Group(slug("ledger", doc.id), doc.title, tuple(blocks)))
    intro = (
        "Who must do what under each document, and how firmly. A reciprocity gap is an "
        "obligation on one party that the counterpart does not mirror; a hedge is an "
        'obligation worded so that it binds less ("is expected to", "should").'
    )
    if not groups:
        groups.append(Note("The case has no documents yet.", missing=True))
    return Section("ledger", "The obligation ledger", intro, tuple(groups))


def _gaps_table(ctx: _Context, doc: Document, led: Ledger) -> Table:
    case = ctx.case
    columns = ("provision", "obliged", "unmatched by", "action", "kind / issue", "modality")
    rows = tuple(
        (
            provision_link(doc.id, g.provision_id),
            data.party_name(case, g.party),
            data.party_name(case, g.counterpart),
            g.action,
            g.kind or g.issue or "",
            g.modality,
        )
        for g in led.reciprocity_gaps
    )
    return Table(
        slug("gaps", doc.id),
        f"Reciprocity gaps: {doc.title}",
        columns,
        rows,
        caption=None if rows else "No reciprocity gaps found.",
    )


def _hedges_table(ctx: _Context, doc: Document, led: Ledger) -> Table:
    case = ctx.case
    columns = ("provision", "obliged", "action", "benefits", "wording")
    rows = tuple(
        (
            provision_link(doc.id, e.provision_id),
            data.names(case, e.on),
            e.action,
            data.names(case, e.benefits),
            e.quote or "",
        )
        for e in led.hedges
    )
    return Table(
        slug("hedges", doc.id),
        f"Hedged obligations: {doc.title}",
        columns,
        rows,
        caption=None if rows else "No hedged obligations.",
    )


# --- How the drafts moved -------------------------------------------------------------------


def _drafts_section(ctx: _Context) -> Section:
    case = ctx.case
    blocks: list[Block] = []
    positions = data.draft_positions(case)
    if positions.empty:
        blocks.append(Note("No document sets a position on any issue yet.", missing=True))
    else:
        title = "Position each draft sets, per issue"
        desc = _drafts_description(positions)
        chart = charts.drafts_chart(positions, title, desc)
        table = positions.drop(columns=["issue", "document"])
        blocks.append(charts.as_block("chart-drafts", title, desc, chart, table))
    blocks.extend(_diff_blocks(ctx))
    intro = (
        "Where each draft puts each issue (0–100, the ends described in the sources section), "
        "and what each revision changed, provision by provision."
    )
    return Section("drafts", "How the drafts moved", intro, tuple(blocks))


def _drafts_description(positions: pd.DataFrame) -> str:
    parts = []
    for issue_name, rows in positions.groupby("issue_name", sort=False):
        seq = ", ".join(f"{r.title} {r.position:g}" for r in rows.itertuples())
        parts.append(f"{issue_name}: {seq}")
    return (
        "Small multiples, one per issue, of the position each document sets (0–100) by date. "
        + "; ".join(parts)
        + "."
    )


def _diff_blocks(ctx: _Context) -> list[Block]:
    case = ctx.case
    known = {d.id for d in case.documents}
    revisions = [d for d in ctx.documents if d.revises is not None and d.revises in known]
    if not revisions:
        return [Note("No document of the case revises another, so there is nothing to diff.")]
    blocks: list[Block] = []
    for doc in revisions:
        old = case.document(str(doc.revises))
        diff = diff_documents(case, old, doc)
        counts = ", ".join(f"{n} {k}" for k, n in diff.counts.items())
        moved = sum(1 for s in diff.issue_shifts if s.status != "unchanged")
        blocks.append(
            Group(
                slug("diff", old.id, doc.id),
                f"{old.title} → {doc.title}",
                (_shifts_table(case, old, doc, diff), _pairs_table(case, old, doc, diff)),
                collapsed=True,
                summary=f"Provisions: {counts}; issue positions changed: {moved}.",
            )
        )
    return blocks


def _pairs_table(case: Case, old: Document, new: Document, diff: DocumentDiff) -> Table:
    columns = ("change", old.title, new.title, "similarity", "what changed")
    rows = []
    for pair in diff.pairs:
        if pair.status == "new":
            what: Words | str = new.provision(str(pair.b_id)).summary
        elif pair.status == "dropped":
            what = old.provision(str(pair.a_id)).summary
        elif pair.word_diff and any(op != "=" for op, _ in pair.word_diff):
            what = Words(tuple(pair.word_diff))
        else:
            what = ""
        moves = "; ".join(
            f"{data.issue_name(case, c.issue)} {_fmt(c.a)} → {_fmt(c.b)}"
            for c in pair.position_changes
        )
        if moves:
            what = (
                Words((*what.runs, ("=", f"(positions: {moves})")))
                if isinstance(what, Words)
                else f"{what} (positions: {moves})".strip()
            )
        rows.append(
            (
                pair.status,
                provision_link(old.id, pair.a_id) if pair.a_id else None,
                provision_link(new.id, pair.b_id) if pair.b_id else None,
                None if pair.similarity is None else round(pair.similarity, 2),
                what,
            )
        )
    counts = ", ".join(f"{n} {k}" for k, n in diff.counts.items())
    return Table(
        slug("diff-pairs", old.id, new.id),
        f"Provisions aligned: {old.title} → {new.title}",
        columns,
        tuple(rows),
        caption=f"{counts}. Struck-through words were removed, bold ones added.",
    )


def _fmt(value: float | None) -> str:
    return "open" if value is None else f"{value:g}"


def _shifts_table(case: Case, old: Document, new: Document, diff: DocumentDiff) -> Table:
    columns = ("issue", old.title, new.title, "shift", "status")
    rows = tuple(
        (
            data.issue_name(case, s.issue),
            s.a,
            s.b,
            None if s.shift is None else round(s.shift, 1),
            s.status,
        )
        for s in diff.issue_shifts
    )
    return Table(
        slug("diff-shifts", old.id, new.id),
        f"Issue positions: {old.title} → {new.title}",
        columns,
        rows,
        caption=None if rows else "Neither draft sets a position on any issue.",
    )


# --- Whose agenda ---------------------------------------------------------------------------


def _agenda_section(ctx: _Context) -> Section:
    case = ctx.case
    intro = (
        "How close each document comes to each party's ideal points: the salience-weighted "
        "distance (0 = everything the document sets is where the party wants it, 100 = the far "
        "end of every scale), over the issues the document sets."
    )
    if ctx.proximity is None:
        why = "the case has no stances" if not case.stances else "the case has no documents"
        return Section(
            "agenda", "Whose agenda", intro, (Note(f"Not measured: {why}.", missing=True),)
        )
    blocks: list[Block] = []
    cells = data.proximity_cells(case, ctx.proximity)
    if cells.empty:
        blocks.append(Note("No document sets an issue any party has a stance on.", missing=True))
    else:
        title = "Distance of each document from each party's ideal points"
        desc = (
            "Heatmap, documents by parties, of the distance (0–100; lower is closer). "
            + _pairs_text(cells, "title", "party_name", "distance", "{:g}")
        )
        chart = charts.heatmap(
            cells,
            x="party_name",
            y="title",
            value="distance",
            x_title="Party",
            y_title=None,  # long document names label themselves
            value_title="Distance",
            title=title,
            description=desc,
            domain=(0.0, 100.0),
            scheme="viridis",
            fmt=".0f",
            x_sort=[data.party_name(case, p) for p in ctx.proximity.party_ids],
            y_sort=[d.title for d in ctx.documents],
        )
        blocks.append(charts.as_block("chart-proximity", title, desc, chart, cells))
    if case.main_parties is None:
        blocks.append(Note("The case names no main parties, so no lean index is measured."))
    else:
        a, b = (data.party_name(case, p) for p in case.main_parties)
        rows = data.lean_rows(case, [ctx.leans[d.id] for d in ctx.documents])
        if rows.empty:
            blocks.append(Note(f"No document sets an issue that divides {a} and {b}."))
        else:
            title = f"Lean of each document between {a} and {b}"
            desc = (
                f"Dots on a 0–1 scale: 0 means the document sides with {a}'s ideal points on "
                f"every issue dividing the two, 1 with {b}'s. "
                + "; ".join(
                    f"{r.title}: {r.lean:.2f} (range {r.low:.2f}–{r.high:.2f})"
                    for r in rows.itertuples()
                )
                + "."
            )
            chart = charts.lean_chart(rows, title, desc, a, b)
            blocks.append(
                charts.as_block(
                    "chart-lean",
                    title,
                    desc,
                    chart,
                    rows.rename(columns={"low": "range low", "high": "range high"}),
                )
            )
    return Section("agenda", "Whose agenda", intro, tuple(blocks))


def _pairs_text(frame: pd.DataFrame, row: str, col: str, value: str, fmt: str) -> str:
    parts = []
    for key, rows in frame.groupby(row, sort=False):
        cells = ", ".join(
            f"{getattr(r, col)} {fmt.format(getattr(r, value))}" for r in rows.itertuples()
        )
        parts.append(f"{key}: {cells}")
    return "; ".join(parts) + "."


def _signing_section(ctx: _Context) -> Section:
    case = ctx.case
    intro = (
        "Each party's utility of each document (1 = its ideal package, 0 = the farthest "
        "possible) against its BATNA, the value it puts on no deal. Issues a document leaves "
        "open count at their status quo where the case gives one. A party accepts when the "
        "document is worth at least its BATNA; a party whose consent a deal needs vetoes "
        "otherwise."
    )
    acc = ctx.acceptability
    if acc is None:
        why = "the case has no stances" if not case.stances else "the case has no documents"
        return Section(
            "signing", "Who would sign", intro, (Note(f"Not measured: {why}.", missing=True),)
        )
    cells = data.acceptance_cells(case, acc)
    if cells.empty:
        note = Note("No document sets an issue any party has a stance on.", missing=True)
        return Section("signing", "Who would sign", intro, (note,))
    parties = [data.party_name(case, p) for p in acc.party_ids]
    docs = [d.title for d in ctx.documents if d.title in set(cells["title"])]
    marks = {"accepts": " ✓", "vetoes": " ✗", "rejects": " ✗"}
    heat = cells.assign(
        label=[
            f"{u:.2f}{marks.get(v, '')}"
            for u, v in zip(cells["utility"], cells["verdict"], strict=True)
        ]
    )
    title = "Acceptability: utility of each document to each party"
    desc = (
        "Heatmap, parties by documents, of each party's utility (0–1); ✓ marks a document "
        "the party would accept, ✗ one it would veto or reject. "
    ) + _pairs_text(
        cells.assign(
            shown=[
                f"{u:.2f} ({v})" for u, v in zip(cells["utility"], cells["verdict"], strict=True)
            ]
        ),
        "party_name",
        "title",
        "shown",
        "{}",
    )
    chart = charts.heatmap(
        heat,
        x="title",
        y="party_name",
        value="utility",
        x_title="Document",
        y_title="Party",
        value_title="Utility",
        title=title,
        description=desc,
        domain=(0.0, 1.0),
        scheme="viridis",
        fmt=".2f",
        x_sort=docs,
        y_sort=parties,
        label="label",
    )
    blocks: list[Block] = [charts.as_block("chart-acceptability", title, desc, chart, cells)]
    title2 = "Utility of each document against each party's BATNA"
    desc2 = (
        "Dots: each party's utility of each document on a 0–1 scale; a tick marks the party's "
        "BATNA, so dots right of the tick are deals the party prefers to no deal. "
        + "; ".join(
            f"{p}: BATNA {'not coded' if b is None or pd.isna(b) else f'{b:.2f}'}"
            for p, b in cells.drop_duplicates("party_name")[["party_name", "batna"]].itertuples(
                index=False
            )
        )
        + "."
    )
    chart2 = charts.acceptance_chart(cells, title2, desc2)
    blocks.append(charts.as_block("chart-batna", title2, desc2, chart2, cells))
    blocks.extend(_acceptance_odds(ctx))
    blocks.extend(_room_around(ctx))
    if acc.without_batna:
        blocks.append(
            Note(
                f"No BATNA is coded for {data.names(case, acc.without_batna)}: no verdict is "
                "given for them (none is assumed)."
            )
        )
    return Section("signing", "Who would sign", intro, tuple(blocks))


def _acceptance_odds(ctx: _Context) -> list[Block]:
    """The sweep's share of draws in which each party accepts each document."""
    result = next(iter(ctx.sweeps.values()), None)
    if result is None or not result.document_ids:
        return []
    case = ctx.case
    titles = [_doc_title(case, d) for d in result.document_ids]
    rows = tuple(
        (
            data.party_name(case, p),
            *(
                None
                if np.isnan(result.acceptance[d, j])
                else round(float(result.acceptance[d, j]), 2)
                for d in range(len(result.document_ids))
            ),
        )
        for j, p in enumerate(result.party_ids)
    )
    caption = (
        f"Share of {result.samples} draws of the inputs within their ranges ({result.distribution}) "
        "in which the party's utility of the document is at least its BATNA; empty where no "
        "BATNA is coded."
    )
    return [
        Table(
            "acceptance-odds",
            "How sure is each verdict? Probability of acceptance under the stated ranges",
            ("party", *titles),
            rows,
            caption=caption,
        )
    ]


def _room_around(ctx: _Context) -> list[Block]:
    """Per issue and document: how far the draft could move on that issue alone and still be
    acceptable to every required party with a BATNA (``zopa(case, around=doc)``)."""
    zopa = engine("ontable.analysis", "zopa")
    if zopa is None or not ctx.documents:
        return []
    case = ctx.case
    zones = [zopa(case, around=doc) for doc in ctx.documents]
    if not zones[0].counted:
        return []
    rows = []
    for i, issue in enumerate(case.issues):
        cells: list[Cell] = [issue.name]
        for doc, zone in zip(ctx.documents, zones, strict=True):
            z = zone.issues[i]
            if issue.id not in doc.positions:
                cells.append(None)
            elif z.empty:
                cells.append(f"{doc.positions[issue.id]:.0f}: none")
            else:
                cells.append(f"{doc.positions[issue.id]:.0f}: {z.low:.0f}–{z.high:.0f}")
        rows.append(tuple(cells))
    caption = (
        "Each cell: the position the document sets, then the range that issue could take, "
        "with every other issue held where the document sets it, and the document still be "
        f"worth at least its BATNA to {data.names(case, zones[0].counted)}. "
        "“none”: some of them would refuse the document whatever is done on that issue alone; "
        "empty: the document does not set the issue."
    )
    return [
        Table(
            "room-around",
            "Room to move: each issue, one at a time, around each document",
            ("issue", *(d.title for d in ctx.documents)),
            tuple(rows),
            caption=caption,
        )
    ]


# --- Where it is heading --------------------------------------------------------------------


def _heading_section(ctx: _Context) -> Section:
    case = ctx.case
    intro = (
        "Each model's predicted outcome per issue from the stances in the sources section, "
        "with the spread of outcomes when the inputs vary within their ranges. Models "
        "disagree by design: each is a different theory of how the bargaining works."
    )
    if not case.stances:
        note = Note("The case has no stances yet, so no model can forecast it.", missing=True)
        return Section("heading", "Where it is heading", intro, (note,))
    blocks: list[Block] = []
    forecasts = dict(ctx.forecasts)
    nash = getattr(ctx.bargaining, "nash", None)
    if isinstance(nash, Forecast):
        forecasts["nash bargaining"] = nash
    bands = {name: data.sweep_band(result) for name, result in ctx.sweeps.items()}
    points = data.forecast_points(case, forecasts, bands)
    ideals = data.ideal_points(case)
    title = "Forecast outcome per issue, by model"
    desc = _forecast_description(points)
    chart = charts.forecast_chart(
        points, ideals[["issue_name", "party_name", "position"]], title, desc
    )
    blocks.append(
        charts.as_block(
            "chart-forecast",
            title,
            desc,
            chart,
            points.drop(columns="issue").rename(
                columns={"low": "sweep 5%", "median": "sweep median", "high": "sweep 95%"}
            ),
        )
    )
    if ctx.options.samples == 0:
        blocks.append(Note("No sweep was run (0 samples), so there are no bands or drivers."))
    elif not ctx.sweeps:
        blocks.append(
            Note(
                "Uncertainty bands and sensitivities: not available, the sweep engine "
                "(ontable.sweep) is not installed.",
                missing=True,
            )
        )
    else:
        blocks.append(_tornado_block(ctx))
    blocks.extend(_bargaining_blocks(ctx))
    return Section("heading", "Where it is heading", intro, tuple(blocks))


def _tornado_block(ctx: _Context) -> Block:
    case = ctx.case
    drivers = data.top_drivers(
        case, {name: r.sensitivity_frame() for name, r in ctx.sweeps.items()}
    )
    if drivers.empty:
        return Note("No input varies in the sweep, so there are no drivers to show.")
    title = "What moves the forecasts most: top drivers per model"
    desc = (
        "Tornado chart, one panel per model: the inputs whose variation explains most of the "
        "variance of an issue's outcome (first-order index), as bars of Spearman's rank "
        "correlation (right = raising the input raises the outcome). "
        + "; ".join(
            f"{model}: "
            + ", ".join(f"{r.driver} ({r.spearman:+.2f})" for r in rows.head(3).itertuples())
            for model, rows in drivers.groupby("model", sort=False)
        )
        + "."
    )
    chart = charts.tornado_chart(drivers, title, desc)
    return charts.as_block("chart-drivers", title, desc, chart, drivers)


def _bargaining_blocks(ctx: _Context) -> list[Block]:
    summary = ctx.bargaining
    if not ctx.options.bargaining:
        return []
    if summary is None:
        return [
            Note(
                "Bargaining (zone of agreement, Nash package): not available, the bargaining "
                "engine (ontable.bargaining) is not installed.",
                missing=True,
            )
        ]
    case = ctx.case
    parties = data.names(case, summary.party_ids)
    blocks: list[Block] = [
        Note(
            f"Bargaining between {parties}: {summary.explanation} The Nash bargaining package "
            "(shown above as 'nash bargaining') maximises the product of the parties' gains "
            "over their BATNAs (Nash 1950), weighted by "
            f"{summary.weights} (Binmore, Rubinstein & Wolinsky 1986)."
        )
    ]
    reach = tuple(
        (
            data.party_name(case, r.party),
            round(r.batna, 3),
            None if r.best is None else round(r.best, 3),
            round(r.best_alone, 3),
            "yes" if r.within_reach else "no",
        )
        for r in summary.reach
    )
    blocks.append(
        Table(
            "bargaining-reach",
            "Is each party's BATNA within reach?",
            ("party", "BATNA", "best with the others at their BATNA", "best alone", "within reach"),
            reach,
        )
    )
    base = summary.sensitivity[0] if summary.sensitivity else None
    if base is not None and base.agreement:
        rows = tuple(
            (data.issue_name(case, issue), base.package.get(issue, ""), round(pos, 1))
            for issue, pos in zip(summary.issue_ids, base.positions, strict=False)
        )
        blocks.append(
            Table(
                "bargaining-nash",
                "The Nash bargaining package",
                ("issue", "option", "position"),
                rows,
            )
        )
    moves = tuple(
        (
            data.party_name(case, s.party or ""),
            s.parameter,
            s.before,
            s.after,
            "yes" if s.agreement else "no",
            ", ".join(data.issue_name(case, i) for i in s.moved) or "nothing",
        )
        for s in summary.sensitivity[1:]
    )
    if moves:
        blocks.append(
            Table(
                "bargaining-sensitivity",
                "How the Nash package moves when one party's BATNA or patience changes",
                ("party", "changed", "from", "to", "agreement", "issues that move"),
                moves,
            )
        )
    return blocks


def _forecast_description(points: pd.DataFrame) -> str:
    parts = []
    for issue_name, rows in points.groupby("issue_name", sort=False):
        seq = ", ".join(
            f"{r['model']} {r['outcome']:g}"
            + ("" if r["low"] is None or pd.isna(r["low"]) else f" ({r['low']:g}–{r['high']:g})")
            for r in rows.to_dict("records")
        )
        parts.append(f"{issue_name}: {seq}")
    return "Forecast position (0–100) per issue and model. " + "; ".join(parts) + "."


# --- Assumptions and sources ----------------------------------------------------------------


def _range(bounds: tuple[float, float] | None) -> str:
    return "" if bounds is None else f"{bounds[0]:g}–{bounds[1]:g}"


def _assumptions_section(ctx: _Context) -> Section:
    case = ctx.case
    blocks: list[Block] = [
        _parties_table(case),
        _issues_table(case),
        _stances_table(case),
        _models_table(ctx),
        _run_table(ctx),
        _source_mix_table(case),
    ]
    for doc in ctx.documents:
        blocks.append(_provisions_table(case, doc))
    intro = (
        "Every input the figures above rest on: the parties' clout and alternatives, each "
        "stance with its plausible range, rationale and sources, every provision's source, "
        "the models' parameters and the seed. Change any of them in the case files and run "
        "the report again."
    )
    return Section("assumptions", "Assumptions and sources", intro, tuple(blocks))


def _parties_table(case: Case) -> Table:
    columns = (
        "party", "role", "capability", "range", "BATNA", "range", "patience",
        "needed for a deal", "rationale", "sources",
    )  # fmt: skip
    rows = tuple(
        (
            p.name,
            p.role,
            p.capability,
            _range(p.capability_range),
            p.batna,
            _range(p.batna_range),
            p.patience,
            "yes" if p.required else "no",
            "; ".join(x for x in (p.capability_rationale, p.batna_rationale) if x),
            source_links(p.sources),
        )
        for p in case.parties
    )
    return Table("parties", "Parties", columns, rows)


def _issues_table(case: Case) -> Table:
    columns = ("issue", "0 means", "100 means", "status quo", "named options")
    rows = tuple(
        (
            i.name,
            i.low,
            i.high,
            i.status_quo,
            ", ".join(f"{o.name} ({o.position:g})" for o in i.options),
        )
        for i in case.issues
    )
    return Table("issues", "Issues (each on a 0–100 scale)", columns, rows)


def _stances_table(case: Case) -> Table:
    columns = ("party", "issue", "position", "range", "salience", "range", "rationale", "sources")
    order = {
        (p, i): (a, b) for a, p in enumerate(case.party_ids) for b, i in enumerate(case.issue_ids)
    }
    stances = sorted(case.stances, key=lambda s: order.get((s.party, s.issue), (0, 0)))
    rows = tuple(
        (
            data.party_name(case, s.party),
            data.issue_name(case, s.issue),
            s.position,
            _range(s.position_range),
            s.salience,
            _range(s.salience_range),
            s.rationale,
            source_links(s.sources),
        )
        for s in stances
    )
    caption = None if rows else "The case has no stances yet."
    return Table("stances", "Stances", columns, rows, caption=caption)


def _models_table(ctx: _Context) -> Table:
    columns = ("model", "version", "parameters", "rounds")
    rows = tuple(
        (name, fc.version, json.dumps(fc.params, sort_keys=True, default=str) or "{}", fc.rounds)
        for name, fc in ctx.forecasts.items()
    )
    return Table("models", "Models and their parameters", columns, rows)


def _run_table(ctx: _Context) -> Table:
    rows: tuple[tuple[str, str], ...] = (
        ("case", ctx.case.id),
        ("case content hash (SHA-256)", case_digest(ctx.case)),
        ("seed", str(ctx.options.seed)),
        ("sweep samples per model", str(ctx.options.samples)),
        ("ontable version", __version__),
    )
    first = next(iter(ctx.sweeps.values()), None)
    if first is not None:
        rows += (
            ("sweep distribution", f"{first.distribution} within each input's range"),
            ("sweep chunk size", str(first.chunk_size)),
            ("inputs varied", str(len(first.input_names))),
        )
    return Table("run", "This run", ("setting", "value"), rows)


def _source_mix_table(case: Case) -> Table:
    mix = source_mix(case)
    columns = ("provisions of / stances of", "items", *SOURCE_KINDS, "with a strong source")
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            r.group.split(":", 1)[-1],
            r.items,
            *(r.citations.get(k, 0) for k in SOURCE_KINDS),
            "—" if not r.items else f"{r.strong_share:.0%}",
        )
        for r in mix.rows
    )
    totals = mix.to_dict()["totals"]
    caption = (
        "Citations per kind of page (primary text, official statement, wire service or major "
        "outlet, a party's own media, aggregator or repost, other); a strong source is a "
        "primary text, official statement or wire/major outlet. Items resting only on an "
        f"excluded domain: {totals['sole_excluded']}; only on weak sources: {totals['weak_only']}."
    )
    return Table("source-mix", "What the coding rests on", columns, rows, caption)


def _provisions_table(case: Case, doc: Document) -> Table:
    columns = ("point", "summary", "sets", "status", "PA-X category", "sources")
    rows = tuple(
        (
            p.id,
            p.summary,
            ", ".join(f"{data.issue_name(case, k)} = {v:g}" for k, v in p.issues.items()),
            p.status,
            p.pax or "",
            source_links(p.sources),
        )
        for p in doc.provisions
    )
    row_ids = tuple(provision_anchor(doc.id, p.id) for p in doc.provisions)
    caption = (
        f"{doc.date.isoformat()}, drafted by {data.names(case, doc.drafters)}. Sources of the document: "
        + " ".join(f"[{i}] {u}" for i, u in enumerate(doc.sources, start=1))
    )
    return Table(
        slug("provisions", doc.id), f"Provisions of {doc.title}", columns, rows, caption, row_ids
    )
