"""Input and output: case files ⇄ the case model, schemas, imports and exports."""

from ontable.io.errors import CaseError, OutputError, Problem
from ontable.io.load import builtin_cases, case_digest, dump_case, load_case, resolve_case_path
from ontable.io.yamlio import atomic_write_bytes, atomic_write_text

__all__ = [
    "CaseError",
    "OutputError",
    "Problem",
    "atomic_write_bytes",
    "atomic_write_text",
    "builtin_cases",
    "case_digest",
    "dump_case",
    "load_case",
    "resolve_case_path",
]
