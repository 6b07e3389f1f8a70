"""Capabilities of the EU legislators, from a stated rule that a user can change.

The default rule (:class:`CapabilityRule`) gives each actor a share of formal voting power:

Member states
    Under qualified majority, each state's Council voting weight under the rules in force on
    the proposal's introduction date: the EU-15 weights of the 1995 accession treaty (Germany,
    France, Italy, the UK 10 … Luxembourg 2) before 1 November 2004; the weights of the Treaty
    of Nice (29 … Malta 3, Protocol on enlargement and accession treaties) from then; the
    states' shares of the EU population under the Lisbon double majority (Art. 16(4) TEU) for
    proposals introduced from 1 November 2014. A proposal introduced before November 2004 on
    which a state that joined in 2004 or later took a position was decided after the
    enlargement, so it gets the Nice weights. Under unanimity every state holds a veto, so
    every state counts the same.
Parliament
    Under co-decision a co-legislator equal to the whole Council (``ep_codecision`` × the
    states' total); under consultation its opinion does not bind (``ep_consultation``, 0).
Commission
    The agenda setter, whose proposal the Council can amend against its will only
    unanimously: ``commission`` × the states' total (0.5) under both procedures.

The shares are fixed by this written convention, not estimated from the outcomes. The
alternative ``council="equal"`` gives every actor the same capability. Capabilities are scaled
so the largest in a proposal is 100.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

import numpy as np

from ontable.model.arrays import FloatArray

EU15_WEIGHTS: dict[str, float] = {
    "de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5,
    "at": 4, "se": 4, "dk": 3, "ie": 3, "fi": 3, "lu": 2,
}  # fmt: skip
"""Council votes under qualified majority, 1995 – October 2004 (total 87)."""

NICE_WEIGHTS: dict[str, float] = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7,
    "cy": 4, "ee": 4, "lv": 4, "lu": 4, "si": 4, "mt": 3,
}  # fmt: skip
"""Council votes under the Treaty of Nice, November 2004 – October 2014 (Croatia from 2013)."""

POPULATION_2015: dict[str, float] = {
    "de": 81.2, "fr": 66.4, "uk": 64.9, "it": 60.8, "es": 46.4, "pl": 38.0, "ro": 19.9,
    "nl": 16.9, "be": 11.3, "el": 10.9, "cz": 10.5, "pt": 10.4, "hu": 9.9, "se": 9.7,
    "at": 8.6, "bu": 7.2, "dk": 5.7, "fi": 5.5, "sk": 5.4, "ie": 4.6, "cr": 4.2, "lt": 2.9,
    "si": 2.1, "lv": 2.0, "ee": 1.3, "cy": 0.8, "lu": 0.6, "mt": 0.4,
}  # fmt: skip
"""Population in millions on 1 January 2015 (Eurostat estimates, rounded to 0.1 million): the
weights of the double majority (Art. 16(4) TEU, in force for votes from 1 November 2014)."""

NICE_FROM = date(2004, 11, 1)
DOUBLE_MAJORITY_FROM = date(2014, 11, 1)


@dataclass(frozen=True)
class CapabilityRule:
    """How capabilities are set for a proposal (see the module docstring)."""

    council: Literal["votes", "equal"] = "votes"
    ep_codecision: float = 1.0
    ep_consultation: float = 0.0
    commission: float = 0.5

    def __post_init__(self) -> None:
        if self.council not in ("votes", "equal"):
            raise ValueError(f"council must be 'votes' or 'equal'; got {self.council!r}")
        for name in ("ep_codecision", "ep_consultation", "commission"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a non-negative number; got {value!r}")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> CapabilityRule:
        """A rule from plain data (unknown keys are an error)."""
        values = dict(values or {})
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown capability rule fields: {', '.join(sorted(unknown))}")
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def council_regime(introduced: date, states: Sequence[str]) -> str:
    """The name of the Council weights used for a proposal: ``eu15``, ``nice`` or ``population``."""
    if introduced >= DOUBLE_MAJORITY_FROM:
        return "population"
    if introduced < NICE_FROM and all(s in EU15_WEIGHTS for s in states):
        return "eu15"
    return "nice"


_REGIME_WEIGHTS = {"eu15": EU15_WEIGHTS, "nice": NICE_WEIGHTS, "population": POPULATION_2015}


def capabilities(
    actors: Sequence[str],
    *,
    procedure: str,
    voting_rule: str,
    introduced: date,
    rule: CapabilityRule,
) -> FloatArray:
    """Capabilities of ``actors`` (``com``, ``ep`` and state codes) for one proposal, max 100.

    Parameters
    ----------
    actors
        Actor codes of the proposal.
    procedure
        ``COD`` (co-decision) or ``CNS`` (consultation).
    voting_rule
        ``QMV`` or ``Unan``.
    introduced
        The proposal's introduction date (selects the Council weights).
    rule
        The rule to apply.
    """
    if rule.council == "equal":
        return np.full(len(actors), 100.0)
    states = [a for a in actors if a not in ("com", "ep")]
    if voting_rule == "Unan":
        state_weight = dict.fromkeys(states, 1.0)
    else:
        table = _REGIME_WEIGHTS[council_regime(introduced, states)]
        unknown = [s for s in states if s not in table]
        if unknown:
            raise ValueError(f"no Council weight for {', '.join(unknown)} on {introduced}")
        state_weight = {s: float(table[s]) for s in states}
    total = sum(state_weight.values()) or 1.0
    ep = rule.ep_codecision if procedure == "COD" else rule.ep_consultation
    out = np.array(
        [
            rule.commission * total if a == "com" else ep * total if a == "ep" else state_weight[a]
            for a in actors
        ],
        dtype=float,
    )
    top = out.max(initial=0.0)
    return out / top * 100.0 if top > 0 else np.full(len(actors), 100.0)
