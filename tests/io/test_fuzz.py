"""Random YAML and random mutations of real cases: a valid Case or a clean CaseError, nothing else."""

from __future__ import annotations

import copy
import functools
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontable.io import CaseError, load_case, resolve_case_path
from ontable.io.yamlio import dump_yaml_text, load_yaml, to_plain
from tests.conftest import MINI
from tests.io.trees import tree_paths

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["north", "south", "border", "2025-01-01", "binding"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=10), inner, max_size=4),
    ),
    max_leaves=20,
)


def _load_or_clean_error(folder: Path) -> None:
    try:
        load_case(folder)
    except CaseError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert str(problem).startswith(str(folder))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_random_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "case.yaml").write_text(text)
        _load_or_clean_error(Path(tmp))


BUILTIN = resolve_case_path("ukraine-2025").parent


@functools.cache
def _parsed(path: Path) -> object:
    """A source file's plain data, parsed once (each example mutates a copy)."""
    return to_plain(load_yaml(path))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_mutated_mini_case(data: st.DataObject) -> None:
    _mutate_and_load(MINI, data)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_mutated_builtin_case(data: st.DataObject) -> None:
    """Fewer examples than on the small case: each loads the whole built-in case (about a
    second); the kinds of mutation are the same, the built-in case adds its real paths."""
    _mutate_and_load(BUILTIN, data)


def _mutate_and_load(source: Path, data: st.DataObject) -> None:
    """Copy the case, change or delete one node of one of its files, and load it."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "case"
        shutil.copytree(source, folder)
        files = [folder / "case.yaml", *sorted((folder / "documents").glob("*.yaml"))]
        target = data.draw(st.sampled_from(files))
        tree = copy.deepcopy(_parsed(source / target.relative_to(folder)))
        path = data.draw(st.sampled_from(tree_paths(tree)[1:]))
        new = data.draw(values)
        node = tree
        for key in path[:-1]:
            node = node[key]  # type: ignore[index]
        if data.draw(st.booleans()) and isinstance(node, dict):
            del node[path[-1]]  # type: ignore[arg-type]
        else:
            node[path[-1]] = new  # type: ignore[index]
        target.write_text(dump_yaml_text(tree))
        _load_or_clean_error(folder)
