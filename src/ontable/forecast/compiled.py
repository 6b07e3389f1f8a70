"""Whether the models' compiled kernels (numba, the optional extra ``fast``) may be used.

Each model with kernels keeps its numpy path beside them and chooses the kernels only when
numba can be imported, the size makes them pay, and they are not switched off here.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from types import ModuleType

SWITCH = "ONTABLE_NO_NUMBA"
"""Set to anything but empty or ``0`` to make every model take its numpy path."""


def kernels_switched_off() -> bool:
    """Whether :data:`SWITCH` asks for the numpy paths."""
    return os.environ.get(SWITCH, "") not in ("", "0")


def stamp(*modules: ModuleType) -> str:
    """A digest of the functions and constants of the modules whose compiled code a model's
    kernels take in. numba's disk cache checks only the file of the function it caches, so
    each cached function holds this digest as a closure value (part of numba's cache key):
    an edit to any of these modules then recompiles rather than loading stale code."""
    digest = hashlib.sha256()
    for module in modules:
        for name, value in sorted(vars(module).items()):
            func = getattr(value, "py_func", value)
            if getattr(func, "__module__", None) == module.__name__ and hasattr(func, "__code__"):
                digest.update(marshal.dumps(func.__code__))
            elif isinstance(value, (bool, int, float, str)) and not name.startswith("__"):
                digest.update(f"{name}={value!r}".encode())
    return digest.hexdigest()
