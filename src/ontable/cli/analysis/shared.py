"""Arguments and helpers the analysis commands share."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import typer

from ontable.cli.common import fail, fail_unknown

if TYPE_CHECKING:
    from ontable.model import Case, Document

CASE_ARG = typer.Argument(..., help="A built-in case name or a case folder.")
JSON_OPT = typer.Option(False, "--json", help="Print JSON.")


def _document(case: Case, document_id: str) -> Document:
    try:
        return case.document(document_id)
    except KeyError as exc:
        fail(str(exc))


def _party(case: Case, party_id: str) -> str:
    if party_id not in case.party_ids:
        fail_unknown("party", party_id, case.party_ids, where=f"case '{case.id}'")
    return party_id


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "—" if value is None or math.isnan(value) else format(value, spec)
