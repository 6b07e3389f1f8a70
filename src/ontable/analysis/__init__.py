"""Analysis engines: ledger, reciprocity, diff and chain, proximity and lean, acceptability
the zone of possible agreement and the source mix.

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
from ontable.analysis.sources import (
    EXCLUDED_DOMAINS,
    CitedItem,
    MixRow,
    SourceMix,
    is_excluded,
    source_mix,
)
from ontable.analysis.zopa import IssueZopa, PartyBound, Zopa, zopa

__all__ = [
    "EXCLUDED_DOMAINS",
    "MODALITY_WEIGHTS",
    "Acceptability",
    "CitedItem",
    "DocumentDiff",
    "IssueShift",
    "IssueZopa",
    "Lean",
    "LeanTerm",
    "Ledger",
    "LedgerEntry",
    "MixRow",
    "PartyBound",
    "PartyLedger",
    "PositionChange",
    "ProvisionPair",
    "Proximity",
    "ReciprocityGap",
    "SourceMix",
    "Zopa",
    "acceptability",
    "chain",
    "chain_diffs",
    "diff_documents",
    "is_excluded",
    "lean",
    "ledger",
    "provision_similarity",
    "proximity",
    "reciprocity_gaps",
    "source_mix",
    "word_diff",
    "zopa",
]
