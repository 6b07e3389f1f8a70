"""Shared building blocks of the case model: ids, ranges and the strict base model."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", min_length=1, max_length=80),
]
"""A lower-case identifier: letters, digits, ``-``, ``_`` and ``.``; starts with a letter or digit."""

Scale = Annotated[float, Field(ge=0, le=100)]
"""A point on an issue's 0–100 scale (also used for salience and capability)."""

Unit = Annotated[float, Field(ge=0, le=1)]
"""A value in 0–1 (utilities, BATNAs, discount factors)."""

Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
"""A source address: an ``http`` or ``https`` URL."""

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class Strict(BaseModel):
    """Base of every model read from a file: unknown keys are errors, objects are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
