"""Format v2: the new fields load, and every new validation error is located by file, line
and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ontable.io import CaseError, dump_case, load_case
from ontable.model import Obligation, PenaltyRef
from tests.conftest import DATA

FERRY = DATA / "ferry"


@pytest.fixture
def ferry_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "ferry"
    shutil.copytree(FERRY, dest)
    return dest


def _problems(path: Path) -> list[str]:
    with pytest.raises(CaseError) as info:
        load_case(path)
    return [str(p) for p in info.value.problems]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_v2_fields_load() -> None:
    case = load_case(FERRY)
    assert case.format_version == 2
    assert case.actor_ids == ("monitors", "civilians")
    assert case.stance("north", "border").as_of.isoformat() == "2025-02-01"  # type: ignore[union-attr]
    assert case.red_lines_of("north")[0].rejects == (70.0, 100.0)
    package = case.document("package")
    _, withdraw = package.obligation("withdraw")
    assert withdraw.strength == "hedged" and withdraw.conditional
    assert withdraw.modality == "hedged conditional"
    assert withdraw.conditions[0].judges == ("north",)
    assert withdraw.conditions[0].depends_on == "disarm"
    _, disarm = package.obligation("disarm")
    assert disarm.benefits == ("north", "civilians")
    assert disarm.enforced_by == (PenaltyRef(provision="6"),)
    assert disarm.penalty_provisions == ("6",) and disarm.in_exchange_for == ("withdraw",)
    assert disarm.timing is not None and disarm.timing.days == 30
    assert package.provision("6").kind == "penalty"
    assert case.document("declaration").endorses == ("package",)
    assert package.provision("6").functions == ("sanctions", "force-limits")


def test_v2_round_trip(tmp_path: Path) -> None:
    case = load_case(FERRY)
    dump_case(case, tmp_path / "out")
    assert (tmp_path / "out" / "case.yaml").read_text().startswith("format_version: 2\n")
    assert load_case(tmp_path / "out") == case


def test_modality_spellings_and_v1_construction() -> None:
    a = Obligation(
        on=("north",),
        action="x",
        modality=["conditional", "hedged"],  # type: ignore[arg-type]
        conditions=[{"text": "if", "judged_by": "unspecified"}],
    )  # type: ignore[list-item]
    assert (
        a.modality == "hedged conditional"
        and a.strength == "hedged"
        and a.category == "conditional"
    )
    # Python code written the v1 way is upgraded the same way as a v1 file
    b = Obligation(on=("north",), action="x", modality="conditional", condition="once calm")  # type: ignore[call-arg]
    assert b.strength == "binding" and b.conditions[0].judges == () and b.condition == "once calm"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "documents/package.yaml",
            "            judged_by: north\n",
            "            judged_by: nobody\n",
            "package.yaml:48: provisions[2].obligations[0].conditions[0].judged_by[0]: unknown party or actor 'nobody'",
        ),
        (
            "documents/package.yaml",
            "        in_exchange_for: [withdraw]\n",
            "        in_exchange_for: [retreat]\n",
            "package.yaml:35: provisions[1].obligations[0].in_exchange_for[0]: unknown obligation 'retreat'",
        ),
        (
            "documents/package.yaml",
            '  - id: "6"\n    kind: penalty\n',
            '  - id: "6"\n    kind: term\n',
            "package.yaml:34: provisions[1].obligations[0].enforced_by[0].provision: provision '6' is of kind 'term'",
        ),
        (
            "documents/package.yaml",
            "    issues: {border: 100}\n",
            "    issues: {border: 100, autonomy: 40}\n",
            "provisions[4].issues.autonomy: provisions '4' and '5' both set 'autonomy' (60 and 40) and neither governs",
        ),
        (
            "documents/package.yaml",
            "        modality: [hedged, conditional]\n",
            "        modality: hedged\n",
            "package.yaml:40: provisions[2].obligations[0]: an obligation with conditions needs a conditional modality",
        ),
        (
            "documents/package.yaml",
            "          - obligation: border-control\n",
            "          - obligation: border\n",
            "package.yaml:62: provisions[3].obligations[0].after[0].obligation: unknown obligation 'border'",
        ),
        (
            "documents/package.yaml",
            "            judged_by: north\n",
            "",
            "package.yaml:47: provisions[2].obligations[0].conditions[0].judged_by: missing required field",
        ),
        (
            "documents/package.yaml",
            "        modality: binding\n        timing: {text: within 30 days",
            "        modality: binding\n        condition: a v1 field\n        timing: {text: within 30 days",
            "provisions[1].obligations[0].condition: unknown field",
        ),
        (
            "documents/package.yaml",
            "    functions: [sanctions, force-limits]\n",
            "    functions: [sanctions, truce]\n",
            "package.yaml:81: provisions[5].functions[1]: 'truce' is not allowed (expected one of 'ceasefire'",
        ),
        (
            "documents/declaration.yaml",
            "endorses: [package]",
            "endorses: [pact]",
            "declaration.yaml:7: endorses[0]: unknown document 'pact'",
        ),
        (
            "case.yaml",
            "  - party: north\n    issue: autonomy\n",
            "  - party: nord\n    issue: autonomy\n",
            "case.yaml:56: red_lines[0].party: unknown party 'nord'",
        ),
        (
            "case.yaml",
            "    rejects: [70, 100]\n",
            "    rejects: [100, 70]\n",
            "case.yaml:56: red_lines[0]: rejects low end 100 is above its high end 70",
        ),
        (
            "case.yaml",
            "  - id: civilians\n",
            "  - id: north\n",
            "case.yaml:29: actors[1].id: actor id 'north' is also a party's id",
        ),
        (
            "case.yaml",
            "format_version: 2\n",
            "format_version: 7\n",
            "case.yaml:4: format_version: unknown format version 7",
        ),
    ],
)
def test_new_errors_are_located(
    ferry_copy: Path, file: str, old: str, new: str, expected: str
) -> None:
    _replace(ferry_copy / file, old, new)
    problems = _problems(ferry_copy)
    assert any(expected in p for p in problems), problems


def test_ingester_leaves_who_judges_unspecified_and_says_so() -> None:
    from ontable.io.ingest.obligations import find_obligations
    from ontable.io.ingest.parties import party_lexicon

    found, _ = find_obligations(
        "If South rearms, North closes the road.", party_lexicon(load_case(DATA / "mini"))
    )
    (ob,) = found
    assert ob.conditions[0].text == "If South rearms" and ob.conditions[0].judges == ()
    assert "review: condition judged_by 'unspecified'" in (ob.note or "")
