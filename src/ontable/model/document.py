"""Documents, their provisions and the obligations those create (see DESIGN.md).

Format v2 (``format_version: 2``) adds to each obligation its ``conditions`` (each with who
judges it), a modality that combines a strength with conditionality, ``in_exchange_for``
links, penalty provisions as enforcers, timing and ordering (``after``); to each provision its
``kind`` and ``prevails_over``; to each document ``endorses`` and ``attaches``. Version 1 files
are upgraded in memory by :mod:`ontable.io.migrate`; Python code that builds an obligation the
version 1 way (``modality="conditional", condition="…"``) is upgraded the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    model_serializer,
    model_validator,
)

from ontable.errors import UnknownIdError
from ontable.model.common import Id, Scale, Strict, Text, Url

FORMAT_VERSION: Literal[2] = 2
"""The case-file format this version of ontable writes (and reads without upgrading)."""

Strength = Literal["binding", "hedged", "aspirational"]
"""How firmly an obligation binds: ``binding`` (shall, will, must), ``hedged`` (is expected
to, should) or ``aspirational`` (aims to, seeks)."""

STRENGTHS: tuple[Strength, ...] = ("binding", "hedged", "aspirational")

ModalityTerm = Literal["binding", "hedged", "aspirational", "conditional"]
"""One word of an obligation's modality: a strength, or ``conditional``."""

Modality = Literal["binding", "hedged", "aspirational", "conditional"]
"""The category an obligation is counted under: ``conditional`` when it has conditions,
else its strength (the four categories of format v1, kept for counts and charts)."""

MODALITIES: tuple[Modality, ...] = ("binding", "hedged", "aspirational", "conditional")

DocumentKind = Literal[
    "proposal", "counter-proposal", "framework", "memorandum", "position", "agreement", "statement"
]

ProvisionStatus = Literal["agreed", "disputed", "bracketed", "reported", "unknown"]

ProvisionKind = Literal["term", "penalty", "procedure"]
"""``term``: what the parties give and get; ``penalty``: what happens if another provision is
broken (it may enforce obligations through their ``enforced_by``); ``procedure``: how the text
itself is applied (entry into force, monitoring bodies, reviews)."""

UNSPECIFIED = "unspecified"
"""Who judges a condition when the text does not say."""

PaxCategory = Literal[
    "Groups",
    "Gender",
    "State definition",
    "Governance",
    "Power sharing",
    "Human rights and equality",
    "Rights-related issues",
    "Rights institutions",
    "Justice sector reform",
    "Socio-economic reconstruction",
    "Land/property/environment",
    "Security sector",
    "Transitional justice",
    "Implementation",
]
"""The 14 top-level categories of the PA-X peace agreements database (University of Edinburgh)."""

PAX_CATEGORIES: tuple[str, ...] = PaxCategory.__args__  # type: ignore[attr-defined]

ProvisionFunction = Literal[
    "ceasefire",
    "withdrawal",
    "force-limits",
    "territory",
    "security-guarantee",
    "international-force",
    "monitoring",
    "institution",
    "governance",
    "elections",
    "amnesty",
    "accountability",
    "detainees",
    "humanitarian",
    "reconstruction",
    "sanctions",
    "integration",
    "rights",
    "status",
    "sequencing",
    "implementation",
]
"""What a provision does, for matching provisions across texts and cases.

``ceasefire``: hostilities stop; ``withdrawal``: forces pull back or redeploy;
``force-limits``: disarmament, demilitarisation, caps on forces or arms; ``territory``: control
of land, lines, borders; ``security-guarantee``: guarantees, non-aggression, alliances;
``international-force``: a stabilisation or peacekeeping force; ``monitoring``: verification;
``institution``: a new body is created; ``governance``: how a territory is governed or
administered; ``elections``; ``amnesty``; ``accountability``: prosecution, tribunals, compensation claims;
``detainees``: release or exchange of prisoners,
hostages, detainees or remains; ``humanitarian``: aid, access, civilians; ``reconstruction``:
funds, investment, recovery; ``sanctions``: imposing or lifting them; ``integration``: membership of economic or
political unions and forums, trade agreements, market access;
``rights``: minority, language, religious and human rights; ``status``: statehood,
self-determination, neutrality; ``sequencing``: phases and the order of steps;
``implementation``: entry into force, disputes, review."""

PROVISION_FUNCTIONS: tuple[str, ...] = ProvisionFunction.__args__  # type: ignore[attr-defined]


