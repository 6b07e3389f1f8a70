"""The published JSON Schemas stay in sync with the model."""

from __future__ import annotations

from pathlib import Path

from ontable.io.schema import json_schemas, schema_text

SCHEMA_DIR = Path(__file__).parents[2] / "schema"


def test_schemas_in_sync() -> None:
    for name, schema in json_schemas().items():
        path = SCHEMA_DIR / name
        assert path.is_file(), f"{path} missing: run `make schema`"
        assert path.read_text() == schema_text(schema), f"{path} is out of date: run `make schema`"


def test_schema_forbids_unknown_keys() -> None:
    case = json_schemas()["case.schema.json"]
    assert case["additionalProperties"] is False
    assert case["$defs"]["Party"]["additionalProperties"] is False
