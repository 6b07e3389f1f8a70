"""Scoring the ingester on a corpus of hand-coded texts, part by part.

A corpus is a ``manifest.yaml`` listing texts, each with its hand-coded document, the case
folder it is read against and the part it belongs to (``tuning``, ``heldout``, …)::

    texts:
      - {text: tuning/plan.txt, coded: tuning/plan.yaml, case: cases/demo, part: tuning}

Paths are relative to the manifest. Each text is read with :func:`read_source_text`, ingested
with the coded document's own metadata (so only the reading of the text is scored) and
compared with :func:`~ontable.io.ingest.evaluate`; the counts of every aspect are pooled over
the texts of a part (micro-averaged precision and recall).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ontable.io.errors import CaseError
from ontable.io.ingest.draft import ingest_text
from ontable.io.ingest.evaluate import ASPECTS, Evaluation, Score, evaluate
from ontable.io.ingest.extract import read_source_text
from ontable.model import Document


@dataclass(frozen=True)
class CorpusText:
    """One text of a corpus and where its coding and case are."""

    text: Path
    coded: Path
    case: Path
    part: str


@dataclass(frozen=True)
class CorpusResult:
    """Each text's evaluation and the pooled scores of each part."""

    evaluations: tuple[tuple[CorpusText, Evaluation], ...]

    def parts(self) -> tuple[str, ...]:
        """The corpus's parts, in the order the manifest first names them."""
        return tuple(dict.fromkeys(t.part for t, _ in self.evaluations))

    def pooled(self, part: str | None = None) -> tuple[Score, ...]:
        """Every aspect's counts added over the texts of ``part`` (all texts when ``None``)."""
        pooled = {aspect: Score(aspect, 0, 0, 0) for aspect in ASPECTS}
        for text, result in self.evaluations:
            if part is None or text.part == part:
                for score in result.scores:
                    pooled[score.aspect] = pooled[score.aspect] + score
        return tuple(pooled.values())


def read_manifest(path: str | Path) -> tuple[CorpusText, ...]:
    """The texts a corpus manifest lists, with paths made absolute; each must exist."""
    from ontable.io.yamlio import load_yaml, to_plain

    path = Path(path)
    data = to_plain(load_yaml(path))
    entries = data.get("texts") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CaseError.single(path, "no texts listed", expected="a 'texts:' list")
    out: list[CorpusText] = []
    for k, entry in enumerate(entries):
        fields = ("text", "coded", "case", "part")
        if not isinstance(entry, dict) or any(not isinstance(entry.get(f), str) for f in fields):
            raise CaseError.single(
                path, f"texts[{k}] is incomplete", expected=f"the keys {', '.join(fields)}"
            )
        paths = [path.parent / entry[f] for f in fields[:3]]
        for f, p in zip(fields, paths, strict=False):
            if not p.exists():
                raise CaseError.single(path, f"texts[{k}].{f}: {entry[f]} does not exist")
        out.append(CorpusText(paths[0], paths[1], paths[2], entry["part"]))
    return tuple(out)


def _coded(path: Path) -> Document:
    from pydantic import ValidationError

    from ontable.io.yamlio import load_yaml, to_plain

    try:
        return Document.model_validate(to_plain(load_yaml(path)))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise CaseError.single(path, f"not a valid document: {where}: {first['msg']}") from None


def evaluate_corpus(manifest: str | Path) -> CorpusResult:
    """Ingest every text of the corpus and score it against its hand-coded document."""
    from ontable.io import load_case

    results: list[tuple[CorpusText, Evaluation]] = []
    cases = {}
    for entry in read_manifest(manifest):
        if entry.case not in cases:
            cases[entry.case] = load_case(entry.case)
        coded = _coded(entry.coded)
        ingested = ingest_text(
            read_source_text(entry.text),
            cases[entry.case],
            document_id=coded.id,
            source=coded.sources[0],
            date=coded.date,
            title=coded.title,
            drafters=coded.drafters,
            kind=coded.kind,
        )
        results.append((entry, evaluate(coded, ingested)))
    return CorpusResult(tuple(results))
