"""Text ingestion: a leaked or published plan → a first-cut coded document to review.

``read_source_text`` (the only file access) → ``ingest_text`` (pure: points, parties,
modality, issues, quantities) → ``document_yaml``; ``evaluate`` scores the result against a
hand-coded document, and ``render_text`` writes a coded document's summaries back as numbered
text.
"""

from ontable.io.ingest.actors import Actor, actors, find_actors
from ontable.io.ingest.corpus import CorpusResult, CorpusText, evaluate_corpus, read_manifest
from ontable.io.ingest.cues import sentences
from ontable.io.ingest.draft import (
    MAX_POINTS,
    MAX_TEXT_CHARS,
    SUMMARY_NOTE,
    TIME_BUDGET_SECONDS,
    Budget,
    Draft,
    IngestError,
    draft_document,
    ingest_text,
    quantity_lines,
    reference_problems,
    review_lines,
    stated_date,
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
    "MAX_POINTS",
    "MAX_SOURCE_BYTES",
    "MAX_TEXT_CHARS",
    "PREAMBLE_ID",
    "SUMMARY_NOTE",
    "TIME_BUDGET_SECONDS",
    "Actor",
    "Budget",
    "CorpusResult",
    "CorpusText",
    "Draft",
    "Evaluation",
    "IngestError",
    "IssueHit",
    "PartyLexicon",
    "Quantity",
    "Score",
    "Segment",
    "SplitText",
    "actors",
    "document_yaml",
    "draft_document",
    "evaluate",
    "evaluate_corpus",
    "find_actors",
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
    "read_manifest",
    "read_source_text",
    "reference_problems",
    "render_text",
    "review_lines",
    "sentences",
    "split_points",
    "stated_date",
]
