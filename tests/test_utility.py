"""The shared utility form."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ontable.utility import document_package, utilities

positions = arrays(np.float64, (3, 4), elements=st.floats(0, 100))
weights = arrays(np.float64, (3, 4), elements=st.floats(1, 100))


def test_hand_computed() -> None:
    ideals = np.array([[0.0, 100.0]])
    sal = np.array([[30.0, 10.0]])
    # distances 0.5 and 0.5, weights 0.75 and 0.25
    assert np.allclose(utilities([50.0, 50.0], ideals, sal), [0.5])
    assert np.allclose(utilities([50.0, 50.0], ideals, sal, "quadratic"), [0.75])
    assert np.allclose(utilities([0.0, 0.0], ideals, sal), [0.75])


@given(ideals=positions, sal=weights)
def test_ideal_point_is_one(ideals: np.ndarray, sal: np.ndarray) -> None:
    u = utilities(ideals, ideals, sal)  # package a = actor a's ideal
    assert np.allclose(np.diagonal(u), 1.0)
    assert ((u >= -1e-12) & (u <= 1 + 1e-12)).all()


@given(ideals=positions, sal=weights, package=arrays(np.float64, (4,), elements=st.floats(0, 100)))
def test_open_issues_are_dropped(ideals: np.ndarray, sal: np.ndarray, package: np.ndarray) -> None:
    open_package = package.copy()
    open_package[1] = np.nan
    expected = utilities(
        np.delete(package, 1), np.delete(ideals, 1, axis=1), np.delete(sal, 1, axis=1)
    )
    assert np.allclose(utilities(open_package, ideals, sal), expected)


def test_document_package_uses_status_quo() -> None:
    pkg = document_package({"b": 30.0}, ["a", "b", "c"], [10.0, 0.0, np.nan])
    assert pkg[0] == 10.0 and pkg[1] == 30.0 and np.isnan(pkg[2])
