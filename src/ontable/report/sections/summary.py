"""The executive summary: the key findings in plain sentences, generated from the results.

Every sentence is computed from the same results the later sections show, carries the number
it turns on and links to the section that shows it. The sentences describe; they never judge.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

import numpy as np

from ontable.analysis import diff_documents
from ontable.report import data, terms
from ontable.report.blocks import Block, Finding, Note, Section
from ontable.report.context import Context, odds_of, percent
from ontable.report.sections import agenda, drafts, heading, ledger, signing, synthesis

ID = "summary"
TITLE = "Key findings"

Labels = Mapping[str, str]
"""Section id → its numbered title (``"3. Who carries the obligations"``)."""


def _finding(labels: Labels, section_id: str, text: str, figure: str) -> Finding:
    return Finding(text, figure, f"#{section_id}", labels.get(section_id, section_id))


def obligations(ctx: Context, labels: Labels) -> Finding | None:
    """Who carries the obligations across all documents, and how firmly."""
    totals: Counter[str] = Counter()
    binding: Counter[str] = Counter()
    for led in ctx.ledgers.values():
        for row in led.parties:
            totals[row.party] += len(row.obligations)
            binding[row.party] += row.by_modality.get("binding", 0)
    ranked = [(p, n) for p, n in totals.most_common() if n > 0]
    if not ranked:
        return None
    case = ctx.case

    def share(p: str, n: int) -> str:
        return f"{binding[p]} of them binding ({percent(binding[p] / n)})"

    first, n1 = ranked[0]
    text = (
        f"Across the {len(ctx.documents)} documents, {data.party_name(case, first)} carries "
        f"the most obligations: {n1}, {share(first, n1)}."
    )
    if len(ranked) > 1:
        second, n2 = ranked[1]
        text += f" Next is {data.party_name(case, second)} with {n2}, {share(second, n2)}."
    return _finding(labels, ledger.ID, text, str(n1))


def gaps(ctx: Context, labels: Labels) -> Finding | None:
    """The document with the most unmatched obligations, and on whom they fall."""
    if not ctx.documents:
        return None
    case = ctx.case
    counts = {d.id: len(ctx.ledgers[d.id].reciprocity_gaps) for d in ctx.documents}
    worst = max(ctx.documents, key=lambda d: counts[d.id])
    n = counts[worst.id]
    if n == 0:
        text = "No document puts an obligation on one party that its counterpart does not mirror."
        return _finding(labels, ledger.ID, text, "0")
    led = ctx.ledgers[worst.id]
    on = Counter(g.party for g in led.reciprocity_gaps).most_common()
    who = ", ".join(f"{k} on {data.party_name(case, p)}" for p, k in on[:3])
    example = max(led.reciprocity_gaps, key=lambda g: g.firmness)
    other = data.party_name(case, example.counterpart)
    text = (
        f"{worst.title} has the most unmatched obligations: {n} duties with no duty of the "
        f"counterpart matched to them by an exchange link or a mirror ({who}); for example, "
        f"{data.party_name(case, example.party)} is to {example.action.rstrip('.')} "
        f"(pt {example.provision_id})"
    )
    if example.candidates:
        c = example.candidates[0]
        text += (
            f", and the text links it to nothing {other} owes in return, such as "
            f"'{c.action.rstrip('.')}' (pt {c.provision_id})."
        )
    else:
        text += f", and the text asks nothing of {other} in return."
    return _finding(labels, ledger.ID, text, str(n))


def conditions(ctx: Context, labels: Labels) -> Finding | None:
    """How many conditional duties their own bearer judges, and how many name no judge."""
    frames = [terms.conditions_frame(ctx.case, ctx.ledgers[d.id]) for d in ctx.documents]
    rows = [f for f in frames if not f.empty]
    if not rows:
        return None
    total = sum(len(f) for f in rows)
    own = sum(int((f["who_judges"] == terms.JUDGE_WORDS["bearer"]).sum()) for f in rows)
    shared = sum(int((f["who_judges"] == terms.JUDGE_WORDS["shared"]).sum()) for f in rows)
    unsaid = sum(int((f["who_judges"] == terms.JUDGE_WORDS["unspecified"]).sum()) for f in rows)
    text = (
        f"Across the documents, {total} condition{'s' * (total != 1)} "
        f"{'hang' if total != 1 else 'hangs'} on duties: the duty's own bearer "
        f"judges {own} of them{f' alone and {shared} with others' if shared else ''} "
        f"(the ledger weighs such duties as close to discretionary), and the text names no "
        f"judge for {unsaid}."
    )
    return _finding(labels, ledger.ID, text, str(total))


def changes(ctx: Context, labels: Labels) -> Finding | None:
    """The largest move on one issue between a document and the one it revises, or else
    the widest difference between documents on one issue."""
    case = ctx.case
    known = {d.id for d in case.documents}
    best: tuple[float, str] | None = None
    for doc in ctx.documents:
        if doc.revises is None or doc.revises not in known:
            continue
        old = case.document(doc.revises)
        diff = diff_documents(case, old, doc)
        moved = [s for s in diff.issue_shifts if s.shift is not None and s.shift != 0]
        if not moved:
            continue
        top = max(moved, key=lambda s: abs(float(s.shift or 0)))
        size = abs(float(top.shift or 0))
        if best is None or size > best[0]:
            text = (
                f"The largest move between a draft and the one it revises: from {old.title} "
                f"to {doc.title}, {data.issue_name(case, top.issue)} went from {top.a:g} to "
                f"{top.b:g} on its 0–100 scale, a move of {size:g} points; {len(moved)} issue(s) "
                "moved in that revision."
            )
            best = (size, text)
    if best is not None:
        return _finding(labels, drafts.ID, best[1], f"{best[0]:g}")
    positions = data.draft_positions(case)
    if positions.empty:
        return None
    spread = positions.groupby("issue_name", sort=False)["position"].agg(["min", "max"])
    spread["gap"] = spread["max"] - spread["min"]
    issue = str(spread.index[int(np.argmax(spread["gap"].to_numpy()))])
    rows = positions[positions["issue_name"] == issue]
    pos = rows["position"].to_numpy()
    lo, hi = rows.iloc[int(np.argmin(pos))], rows.iloc[int(np.argmax(pos))]
    text = (
        f"The documents differ most on {issue}: from {lo['position']:g} in {lo['title']} to "
        f"{hi['position']:g} in {hi['title']} on its 0–100 scale, "
        f"{float(spread['gap'].max()):g} points apart."
    )
    return _finding(labels, drafts.ID, text, f"{float(spread['gap'].max()):g}")


def leans(ctx: Context, labels: Labels) -> Finding | None:
    """How many documents sit closer to each main party's positions, and the extremes."""
    case = ctx.case
    if case.main_parties is None or not ctx.leans:
        return None
    rows = data.lean_rows(case, [ctx.leans[d.id] for d in ctx.documents])
    if rows.empty:
        return None
    a, b = (data.party_name(case, p) for p in case.main_parties)
    to_a, to_b = int((rows["lean"] < 0.5).sum()), int((rows["lean"] > 0.5).sum())
    values = rows["lean"].to_numpy()
    low, high = rows.iloc[int(np.argmin(values))], rows.iloc[int(np.argmax(values))]
    text = (
        f"{to_a} of {len(rows)} documents sit closer to {a}'s positions and {to_b} closer to "
        f"{b}'s on the issues dividing the two; {low['title']} is closest to {a}'s (lean "
        f"{low['lean']:.2f}, where 0 is {a}'s and 1 {b}'s) and {high['title']} leans furthest "
        f"towards {b}'s ({high['lean']:.2f})."
    )
    return _finding(labels, agenda.ID, text, f"{to_a} of {len(rows)}")


