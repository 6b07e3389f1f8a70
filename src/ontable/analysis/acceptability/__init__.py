"""Would they sign? Each party's utility of a document against its BATNA, and its red lines.

**Utility** is the one shared form of :mod:`ontable.utility`: the salience-weighted loss of
the document's package from the party's ideal point, linear or quadratic, on a 0–1 scale.

**The package** is what the document sets, together with the terms of the documents it
``attaches`` or ``endorses`` (for issues it does not set itself; they are named in
``carried``). What to do with the issues that are still unaddressed is a stated rule,
``unaddressed`` (default :data:`DEFAULT_UNADDRESSED`):

- ``carry-over`` (default): take the position of the document it ``revises`` (and, in turn,
  of the documents that one revises, attaches or endorses); issues still open are not counted;
- ``not-counted``: leave them out: each party's weights are renormalised over the issues the
  package sets;
- ``status-quo``: score them at the issue's status quo where the case gives one (the format v1
  behaviour; issues with no status quo are not counted).

**Verdict.** ``margin = u − BATNA``. A party *accepts* when ``margin ≥ 0`` and the package
crosses none of its **red lines** (issue ranges it has declared it rejects whatever the
package: :class:`ontable.model.RedLine`). With ``red_lines="reject"`` (default) a crossed red
line makes the party refuse whatever its margin (and even without a BATNA); with
``"ignore"`` red lines are only reported. A party that would not accept *vetoes* when the
deal needs its consent (``Party.required``), else *rejects*. A party with neither a BATNA
nor a crossed red line gets no verdict (``no BATNA``). Only parties with at least one stance
are listed.

**Drivers** of a verdict (:meth:`Acceptability.drivers`) are the issues in order of the
share of the party's loss they carry, ``w_ai ℓ(|x_i − p_ai|/100) / Σ``, with any red line
crossed. **Acceptance over the input ranges** (:func:`acceptance_odds`) draws the case's
positions, saliences and BATNAs within their ranges (:func:`ontable.sweep.sampling.input_space`)
with a ``numpy.random.Generator`` and reports, per document and party, the share of draws in
which the party accepts, the share in which every counted required party accepts, and the
inputs whose draws are most correlated with acceptance.
"""

from ontable.analysis.acceptability.odds import AcceptanceOdds, InputDriver, acceptance_odds
from ontable.analysis.acceptability.terms import (
    DEFAULT_UNADDRESSED,
    UNADDRESSED_RULES,
    RedLineRule,
    UnaddressedRule,
    check_form,
    check_unaddressed,
    document_terms,
    document_vector,
)
from ontable.analysis.acceptability.verdicts import Acceptability, Driver, Verdict, acceptability

__all__ = [
    "DEFAULT_UNADDRESSED",
    "UNADDRESSED_RULES",
    "Acceptability",
    "AcceptanceOdds",
    "Driver",
    "InputDriver",
    "RedLineRule",
    "UnaddressedRule",
    "Verdict",
    "acceptability",
    "acceptance_odds",
    "check_form",
    "check_unaddressed",
    "document_terms",
    "document_vector",
]
