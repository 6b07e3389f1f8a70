"""Input data of Bueno de Mesquita's (1994) EC example, shared by the reference tests.

The issue is the date (years from the start of talks) by which emission standards for
medium-sized cars should apply: Bueno de Mesquita (1994), "Political forecasting: an expected
utility method", in Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*,
p. 78, reproduced as Table 1 of Scholz, Calbert & Smith (2011). Capabilities are shares;
saliences are on 0–100 here (the sources print them as fractions).
"""

from __future__ import annotations

import numpy as np

from ontable.model.arrays import CaseArrays

#: actor: (capability, position in years, salience 0–100)
EMISSIONS = {
    "netherlands": (0.08, 4.0, 80.0),
    "belgium": (0.08, 7.0, 40.0),
    "luxembourg": (0.03, 4.0, 20.0),
    "germany": (0.16, 4.0, 80.0),
    "france": (0.16, 10.0, 60.0),
    "italy": (0.16, 10.0, 60.0),
    "uk": (0.16, 10.0, 90.0),
    "ireland": (0.05, 7.0, 10.0),
    "denmark": (0.05, 4.0, 100.0),
    "greece": (0.08, 7.0, 70.0),
}


def emissions_arrays() -> CaseArrays:
    """The example as one-issue arrays."""
    ids = tuple(EMISSIONS)
    c = np.array([v[0] for v in EMISSIONS.values()])
    x = np.array([[v[1]] for v in EMISSIONS.values()])
    s = np.array([[v[2]] for v in EMISSIONS.values()])
    nan = np.full(len(ids), np.nan)
    return CaseArrays(ids, ("emission_date",), x, s, c, nan, nan, np.array([np.nan]))