def acceptance(ctx: Context, labels: Labels) -> Finding | None:
    """Which document its least willing required party is likeliest to accept."""
    acc = ctx.acceptability
    if acc is None or not ctx.documents:
        return None
    case = ctx.case
    required = [p.id for p in case.parties if p.required and p.id not in acc.without_batna]
    measured = [
        d for d in ctx.documents if not np.isnan(acc.utilities[acc.document_ids.index(d.id)]).all()
    ]
    if not required or not measured:
        return None
    all_accept = [d for d in measured if all(acc.verdict(d.id, p) == "accepts" for p in required)]
    point = (
        f"At the coded values, {len(all_accept)} of {len(measured)} documents are accepted by "
        f"every party a deal needs ({data.names(case, tuple(required))})."
    )
    odds = ctx.odds
    if odds is None:
        return _finding(labels, signing.ID, point, f"{len(all_accept)} of {len(measured)}")
    least: dict[str, tuple[float, str]] = {}
    for d in measured:
        probs = [(odds_of(odds, d.id, p), p) for p in required]
        known = [(float(x), p) for x, p in probs if x is not None]
        if known:
            least[d.id] = min(known)
    if not least:
        return _finding(labels, signing.ID, point, f"{len(all_accept)} of {len(measured)}")
    doc_id = max(least, key=lambda k: (least[k][0], k))
    p, party = least[doc_id]
    verdict = acc.verdict(doc_id, party)
    text = (
        f"{point} With the inputs drawn within their ranges, the best odds for a document's "
        f"least willing required party are {percent(p)}: {data.party_name(case, party)} "
        f"accepts {case.document(doc_id).title} in {percent(p)} of draws (at the coded values "
        f"it {verdict})."
    )
    crossing = [(d, r) for d in measured for r in required if acc.red_lines_crossed(d.id, r)]
    if crossing:
        docs = list(dict.fromkeys(d.title for d, _ in crossing))
        text += (
            f" {len(docs)} of {len(measured)} documents cross a declared red line of a party "
            "a deal needs, which that party refuses whatever else they give."
        )
    return _finding(labels, signing.ID, text, percent(p))


