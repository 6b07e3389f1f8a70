"""Optional extras in tests: a test of an extra skips, saying which and how to install it,
only when that extra is absent (``make test`` and CI install every extra, so there they run)."""

from __future__ import annotations

import importlib.util

import pytest

EXTRAS: dict[str, tuple[str, ...]] = {
    "web": ("fastapi", "uvicorn", "httpx", "multipart"),
    "dist": ("distributed",),
    "negmas": ("negmas",),
    "fast": ("numba",),
}
"""Each extra of pyproject.toml a test can need → modules that show it is installed."""


def missing(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here."""
    return [m for m in EXTRAS[extra] if importlib.util.find_spec(m) is None]


def require_extra(extra: str) -> None:
    """Skip the calling test (or, at module level, its module) when ``extra`` is absent."""
    absent = missing(extra)
    if absent:
        pytest.skip(
            f"the '{extra}' extra is not installed ({', '.join(absent)} missing): "
            f"pip install 'ontable[{extra}]'",
            allow_module_level=True,
        )
