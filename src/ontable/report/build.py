"""Building a report: run the engines on a case and arrange their results in sections.

The builder is pure (no files, no printing): it returns a :class:`~ontable.report.blocks.Report`
that ``html.py`` or ``markdown.py`` render. Each section is made by its own module in
:mod:`ontable.report.sections`; a section whose engine is not installed says so in a note
marked ``missing`` instead of showing invented numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import replace

import numpy as np

from ontable import __version__
from ontable.analysis import acceptability, acceptance_odds, lean, ledger, proximity
from ontable.forecast.registry import available_models, get_model
from ontable.io import case_digest
from ontable.model import Case
from ontable.model.arrays import case_arrays
from ontable.report import budget as size
from ontable.report import data, engines
from ontable.report.blocks import Note, Report, Section
from ontable.report.context import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    Context,
    ReportOptions,
    provision_anchor,
    sweep_samples,
)
from ontable.report.sections import (
    agenda,
    assumptions,
    compare,
    documents,
    drafts,
    glossary,
    heading,
    sequencing,
    signing,
    summary,
    synthesis,
)
from ontable.report.sections import (
    ledger as ledger_section,
)

__all__ = ["DEFAULT_SAMPLES", "DEFAULT_SEED", "ReportOptions", "build_report", "provision_anchor"]

SWEEP_CHUNK_SIZE = 500
"""Samples per sweep chunk in a report. Fixed (not derived from the machine's cores) because a
sweep's numbers depend on its chunking: the same report on any machine and executor."""

Progress = Callable[[str], None]

SECTIONS: tuple[tuple[str, Callable[[Context], Section | None]], ...] = (
    ("documents", documents.section),
    ("obligation ledger", ledger_section.section),
    ("drafts", drafts.section),
    ("order of steps", sequencing.section),
    ("agenda", agenda.section),
    ("acceptability", signing.section),
    ("forecasts and sweep", heading.section),
    ("models compared", synthesis.section),
    ("comparison with another text", compare.section),
    ("glossary", lambda _: glossary.section()),
    ("appendix", assumptions.section),
)
"""The sections after the key findings, in reading order, with the phrase shown as each starts
(a section that is only made when asked, such as the comparison, returns None otherwise)."""


def build_report(
    case: Case,
    options: ReportOptions | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> Report:
    """Every section of the report of ``case``, in reading order, key findings first.

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
        The sections with their findings, cards, tables and charts; ``meta`` records the
        seed, sample size, models, package version and the case's content hash.
    """
    options = options or ReportOptions()
    say = progress or (lambda _: None)
    ctx = Context(case, options, data.documents_in_order(case), engines.find_engines())
    say("ledgers")
    ctx.ledgers = {d.id: ledger(case, d) for d in ctx.documents}
    if case.stances and ctx.documents:
        say("proximity and acceptability")
        ctx.proximity = proximity(case, ctx.documents)
        if case.main_parties is not None:
            a, b = case.main_parties
            ctx.leans = {d.id: lean(case, d, a, b) for d in ctx.documents}
        ctx.acceptability = acceptability(case, ctx.documents)
        _run_acceptance(ctx)
    say("forecasts")
    _run_forecasts(ctx)
    if options.samples > 0 and case.stances:
        _run_sweeps(ctx, executor, say)
    bargain = ctx.engines.bargaining_summary
    if options.bargaining and case.stances and bargain is not None:
        parties, issues = size.case_size(case)
        work = size.bargaining_work(parties, issues)
        if work > options.budget.bargaining:
            command = "ontable bargain CASE"
            ctx.skipped.append(
                size.Skipped("Bargaining", "bargaining", work, options.budget.bargaining, command)
            )
        else:
            say("bargaining")
            ctx.bargaining = bargain(case)
    sections = []
    for phrase, build in SECTIONS:
        say(phrase)
        made = build(ctx)
        if made is not None:
            sections.append(_with_skipped_notes(made, ctx))
    labels = {s.id: f"§{i} {s.title}" for i, s in enumerate(sections, start=2)}
    say("key findings")
    sections.insert(0, summary.section(ctx, labels))
    meta = {
        "seed": options.seed,
        "samples": options.samples,
        "models": list(ctx.forecasts),
        "version": __version__,
        "case_digest": case_digest(case),
    }
    return Report(case.id, case.title, case.description, tuple(sections), meta)


ODDS_STREAM, ZONE_STREAM = 1, 2
"""Streams of the report's seed for the acceptance draws and the agreement-zone draws."""

ZONE_SAMPLES = 20_000
"""Uniform draws of packages that measure the joint feasible region (standard error ≤ 0.4%)."""


def _run_acceptance(ctx: Context) -> None:
    """Acceptance over the input ranges (its point verdicts replace ``ctx.acceptability``, so
    the two never differ) and the room around each document."""
    seed = ctx.options.seed
    if ctx.options.samples > 0:
        ctx.odds = acceptance_odds(
            ctx.case,
            np.random.default_rng([seed, ODDS_STREAM]),
            ctx.documents,
            samples=ctx.options.samples,
        )
        ctx.acceptability = ctx.odds.point
    zone = ctx.engines.agreement_zone
    parties, issues = size.case_size(ctx.case)
    work = size.zone_work(parties, issues, ZONE_SAMPLES, len(ctx.documents))
    if zone is not None and work > ctx.options.budget.zone:
        command = "ontable accept CASE DOCUMENT"
        ctx.skipped.append(
            size.Skipped(
                "The room around each document", "zone", work, ctx.options.budget.zone, command
            )
        )
    elif zone is not None:
        ctx.zones = {
            # One stream per document: every zone measures the same draws of packages.
            d.id: zone(
                ctx.case, d, np.random.default_rng([seed, ZONE_STREAM]), samples=ZONE_SAMPLES
            )
            for d in ctx.documents
        }


SKIPPED_NOTES_IN = "heading"
"""The section (forecasts, sweeps and bargaining) that lists the engines skipped for size."""


def _with_skipped_notes(section: Section, ctx: Context) -> Section:
    if section.id != SKIPPED_NOTES_IN or not ctx.skipped:
        return section
    notes = tuple(Note(s.text, missing=True) for s in ctx.skipped)
    return replace(section, blocks=notes + section.blocks)


def _run_forecasts(ctx: Context) -> None:
    wanted = ctx.options.models if ctx.options.models is not None else tuple(available_models())
    arrays = case_arrays(ctx.case)
    parties, issues = len(arrays.party_ids), len(arrays.issue_ids)
    limit = ctx.options.budget.forecast
    seeds = np.random.SeedSequence(ctx.options.seed).spawn(len(wanted))
    for name, seed in zip(wanted, seeds, strict=True):
        model = get_model(name)
        work = size.forecast_work(name, parties, issues)
        if work > limit:
            command = f"ontable forecast CASE --model {name}"
            ctx.skipped.append(
                size.Skipped(f"The {name} forecast", "forecast", work, limit, command)
            )
            continue
        ctx.forecasts[name] = model(arrays, rng=np.random.default_rng(seed))


def _run_sweeps(ctx: Context, executor: Executor | None, say: Progress) -> None:
    sweep = ctx.engines.sweep
    if sweep is None:
        return
    plan_sweep, run_sweep = sweep
    parties, issues = size.case_size(ctx.case)
    inputs = size.varying_inputs(ctx.case)
    limit = ctx.options.budget.sweep
    for name in ctx.forecasts:
        samples = sweep_samples(name, ctx.options.samples)
        work = size.sweep_work(name, parties, issues, samples, inputs)
        if work > limit:
            command = f"ontable sweep CASE --model {name} --samples {samples}"
            ctx.skipped.append(size.Skipped(f"The {name} sweep", "sweep", work, limit, command))
            continue
        say(f"sweep of {name} ({samples} samples)")
        # One seed for every model: each model sees the same input draws (common random
        # numbers), so differences between their bands come from the models alone.
        plan = plan_sweep(
            ctx.case,
            model=name,
            samples=samples,
            seed=ctx.options.seed,
            chunk_size=SWEEP_CHUNK_SIZE,
        )
        ctx.sweeps[name] = run_sweep(plan, executor)
