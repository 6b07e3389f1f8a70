"""Migration from format v1 to v2: in memory on load, and in place with ``ontable migrate``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ontable.io import CaseError, load_case
from ontable.io.load import resolve_case_path
from ontable.io.migrate import format_version, migrate_folder
from ontable.io.yamlio import load_yaml
from tests.conftest import DATA

ROOT = Path(__file__).parents[2]


def _v1_folders() -> list[Path]:
    """Every case folder under tests/ with at least one file in format v1."""
    out = []
    for case_file in sorted((ROOT / "tests").rglob("case.yaml")):
        folder = case_file.parent
        files = [case_file, *sorted((folder / "documents").glob("*.yaml"))]
        if any(format_version(load_yaml(f)) == 1 for f in files):
            out.append(folder)
    return out


V1_FOLDERS = _v1_folders()


def test_there_are_v1_folders_to_migrate() -> None:
    names = {f.name for f in V1_FOLDERS}
    assert {"mini", "harbour"} <= names, names


@pytest.mark.parametrize("folder", V1_FOLDERS, ids=lambda p: p.name)
def test_migration_round_trips(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    before = load_case(copy)  # v1, upgraded in memory
    result = migrate_folder(copy)
    assert result.written and result.changed
    for path in [copy / "case.yaml", *sorted((copy / "documents").glob("*.yaml"))]:
        assert format_version(load_yaml(path)) == 2, path
    assert load_case(copy) == before  # the same case, now read without an upgrade
    # idempotent: a second run finds nothing to do and writes nothing
    stamp = {p: p.stat().st_mtime_ns for p in copy.rglob("*.yaml")}
    again = migrate_folder(copy)
    assert not again.changed and not again.written
    assert {p: p.stat().st_mtime_ns for p in copy.rglob("*.yaml")} == stamp


def test_migration_keeps_comments_and_reports_conditions(mini_copy: Path) -> None:
    result = migrate_folder(mini_copy)
    text = (mini_copy / "case.yaml").read_text()
    assert text.startswith("# A small invented negotiation")  # the leading comment is kept
    assert "format_version: 2" in text
    plan_b = (mini_copy / "documents" / "plan-b.yaml").read_text()
    assert "judged_by: unspecified" in " ".join(plan_b.split()) and "condition:" not in plan_b
    assert any("judged_by: unspecified" in n for n in result.notes)


def test_builtin_case_migrates_and_keeps_its_positions(tmp_path: Path) -> None:
    source = resolve_case_path("ukraine-2025").parent
    copy = tmp_path / "ukraine"
    shutil.copytree(source, copy)
    before = load_case(copy)
    result = migrate_folder(copy)
    # the built-in case is already in the current format: migrating it again changes nothing
    assert not result.changed and not result.written
    after = load_case(copy)
    assert after == before
    for doc in before.documents:
        assert after.document(doc.id).positions == doc.positions


def test_dry_run_writes_nothing(mini_copy: Path) -> None:
    before = {p: p.read_text() for p in mini_copy.rglob("*.yaml")}
    result = migrate_folder(mini_copy, dry_run=True)
    assert result.changed and not result.written
    assert {p: p.read_text() for p in mini_copy.rglob("*.yaml")} == before


def test_invalid_folder_is_refused_untouched(mini_copy: Path) -> None:
    plan = mini_copy / "documents" / "plan-a.yaml"
    plan.write_text(plan.read_text().replace("modality: hedged", "modality: maybe"))
    before = {p: p.read_text() for p in mini_copy.rglob("*.yaml")}
    with pytest.raises(CaseError) as info:
        migrate_folder(mini_copy)
    assert any("plan-a.yaml" in p.file and "'maybe'" in p.message for p in info.value.problems)
    assert str(mini_copy) in info.value.problems[0].file  # located in the real folder
    assert {p: p.read_text() for p in mini_copy.rglob("*.yaml")} == before


def test_half_migrated_folder_loads_and_finishes(mini_copy: Path) -> None:
    # as after an interrupted run: one file upgraded, the others not
    plan = mini_copy / "documents" / "plan-b.yaml"
    whole = load_case(mini_copy)
    one = mini_copy.parent / "one"
    shutil.copytree(mini_copy, one)
    migrate_folder(one)
    shutil.copyfile(one / "documents" / "plan-b.yaml", plan)
    assert load_case(mini_copy) == whole
    result = migrate_folder(mini_copy)
    assert str(plan) not in result.changed and result.changed
    assert load_case(mini_copy) == whole


def test_cli_migrate(cli, mini_copy: Path) -> None:
    first = cli("migrate", str(mini_copy))
    assert first.code == 0, first.stderr
    assert "upgraded 3 file(s)" in first.stdout
    second = cli("migrate", str(mini_copy))
    assert second.code == 0 and "nothing to do" in second.stdout
    bad = cli("migrate", str(DATA / "no-such-case"))
    assert bad.code == 1 and "no such file" in bad.stderr
