"""Text ingestion: a leaked or published plan → a first-cut coded document to review.

``read_source_text`` (the only file access) → ``ingest_text`` (pure: points, parties,
modality, issues, quantities) → ``document_yaml``; ``evaluate`` scores the result against a
hand-coded document, and ``render_text`` writes a coded document's summaries back as numbered
text.
"""

from ontable.io.ingest.cues import sentences
from ontable.io.ingest.draft import (
    SUMMARY_NOTE,
    IngestError,
    ingest_text,
    quantity_lines,
    reference_problems,
    review_lines,
)
from ontable.io.ingest.evaluate import Evaluation, Score, evaluate, normalise_id
from ontable.io.ingest.extract import (
    MAX_SOURCE_BYTES,
    html_to_text,
    markdown_to_text,
    read_source_text,
)
from ontable.io.ingest.issues import IssueHit, Quantity, find_issues, find_quantities, issue_lexicon
from ontable.io.ingest.obligations import find_obligations
from ontable.io.ingest.parties import PartyLexicon, party_lexicon
from ontable.io.ingest.render import document_yaml, obligation_sentence, render_text
from ontable.io.ingest.split import PREAMBLE_ID, Segment, SplitText, split_points

__all__ = [
    "MAX_SOURCE_BYTES",
    "PREAMBLE_ID",
    "SUMMARY_NOTE",
    "Evaluation",
    "IngestError",
    "IssueHit",
    "PartyLexicon",
    "Quantity",
    "Score",
    "Segment",
    "SplitText",
    "document_yaml",
    "evaluate",
    "find_issues",
    "find_obligations",
    "find_quantities",
    "html_to_text",
    "ingest_text",
    "issue_lexicon",
    "markdown_to_text",
    "normalise_id",
    "obligation_sentence",
    "party_lexicon",
    "quantity_lines",
    "read_source_text",
    "reference_problems",
    "render_text",
    "review_lines",
    "sentences",
    "split_points",
]