def models(ctx: Context, labels: Labels) -> Finding | None:
    """On how many issues the models agree, and where they split most."""
    if len(ctx.forecasts) < 2 or not ctx.case.stances:
        return None
    table = synthesis.splits(heading.points(ctx))
    if not table:
        return None
    agree = sum(1 for r in table if r.spread <= synthesis.AGREE)
    top = table[0]
    text = (
        f"The models agree (within {synthesis.AGREE:g} points) on {agree} of {len(table)} "
        f"issues. They split most on {top.issue_name}: from {top.low:g} ({top.low_model}) "
        f"to {top.high:g} ({top.high_model})."
    )
    return _finding(labels, synthesis.ID, text, f"{agree} of {len(table)}")


def drivers(ctx: Context, labels: Labels) -> Finding | None:
    """The single input that moves some model's forecast most."""
    if not ctx.sweeps:
        return None
    frame = data.top_drivers(
        ctx.case, {name: r.sensitivity_frame() for name, r in ctx.sweeps.items()}, top=1
    )
    if frame.empty:
        return None
    top = frame.sort_values("first_order", ascending=False, kind="mergesort").iloc[0]
    effect = "raises" if top["spearman"] >= 0 else "lowers"
    source, _, target = str(top["driver"]).partition(" → ")
    text = (
        f"The input that moves a forecast most is {source}: alone it explains "
        f"{percent(float(top['first_order']))} of the spread of the {top['model']} model's "
        f"forecast of {target} over the input ranges (raising it {effect} that forecast)."
    )
    return _finding(labels, heading.ID, text, percent(float(top["first_order"])))


FINDINGS: tuple[Callable[[Context, Labels], Finding | None], ...] = (
    obligations,
    gaps,
    conditions,
    changes,
    leans,
    acceptance,
    drivers,
    models,
)
"""The findings, in reading order; each may have nothing to say for a given case."""


def section(ctx: Context, labels: Labels) -> Section:
    """The key findings (those the case's data support), each linked to its section."""
    found = [f for make in FINDINGS if (f := make(ctx, labels)) is not None]
    blocks: tuple[Block, ...] = tuple(found) or (
        Note("The case has too little data for any finding yet.", missing=True),
    )
    intro = (
        "What the analyses below show, in sentences generated from the results; each names "
        "its number and links to the section with the evidence. They describe the coded data "
        "and the models' outputs; they are not predictions of intent."
    )
    return Section(ID, TITLE, intro, blocks)
