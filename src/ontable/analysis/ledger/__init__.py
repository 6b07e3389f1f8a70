"""The ledger of a document: who owes what to whom, how firmly, and what is left one-sided.

Every weight below is a stated, changeable assumption: :class:`LedgerAssumptions` holds
them, with the defaults documented here and in ``docs/ledger.md``.

**Firmness of an obligation.** ``f(o) = s(o) × (1 − δ(o))`` where ``s`` weighs the strength
(:data:`DEFAULT_STRENGTH_WEIGHTS`: binding 1, hedged 0.5, aspirational 0.25) and ``δ`` is the
condition discount: 0 for an unconditional duty, else the largest discount among its
conditions (a duty is as discretionary as its most discretionary condition). A condition's
discount depends on who judges it, relative to the obligation (:data:`DEFAULT_CONDITION_DISCOUNTS`):

==============  =====================================================  ========
class           judges                                                  discount
==============  =====================================================  ========
``bearer``      only parties the obligation is ``on``                   0.75
``shared``      a bearer together with others                           0.5
``beneficiary`` only parties or actors it ``benefits``                  0.25
``third``       anyone else (a mediator, a monitor, an agency)          0.25
``unspecified`` the text does not say                                   0.25
==============  =====================================================  ========

A duty whose condition its own bearer judges thus weighs 0.25 (as an aspirational one): the
bearer decides whether it ever applies. The ``bearer`` discount must be at least every other
(so moving a judge to the bearer never makes a duty heavier). With the defaults a v1
``conditional`` obligation (binding, condition judged by an unspecified party) weighs 0.75, as
in format v1 (:data:`MODALITY_WEIGHTS`).

**Burden and benefit.**

.. math::

    B_a = \\sum_{o \\,:\\, a \\in on(o)} f(o)\\, \\sigma_a(o),
    \\qquad
    R_a = \\sum_{o \\,:\\, a \\in benefits(o)} f(o)\\, \\sigma_a(o)

``σ_a(o)`` is the salience (0–1) party ``a`` gives the obligation's issue: the obligation's
own ``issue``, else the mean over the issues its provision sets, else (no issue at all, or
no stance on it) the party's mean salience over its stances, else 1. ``net = R_a − B_a``. An
obligation ``on`` two parties counts once for each of them. A benefit is discounted like the
burden: a duty its bearer may declare void is worth less to the one who receives it.

**Reciprocity** (reciprocal concessions: Pruitt 1981, *Negotiation Behavior*). A duty of
``a`` towards a counterpart ``b`` (a party it ``benefits``; a duty with no beneficiary has an
*unspecified* one and no counterpart, unless ``unspecified_beneficiary="other-main-party"``
restores the format v1 rule) is *matched* when its **exchange group** holds a duty of ``b``
that benefits ``a`` or names no beneficiary. Exchange groups are the connected sets of
duties joined by ``in_exchange_for`` links (in either direction, across provisions and
issues) and by *mirrors* (the same ``kind``, or without a kind the same ``issue``, with roles
reversed: the v1 rule). An unmatched duty is a **reciprocity gap**; it names the duty, its
firmness, and the counterpart's duties towards ``a`` that it could be traded against
(``candidates``: same issue first). A duty with neither ``kind`` nor ``issue`` can be matched
through links but is never reported as a gap (as in format v1: nothing to compare it with).
Adding a link only merges groups, so it never adds a gap nor widens one. Matched groups are listed as **exchanges** with each
side's duties and total firmness. Gaps are sought between parties whose role is ``party``
by default (a mediator's guarantee is a service, not a concession to return).
"""

from ontable.analysis.ledger.assumptions import (
    DEFAULT_ASSUMPTIONS,
    DEFAULT_CONDITION_DISCOUNTS,
    DEFAULT_RECIPROCITY_ROLES,
    DEFAULT_STRENGTH_WEIGHTS,
    JUDGE_CLASSES,
    MODALITY_WEIGHTS,
    JudgeClass,
    LedgerAssumptions,
    UnspecifiedRule,
    condition_discount,
    firmness,
    judge_class,
)
from ontable.analysis.ledger.engine import ledger, reciprocity_gaps
from ontable.analysis.ledger.results import (
    ConditionEntry,
    Duty,
    Exchange,
    Ledger,
    LedgerEntry,
    PartyLedger,
    ReciprocityGap,
)

__all__ = [
    "DEFAULT_ASSUMPTIONS",
    "DEFAULT_CONDITION_DISCOUNTS",
    "DEFAULT_RECIPROCITY_ROLES",
    "DEFAULT_STRENGTH_WEIGHTS",
    "JUDGE_CLASSES",
    "MODALITY_WEIGHTS",
    "ConditionEntry",
    "Duty",
    "Exchange",
    "JudgeClass",
    "Ledger",
    "LedgerAssumptions",
    "LedgerEntry",
    "PartyLedger",
    "ReciprocityGap",
    "UnspecifiedRule",
    "condition_discount",
    "firmness",
    "judge_class",
    "ledger",
    "reciprocity_gaps",
]
