"""Hostile input and output files: alias bombs, devices, FIFOs, symbolic links."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from ontable.io import CaseError, OutputError, atomic_write_text, load_case


def _problems(path: Path) -> list[str]:
    with pytest.raises(CaseError) as info:
        load_case(path)
    return [str(p) for p in info.value.problems]


def _bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append(f"title: *a{levels}")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_text(_bomb())
    assert len(_bomb()) < 1024
    start = time.monotonic()
    problems = _problems(tmp_path)
    assert time.monotonic() - start < 10
    assert any("expands to more than" in p for p in problems), problems


def test_alias_bomb_in_a_document_is_refused(mini_copy: Path) -> None:
    (mini_copy / "documents" / "bomb.yaml").write_text(_bomb())
    problems = _problems(mini_copy)
    assert any("bomb.yaml" in p and "expands to more than" in p for p in problems), problems


def test_self_containing_alias_is_refused(tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_text("title: &a [1, *a]\n")
    problems = _problems(tmp_path)
    assert any("case.yaml" in p for p in problems), problems


def test_a_few_aliases_still_load(mini_copy: Path) -> None:
    path = mini_copy / "case.yaml"
    text = path.read_text()
    assert "aliases: [Southern]" in text
    path.write_text(text.replace("aliases: [Southern]", "aliases: &al [Southern]", 1))
    load_case(mini_copy)


def test_fifo_document_is_refused_without_blocking(mini_copy: Path) -> None:
    fifo = mini_copy / "documents" / "pipe.yaml"
    os.mkfifo(fifo)
    start = time.monotonic()
    problems = _problems(mini_copy)
    assert time.monotonic() - start < 10
    assert any("pipe.yaml" in p and "not a regular file" in p for p in problems), problems


def test_device_behind_a_link_is_refused(mini_copy: Path) -> None:
    (mini_copy / "documents" / "zero.yaml").symlink_to("/dev/zero")
    problems = _problems(mini_copy)
    assert any("zero.yaml" in p and "not a regular file" in p for p in problems), problems


def test_overlong_case_name_is_a_clean_error() -> None:
    problems = _problems(Path("x" * 300))
    assert any("no such file, folder or built-in case" in p for p in problems), problems


def test_writer_refuses_a_fifo_and_leaves_it(tmp_path: Path) -> None:
    fifo = tmp_path / "out.html"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        atomic_write_text(fifo, "x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="the system has no /dev/full")
def test_writer_refuses_a_device() -> None:
    with pytest.raises(OutputError, match="not a regular file"):
        atomic_write_text(Path("/dev/full"), "x")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_writer_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="folder"):
        atomic_write_text(tmp_path, "x")


def test_writer_follows_a_symlink_and_keeps_it(tmp_path: Path) -> None:
    target = tmp_path / "real.html"
    target.write_text("old")
    target.chmod(0o600)
    link = tmp_path / "link.html"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert link.is_symlink()
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "made.html")
    atomic_write_text(dangling, "made")
    assert dangling.is_symlink() and (tmp_path / "made.html").read_text() == "made"


def test_writer_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link.html"
    link.symlink_to(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        atomic_write_text(link, "x")
    assert link.is_symlink()


def test_writer_failure_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        atomic_write_text(Path("/proc/ontable-test/x.json"), "x")
    assert not list(tmp_path.iterdir())


def test_fifo_writer_does_not_block(tmp_path: Path) -> None:
    """The check never opens the FIFO, so no reader is needed for it to return."""
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    done = threading.Event()

    def write() -> None:
        try:
            atomic_write_text(fifo, "x")
        except OutputError:
            done.set()

    threading.Thread(target=write, daemon=True).start()
    assert done.wait(10)


def test_validate_lists_type_and_reference_problems_in_one_pass(mini_copy: Path) -> None:
    path = mini_copy / "case.yaml"
    text = path.read_text()
    text = text.replace(
        "{party: north, issue: troops, position: 80,",
        "{party: north, issue: troops, position: high,",
        1,
    )
    text = text.replace("{party: broker, issue: aid,", "{party: nobody, issue: aid,", 1)
    path.write_text(text)
    plan_a = mini_copy / "documents" / "plan-a.yaml"
    plan_a.write_text(
        plan_a.read_text().replace("drafters: [broker, north]", "drafters: [broker, nemo]")
    )
    problems = _problems(mini_copy)
    assert any("stances[1].position" in p and "'high'" in p for p in problems), problems
    assert any("stances[8].party" in p and "unknown party 'nobody'" in p for p in problems)
    assert any("plan-a.yaml" in p and "unknown party 'nemo'" in p for p in problems), problems
    assert len(problems) == 3, problems


def test_reference_to_a_part_with_its_own_problem_is_not_reported_twice(mini_copy: Path) -> None:
    path = mini_copy / "case.yaml"
    text = path.read_text()
    assert text.count("capability: 30\n") == 1
    path.write_text(text.replace("capability: 30\n", "capability: many\n", 1))
    problems = _problems(mini_copy)
    assert any("parties[2].capability" in p for p in problems), problems
    assert not any("unknown party 'broker'" in p for p in problems), problems
