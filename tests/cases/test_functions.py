"""Every point a built-in case codes says what it does (coding guide, "What a provision does")."""

from __future__ import annotations

import pytest

from ontable import builtin_cases, load_case
from ontable.model import PROVISION_FUNCTIONS

CASES = builtin_cases()


def test_there_are_built_in_cases_to_check() -> None:
    assert "ukraine-2025" in CASES


@pytest.mark.parametrize("name", CASES)
def test_every_coded_provision_lists_at_least_one_function(name: str) -> None:
    case = load_case(name)
    coded = [(d.id, p) for d in case.documents for p in d.provisions if p.status != "unknown"]
    assert coded, f"{name} codes no provision"
    missing = [f"{doc}:{p.id}" for doc, p in coded if not p.functions]
    assert not missing, f"provisions without functions in {name}: {missing}"


@pytest.mark.parametrize("name", CASES)
def test_functions_come_from_the_fixed_list_and_are_not_repeated(name: str) -> None:
    case = load_case(name)
    for doc in case.documents:
        for p in doc.provisions:
            assert set(p.functions) <= set(PROVISION_FUNCTIONS), (doc.id, p.id, p.functions)
            assert len(set(p.functions)) == len(p.functions), (doc.id, p.id, p.functions)
