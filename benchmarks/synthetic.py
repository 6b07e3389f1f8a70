"""Invented cases of any size for the benchmarks: one generator of model inputs and one of
whole cases, shared by every script in this folder.

:func:`random_arrays` gives a model's inputs directly (positions 0–100 and saliences 1–100 in
whole points, capabilities 1–100; with ``samples`` a leading sample axis as a sweep passes
them). :func:`synthetic_case` gives a :class:`~ontable.model.Case` with a range on every
position, salience, capability and BATNA (what a sweep draws from), optionally some stances
missing and documents whose provisions touch every issue (what the report works on). Every
figure is random: the cases say nothing about any real negotiation.
"""

from __future__ import annotations

import datetime

import numpy as np

from ontable.model import Case, Document, Issue, Party, Stance
from ontable.model.arrays import CaseArrays

SOURCE = ("https://example.org/synthetic",)


def random_arrays(
    actors: int,
    issues: int,
    samples: int | None = None,
    rng: np.random.Generator | None = None,
    *,
    whole: bool = True,
) -> CaseArrays:
    """Random model inputs of ``actors`` × ``issues`` (with a leading sample axis if asked),
    drawn from ``rng`` (seed 0 if none). With ``whole`` false the positions are not rounded
    to whole points, so no two actors share one (the same draws otherwise)."""
    rng = np.random.default_rng(0) if rng is None else rng
    lead = () if samples is None else (samples,)
    nan = np.full((*lead, actors), np.nan)
    positions = rng.uniform(0, 100, (*lead, actors, issues))
    return CaseArrays(
        tuple(f"a{i}" for i in range(actors)),
        tuple(f"i{j}" for j in range(issues)),
        positions if not whole else positions.round(),
        rng.uniform(1, 100, (*lead, actors, issues)).round(),
        rng.uniform(1, 100, (*lead, actors)).round(),
        nan,
        nan,
        np.full(issues, np.nan),
    )


def _around(x: float, half: float, top: float) -> tuple[float, float]:
    return (max(0.0, x - half), min(top, x + half))


def synthetic_case(
    actors: int = 50,
    issues: int = 20,
    seed: int = 0,
    *,
    gaps: float = 0.0,
    documents: int = 0,
) -> Case:
    """An invented case of ``actors`` × ``issues`` with a range on every input.

    About ``gaps`` of the stances are missing (every issue keeps at least one). Saliences are
    scaled down when there are more than 100 issues, so a party's total stays bounded. With
    ``documents`` > 0 that many drafts are added, each with one provision per ten issues and
    an obligation on each provision.
    """
    rng = np.random.default_rng(seed)
    parties = []
    for a in range(actors):
        cap, batna = float(rng.integers(5, 95)), float(rng.uniform(0.2, 0.6))
        parties.append(
            Party(
                id=f"p{a}",
                name=f"Party {a}",
                capability=cap,
                capability_range=_around(cap, 5, 100),
                batna=batna,
                batna_range=_around(batna, 0.1, 1),
                patience=float(rng.uniform(0.7, 0.95)),
            )
        )
    scale = min(1.0, 100.0 / issues)
    stances = []
    for i in range(issues):
        has = rng.random(actors) >= gaps
        has[rng.integers(actors)] = True
        for a in np.flatnonzero(has):
            pos = float(rng.integers(0, 101))
            sal = round(float(rng.integers(5, 96)) * scale, 4)
            stances.append(
                Stance(
                    party=f"p{a}",
                    issue=f"i{i}",
                    position=pos,
                    position_range=_around(pos, 10, 100),
                    salience=sal,
                    salience_range=_around(sal, 5 * scale, 100),
                    rationale="synthetic",
                    sources=SOURCE,
                )
            )
    drafts = [_document(d, actors, issues, rng) for d in range(documents)]
    return Case(
        id="synthetic",
        title=f"Synthetic case, {actors} parties × {issues} issues",
        description="An invented case for size tests; every figure is random.",
        parties=tuple(parties),
        issues=tuple(
            Issue(id=f"i{i}", name=f"Issue {i}", low="none", high="all") for i in range(issues)
        ),
        stances=tuple(stances),
        documents=tuple(drafts),
    )


def _document(d: int, actors: int, issues: int, rng: np.random.Generator) -> Document:
    """Draft ``d``: one provision per ten issues, each with a binding obligation."""
    provisions = [
        {
            "id": str(k + 1),
            "summary": f"Provision {k + 1} settles issues {k * 10} to {k * 10 + 9}.",
            "issues": {
                f"i{i}": float(rng.integers(0, 101))
                for i in range(k * 10, min(issues, k * 10 + 10))
            },
            "sources": SOURCE,
            "obligations": [
                {
                    "on": [f"p{rng.integers(actors)}"],
                    "action": "carry out the provision",
                    "issue": f"i{k * 10}",
                    "benefits": [f"p{rng.integers(actors)}"],
                    "modality": "binding",
                }
            ],
        }
        for k in range(max(1, -(-issues // 10)))
    ]
    return Document.model_validate(
        {
            "id": f"draft-{d + 1}",
            "title": f"Draft {d + 1}",
            "date": (datetime.date(2025, 1, 1) + datetime.timedelta(days=d)).isoformat(),
            "kind": "proposal",
            "drafters": [f"p{d % actors}"],
            "sources": SOURCE,
            "provisions": provisions,
        }
    )
