"""The zone of possible agreement: per issue, the positions some acceptable deal can take.

A package ``x`` (one position per issue) is *acceptable* when every required party
(``Party.required``) with a BATNA and a stance prefers it to no deal:
``u_a(x) ≥ β_a`` for the shared utility of :mod:`ontable.utility`, i.e.

.. math::

    \\sum_i w_{ai}\\, \\ell\\!\\left(\\frac{|x_i - p_{ai}|}{100}\\right) \\le 1 - \\beta_a .

The acceptable packages form a convex set ``Z`` (each constraint is convex in ``x``), and
the **zone of issue i** is its projection: ``[min x_i, max x_i]`` over ``Z``: every
position on issue ``i`` inside it belongs to at least one package that all of them prefer
to no deal, and none outside it does. When ``Z`` is empty every zone is *empty*: no package
beats no deal for all of them at once (the zone of agreement of Raiffa 1982, *The Art and
Science of Negotiation*, ch. 4, extended to several issues by projection).

With linear loss each bound is a linear program (``|x_i − p_ai|`` written as ``d_ai ≥ ±(x_i −
p_ai)``), solved with scipy's HiGHS interface; with quadratic loss ``Z`` is an intersection of
ellipsoidal cylinders and each bound a smooth convex program, solved with SLSQP from a point
of ``Z``. Bounds are rounded to 1e-6.

With ``around`` (a document), the zone of issue ``i`` is taken with every other issue held
at the positions that document sets (its package, :func:`ontable.utility.document_package`;
issues it leaves open are left out of every party's utility, as in acceptability): it is the
interval of ``x_i`` over which that package, changed on issue ``i`` alone, is acceptable to
every counted party — "how far could this draft move on this issue and still be signed?".
Each party's constraint is then ``w_ai ℓ(|x_i − p_ai| / 100) ≤ r_ai`` with ``r_ai`` what is
left of ``1 − β_a`` after the other issues' loss at the document, so the zone is an
intersection of intervals; it is empty when some party would reject the draft whatever is
done on issue ``i`` alone, and it is computed the same way for linear and quadratic loss.

Alongside, each party's own interval on each issue, ``|x_i − p_ai| ≤ 100 ℓ⁻¹((1 − β_a) /
w_ai)``, shows which party limits the zone: it is what the party could accept on ``i`` if it
had its way on every other issue. Required parties without a BATNA are listed, not counted:
the case does not say what no deal is worth to them, and none is assumed.
"""

from ontable.analysis.zopa.agreement import AgreementZone, IssueRoom, agreement_zone
from ontable.analysis.zopa.results import IssueZopa, PartyBound, Zopa
from ontable.analysis.zopa.zones import Counted, Span, zopa

__all__ = [
    "AgreementZone",
    "Counted",
    "IssueRoom",
    "IssueZopa",
    "PartyBound",
    "Span",
    "Zopa",
    "agreement_zone",
    "zopa",
]