def _one_or_many(value: object) -> object:
    """Accept ``on: ukraine`` as well as ``on: [ukraine, russia]``."""
    if isinstance(value, str):
        return (value,)
    return value


PartyIds = Annotated[tuple[Id, ...], BeforeValidator(_one_or_many)]
Ids = PartyIds


def _iso_date(value: object) -> object:
    """Only ISO dates (``2025-11-20``), not numbers read as timestamps."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip()
    raise ValueError("expected an ISO date such as 2025-11-20")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _judges(value: object) -> object:
    if value == UNSPECIFIED or value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and UNSPECIFIED in value:
        raise ValueError("'unspecified' cannot be listed with named judges")
    return value


def _judges_out(value: tuple[str, ...]) -> str | list[str]:
    return UNSPECIFIED if not value else list(value)


Judges = Annotated[
    tuple[Id, ...],
    BeforeValidator(_judges),
    PlainSerializer(_judges_out, return_type=str | list[str]),
]


class Condition(Strict):
    """What an obligation waits on, and who decides whether it is met.

    ``judged_by`` names the parties or actors who decide that the condition holds, or is
    ``unspecified`` when the text does not say (it must be given: the ledger weighs a
    condition its own bearer judges as close to discretionary).
    """

    text: Text = Field(description="The condition, in the case author's words.")
    judged_by: Judges = Field(description="Party or actor ids, or 'unspecified'.")
    depends_on: Id | None = Field(
        default=None, description="The id of the obligation (same document) it waits on."
    )
    event: Text | None = Field(default=None, description="The event it waits on, if not a duty.")

    @property
    def judges(self) -> tuple[str, ...]:
        """The named judges (empty when unspecified)."""
        return self.judged_by


class PenaltyRef(Strict):
    """An enforcement by a penalty provision of the same document."""

    provision: Text


Enforcer = Id | PenaltyRef


TimingBound = Literal["by", "on", "from"]


class Timing(Strict):
    """When an obligation is due, in the text's own terms.

    ``bound``: ``by`` (a deadline: at the latest), ``on`` (at that moment) or ``from`` (not
    before). The moment is an absolute ``date``, or ``days`` after ``after`` (``signing``, or
    the id of another obligation of the document); ``text`` keeps the words ("within 100
    days", "on day 1 after the elections").
    """

    text: Text
    bound: TimingBound = "by"
    date: IsoDate | None = None
    after: Id | None = Field(default=None, description="'signing' or an obligation id.")
    days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_anchor(self) -> Timing:
        if self.date is not None and (self.after is not None or self.days is not None):
            raise ValueError("give either a date, or days after an event, not both")
        if self.days is not None and self.after is None:
            raise ValueError("days need what they count from ('after': signing or an obligation)")
        return self


SIGNING = "signing"


class OrderDemand(Strict):
    """``after``: this obligation only after another one, and who demands that order."""

    obligation: Id
    demanded_by: PartyIds = Field(
        default=(), description="Parties demanding the order (default: the drafters)."
    )
    sources: tuple[Url, ...] = ()


def _after_item(value: object) -> object:
    if isinstance(value, str):
        return {"obligation": value}
    return value


AfterItem = Annotated[OrderDemand, BeforeValidator(_after_item)]


ModalityValue = Literal[
    "binding",
    "hedged",
    "aspirational",
    "conditional",
    "hedged conditional",
    "aspirational conditional",
]
"""An obligation's modality as stored: a strength, optionally with conditionality.
``conditional`` alone is a binding duty under conditions (as in format v1)."""


def _modality(value: object) -> object:
    """``[hedged, conditional]``, ``hedged conditional``, ``hedged, conditional`` → canonical."""
    if isinstance(value, str):
        terms = [p for p in re.split(r"[\s,+]+", value.strip()) if p]
    elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        terms = [str(v).strip() for v in value]
    else:
        return value
    conditional = "conditional" in terms
    strengths = [t for t in terms if t != "conditional"]
    unknown = [t for t in strengths if t not in STRENGTHS]
    if unknown or len(strengths) > 1 or terms.count("conditional") > 1 or not terms:
        raise ValueError(
            f"{value!r} is not allowed: expected one strength (binding, hedged or "
            "aspirational), optionally with 'conditional' (e.g. [hedged, conditional])"
        )
    strength = strengths[0] if strengths else "binding"
    if not conditional:
        return strength
    return "conditional" if strength == "binding" else f"{strength} conditional"


ModalitySpec = Annotated[ModalityValue, BeforeValidator(_modality)]


def upgrade_obligation_v1(data: dict[str, Any]) -> dict[str, Any]:
    """An obligation's plain data written the version 1 way → version 2 (a new dict).

    ``condition: TEXT`` becomes one condition judged by ``unspecified``; a modality other
    than ``conditional`` that had a condition gains ``conditional`` (``hedged`` → ``hedged
    conditional``). Data already in version 2 is returned unchanged.
    """
    out = dict(data)
    if "condition" not in out:
        return out
    condition = out.pop("condition")
    modality = out.get("modality")
    if condition is not None:
        existing = list(out.get("conditions") or [])
        out["conditions"] = [{"text": condition, "judged_by": UNSPECIFIED}, *existing]
        if isinstance(modality, str) and "conditional" not in modality:
            out["modality"] = f"{modality} conditional"
    return out


def with_format_version(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``format_version`` first (always written, even when dumping defaults out)."""
    return {
        "format_version": FORMAT_VERSION,
        **{k: v for k, v in data.items() if k != "format_version"},
    }


class Obligation(Strict):
    """Who (``on``) must do what (``action``), for whom (``benefits``), how firmly (``modality``).

    ``kind`` is a short slug naming the sort of action (``limit-strikes``, ``cap-army``,
    ``refrain-from-attack``); two obligations of the same kind with reversed roles mirror each
    other. ``in_exchange_for`` links the obligation to the obligations (by ``id``, same
    document) it is traded against, in any provision and on any issue. ``benefits``,
    ``verified_by`` and ``enforced_by`` may name parties or the case's non-party actors;
    ``enforced_by`` may also point to a penalty provision (``{provision: "24"}``). An
    obligation with no ``benefits`` has an unspecified beneficiary.
    """

    id: Id | None = Field(default=None, description="Unique in the document; for references.")
    on: PartyIds = Field(min_length=1)
    action: Text
    kind: Id | None = None
    issue: Id | None = None
    benefits: PartyIds = ()
    modality: ModalitySpec
    conditions: tuple[Condition, ...] = ()
    in_exchange_for: Ids = ()
    timing: Timing | None = None
    after: tuple[AfterItem, ...] = ()
    verified_by: PartyIds = ()
    enforced_by: Annotated[tuple[Enforcer, ...], BeforeValidator(_one_or_many)] = ()
    quote: Text | None = Field(default=None, description="The wording that fixes the modality.")
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _upgrade_v1(cls, data: Any, info: ValidationInfo) -> Any:
        strict = bool(info.context and info.context.get("format_version") == FORMAT_VERSION)
        if isinstance(data, dict) and not strict:
            return upgrade_obligation_v1(data)
        return data

    @model_validator(mode="after")
    def _modality_consistent(self) -> Obligation:
        if "conditional" in self.modality and not self.conditions:
            raise ValueError("a conditional obligation needs its conditions")
        if self.conditions and "conditional" not in self.modality:
            raise ValueError(
                "an obligation with conditions needs a conditional modality "
                f"(e.g. [{self.modality}, conditional])"
            )
        return self

    @property
    def strength(self) -> Strength:
        """``binding``, ``hedged`` or ``aspirational``."""
        first = self.modality.split()[0]
        return "binding" if first == "conditional" else first  # type: ignore[return-value]

    @property
    def conditional(self) -> bool:
        """Whether the obligation holds only under its conditions."""
        return bool(self.conditions)

    @property
    def category(self) -> Modality:
        """``conditional`` when conditional, else the strength (the v1 categories)."""
        return "conditional" if self.conditional else self.strength

    @property
    def modality_terms(self) -> tuple[ModalityTerm, ...]:
        """The strength, then ``conditional`` when conditional."""
        terms: tuple[ModalityTerm, ...] = (self.strength,)
        return (*terms, "conditional") if self.conditional else terms

    @property
    def condition(self) -> str | None:
        """The conditions' texts joined by "; " (None without conditions)."""
        return "; ".join(c.text for c in self.conditions) or None

    @property
    def penalty_provisions(self) -> tuple[str, ...]:
        """Ids of the penalty provisions that enforce this obligation."""
        return tuple(e.provision for e in self.enforced_by if isinstance(e, PenaltyRef))

    @property
    def enforcers(self) -> tuple[str, ...]:
        """Party or actor ids that enforce this obligation."""
        return tuple(e for e in self.enforced_by if isinstance(e, str))


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
