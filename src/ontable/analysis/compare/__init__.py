"""Two texts side by side, possibly from two negotiations: what each point does, and how each
text distributes duties, conditions and credit.

Parties differ from one case to another, so nothing here compares ids across cases: parties
are described by their **role** in a text (drafter, consulted, excluded; a *principal* is a
party whose case role is ``party`` and on whom the text puts at least one obligation; mediators,
guarantors and observers with obligations are listed with their role) and by their **name**.

**What a provision does.** Each provision gets a set of functions, from three origins kept
apart in the output:

- ``coded``: the provision's own ``functions`` (the fixed list
  :data:`~ontable.model.PROVISION_FUNCTIONS`, tagged by the case author);
- ``derived``: what the data says without tagging: a ``kind: penalty`` provision performs
  ``penalty``; a provision with an obligation that has a ``timing`` or an ``after`` order
  performs ``sequencing``;
- ``inferred``: only for a provision with no coded functions, a keyword rule on its title and
  summary (:data:`INFERENCE_KEYWORDS`: a function is inferred when one of its patterns occurs
  as a word start). Inference is a fallback, never mixed silently with coded functions.

**Matching.** A provision ``p`` of text A and ``q`` of text B match when their function sets
share at least one function and their Jaccard overlap
``J = |F(p) ∩ F(q)| / |F(p) ∪ F(q)|`` is at least ``min_overlap`` (default
:data:`DEFAULT_MIN_OVERLAP` = 1/3). Phasing and application (:data:`CROSS_CUTTING`: ``sequencing``, ``implementation``) say
when or how, not what: sharing only those makes no match, unless both provisions do nothing
else. A provision may match several (one-to-many). Matches are
listed best first: by ``J``, then by the number of shared functions, then in document order.
A match is ``coded`` when every shared function is coded or derived on both sides, else
``inferred``. The rule is symmetric: ``compare(B, A)`` gives the same pairs, mirrored.

**Profile of a text** (the document's own obligations and those of the documents it attaches
or endorses, as in :func:`~ontable.analysis.ledger.ledger`): per party with obligations, the
shares of its duties that are binding, hedged, aspirational or conditional (the ledger's
categories: a conditional duty of any strength counts as conditional); who judges the
conditions (a ``bearer`` of the duty is among the judges; else ``other party``; else only
non-party ``actor``\\ s; or ``unspecified``); the ``in_exchange_for`` links and the exchanges
the ledger finds; penalty provisions and the duties they enforce; and, where the case has
stances, the salience-weighted distance of the text from each principal's ideal points and
the lean index between the case's main parties (:mod:`ontable.analysis.proximity`).
"""

from ontable.analysis.compare.engine import compare, match_provisions, profile, split_text_ref
from ontable.analysis.compare.functions import (
    COMPARED_FUNCTIONS,
    CROSS_CUTTING,
    DEFAULT_MIN_OVERLAP,
    DERIVED_FUNCTIONS,
    INFERENCE_KEYWORDS,
    JUDGE_GROUPS,
    Basis,
    JudgeGroup,
    Origin,
    ProvisionFunctions,
    infer_functions,
    provision_functions,
)
from ontable.analysis.compare.results import (
    Comparison,
    DutyProfile,
    FunctionRow,
    ProvisionMatch,
    TextProfile,
)
from ontable.analysis.compare.text import function_label, profile_lines, side_by_side

__all__ = [
    "COMPARED_FUNCTIONS",
    "CROSS_CUTTING",
    "DEFAULT_MIN_OVERLAP",
    "DERIVED_FUNCTIONS",
    "INFERENCE_KEYWORDS",
    "JUDGE_GROUPS",
    "Basis",
    "Comparison",
    "DutyProfile",
    "FunctionRow",
    "JudgeGroup",
    "Origin",
    "ProvisionFunctions",
    "ProvisionMatch",
    "TextProfile",
    "compare",
    "function_label",
    "infer_functions",
    "match_provisions",
    "profile",
    "profile_lines",
    "provision_functions",
    "side_by_side",
    "split_text_ref",
]
