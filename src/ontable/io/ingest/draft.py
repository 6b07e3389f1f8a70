"""Text → a first-cut coded Document, every unsure field flagged for a person to review.

The case model forbids unknown keys, so review flags live in the ``note`` fields (of the
document, of each provision and of each obligation), one per line, each starting with
``review:``. Quantities go in the provision's note as ``quantity: <value> <unit>`` lines.
:func:`review_lines` and :func:`quantity_lines` read them back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ontable.io.ingest.issues import IssueLexicon, find_issues, find_quantities, issue_lexicon
from ontable.io.ingest.obligations import REVIEW, PartyLexicon, find_obligations, party_lexicon
from ontable.io.ingest.split import PREAMBLE_ID, Segment, split_points
from ontable.io.upgrade import settle_issue_conflicts
from ontable.model import Case, Document, DocumentKind, Provision, RefProblem
from ontable.model import find_reference_problems as _find_reference_problems

SUMMARY_NOTE = f"{REVIEW} summary is the source's wording; rewrite in your own words"


class IngestError(ValueError):
    """The text cannot be made into a document (for example it has no numbered points)."""


def review_lines(note: str | None) -> list[str]:
    """The ``review:`` lines of a note, without the prefix."""
    return [
        line[len(REVIEW) :].strip() for line in (note or "").splitlines() if line.startswith(REVIEW)
    ]


def quantity_lines(note: str | None) -> list[str]:
    """The ``quantity: value unit`` lines of a note, as written."""
    return [line for line in (note or "").splitlines() if line.startswith("quantity:")]


def ingest_text(
    text: str,
    case: Case,
    *,
    document_id: str,
    source: str,
    date: dt.date | None = None,
    title: str | None = None,
    revises: str | None = None,
    drafters: Sequence[str] = (),
    kind: DocumentKind | None = None,
    exclude: Sequence[str] = (),
) -> Document:
    """A first-cut Document of ``case`` from the plain ``text`` of a plan.

    Parameters
    ----------
    text
        The plan's plain text (see :func:`ontable.io.ingest.read_source_text`).
    case
        The case whose parties and issues the text is read against.
    document_id, source, date, title, revises, drafters, kind
        The new document's fields. ``date`` defaults to today; ``title`` defaults to the text's first heading;
        ``drafters`` to those of the revised document, else to the case's first party;
        ``kind`` to ``counter-proposal`` when ``revises`` is given, else ``proposal``.
        Every default is flagged for review in the document's note.
    exclude
        Ids of the case's documents not to learn issues from (used when scoring the
        ingester against one of them).

    Raises
    ------
    IngestError
        When the text has no numbered (or bulleted) point.
    """
    split = split_points(text)
    if not split.has_points:
        raise IngestError(
            "no numbered points found (expected lines such as '1.', '2)', '(a)' or '- ')"
        )
    parties = party_lexicon(case)
    issues = issue_lexicon(case, exclude=(*exclude, document_id))
    provisions = tuple(_provision(seg, parties, issues, source) for seg in split.segments)

    doc_notes = [f"{REVIEW} first cut by the ingester; check every line marked 'review:'"]
    if not drafters:
        if revises is not None and revises in {d.id for d in case.documents}:
            drafters = case.document(revises).drafters
            doc_notes.append(f"{REVIEW} drafters taken from the revised document '{revises}'")
        else:
            drafters = (case.parties[0].id,)
            doc_notes.append(f"{REVIEW} drafters not given; set to '{drafters[0]}' as a stand-in")
    if kind is None:
        kind = "counter-proposal" if revises else "proposal"
        doc_notes.append(f"{REVIEW} kind not given; read as '{kind}'")
    if date is None:
        date = dt.date.today()
        doc_notes.append(f"{REVIEW} date not given; set to the day of ingestion")
    if title is None:
        title = split.title or document_id
        doc_notes.append(f"{REVIEW} title taken from the text")
    return settle_issue_conflicts(
        Document(
            id=document_id,
            title=title,
            date=date,
            kind=kind,
            drafters=tuple(drafters),
            revises=revises,
            note="\n".join(doc_notes),
            sources=(source,),
            provisions=provisions,
        ),
        note_prefix=REVIEW,
    )


def _provision(
    segment: Segment,
    parties: PartyLexicon,
    issues: IssueLexicon,
    source: str,
) -> Provision:
    notes = [SUMMARY_NOTE]
    if not segment.numbered and segment.id != PREAMBLE_ID:
        notes.append(f"{REVIEW} the source does not number this point; its id was given in order")
    hits = find_issues(segment.text, issues)
    for hit in hits:
        where = "from that provision" if hit.from_similarity else "a placeholder"
        notes.append(
            f"{REVIEW} issue {hit.issue} ({hit.reason}); position {hit.position:g} is {where}"
        )
    single_issue = hits[0].issue if len(hits) == 1 else None
    obligations, obligation_notes = find_obligations(
        segment.text, parties, issue=single_issue, present_tense=segment.id != PREAMBLE_ID
    )
    notes.extend(f"{REVIEW} {n}" for n in obligation_notes)
    quantities = find_quantities(segment.text)
    for q in quantities:
        if q.inferred:
            notes.append(f"{REVIEW} the unit of '{q.text}' is inferred from the sentence")
    notes.extend(str(q) for q in quantities)
    notes = list(dict.fromkeys(notes))
    return Provision(
        id=segment.id,
        parent=segment.parent,
        title=segment.title,
        summary=segment.text,
        issues={hit.issue: hit.position for hit in hits},
        obligations=obligations,
        note="\n".join(notes),
        sources=(source,),
    )


def reference_problems(case: Case, document: Document) -> list[RefProblem]:
    """Cross-reference problems of ``case`` with ``document`` added (empty when it fits)."""
    return _find_reference_problems(
        case.model_copy(update={"documents": (*case.documents, document)})
    )
