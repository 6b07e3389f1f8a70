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
    """Base of every model read from a file: unknown keys are errors, objects are frozen.

    A model's validator is built when the model is first validated (``defer_build``), not when
    its module is imported: importing the model costs no schema building, and loading a case
    builds the validators of the case and of a document (each covering the models inside it)
    instead of one for every model.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )
