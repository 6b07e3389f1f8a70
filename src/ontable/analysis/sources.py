"""The evidence behind a case: which kinds of source each provision and stance rests on.

Every provision, stance and party of a case cites pages by URL; the case's catalogue
(``Case.references``) says what kind of page each is (:data:`ontable.model.SourceKind`).
This engine counts, per document and per party's stances, the citations of each kind, the
share of coded items with at least one *strong* source (a primary text, an official
statement, a wire service or major outlet: :data:`ontable.model.STRONG_KINDS`), the items
that rest only on weak sources (aggregators, reposts, unclassified pages) and the items that
rest only on an *excluded* domain: sites that a source policy rules out altogether, such as
a network of sites documented as a foreign information-manipulation operation or an
anonymous forum (:data:`EXCLUDED_DOMAINS`, extendable by the caller).

A party's own media (kind ``party-media``, with its ``party``) carries only that party's own
statements: a provision of a document the party drafted, the party's stances, its own
figures. Cited for anything else, such a page counts as weak, and an item whose only
non-weak pages are another party's media is listed under ``other_party_media``.

The grading of sources by provenance follows the usual practice of source criticism in
event-data coding (e.g. Weidmann 2016, "A closer look at reporting bias in conflict event
data", *American Journal of Political Science* 60(1)); it says how a point was sourced, not
whether it is true.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ontable.model import SOURCE_KINDS, STRONG_KINDS, Case, Source

EXCLUDED_DOMAINS: tuple[str, ...] = (
    "news-pravda.com",
    "pravda-en.com",
    "pravda-fr.com",
    "pravda-de.com",
    "pravda-es.com",
    "pravda-pl.com",
    "5ch.net",
    "2ch.net",
    "2ch.hk",
    "4chan.org",
    "4channel.org",
)
"""Domains never accepted as a source: the "Pravda" network of sites (``news-pravda.com``
and its country subdomains, ``pravda-xx.com``), documented by France's VIGINUM in 2024 as
a pro-Kremlin information-manipulation network, and anonymous image boards and forums."""

_PRAVDA_NETWORK = re.compile(r"(^|\.)pravda-[a-z]{2,3}\.com$")


def is_excluded(url_or_domain: str, extra: Iterable[str] = ()) -> bool:
    """Whether a URL (or host name) is on an excluded domain or one of its subdomains."""
    host = Source(url=url_or_domain).domain if "://" in url_or_domain else url_or_domain
    host = host.lower().removeprefix("www.")
    domains = (*EXCLUDED_DOMAINS, *(d.lower().removeprefix("www.") for d in extra))
    if any(host == d or host.endswith("." + d) for d in domains):
        return True
    return bool(_PRAVDA_NETWORK.search(host))


@dataclass(frozen=True)
class CitedItem:
    """One coded item (a provision, stance or party) and the kinds of the pages it cites.

    ``speakers`` are the parties whose statement the item is (a document's drafters, the
    party of a stance, the party whose figures these are); ``parties`` give, per page, the
    party whose media or office the page is (``None`` for independent pages).
    """

    group: str
    item: str
    urls: tuple[str, ...]
    kinds: tuple[str, ...]
    excluded: tuple[bool, ...]
    parties: tuple[str | None, ...] = ()
    speakers: frozenset[str] = frozenset()

    def _pages(self) -> list[tuple[str, bool, str | None]]:
        parties = self.parties or (None,) * len(self.urls)
        return list(zip(self.kinds, self.excluded, parties, strict=True))

    def _carries(self, kind: str, excluded: bool, party: str | None) -> bool:
        """Whether one page can carry the item on its own."""
        if excluded or kind in ("aggregator", "other"):
            return False
        if kind == "party-media":
            return party is not None and party in self.speakers
        return True

    @property
    def strong(self) -> bool:
        """Cites at least one primary text, official statement, wire service or major outlet."""
        return any(k in STRONG_KINDS and self._carries(k, x, p) for k, x, p in self._pages())

    @property
    def sole_excluded(self) -> bool:
        """Every page it cites is on an excluded domain."""
        return bool(self.urls) and all(self.excluded)

    @property
    def weak_only(self) -> bool:
        """It cites no page that can carry it on its own: no strong page, and no media of
        the party whose statement it is."""
        return bool(self.urls) and not any(self._carries(k, x, p) for k, x, p in self._pages())

    @property
    def other_party_media(self) -> bool:
        """Its only pages beyond weak ones are the media of a party other than the speaker."""
        return self.weak_only and any(
            k == "party-media" and not x and p not in self.speakers for k, x, p in self._pages()
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "item": self.item,
            "sources": [
                {"url": u, "kind": k, "excluded": x}
                for u, k, x in zip(self.urls, self.kinds, self.excluded, strict=True)
            ],
            "strong": self.strong,
            "sole_excluded": self.sole_excluded,
            "weak_only": self.weak_only,
            "other_party_media": self.other_party_media,
        }


@dataclass(frozen=True)
class MixRow:
    """The source mix of one group: a document's provisions, or one party's stances."""

    group: str
    what: str
    items: int
    citations: dict[str, int]
    strong_items: int
    weak_only_items: int
    sole_excluded_items: int
    translated: int
    excerpts: int

    @property
    def strong_share(self) -> float:
        """Share of the group's items with at least one strong source (NaN when empty)."""
        return self.strong_items / self.items if self.items else float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "what": self.what,
            "items": self.items,
            "citations": dict(self.citations),
            "strong_items": self.strong_items,
            "strong_share": None if not self.items else round(self.strong_share, 4),
            "weak_only_items": self.weak_only_items,
            "sole_excluded_items": self.sole_excluded_items,
            "translated_citations": self.translated,
            "excerpt_citations": self.excerpts,
        }


