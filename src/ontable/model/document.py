"""Documents, their provisions and the obligations those create (see DESIGN.md).

Format v2 (``format_version: 2``) adds to each obligation its ``conditions`` (each with who
judges it), a modality that combines a strength with conditionality, ``in_exchange_for``
links, penalty provisions as enforcers, timing and ordering (``after``); to each provision its
``kind`` and ``prevails_over``; to each document ``endorses`` and ``attaches``. Version 1 files
are upgraded in memory by :mod:`ontable.io.migrate`; Python code that builds an obligation the
version 1 way (``modality="conditional", condition="…"``) is upgraded the same way.

The format's vocabulary lives in :mod:`ontable.model.vocabulary` and obligations in
:mod:`ontable.model.obligation`; this module holds provisions and documents and re-exports
the names other code imports from it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from ontable.errors import UnknownIdError
from ontable.model.common import Id, Scale, Strict, Text, Url
from ontable.model.obligation import (
    SIGNING,
    Condition,
    Obligation,
    OrderDemand,
    PenaltyRef,
    Timing,
    upgrade_obligation_v1,
)
from ontable.model.vocabulary import (
    FORMAT_VERSION,
    MODALITIES,
    PAX_CATEGORIES,
    PROVISION_FUNCTIONS,
    STRENGTHS,
    UNSPECIFIED,
    DocumentKind,
    Ids,
    IsoDate,
    Modality,
    ModalityTerm,
    PartyIds,
    PaxCategory,
    ProvisionFunction,
    ProvisionKind,
    ProvisionStatus,
    Strength,
)

__all__ = [
    "FORMAT_VERSION",
    "MODALITIES",
    "PAX_CATEGORIES",
    "PROVISION_FUNCTIONS",
    "SIGNING",
    "STRENGTHS",
    "UNSPECIFIED",
    "Condition",
    "Document",
    "DocumentKind",
    "Ids",
    "IsoDate",
    "Modality",
    "ModalityTerm",
    "Obligation",
    "OrderDemand",
    "PartyIds",
    "PaxCategory",
    "PenaltyRef",
    "Provision",
    "ProvisionFunction",
    "ProvisionKind",
    "ProvisionStatus",
    "Strength",
    "Timing",
    "upgrade_obligation_v1",
    "with_format_version",
]


def with_format_version(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``format_version`` first (always written, even when dumping defaults out)."""
    return {
        "format_version": FORMAT_VERSION,
        **{k: v for k, v in data.items() if k != "format_version"},
    }


class Provision(Strict):
    """One numbered point of a document: what it sets, who it obliges, where it comes from.

    When two provisions set the same issue at different positions, one must govern: a
    sub-point governs its parent (and the parent's ancestors), and ``prevails_over`` names
    further provisions this one governs.
    """

    id: Text = Field(description="The point's number as printed ('7', '7a', 'preamble').")
    parent: Text | None = Field(default=None, description="The point this is a sub-point of.")
    kind: ProvisionKind = "term"
    title: Text | None = None
    summary: Text = Field(description="What the point says, in the case author's own words.")
    issues: dict[Id, Scale] = Field(
        default_factory=dict, description="Issue id → the position this point sets."
    )
    prevails_over: tuple[Text, ...] = Field(
        default=(), description="Provisions whose issue positions this one overrides."
    )
    obligations: tuple[Obligation, ...] = ()
    conditions: tuple[Text, ...] = Field(
        default=(), description="Conditions on the whole point, as text (not weighed)."
    )
    pax: PaxCategory | None = None
    functions: tuple[ProvisionFunction, ...] = Field(
        default=(), description="What the point does (see PROVISION_FUNCTIONS), for comparison."
    )
    status: ProvisionStatus = "reported"
    note: Text | None = Field(default=None, description="Coding judgements, marked as such.")
    sources: tuple[Url, ...] = Field(min_length=1)


class Document(Strict):
    """A proposal, counter-proposal, stated position or agreement."""

    format_version: Literal[2] = FORMAT_VERSION
    id: Id
    title: Text
    date: IsoDate
    kind: DocumentKind
    drafters: PartyIds = Field(min_length=1)
    consulted: PartyIds = ()
    excluded: PartyIds = ()
    consultation_disputed: PartyIds = Field(
        default=(),
        description="Parties whose consultation sources disagree on (say which in the note).",
    )
    leaked_by: Text | None = None
    revises: Id | None = None
    endorses: Ids = Field(default=(), description="Documents this one backs (their terms).")
    attaches: Ids = Field(default=(), description="Documents annexed to this one.")
    summary: Text | None = None
    note: Text | None = None
    sources: tuple[Url, ...] = Field(min_length=1)
    provisions: tuple[Provision, ...] = ()

    @model_serializer(mode="wrap")
    def _version_first(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return with_format_version(handler(self))

    def provision(self, provision_id: str) -> Provision:
        """The provision with this id (``KeyError`` when there is none)."""
        for p in self.provisions:
            if p.id == provision_id:
                return p
        raise UnknownIdError(
            "provision",
            provision_id,
            (p.id for p in self.provisions),
            where=f"document '{self.id}'",
        )

    @property
    def obligations(self) -> tuple[tuple[Provision, Obligation], ...]:
        """Every obligation with the provision that creates it, in document order."""
        return tuple((p, o) for p in self.provisions for o in p.obligations)

    def obligation(self, obligation_id: str) -> tuple[Provision, Obligation]:
        """The obligation with this ``id`` and its provision (``UnknownIdError`` when none)."""
        for p, o in self.obligations:
            if o.id == obligation_id:
                return p, o
        raise UnknownIdError(
            "obligation",
            obligation_id,
            (o.id for _, o in self.obligations if o.id is not None),
            where=f"document '{self.id}'",
        )

    def governs(self, a: Provision, b: Provision) -> bool:
        """Whether provision ``a`` overrides ``b``'s issue positions.

        ``a`` governs ``b`` when it names ``b`` in ``prevails_over``, or when ``a`` is a
        sub-point (at any depth) of ``b`` and ``b`` does not name ``a`` in its own
        ``prevails_over``.
        """
        if b.id in a.prevails_over:
            return True
        if a.id in b.prevails_over:
            return False
        by_id = {p.id: p for p in self.provisions}
        node, seen = a.parent, set()
        while node is not None and node not in seen:
            if node == b.id:
                return True
            seen.add(node)
            node = by_id[node].parent if node in by_id else None
        return False

    def issue_setters(self, issue_id: str) -> tuple[Provision, ...]:
        """The provisions that set ``issue_id`` and that no other setter governs."""
        setters = [p for p in self.provisions if issue_id in p.issues]
        return tuple(p for p in setters if not any(self.governs(q, p) for q in setters if q != p))

    @property
    def positions(self) -> dict[str, float]:
        """Issue id → position the document sets.

        When several provisions set an issue, the one that governs the others wins (see
        :meth:`governs`); a valid case has one position per issue among the governing ones
        (:func:`ontable.model.find_reference_problems` reports any other conflict). Should
        several remain, the last in document order wins.
        """
        out: dict[str, float] = {}
        for p in self.provisions:
            for issue in p.issues:
                if issue in out:
                    continue
                winners = self.issue_setters(issue)
                chosen = winners[-1] if winners else p
                out[issue] = chosen.issues[issue]
        return out
