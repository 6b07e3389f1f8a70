"""Loading cases: valid input gives a Case; every kind of bad input a located problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from ontable.io import CaseError, case_digest, dump_case, load_case
from ontable.model import Case


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def _problems(path: Path) -> list[str]:
    with pytest.raises(CaseError) as info:
        load_case(path)
    return [str(p) for p in info.value.problems]


def test_mini_case_loads(mini_path: Path) -> None:
    case = load_case(mini_path)
    assert isinstance(case, Case)
    assert case.party_ids == ("north", "south", "broker")
    assert {d.id for d in case.documents} == {"plan-a", "plan-b"}
    assert case.document("plan-b").revises == "plan-a"
    assert case.document("plan-a").provision("3a").parent == "3"


def test_round_trip(mini_path: Path, tmp_path: Path) -> None:
    case = load_case(mini_path)
    dump_case(case, tmp_path / "out")
    again = load_case(tmp_path / "out")
    assert again == case
    assert case_digest(again) == case_digest(case)


def test_digest_changes_with_content(mini_path: Path) -> None:
    case = load_case(mini_path)
    changed = case.model_copy(update={"title": "Another title"})
    assert case_digest(changed) != case_digest(case)


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("case.yaml", "title: Mini", "title: [Mini", "case.yaml:"),
        (
            "case.yaml",
            "    capability: 60\n",
            "    capability: 60\n    colour: red\n",
            "parties[0].colour: unknown field",
        ),
        ("case.yaml", "    name: South\n", "", "parties[1].name: missing required field"),
        (
            "case.yaml",
            "capability: 60\n",
            "capability: lots\n",
            "parties[0].capability: wrong type",
        ),
        (
            "case.yaml",
            "issue: border, position: 90,",
            "issue: border, position: 190,",
            "stances[0].position: 190 is out of range (expected a number ≤ 100",
        ),
        (
            "case.yaml",
            "{party: north, issue: troops",
            "{party: nowhere, issue: troops",
            "stances[1].party: unknown party 'nowhere'",
        ),
        (
            "case.yaml",
            "issue: aid, position: 20",
            "issue: oil, position: 20",
            "stances[2].issue: unknown issue 'oil'",
        ),
        ("case.yaml", "  - id: broker\n", "  - id: north\n", "parties[2].id: duplicate id 'north'"),
        (
            "case.yaml",
            "position_range: [80, 100]",
            "position_range: [95, 100]",
            "does not contain its point 90",
        ),
        ("documents/plan-a.yaml", "date: 2025-01-10", "date: 2025-13-45", "plan-a.yaml:3: date"),
        ("documents/plan-a.yaml", "date: 2025-01-10", "date: 20250110", "ISO date"),
        (
            "documents/plan-a.yaml",
            "modality: hedged",
            "modality: maybe",
            "provisions[2].obligations[0].modality: 'maybe' is not allowed",
        ),
        (
            "documents/plan-a.yaml",
            'parent: "3"',
            'parent: "9"',
            "provisions[3].parent: unknown provision '9'",
        ),
        (
            "documents/plan-b.yaml",
            "revises: plan-a",
            "revises: plan-z",
            "plan-b.yaml:6: revises: unknown document 'plan-z'",
        ),
        ("documents/plan-a.yaml", "id: plan-a", "id: plan-q", "does not match its file name"),
    ],
)
def test_bad_input_is_located(
    mini_copy: Path, file: str, old: str, new: str, expected: str
) -> None:
    _replace(mini_copy / file, old, new)
    problems = _problems(mini_copy)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(str(mini_copy)) for p in problems)


def test_every_problem_is_reported_at_once(mini_copy: Path) -> None:
    _replace(mini_copy / "case.yaml", "capability: 60\n", "capability: 160\n")
    _replace(mini_copy / "documents/plan-a.yaml", "modality: hedged", "modality: maybe")
    _replace(mini_copy / "documents/plan-b.yaml", "date: 2025-02-01", "date: someday")
    problems = _problems(mini_copy)
    assert len(problems) == 3
    assert {p.split(":")[0].rsplit("/", 1)[-1] for p in problems} == {
        "case.yaml",
        "plan-a.yaml",
        "plan-b.yaml",
    }


def test_revises_cycle(mini_copy: Path) -> None:
    _replace(
        mini_copy / "documents/plan-a.yaml", "kind: proposal", "kind: proposal\nrevises: plan-b"
    )
    _replace(mini_copy / "documents/plan-a.yaml", "date: 2025-01-10", "date: 2025-02-01")
    problems = _problems(mini_copy)
    assert any("revisions form a cycle" in p for p in problems), problems


def test_revises_later_document(mini_copy: Path) -> None:
    _replace(mini_copy / "documents/plan-b.yaml", "date: 2025-02-01", "date: 2024-02-01")
    problems = _problems(mini_copy)
    assert any("after this document" in p for p in problems), problems


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "the file is binary"),
        (b"\xff\xfe\xfa title", "not UTF-8"),
        (b"- a\n- b\n", "the top level is CommentedSeq"),
        (b"key: 1\nkey: 2\n", "YAML syntax error"),
        (b"title: x\n  bad: indentation\n", "YAML syntax error"),
    ],
)
def test_unreadable_case_file(tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "case.yaml").write_bytes(content)
    problems = _problems(tmp_path)
    assert any(expected in p for p in problems), problems


def test_huge_file_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "case.yaml"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    problems = _problems(tmp_path)
    assert any("larger than the 10 MB limit" in p for p in problems), problems


def test_json_case(mini_path: Path, tmp_path: Path) -> None:
    import json

    from ontable.io.load import case_to_data

    case = load_case(mini_path)
    head, docs = case_to_data(case)
    head["documents"] = list(docs.values())
    (tmp_path / "case.json").write_text(json.dumps(head, indent=1))
    assert load_case(tmp_path) == case
    # A JSON error is located too.
    (tmp_path / "case.json").write_text(
        json.dumps(head, indent=1).replace('"north"', '"n0rth!"', 1)
    )
    problems = _problems(tmp_path)
    assert any(
        "case.json:7: main_parties[0]: 'n0rth!'" in p and "lower-case id" in p for p in problems
    ), problems


def test_no_case_file_in_folder(tmp_path: Path) -> None:
    problems = _problems(tmp_path)
    assert any("no case file in this folder" in p for p in problems)


def test_unknown_builtin_name() -> None:
    problems = _problems(Path("no-such-case-anywhere"))
    assert any("no such file, folder or built-in case" in p for p in problems)


def test_norway_stays_a_string(mini_copy: Path) -> None:
    _replace(mini_copy / "case.yaml", "aliases: [Southern]", "aliases: [Southern, NO]")
    case = load_case(mini_copy)
    assert case.party("south").aliases == ("Southern", "NO")