@dataclass(frozen=True)
class SourceMix:
    """The source mix of a case: per document, per party's stances, and over the case."""

    case_id: str
    rows: tuple[MixRow, ...]
    items: tuple[CitedItem, ...]
    unlisted: tuple[str, ...] = field(default=())

    def _share(self, what: str) -> float:
        chosen = [i for i in self.items if i.group.startswith(what)]
        return sum(i.strong for i in chosen) / len(chosen) if chosen else float("nan")

    @property
    def provision_strong_share(self) -> float:
        """Share of all provisions with a primary, official or wire/major-outlet source."""
        return self._share("document:")

    @property
    def stance_strong_share(self) -> float:
        """Share of all stances with a primary, official or wire/major-outlet source."""
        return self._share("stances:")

    @property
    def sole_excluded(self) -> tuple[CitedItem, ...]:
        """Items whose only sources are on excluded domains."""
        return tuple(i for i in self.items if i.sole_excluded)

    @property
    def weak_only(self) -> tuple[CitedItem, ...]:
        """Items that rest only on aggregators, reposts, unclassified pages or another
        party's media."""
        return tuple(i for i in self.items if i.weak_only)

    @property
    def other_party_media(self) -> tuple[CitedItem, ...]:
        """Items whose only non-weak pages are the media of a party other than the speaker."""
        return tuple(i for i in self.items if i.other_party_media)

    def to_frame(self) -> pd.DataFrame:
        """One row per group: items, citations per kind, strong share, weak-only, excluded."""
        records = []
        for r in self.rows:
            rec: dict[str, Any] = {"group": r.group, "what": r.what, "items": r.items}
            rec.update({k: r.citations.get(k, 0) for k in SOURCE_KINDS})
            rec.update(
                strong_share=r.strong_share,
                weak_only=r.weak_only_items,
                sole_excluded=r.sole_excluded_items,
            )
            records.append(rec)
        return pd.DataFrame.from_records(records)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the rows, the case totals and the items that need a better source."""

        def share(x: float) -> float | None:
            return None if x != x else round(x, 4)

        return {
            "case_id": self.case_id,
            "kinds": list(SOURCE_KINDS),
            "strong_kinds": sorted(STRONG_KINDS),
            "rows": [r.to_dict() for r in self.rows],
            "totals": {
                "provisions": sum(1 for i in self.items if i.group.startswith("document:")),
                "stances": sum(1 for i in self.items if i.group.startswith("stances:")),
                "provision_strong_share": share(self.provision_strong_share),
                "stance_strong_share": share(self.stance_strong_share),
                "sole_excluded": len(self.sole_excluded),
                "weak_only": len(self.weak_only),
                "other_party_media": len(self.other_party_media),
                "unlisted_urls": len(self.unlisted),
            },
            "sole_excluded": [i.to_dict() for i in self.sole_excluded],
            "weak_only": [i.to_dict() for i in self.weak_only],
            "other_party_media": [i.to_dict() for i in self.other_party_media],
            "unlisted": list(self.unlisted),
        }


def _item(
    case: Case,
    group: str,
    item: str,
    urls: Iterable[str],
    extra: tuple[str, ...],
    speakers: Iterable[str] = (),
) -> CitedItem:
    urls = tuple(urls)
    refs = [case.reference(u) for u in urls]
    return CitedItem(
        group=group,
        item=item,
        urls=urls,
        kinds=tuple(r.kind for r in refs),
        excluded=tuple(is_excluded(u, extra) for u in urls),
        parties=tuple(r.party for r in refs),
        speakers=frozenset(speakers),
    )


def _row(case: Case, group: str, what: str, items: list[CitedItem]) -> MixRow:
    counts: dict[str, int] = dict.fromkeys(SOURCE_KINDS, 0)
    translated = excerpts = 0
    for it in items:
        for u, k in zip(it.urls, it.kinds, strict=True):
            counts[k] += 1
            ref = case.reference(u)
            translated += ref.translation
            excerpts += ref.excerpt
    return MixRow(
        group=group,
        what=what,
        items=len(items),
        citations=counts,
        strong_items=sum(i.strong for i in items),
        weak_only_items=sum(i.weak_only for i in items),
        sole_excluded_items=sum(i.sole_excluded for i in items),
        translated=translated,
        excerpts=excerpts,
    )


def source_mix(case: Case, exclude: Iterable[str] = ()) -> SourceMix:
    """The kinds of source behind each document's provisions and each party's stances.

    Parameters
    ----------
    case
        The case; its ``references`` give each cited page's kind (unlisted pages count as
        ``other`` and are listed in ``unlisted``).
    exclude
        Further domains to treat as excluded, beside :data:`EXCLUDED_DOMAINS`.
    """
    extra = tuple(exclude)
    rows: list[MixRow] = []
    items: list[CitedItem] = []
    for doc in sorted(case.documents, key=lambda d: (d.date, d.id)):
        group = f"document:{doc.id}"
        doc_items = [
            _item(case, group, p.id, p.sources, extra, doc.drafters) for p in doc.provisions
        ]
        rows.append(_row(case, group, "provisions", doc_items))
        items.extend(doc_items)
    for party in case.party_ids:
        group = f"stances:{party}"
        stance_items = [
            _item(case, group, s.issue, s.sources, extra, (party,))
            for s in case.stances
            if s.party == party
        ]
        if stance_items:
            rows.append(_row(case, group, "stances", stance_items))
            items.extend(stance_items)
    party_items = [
        _item(case, "parties", p.id, p.sources, extra, (p.id,)) for p in case.parties if p.sources
    ]
    if party_items:
        rows.append(_row(case, "parties", "capabilities and no-deal values", party_items))
        items.extend(party_items)
    listed = {r.url for r in case.references}
    cited: dict[str, None] = {}
    for it in items:
        cited.update(dict.fromkeys(it.urls))
    for doc in case.documents:
        cited.update(dict.fromkeys(doc.sources))
    unlisted = tuple(u for u in cited if u not in listed)
    return SourceMix(case_id=case.id, rows=tuple(rows), items=tuple(items), unlisted=unlisted)
