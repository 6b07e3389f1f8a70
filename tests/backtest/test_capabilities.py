"""The stated capability rule: treaty weights, procedures, and the equal alternative."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from ontable.backtest.capabilities import (
    EU15_WEIGHTS,
    NICE_WEIGHTS,
    POPULATION_2015,
    CapabilityRule,
    capabilities,
    council_regime,
)


def test_weight_tables_have_the_treaty_totals() -> None:
    assert sum(EU15_WEIGHTS.values()) == 87  # EU-15 qualified-majority votes
    assert sum(NICE_WEIGHTS.values()) == 352  # Nice, EU-28 (345 for EU-27 + Croatia 7)
    assert sum(v for k, v in NICE_WEIGHTS.items() if k != "cr") == 345
    assert set(POPULATION_2015) == set(NICE_WEIGHTS)
    assert 500 < sum(POPULATION_2015.values()) < 515  # EU-28 population, millions


@pytest.mark.parametrize(
    ("introduced", "states", "regime"),
    [
        (date(1999, 5, 1), ["de", "fr", "lu"], "eu15"),
        (date(2003, 12, 23), ["de", "pl"], "nice"),  # decided after the 2004 enlargement
        (date(2007, 1, 1), ["de"], "nice"),
        (date(2014, 11, 1), ["de"], "population"),
    ],
)
def test_council_weights_follow_the_date_and_membership(introduced, states, regime) -> None:
    assert council_regime(introduced, states) == regime


def test_qualified_majority_codecision() -> None:
    actors = ("com", "ep", "de", "lu")
    c = capabilities(
        actors,
        procedure="COD",
        voting_rule="QMV",
        introduced=date(2000, 1, 1),
        rule=CapabilityRule(),
    )
    states = 10 + 2
    expected = np.array([0.5 * states, states, 10, 2]) / states * 100
    np.testing.assert_allclose(c, expected)
    assert c.max() == 100


def test_consultation_and_unanimity() -> None:
    actors = ("com", "ep", "de", "lu", "fr")
    c = capabilities(
        actors,
        procedure="CNS",
        voting_rule="Unan",
        introduced=date(2000, 1, 1),
        rule=CapabilityRule(),
    )
    assert c[1] == 0  # the Parliament's opinion does not bind under consultation
    assert c[2] == c[3] == c[4]  # every state holds a veto
    assert c[0] == pytest.approx(1.5 / 1.5 * 100)  # the Commission: half of three states


def test_equal_rule_and_changed_shares() -> None:
    actors = ("com", "ep", "de")
    equal = capabilities(
        actors, procedure="COD", voting_rule="QMV", introduced=date(2010, 1, 1),
        rule=CapabilityRule(council="equal"),
    )  # fmt: skip
    assert list(equal) == [100, 100, 100]
    strong_ep = capabilities(
        actors, procedure="CNS", voting_rule="QMV", introduced=date(2010, 1, 1),
        rule=CapabilityRule(ep_consultation=2.0, commission=0.0),
    )  # fmt: skip
    assert list(strong_ep) == [0, 100, 50]


def test_rule_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="commission"):
        CapabilityRule(commission=-1)
    with pytest.raises(ValueError, match="council"):
        CapabilityRule(council="gdp")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown"):
        CapabilityRule.from_mapping({"senate": 1})
    assert CapabilityRule.from_mapping(CapabilityRule().to_dict()) == CapabilityRule()
