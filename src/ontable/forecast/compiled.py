"""Whether the models' compiled kernels (numba, the optional extra ``fast``) may be used.

Each model with kernels keeps its numpy path beside them and chooses the kernels only when
numba can be imported, the size makes them pay, and they are not switched off here.
"""

from __future__ import annotations

import os

SWITCH = "ONTABLE_NO_NUMBA"
"""Set to anything but empty or ``0`` to make every model take its numpy path."""


def kernels_switched_off() -> bool:
    """Whether :data:`SWITCH` asks for the numpy paths."""
    return os.environ.get(SWITCH, "") not in ("", "0")
