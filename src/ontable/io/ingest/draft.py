"""Text → a first-cut coded Document, every unsure field flagged for a person to review.

The case model forbids unknown keys, so review flags live in the ``note`` fields (of the
document, of each provision and of each obligation), one per line, each starting with
``review:``. Quantities go in the provision's note as ``quantity: <value> <unit>`` lines.
:func:`review_lines` and :func:`quantity_lines` read them back.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ontable.io.ingest.actors import find_actors
from ontable.io.ingest.issues import IssueLexicon, find_issues, find_quantities, issue_lexicon
from ontable.io.ingest.obligations import REVIEW, find_obligations
from ontable.io.ingest.parties import PartyLexicon, party_lexicon
from ontable.io.ingest.split import PREAMBLE_ID, Segment, SplitText, split_points
from ontable.io.upgrade import settle_issue_conflicts
from ontable.model import Case, Document, DocumentKind, Provision, RefProblem
from ontable.model import find_reference_problems as _find_reference_problems

SUMMARY_NOTE = f"{REVIEW} summary is the source's wording; rewrite in your own words"

MAX_TEXT_CHARS = 2_000_000
"""Most characters of text read at once (about 300,000 words); a longer text is refused."""

MAX_POINTS = 20_000
"""Most points (provisions) one text may have."""

TIME_BUDGET_SECONDS = 300.0
"""Most seconds spent reading the points of one text."""


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


@dataclass(frozen=True)
class Budget:
    """Bounds on one reading: characters of text, points, and seconds of work.

    ``progress`` (if given) is called as ``progress(done, total)`` every ``every`` points on a
    text with more than ``every`` points.
    """

    max_chars: int = MAX_TEXT_CHARS
    max_points: int = MAX_POINTS
    seconds: float = TIME_BUDGET_SECONDS
    progress: Callable[[int, int], None] | None = None
    every: int = 200


@dataclass(frozen=True)
class Draft:
    """A first-cut document; ``missing`` names the fields the text leaves unknown.

    Nothing unknown is filled in with a stand-in: a draft with a missing ``drafters`` or
    ``date`` is written without it (and says so in its note), and :meth:`document` refuses it.
    """

    fields: dict[str, Any]
    provisions: tuple[Provision, ...]
    missing: tuple[str, ...]

    @property
    def id(self) -> str:
        return str(self.fields["id"])

    @property
    def note(self) -> str:
        return str(self.fields.get("note") or "")

    def document(self) -> Document:
        """The validated :class:`~ontable.model.Document` (``IngestError`` while fields are missing)."""
        if self.missing:
            flags = ", ".join(f"--{'drafter' if m == 'drafters' else m}" for m in self.missing)
            raise IngestError(
                f"the text does not say its {' or '.join(self.missing)}; "
                f"give {flags} (nothing is guessed)"
            )
        return settle_issue_conflicts(
            Document.model_validate({**self.fields, "provisions": self.provisions}),
            note_prefix=REVIEW,
        )


def draft_document(
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
    budget: Budget | None = None,
) -> Draft:
    """A first-cut document of ``case`` from the plain ``text`` of a plan (see the module doc).

    ``date`` defaults to a full date stated in the text's title or preamble (flagged);
    ``title`` to the text's first heading; ``kind`` to ``counter-proposal`` when ``revises``
    is given, else ``proposal``. Drafters are never guessed: without ``drafters`` the draft
    misses them. ``exclude`` names documents of the case not to learn issues from.

    Raises
    ------
    IngestError
        When the text has no numbered (or bulleted) point, names no party of the case (the
        message lists the names it does find), or goes over the ``budget``.
    """
    budget = budget or Budget()
    if len(text) > budget.max_chars:
        raise IngestError(
            f"the text has {len(text):,} characters, more than the budget of "
            f"{budget.max_chars:,} characters; split it into parts"
        )
    split = split_points(text)
    if not split.has_points:
        raise IngestError(
            "no numbered points found (expected lines such as '1.', '2)', '1 Text', '(a)' or '- ')"
        )
    points = len(split.segments)
    if points > budget.max_points:
        raise IngestError(
            f"the text has {points:,} points, more than the budget of {budget.max_points:,}"
        )
    parties = party_lexicon(case)
    if not parties.named(text):
        found = ", ".join(name for name, _ in find_actors(text)[:12]) or "none"
        raise IngestError(
            f"the text names no party of case '{case.id}' "
            f"({', '.join(case.party_ids)}); names it finds: {found}"
        )
    issues = issue_lexicon(case, exclude=(*exclude, document_id))
    provisions = _provisions(split.segments, parties, issues, source, budget)

    doc_notes = [f"{REVIEW} first cut by the ingester; check every line marked 'review:'"]
    missing: list[str] = []
    if not drafters:
        missing.append("drafters")
        doc_notes.append(f"{REVIEW} drafters unknown: the text does not say who drafted it")
    if kind is None:
        kind = "counter-proposal" if revises else "proposal"
        doc_notes.append(f"{REVIEW} kind not given; read as '{kind}'")
    if date is None:
        date = stated_date(" ".join([split.title or "", *_preamble(split)]))
        if date is None:
            missing.append("date")
            doc_notes.append(f"{REVIEW} date unknown: the text states none")
        else:
            doc_notes.append(f"{REVIEW} date read from the text")
    if title is None:
        title = split.title or document_id
        doc_notes.append(f"{REVIEW} title taken from the text")
    fields: dict[str, Any] = {"id": document_id, "title": title}
    if date is not None:
        fields["date"] = date
    fields["kind"] = kind
    if drafters:
        fields["drafters"] = tuple(drafters)
    if revises is not None:
        fields["revises"] = revises
    fields["note"] = "\n".join(doc_notes)
    fields["sources"] = (source,)
    return Draft(fields, provisions, tuple(missing))


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
    budget: Budget | None = None,
) -> Document:
    """:func:`draft_document` as a validated Document (``IngestError`` if a field is unknown)."""
    return draft_document(
        text,
        case,
        document_id=document_id,
        source=source,
        date=date,
        title=title,
        revises=revises,
        drafters=drafters,
        kind=kind,
        exclude=exclude,
        budget=budget,
    ).document()


def _preamble(split: SplitText) -> list[str]:
    return [s.text for s in split.segments if s.id == PREAMBLE_ID]


_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATES = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<mn>{_MONTHS})\s+(?P<y>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<mn>{_MONTHS})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})\b", re.I),
)


def stated_date(text: str) -> dt.date | None:
    """The first full date ``text`` states ("20 November 2025", "2025-11-20"), if any.

    >>> stated_date("Published on November 20, 2025 in Kyiv")
    datetime.date(2025, 11, 20)
    """
    found: list[tuple[int, dt.date]] = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            month = m.groupdict().get("mn")
            number = _MONTHS.split("|").index(month.lower()) + 1 if month else int(m["m"])
            try:
                found.append((m.start(), dt.date(int(m["y"]), number, int(m["d"]))))
            except ValueError:
                continue
    return min(found)[1] if found else None


def _provisions(
    segments: Sequence[Segment],
    parties: PartyLexicon,
    issues: IssueLexicon,
    source: str,
    budget: Budget,
) -> tuple[Provision, ...]:
    started = time.monotonic()
    deadline = started + budget.seconds
    out: list[Provision] = []
    for k, segment in enumerate(segments):
        try:
            if time.monotonic() > deadline:
                raise TimeoutError
            out.append(_provision(segment, parties, issues, source, deadline))
        except TimeoutError:
            raise IngestError(
                f"stopped after {k:,} of {len(segments):,} points: the time budget of "
                f"{budget.seconds:g} s is spent; split the text or raise the budget"
            ) from None
        done = k + 1
        if (
            budget.progress is not None
            and len(segments) > budget.every
            and done % budget.every == 0
        ):
            budget.progress(done, len(segments))
    return tuple(out)


def _provision(
    segment: Segment,
    parties: PartyLexicon,
    issues: IssueLexicon,
    source: str,
    deadline: float | None = None,
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
        segment.text,
        parties,
        issue=single_issue,
        present_tense=segment.id != PREAMBLE_ID,
        deadline=deadline,
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
