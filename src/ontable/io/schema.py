"""JSON Schemas of the case files, for editors and other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ontable.io.yamlio import atomic_write_text
from ontable.jsonio import dumps
from ontable.model import Case, Document


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema: one for ``case.yaml``, one for ``documents/<id>.yaml``."""
    case = Case.model_json_schema()
    case["title"] = "ontable case file (case.yaml)"
    document = Document.model_json_schema()
    document["title"] = "ontable document file (documents/<id>.yaml)"
    return {"case.schema.json": case, "document.schema.json": document}


def schema_text(schema: dict[str, Any]) -> str:
    """The schema as stable, indented JSON text."""
    return dumps(schema, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; returns the paths written."""
    out = []
    for name, schema in json_schemas().items():
        path = folder / name
        atomic_write_text(path, schema_text(schema))
        out.append(path)
    return out
