"""The exchange model: pairs of actors trade voting positions across two issues.

Stokman and Van Oosten (1994), with the equal-gain exchange rate of Dijkstra, Van Assen and
Stokman (2008); the model and its choices are described in :mod:`.model`. The parts:
:mod:`.gains` (what one exchange gains), :mod:`.shortlist` (the candidates carried through a
round), :mod:`.rounds` (the rounds of exchanges) and :mod:`.model` (the forecast).
"""

from ontable.forecast.exchange.gains import (
    _TIE,
    IndexArray,
    _gains_only,
    _make_exchange,
    _outcome,
    exchange_gains,
)
from ontable.forecast.exchange.model import VERSION, forecast
from ontable.forecast.exchange.rounds import (
    _MAX_STEPS_PER_CANDIDATE,
    _SHORTLIST,
    ExchangeParams,
    Trades,
    run_batch,
)
from ontable.forecast.exchange.shortlist import _BUDGET, _all_gains, _shortlist

__all__ = [
    "VERSION",
    "_BUDGET",
    "_MAX_STEPS_PER_CANDIDATE",
    "_SHORTLIST",
    "_TIE",
    "ExchangeParams",
    "IndexArray",
    "Trades",
    "_all_gains",
    "_gains_only",
    "_make_exchange",
    "_outcome",
    "_shortlist",
    "exchange_gains",
    "forecast",
    "run_batch",
]
