"""Problems found in case files, located by file, line and field, and the error that carries them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, in words a user can act on."""

    file: str
    line: int | None
    field: str
    message: str
    expected: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        tail = f" (expected {self.expected})" if self.expected else ""
        return f"{where}:{field} {self.message}{tail}"


class CaseError(Exception):
    """Raised when a case (or another input file) cannot be read; holds every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls,
        file: str | Path,
        message: str,
        *,
        line: int | None = None,
        field: str = "",
        expected: str = "",
    ) -> CaseError:
        """An error with one problem."""
        return cls([Problem(str(file), line, field, message, expected)])


class OutputError(CaseError):
    """Raised when an output file cannot be written (a device, a FIFO, no permission, ...)."""
