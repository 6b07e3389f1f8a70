"""Small builders shared by the analysis tests: the mini case and invented documents."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from ontable.io import load_case
from ontable.model import Case, Document, Obligation, Provision
from tests.conftest import MINI

SOURCE = "https://example.org/test"
PARTIES = ("north", "south", "broker")
ISSUES = ("border", "troops", "aid")


@cache
def mini() -> Case:
    """The mini test case (loaded once; Case objects are immutable)."""
    return load_case(MINI)


def document(provisions: list[Provision], doc_id: str = "doc", **fields: Any) -> Document:
    """An invented document with these provisions."""
    base: dict[str, Any] = {
        "id": doc_id,
        "title": doc_id,
        "date": "2025-03-01",
        "kind": "proposal",
        "drafters": ["broker"],
        "sources": [SOURCE],
    }
    return Document.model_validate(base | fields | {"provisions": provisions})


def provision(pid: str, summary: str = "A point.", **fields: Any) -> Provision:
    """An invented provision."""
    return Provision.model_validate({"id": pid, "summary": summary, "sources": [SOURCE]} | fields)


def with_documents(case: Case, *docs: Document) -> Case:
    """``case`` with these documents instead of its own."""
    return case.model_copy(update={"documents": docs})


party_sets = st.lists(st.sampled_from(PARTIES), min_size=1, max_size=2, unique=True).map(tuple)

obligations = st.builds(
    Obligation,
    on=party_sets,
    action=st.just("do something"),
    kind=st.one_of(st.none(), st.sampled_from(["cap-army", "withdraw", "fund", "refrain"])),
    issue=st.one_of(st.none(), st.sampled_from(ISSUES)),
    benefits=st.one_of(st.just(()), party_sets),
    modality=st.sampled_from(["binding", "hedged", "aspirational"]),
    verified_by=st.one_of(st.just(()), party_sets),
)

provision_lists = st.lists(st.lists(obligations, max_size=3), min_size=1, max_size=5).map(
    lambda groups: [provision(str(i + 1), obligations=tuple(g)) for i, g in enumerate(groups)]
)
