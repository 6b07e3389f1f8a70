"""The rule for optional extras in tests: skip with a reason only when the extra is absent."""

from __future__ import annotations

import pytest

from tests import extras


def test_an_absent_extra_skips_with_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(extras.EXTRAS, "imaginary", ("no_such_module_here",))
    with pytest.raises(pytest.skip.Exception, match=r"pip install 'ontable\[imaginary\]'"):
        extras.require_extra("imaginary")


def test_an_installed_extra_does_not_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(extras.EXTRAS, "present", ("json",))
    extras.require_extra("present")  # returns: nothing is skipped
    assert extras.missing("present") == []
