"""The public face of ontable.analysis: a sorted __all__ of names that exist."""

from __future__ import annotations

import dataclasses

import ontable.analysis as analysis


def test_all_sorted_and_present() -> None:
    assert analysis.__all__ == sorted(analysis.__all__, key=lambda n: (not n.isupper(), n))
    for name in analysis.__all__:
        assert hasattr(analysis, name), name


def test_results_are_frozen_with_frame_and_dict() -> None:
    for name in ("Ledger", "DocumentDiff", "Proximity", "Lean", "Acceptability", "Zopa"):
        cls = getattr(analysis, name)
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
        assert callable(cls.to_frame) and callable(cls.to_dict)
