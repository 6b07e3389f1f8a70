"""The key findings: generated from the results, so changing the data changes the sentence."""

from __future__ import annotations

from pathlib import Path

from ontable.io import load_case
from ontable.report import Report, ReportOptions, build_report
from ontable.report.blocks import Finding, Section

OPTIONS = ReportOptions(samples=60, seed=3)


def _findings(path: Path) -> list[Finding]:
    report = build_report(load_case(path), OPTIONS)
    assert report.sections[0].id == "summary"
    return [b for b in report.sections[0].blocks if isinstance(b, Finding)]


def _about(findings: list[Finding], href: str, word: str) -> Finding:
    return next(f for f in findings if f.href == href and word in f.text)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_findings_come_first_and_link_to_their_sections(builtin_report: Report) -> None:
    first = builtin_report.sections[0]
    assert first.title == "Key findings"
    findings = [b for b in first.blocks if isinstance(b, Finding)]
    assert 5 <= len(findings) <= 8
    ids = {s.id: n for n, s in enumerate(builtin_report.sections, start=1)}
    for f in findings:
        assert f.href[1:] in ids, f
        assert f.label.startswith(f"§{ids[f.href[1:]]} ")
        assert f.figure and f.figure.split()[0] in f.text, f
        assert "_" not in f.text or "(" in f.text  # names, not ids like "united-states"
    parties = {p.id for p in load_case("ukraine-2025").parties}
    for f in findings:
        for pid in parties - {p.lower() for p in ("Russia", "Ukraine")}:
            assert pid not in f.text.split(), (pid, f.text)


def test_obligation_finding_counts_the_ledger(mini_copy: Path) -> None:
    before = _about(_findings(mini_copy), "#ledger", "carries the most")
    assert before.figure == "5" and "South carries the most obligations: 5" in before.text
    # Two more binding obligations on North in Plan B: North now carries the most (2 + 2 = 4
    # is still below South's 5), so South's count stays and North's rises.
    plan_b = mini_copy / "documents" / "plan-b.yaml"
    _edit(
        plan_b,
        "      - {on: north, action: not attack South,",
        "      - {on: north, action: open the border, kind: open, benefits: [south], "
        "modality: binding}\n"
        "      - {on: north, action: release prisoners, kind: release, benefits: [south], "
        "modality: binding}\n"
        "      - {on: north, action: not attack South,",
    )
    after = _about(_findings(mini_copy), "#ledger", "carries the most")
    assert "Next is North with 4, 3 of them binding (75%)" in after.text
    assert "Next is North with 2, 1 of them binding (50%)" in before.text


def test_largest_move_follows_the_documents(mini_copy: Path) -> None:
    before = _about(_findings(mini_copy), "#drafts", "largest move")
    assert before.figure == "50" and "Troop cap on South went from 100 to 50" in before.text
    _edit(mini_copy / "documents" / "plan-b.yaml", "issues: {border: 60}", "issues: {border: 20}")
    after = _about(_findings(mini_copy), "#drafts", "largest move")
    assert after.figure == "80" and "Border line went from 100 to 20" in after.text


def test_acceptance_finding_follows_the_batna(mini_copy: Path) -> None:
    before = _about(_findings(mini_copy), "#signing", "coded values")
    assert "1 of 2 documents are accepted by every party a deal needs" in before.text
    # North's no-deal value rises above what either plan gives it: no plan is accepted by all.
    _edit(
        mini_copy / "case.yaml",
        "    batna: 0.4\n    batna_range: [0.3, 0.5]",
        "    batna: 0.98\n    batna_range: [0.97, 0.99]",
    )
    after = _about(_findings(mini_copy), "#signing", "coded values")
    assert "0 of 2 documents are accepted by every party a deal needs" in after.text
    assert after.figure != before.figure


def test_model_agreement_finding_matches_the_synthesis_table(mini_path: Path) -> None:
    report = build_report(load_case(mini_path), OPTIONS)
    finding = next(
        b for b in report.sections[0].blocks if isinstance(b, Finding) and b.href == "#synthesis"
    )
    synthesis: Section = next(s for s in report.sections if s.id == "synthesis")
    table = next(b for b in synthesis.blocks if getattr(b, "id", "") == "model-splits")
    agree = sum(1 for r in table.rows if r[-1] == "agree")
    assert finding.figure == f"{agree} of {len(table.rows)}"
    widest = table.rows[0]
    assert f"split most on {widest[0]}" in finding.text


def test_a_case_with_nothing_to_say_says_so(mini_copy: Path) -> None:
    case = load_case(mini_copy).model_copy(update={"stances": (), "documents": ()})
    report = build_report(case, ReportOptions(samples=0))
    assert report.sections[0].missing
