"""Bueno de Mesquita's expected-utility model, as specified by Scholz, Calbert & Smith (2011).

The model, its variants and the choices where the sources are silent are described in
:mod:`.model` (the forecast). The parts: :mod:`.params` (parameters and variants),
:mod:`.votes` (win probabilities, eq. 30) and :mod:`.utilities` (expected utilities, risk
exponents and offers, eqs. 15–33); :mod:`.kernels` runs a whole round compiled (with the
optional numba) in memory linear in actors.
"""

from ontable.forecast.bdm.model import VERSION, forecast, run_rows
from ontable.forecast.bdm.params import PRINTED_EQUATIONS, PUBLISHED_CODE, VARIANTS, BdmParams
from ontable.forecast.bdm.utilities import (
    _challenge_matrices,
    _new_positions,
    _new_positions_published,
    _risk_exponents,
    expected_utilities,
)
from ontable.forecast.bdm.votes import all_pairs_win_probabilities, win_probabilities

__all__ = [
    "PRINTED_EQUATIONS",
    "PUBLISHED_CODE",
    "VARIANTS",
    "VERSION",
    "BdmParams",
    "_challenge_matrices",
    "_new_positions",
    "_new_positions_published",
    "_risk_exponents",
    "all_pairs_win_probabilities",
    "expected_utilities",
    "forecast",
    "run_rows",
    "win_probabilities",
]
