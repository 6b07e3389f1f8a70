"""Input and output: case files ⇄ the case model, schemas, imports and exports."""

from ontable.io.errors import CaseError, Problem
from ontable.io.load import builtin_cases, case_digest, dump_case, load_case, resolve_case_path
from ontable.io.yamlio import atomic_write_text

__all__ = [
    "CaseError",
    "Problem",
    "atomic_write_text",
    "builtin_cases",
    "case_digest",
    "dump_case",
    "load_case",
    "resolve_case_path",
]
