"""A run as read back from the store, and how a chunk's arrays are stored."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

STATUSES = ("running", "interrupted", "failed", "complete")


@dataclass(frozen=True)
class Run:
    """One recorded run. ``status`` is as stored, except that a ``running`` run whose process
    on this host is gone (killed) reads as ``interrupted``."""

    id: int
    kind: str
    status: str
    case_id: str
    case_digest: str
    case_ref: str | None
    model: str
    params: dict[str, Any]
    seed: int | None
    package_version: str
    n_chunks: int
    chunks_done: int
    created_at: str
    updated_at: str
    finished_at: str | None
    elapsed_s: float
    host: str | None
    pid: int | None
    result: dict[str, Any] | None

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    def to_dict(self, *, with_result: bool = True) -> dict[str, Any]:
        """Plain JSON-ready data (the result included unless ``with_result`` is False)."""
        data = asdict(self)
        if not with_result:
            data.pop("result")
        return data

    def to_frame(self) -> pd.DataFrame:
        """One row: the run's record without its result."""
        return runs_frame([self])


def runs_frame(runs: list[Run]) -> pd.DataFrame:
    """One row per run, without results."""
    return pd.DataFrame([r.to_dict(with_result=False) for r in runs])


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _encode(arrays: Mapping[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **{k: np.asarray(v) for k, v in arrays.items()})
    return buffer.getvalue()


def _decode(blob: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
