"""What kind of page a cited source is: the case's catalogue of the pages it cites.

Provisions, stances and parties cite sources by URL. A case may also list each cited page
once in ``Case.references`` with its :data:`SourceKind` and whether it was read in
translation or as an excerpt, so that an analyst can weigh the evidence behind each coded
point (``ontable sources``). A URL the catalogue does not list counts as kind ``other``.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field

from ontable.model.common import Id, Strict, Text, Url

SourceKind = Literal["primary", "official", "wire", "party-media", "aggregator", "other"]
"""What a cited page is.

``primary``: the text itself as published by a drafter, or a full text printed by a wire
service or major outlet from the document it obtained; ``official``: a statement on a
government, ministry or international organisation's own site; ``wire``: a wire service
(Reuters, AP, AFP, Interfax-Ukraine, ...) or a major outlet reporting in its own name;
``party-media``: a party's state or party-affiliated media (fair for that party's own
statements only); ``aggregator``: a repost, aggregator or low-provenance site, acceptable
only beside a better source; ``other``: anything else (think tanks, blogs, unclassified).
"""

SOURCE_KINDS: tuple[SourceKind, ...] = (
    "primary",
    "official",
    "wire",
    "party-media",
    "aggregator",
    "other",
)

STRONG_KINDS: frozenset[str] = frozenset({"primary", "official", "wire"})
"""Kinds that can carry a point on their own: primary texts, official statements, wire
services and major outlets."""


class Source(Strict):
    """One cited page: its address, what kind of page it is and how it was read."""

    url: Url
    kind: SourceKind = "other"
    publisher: Text | None = Field(default=None, description="Who published the page.")
    translation: bool = Field(
        default=False, description="The page was read in (or is itself) a translation."
    )
    excerpt: bool = Field(
        default=False, description="The page prints only part of the text it is cited for."
    )
    party: Id | None = Field(
        default=None,
        description="For party-media and official pages: the party whose media or office it is.",
    )
    note: Text | None = None

    @property
    def domain(self) -> str:
        """The page's host name without a leading ``www.`` (lower case)."""
        host = (urlsplit(self.url).hostname or "").lower()
        return host.removeprefix("www.")
