"""The appendix: every input the figures rest on, with its sources, each part collapsed."""

from __future__ import annotations

from typing import Any

from ontable import __version__
from ontable.analysis import source_mix
from ontable.analysis.ledger import DEFAULT_ASSUMPTIONS
from ontable.io import case_digest
from ontable.model import SOURCE_KINDS, Case, Document
from ontable.report import data, terms
from ontable.report.blocks import Block, Group, Section, Table, slug
from ontable.report.context import Context, provision_anchor, source_links

ID = "assumptions"
TITLE = "Appendix: assumptions and sources"


def _range(bounds: tuple[float, float] | None) -> str:
    return "" if bounds is None else f"{bounds[0]:g}–{bounds[1]:g}"


def section(ctx: Context) -> Section:
    """Parties, issues, stances, models, this run and every provision, each collapsed."""
    case = ctx.case
    parts: list[tuple[Table, str]] = [
        (parties_table(case), f"{len(case.parties)} parties: clout, no-deal value, patience."),
        (issues_table(case), f"{len(case.issues)} issues: what each end of the scale means."),
        (stances_table(case), f"{len(case.stances)} stances with ranges, rationale, sources."),
        (models_table(ctx), f"{len(ctx.forecasts)} models and their settings."),
        (
            ledger_weights_table(),
            "How firmly each duty weighs, by wording and by who judges its conditions.",
        ),
        (run_table(ctx), "Seed, sample size, version and the case's content hash."),
        (source_mix_table(case), "What the coding rests on: the kinds of page cited."),
    ]
    for doc in ctx.documents:
        parts.append((provisions_table(case, doc), f"{len(doc.provisions)} provisions."))
    blocks: list[Block] = [
        Group(slug("appendix", t.id), t.title, (t,), collapsed=True, summary=summary)
        for t, summary in parts
    ]
    intro = (
        "Every input the figures above rest on: the parties' clout and alternatives, each "
        "stance with its plausible range, rationale and sources, every provision's source, "
        "the models' settings and the seed. Change any of them in the case files and run "
        "the report again."
    )
    return Section(ID, TITLE, intro, tuple(blocks))


def source_mix_table(case: Case) -> Table:
    """Citations per kind of page, per document and per party's stances."""
    mix = source_mix(case)
    columns = ("provisions of / stances of", "items", *SOURCE_KINDS, "with a strong source")
    rows: tuple[tuple[Any, ...], ...] = tuple(
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


def parties_table(case: Case) -> Table:
    """The parties' inputs."""
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


def issues_table(case: Case) -> Table:
    """The issues and what each end of their scale means."""
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


def stances_table(case: Case) -> Table:
    """Every stance with its ranges, rationale and sources."""
    columns = (
        "party", "issue", "position", "range", "salience", "range", "stated on", "rationale",
        "sources",
    )  # fmt: skip
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
            "" if s.as_of is None else s.as_of.isoformat(),
            s.rationale,
            source_links(s.sources),
        )
        for s in stances
    )
    caption = None if rows else "The case has no stances yet."
    return Table("stances", "Stances", columns, rows, caption=caption)


def ledger_weights_table() -> Table:
    """The ledger's weights: by strength of wording and by who judges a condition."""
    a = DEFAULT_ASSUMPTIONS
    rows: tuple[tuple[str, str, float], ...] = (
        *(("wording", k, float(v)) for k, v in a.strength_weights.items()),
        *(
            ("condition judged by", terms.JUDGE_WORDS[k], -float(v))
            for k, v in a.condition_discounts.items()
        ),
    )
    caption = (
        "A duty's firmness is its wording's weight times one minus the largest discount "
        "among its conditions; burden and benefit sum firmness times the party's salience "
        "for the duty's issue. Each weight is an assumption the ledger lets one change."
    )
    return Table(
        "ledger-weights",
        "Ledger weights",
        ("applies to", "which", "weight or discount"),
        rows,
        caption,
    )


def settings_text(params: dict[str, Any]) -> str:
    """A model's parameters in words: ``max rounds 100; tolerance 0.001`` (``defaults``)."""
    if not params:
        return "defaults"

    def value(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:g}"
        if isinstance(v, list | tuple):
            return ", ".join(value(x) for x in v)
        if isinstance(v, dict):
            return ", ".join(f"{k} {value(x)}" for k, x in sorted(v.items()))
        return str(v)

    return "; ".join(f"{k.replace('_', ' ')} {value(v)}" for k, v in sorted(params.items()))


def models_table(ctx: Context) -> Table:
    """The models run, their versions, settings and rounds."""
    columns = ("model", "version", "settings", "rounds run")
    rows = tuple(
        (name, fc.version, settings_text(fc.params), fc.rounds)
        for name, fc in ctx.forecasts.items()
    )
    return Table("models", "Models and their settings", columns, rows)


def run_table(ctx: Context) -> Table:
    """How this report was made."""
    rows: tuple[tuple[str, str], ...] = (
        ("case", ctx.case.title),
        ("case content hash (SHA-256)", case_digest(ctx.case)),
        ("seed", str(ctx.options.seed)),
        ("sweep samples per model", str(ctx.options.samples)),
        *(
            (f"sweep samples of {name} (a slower model)", str(sweep.samples))
            for name, sweep in ctx.sweeps.items()
            if sweep.samples < ctx.options.samples
        ),
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


def provisions_table(case: Case, doc: Document) -> Table:
    """A document's provisions with the positions they set and their sources."""
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
        f"{doc.date:%d %B %Y}, drafted by {data.names(case, doc.drafters)}. Sources of the "
        "document: " + " ".join(f"[{i}] {u}" for i, u in enumerate(doc.sources, start=1))
    )
    return Table(
        slug("provisions", doc.id), f"Provisions of {doc.title}", columns, rows, caption, row_ids
    )
