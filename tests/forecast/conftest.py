"""Fixtures of the forecast tests: the BDM model's two paths (numpy and compiled)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.extras import require_extra


@pytest.fixture(params=["numpy", "compiled"])
def bdm_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test once on the numpy round and once on the compiled one (the ``fast`` extra),
    whatever the batch size."""
    from ontable.forecast.bdm import kernels, model

    if request.param == "compiled":
        require_extra("fast")
        monkeypatch.delenv("ONTABLE_NO_NUMBA", raising=False)
        assert kernels.available()
        monkeypatch.setattr(model, "_KERNEL_WORK", 0)
    else:
        monkeypatch.setattr(model, "_KERNEL_WORK", 1 << 62)
    yield str(request.param)
