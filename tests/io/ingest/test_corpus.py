"""The ingester on its evaluation corpus: per-aspect precision and recall, printed, by part.

The corpus (``tests/data/ingest/corpus``) holds texts written in the styles published plans
and news reprints use, each hand-coded by the rules of its README. Its ``tuning`` part was
read while the rules were written; its ``heldout`` part was not (its scores were first
measured once the rules were done). The targets are checked on both parts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ontable.io.ingest import CorpusResult, Score, evaluate_corpus, read_manifest

MANIFEST = Path(__file__).parents[2] / "data" / "ingest" / "corpus" / "manifest.yaml"


@cache
def _result() -> CorpusResult:
    return evaluate_corpus(MANIFEST)


def _fmt(value: float | None) -> str:
    return "  —  " if value is None else f"{value:5.2f}"


def test_print_the_scores(capsys: pytest.CaptureFixture[str]) -> None:
    result = _result()
    with capsys.disabled():
        print(f"\ningester on its corpus ({MANIFEST.parent.name}):")
        for part in result.parts():
            for s in result.pooled(part):
                print(
                    f"  {part:8} {s.aspect:11} precision {_fmt(s.precision)} "
                    f"recall {_fmt(s.recall)}  ({s.matched} of {s.coded} coded, "
                    f"{s.ingested} read)"
                )
    assert result.parts() == ("tuning", "heldout")


def test_the_corpus_has_at_least_60_coded_provisions() -> None:
    pooled = {s.aspect: s for s in _result().pooled()}
    assert pooled["provisions"].coded >= 60
    assert len(read_manifest(MANIFEST)) == 5


def _score(part: str, aspect: str) -> Score:
    return {s.aspect: s for s in _result().pooled(part)}[aspect]


@pytest.mark.parametrize("part", ["tuning", "heldout"])
def test_targets(part: str) -> None:
    """Provisions recall ≥ 0.95; parties and modality ≥ 0.85 both ways; issues precision ≥ 0.75."""
    assert (_score(part, "provisions").recall or 0) >= 0.95
    for aspect in ("parties", "modality"):
        score = _score(part, aspect)
        assert (score.precision or 0) >= 0.85, score
        assert (score.recall or 0) >= 0.85, score
    assert (_score(part, "issues").precision or 0) >= 0.75
