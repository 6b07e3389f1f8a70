"""``exp`` and ``log`` without a call to the C library, for the compiled BDM round.

Without a vector maths library, numba compiles every ``math.exp`` and ``math.log`` as a
call, which keeps a loop over many of them scalar. These versions are straight-line
arithmetic (no branch, no call), so a loop over a contiguous array of them compiles to
vector instructions. Both reduce the argument (``exp``: ``x = k·ln 2 + r``, ``|r| ≤ ½ ln 2``;
``log``: ``c = 2^e·m``, ``m`` in [√½, √2), ``log m = 2 atanh(s)``, ``s = (m − 1)/(m + 1)``)
and sum a Taylor series to well below the last bit; their results stay within one or two
units in the last place of the C library's (the tests check this on many arguments).
Domain: ``exp`` for ``x ≤ 0`` (``−inf`` gives 0), ``log`` for ``c`` in [0, 1] (0 gives
``−inf``), as the powers of the BDM round need.
"""

# mypy: disable-error-code="misc,untyped-decorator,import-untyped,call-arg,var-annotated"

from __future__ import annotations

import math
from typing import Any

import numba
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

_inline = numba.njit(cache=True, nogil=True, error_model="numpy", inline="always")


@intrinsic
def _bits(typingctx: Any, x: Any) -> Any:
    """The bits of a float64 as an int64."""
    sig = types.int64(types.float64)

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return builder.bitcast(args[0], ir.IntType(64))

    return sig, codegen


@intrinsic
def _from_bits(typingctx: Any, i: Any) -> Any:
    """The float64 with the bits of an int64."""
    sig = types.float64(types.int64)

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return builder.bitcast(args[0], ir.DoubleType())

    return sig, codegen


_LN2_HI = 6.93147180369123816490e-01
"""ln 2 rounded to 32 significant bits: ``k · _LN2_HI`` is exact for ``|k| < 2^21``."""
_LN2_LO = 1.9082149292705877e-10
"""ln 2 − :data:`_LN2_HI`, rounded (from ln 2 to 60 digits)."""
_LOG2E = 1.0 / math.log(2.0)


@_inline
def exp_neg(x: float) -> float:
    """``e^x`` for ``x ≤ 0`` (and ``x = −inf``: 0)."""
    x = max(x, -746.0)  # below, e^x rounds to 0
    kf = math.floor(x * _LOG2E + 0.5)
    r = (x - kf * _LN2_HI) - kf * _LN2_LO
    # e^r − 1 = r + r²(1/2! + r(1/3! + …)), to r^14/14!.
    p = 1.0 / 87178291200.0
    p = p * r + 1.0 / 6227020800.0
    p = p * r + 1.0 / 479001600.0
    p = p * r + 1.0 / 39916800.0
    p = p * r + 1.0 / 3628800.0
    p = p * r + 1.0 / 362880.0
    p = p * r + 1.0 / 40320.0
    p = p * r + 1.0 / 5040.0
    p = p * r + 1.0 / 720.0
    p = p * r + 1.0 / 120.0
    p = p * r + 1.0 / 24.0
    p = p * r + 1.0 / 6.0
    p = p * r + 0.5
    em1 = r + r * r * p
    k = int(kf)
    kc = max(k, -1022)  # 2^k as 2^kc · 2^(k − kc), both normal
    scale = _from_bits((kc + 1023) << 52) * _from_bits((k - kc + 1023) << 52)
    return (1.0 + em1) * scale


_SQRT2 = math.sqrt(2.0)
_TINY = 2.2250738585072014e-308


@_inline
def log01(c: float) -> float:
    """``log c`` for ``c`` in [0, 1] (``−inf`` at 0)."""
    sub = c < _TINY  # subnormal: scale by 2^54 first
    cn = c * 18014398509481984.0 if sub else c
    bits = _bits(cn)
    e = ((bits >> 52) & 0x7FF) - 1023 - (54 if sub else 0)
    m = _from_bits((bits & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000)  # in [1, 2)
    big = m > _SQRT2
    m = 0.5 * m if big else m
    e = e + 1 if big else e
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    # log(1 + f) = f − f²/2 + s(f²/2 + R), R = Σ_{k≥1} 2 z^k / (2k + 1) (here |s| < 0.172).
    q = 2.0 / 25.0
    q = q * z + 2.0 / 23.0
    q = q * z + 2.0 / 21.0
    q = q * z + 2.0 / 19.0
    q = q * z + 2.0 / 17.0
    q = q * z + 2.0 / 15.0
    q = q * z + 2.0 / 13.0
    q = q * z + 2.0 / 11.0
    q = q * z + 2.0 / 9.0
    q = q * z + 2.0 / 7.0
    q = q * z + 2.0 / 5.0
    q = q * z + 2.0 / 3.0
    big_r = z * q
    hfsq = 0.5 * f * f
    ef = float(e)
    out = ef * _LN2_HI - ((hfsq - (s * (hfsq + big_r) + ef * _LN2_LO)) - f)
    return out if c > 0.0 else -math.inf
