"""The fast reader (libyaml) gives ruamel's data, lines and errors, and reads real files itself."""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ontable.io.load
from ontable.io import CaseError, load_case
from ontable.io.yamlio import dump_yaml_text, line_of, load_yaml, read_text, read_yaml, to_plain
from ontable.io.yamlread import LineMap, read_fast
from tests.conftest import MINI
from tests.io.trees import tree_paths

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    p
    for folder in (ROOT / "src" / "ontable" / "cases", ROOT / "tests" / "data")
    for p in folder.rglob("*.yaml")
)


def _typed(data: Any) -> Any:
    """Plain data with each scalar's kind beside it (so that 1, 1.0 and True differ)."""
    if isinstance(data, dict):
        return {k: _typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_typed(v) for v in data]
    for kind in (bool, int, float, str):
        if isinstance(data, kind):
            return (kind.__name__, data)
    return (type(data).__name__, repr(data))  # ruamel's own objects (for tags it keeps)


def _same_as_ruamel(path: Path) -> None:
    """read_yaml and load_yaml agree on ``path``: data, every node's line, or the error."""
    try:
        slow = load_yaml(path)
    except CaseError as exc:
        with pytest.raises(CaseError) as fast_error:
            read_yaml(path)
        assert fast_error.value.problems == exc.problems
        return
    fast = read_yaml(path)
    assert _typed(to_plain(fast)) == _typed(to_plain(slow))
    for loc in tree_paths(to_plain(slow)):
        assert line_of(fast, loc) == line_of(slow, loc), loc


def test_the_shipped_files_are_read_fast_with_ruamels_data_and_lines() -> None:
    assert len(SHIPPED) > 20
    for path in SHIPPED:
        assert read_fast(read_text(path)) is not None, path  # libyaml read it
        _same_as_ruamel(path)


def _write(text: str) -> Any:
    """``text`` as data by both readers (or both errors), compared; returns the fast one's."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.yaml"
        path.write_text(text, encoding="utf-8")
        _same_as_ruamel(path)
        try:
            return read_yaml(path)
        except CaseError as exc:
            return exc


NUMBERISH = st.text(alphabet="0123456789+-._eExXoObBaf:TtZ~ nNulrsF<=!", min_size=1, max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=NUMBERISH)
def test_plain_scalars_resolve_as_in_ruamel(value: str) -> None:
    """Numbers, dates, null, booleans and text look-alikes: the same values (YAML 1.2)."""
    _write(f"key: {value}\nlist: [{value}]\n{value}: 1\n")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200))
def test_random_text_reads_as_in_ruamel(text: str) -> None:
    if not text.strip() or "\x00" in text:
        return
    _write(text)


values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=20),
        st.sampled_from(["NO", "yes", "on", "2025-01-01", "1e3", "0x1F", "~", "", " x ", "a: b"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(st.text(max_size=8), values, min_size=1, max_size=5))
def test_any_data_ruamel_writes_reads_back_as_in_ruamel(data: dict[str, Any]) -> None:
    _write(dump_yaml_text(data))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a duplicate key: ruamel's error
        "a: [1, 2\n",  # a syntax error: ruamel's wording and line
        "- 1\n- 2\n",  # the top level is a list
        "'text'\n",
        "a: &x [1, 2]\nb: *x\nc: *x\n",  # aliases share the value
        "a: &x [1, *x]\n",  # an alias inside its own anchor
        "a: *nowhere\n",
        "base: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\n",  # a merge key
        "%YAML 1.1\n---\ncountry: NO\n",  # a directive: ruamel reads it
        "country: NO\nanswer: yes\nwhen: 2025-11-20\nat: 2025-11-20 10:00:00\n",
        "n: 0x1F\no: 0o17\nu: 1_000\ne: 1e3\nh: .5\ni: -.inf\nz: 007\nt: 12:30\n",
        "a: !!str 12\nb: !!int '12'\nc: ! 12\nd: !!binary aGk=\n",
        "---\na: 1\n---\nb: 2\n",  # two documents
        "a:\n" + "  - " * 0 + "[" * 300 + "]" * 300 + "\n",  # deep nesting
        "a: 1\u2028b: 2\n",  # a break YAML 1.1 reads and 1.2 does not
        "? [1, 2]\n: complex key\n",
        "x: " + "9" * 5000 + "\n",  # an integer Python refuses to read
        "x: -_\n",  # a "number" ruamel fails to read (a clean error, not a traceback)
    ],
)
def test_unusual_files_read_as_in_ruamel(text: str) -> None:
    _write(text)


def test_an_alias_bomb_is_refused_as_before() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    error = _write("\n".join(lines) + "\n")
    assert isinstance(error, CaseError)
    assert "expands to more than" in str(error)


def test_the_data_is_plain_containers_that_know_their_lines() -> None:
    data = read_yaml(MINI / "case.yaml")
    assert isinstance(data, LineMap)
    assert line_of(data, ("issues", 1, "id")) == line_of(
        load_yaml(MINI / "case.yaml"), ("issues", 1, "id")
    )


def _load_both(folder: Path) -> tuple[Any, Any]:
    """load_case's outcome (the Case, or its problems) with each reader."""

    def outcome() -> Any:
        try:
            return load_case(folder)
        except CaseError as exc:
            return exc.problems

    fast = outcome()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ontable.io.load, "read_yaml", load_yaml)
        slow = outcome()
    return fast, slow


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["north", "2025-01-01", "binding", "unspecified", "NO", "1e3"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_mutated_case_loads_or_fails_the_same_with_either_reader(data: st.DataObject) -> None:
    """The small case (format v1, so upgraded in memory) with one node changed or deleted: the
    same Case, or the same problems at the same lines, from both readers."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "case"
        shutil.copytree(MINI, folder)
        files = [folder / "case.yaml", *sorted((folder / "documents").glob("*.yaml"))]
        target = data.draw(st.sampled_from(files))
        tree = copy.deepcopy(to_plain(load_yaml(target)))
        loc = data.draw(st.sampled_from(tree_paths(tree)[1:]))
        node = tree
        for key in loc[:-1]:
            node = node[key]
        if data.draw(st.booleans()) and isinstance(node, dict):
            del node[loc[-1]]
        else:
            node[loc[-1]] = data.draw(scalars)
        target.write_text(dump_yaml_text(tree))
        fast, slow = _load_both(folder)
        assert fast == slow
