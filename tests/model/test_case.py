"""Case methods."""

from __future__ import annotations

from pathlib import Path

import pytest

from ontable.io import load_case
from ontable.model import Override


def test_with_overrides(mini_path: Path) -> None:
    case = load_case(mini_path)
    changed = case.with_overrides(
        [
            Override(party="south", field="batna", value=0.05),
            Override(party="north", field="position", issue="border", value=40),
            Override(party="broker", field="capability", value=99),
        ]
    )
    assert changed.party("south").batna == 0.05
    assert changed.party("south").batna_range == (0.05, 0.4)
    north_border = changed.stance("north", "border")
    assert north_border is not None and north_border.position == 40
    assert north_border.position_range == (40, 100)
    assert changed.party("broker").capability == 99
    # the original is untouched
    assert case.party("south").batna == 0.3


def test_with_overrides_unknown_party(mini_path: Path) -> None:
    case = load_case(mini_path)
    with pytest.raises(KeyError, match="unknown party"):
        case.with_overrides([Override(party="west", field="batna", value=0.1)])
