"""Analysis engines: ledger, reciprocity, diff and chain, proximity and lean, acceptability
and the zone of possible agreement.

Pure functions of a Case (no I/O); each returns a frozen dataclass with ``.to_frame()`` and
``.to_dict()``.
"""

from ontable.analysis.acceptability import Acceptability, acceptability
from ontable.analysis.diff import (
    DocumentDiff,
    IssueShift,
    PositionChange,
    ProvisionPair,
    chain,
    chain_diffs,
    diff_documents,
    provision_similarity,
    word_diff,
)
from ontable.analysis.ledger import (
    MODALITY_WEIGHTS,
    Ledger,
    LedgerEntry,
    PartyLedger,
    ReciprocityGap,
    ledger,
    reciprocity_gaps,
)
from ontable.analysis.proximity import Lean, LeanTerm, Proximity, lean, proximity
from ontable.analysis.zopa import IssueZopa, PartyBound, Zopa, zopa

__all__ = [
    "MODALITY_WEIGHTS",
    "Acceptability",
    "DocumentDiff",
    "IssueShift",
    "IssueZopa",
    "Lean",
    "LeanTerm",
    "Ledger",
    "LedgerEntry",
    "PartyBound",
    "PartyLedger",
    "PositionChange",
    "ProvisionPair",
    "Proximity",
    "ReciprocityGap",
    "Zopa",
    "acceptability",
    "chain",
    "chain_diffs",
    "diff_documents",
    "lean",
    "ledger",
    "provision_similarity",
    "proximity",
    "reciprocity_gaps",
    "word_diff",
    "zopa",
]
