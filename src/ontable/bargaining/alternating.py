"""Alternating offers: Rubinstein's two-party solution and its n-party, deadline form.

Two parties splitting a unit surplus, the first proposing, with discount factors ``δ₁, δ₂``
per round, agree at once; the first gets ``(1 − δ₂)/(1 − δ₁δ₂)`` (Rubinstein 1982, "Perfect
equilibrium in a bargaining model", *Econometrica* 50): :func:`rubinstein_shares`.

:func:`alternating_offers` plays the same game over a case's packages with any number of
parties, a deadline and a recognition rule (Baron & Ferejohn 1989, "Bargaining in
legislatures", *APSR* 83): each round one party is recognised (in turn, or at random with
given probabilities) and proposes a package; it passes if enough others accept (all of
them, or a quota). It is solved by backward induction from the deadline, where the game ends
with every party at its BATNA. A responder accepts a package worth at least its reservation
``max(BATNA, δ × value of the next round)``; the proposer offers the package best for itself
among those enough responders accept, if that beats its own reservation. A BATNA is an
outside option that can be taken at any round (Binmore, Shaked & Sutton 1989, *QJE* 104):
when no offer passes and a party values its BATNA above waiting, talks break down.

A mediator (or any event) can change a party's BATNA from a chosen round on
(:class:`BatnaChange`): pressure that lowers a party's alternative, or a withdrawal of support.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np

from ontable.bargaining.alternating_result import (
    AlternatingResult,
    BatnaChange,
    MoveKind,
    Recognition,
    RoundPlay,
)
from ontable.bargaining.package import Package
from ontable.bargaining.pareto import Frontier, pareto_frontier
from ontable.bargaining.space import BargainingProblem
from ontable.errors import UnknownIdError
from ontable.model.arrays import FloatArray
from ontable.utility import utilities

VERSION = "1"
DEFAULT_DEADLINE = 30
"""Rounds before talks end at the BATNAs when no deadline is given."""

_TOL = 1e-12


def rubinstein_shares(delta_first: float, delta_second: float) -> tuple[float, float]:
    """Shares of a unit surplus in Rubinstein's (1982) subgame-perfect equilibrium.

    Parameters
    ----------
    delta_first, delta_second
        Discount factors per round (0–1) of the party that proposes first and of the other.

    Returns
    -------
    tuple of float
        ``((1 − δ₂)/(1 − δ₁δ₂), δ₂(1 − δ₁)/(1 − δ₁δ₂))``.
    """
    for d in (delta_first, delta_second):
        if not 0.0 <= d <= 1.0:
            raise ValueError(f"discount factors must be in 0–1; got {d}")
    denominator = 1.0 - delta_first * delta_second
    if denominator <= 0.0:
        raise ValueError("with both discount factors 1 the split is undetermined")
    first = (1.0 - delta_second) / denominator
    return first, 1.0 - first


def batna_schedule(
    batna: FloatArray,
    party_ids: Sequence[str],
    deadline: int,
    changes: Sequence[BatnaChange] = (),
) -> FloatArray:
    """Each party's BATNA in each round 0…deadline: ``(deadline + 1, parties)``."""
    out = np.tile(np.nan_to_num(batna, nan=0.0), (deadline + 1, 1))
    for change in sorted(changes, key=lambda c: c.round):
        if change.party not in party_ids:
            raise UnknownIdError("party", change.party, party_ids)
        if change.round <= deadline:
            out[change.round :, list(party_ids).index(change.party)] = change.batna
    return out


def _proposals(u: FloatArray, reservation: FloatArray, need: int) -> FloatArray:
    """For each proposer: the package it offers (-1: none passes).

    ``u`` are package utilities ``(packages, parties)`` ordered by decreasing total;
    ``reservation`` each party's reservation; ``need`` responders who must accept.
    """
    n = u.shape[1]
    accepts = u >= reservation - _TOL  # (packages, parties)
    n_accept = accepts.sum(axis=1)
    offer = np.full(n, -1.0)
    for k in range(n):
        responders = n_accept - accepts[:, k]
        passes = responders >= need
        if not passes.any():
            continue
        own = np.where(passes, u[:, k], -np.inf)
        best = int(np.argmax(own))  # first of ties: the larger total
        if own[best] >= reservation[k] - _TOL:
            offer[k] = best
    return offer


def alternating_offers_on(
    u: FloatArray,
    batna: FloatArray,
    patience: FloatArray,
    *,
    deadline: int = DEFAULT_DEADLINE,
    recognition: Recognition = "rotating",
    probabilities: FloatArray | None = None,
    quota: int | None = None,
    first: int = 0,
    rng: np.random.Generator | None = None,
) -> dict[str, Any]:
    """Backward induction of alternating offers over packages with utilities ``u``.

    ``batna`` is ``(deadline + 1, parties)`` (see :func:`batna_schedule`). Returns the
    equilibrium path as plain data (see :func:`alternating_offers` for the case-level call).
    """
    n = u.shape[1]
    quota = n if quota is None else quota
    if not 1 <= quota <= n:
        raise ValueError(f"quota must be between 1 and {n}; got {quota}")
    if deadline < 1:
        raise ValueError(f"deadline must be at least 1 round; got {deadline}")
    if recognition == "rotating":
        probs = None
    else:
        probs = np.full(n, 1.0 / n) if probabilities is None else np.asarray(probabilities)
        probs = probs / probs.sum()
        if rng is None:
            raise ValueError("random recognition needs a numpy Generator (rng)")
    value_next = batna[deadline].copy()  # the deadline: everyone at its BATNA
    plays: list[tuple[FloatArray, FloatArray, FloatArray, FloatArray]] = []  # per round t
    for t in range(deadline - 1, -1, -1):
        waiting = patience * value_next
        reservation = np.maximum(batna[t], waiting)
        offer = _proposals(u, reservation, quota - 1)
        walks = (batna[t] > waiting + _TOL).any()
        # value to each party (columns) when each proposer (rows) is recognised
        stop = np.where(walks, batna[t], waiting)
        value = np.where(offer[:, None] >= 0, u[np.maximum(offer, 0).astype(int)], stop)
        plays.append((offer, value, reservation, np.array(float(walks))))
        value_next = value[(first + t) % n] if probs is None else probs @ value
    plays.reverse()
    path: list[dict[str, Any]] = []
    end: dict[str, Any] = {"kind": "deadline", "round": deadline, "package": None, "proposer": None}
    for t in range(deadline):
        offer, _, reservation, walks = plays[t]
        if probs is None:
            k = (first + t) % n
        else:
            assert rng is not None
            k = int(rng.choice(n, p=probs))
        step = {"round": t, "proposer": k, "reservations": reservation.copy()}
        if offer[k] >= 0:
            path.append({**step, "outcome": "agreement"})
            end = {"kind": "agreement", "round": t, "package": int(offer[k]), "proposer": k}
            break
        if walks > 0:
            path.append({**step, "outcome": "breakdown"})
            end = {"kind": "breakdown", "round": t, "package": None, "proposer": None}
            break
        path.append({**step, "outcome": "no offer passes"})
    else:
        path.append(
            {
                "round": deadline,
                "proposer": None,
                "reservations": batna[deadline].copy(),
                "outcome": "deadline",
            }
        )
    expected = plays[0][1][first % n] if probs is None else probs @ plays[0][1]
    return {"path": path, "end": end, "expected": expected}


def alternating_offers(
    problem: BargainingProblem,
    *,
    patience: Mapping[str, float] | None = None,
    deadline: int = DEFAULT_DEADLINE,
    recognition: Recognition = "rotating",
    probabilities: Literal["equal", "capability"] | Sequence[float] = "equal",
    quota: int | None = None,
    first: str | None = None,
    batna_changes: Sequence[BatnaChange] = (),
    frontier: Frontier | None = None,
    rng: np.random.Generator | None = None,
) -> AlternatingResult:
    """Alternating offers among a case's parties over its packages (see the module notes).

    Parameters
    ----------
    problem
        Parties, packages, BATNAs and (default) patience.
    patience
        Party → discount factor per round, overriding the case's ``Party.patience``.
    deadline
        Rounds 0…deadline−1 are played; at the deadline everyone gets its BATNA.
    recognition
        ``"rotating"``: parties propose in turn from ``first`` (Rubinstein's order);
        ``"random"``: the proposer is drawn each round with ``probabilities``
        (Baron–Ferejohn), using ``rng``.
    probabilities
        Recognition probabilities: ``"equal"``, ``"capability"`` or one per party.
    quota
        Parties (proposer included) who must agree; default all (unanimity).
    first
        The party that proposes first (default: the first party).
    batna_changes
        BATNA changes from a given round on (a mediator's pressure or withdrawal).
    frontier
        The problem's Pareto frontier when already computed (only it is searched: an offer
        that enough parties accept is never worse for the proposer on the frontier).
    rng
        Draws the proposers under random recognition.
    """
    delta = problem.patience.copy()
    for party, value in (patience or {}).items():
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"patience of {party} must be in 0–1; got {value}")
        delta[problem.index(party)] = value
    if np.isnan(delta).any():
        missing = [p for p, d in zip(problem.party_ids, delta, strict=True) if np.isnan(d)]
        raise ValueError(f"patience is unknown for: {', '.join(missing)}")
    if isinstance(probabilities, str):
        if probabilities == "equal":
            probs = np.ones(len(problem.party_ids))
        elif probabilities == "capability":
            probs = problem.capabilities.astype(float)
        else:
            raise ValueError(f"unknown recognition probabilities {probabilities!r}")
    else:
        probs = np.asarray(probabilities, dtype=float)
    front = frontier if frontier is not None else pareto_frontier(problem)
    schedule = batna_schedule(problem.batna, problem.party_ids, deadline, batna_changes)
    start = 0 if first is None else problem.index(first)
    play = alternating_offers_on(
        front.utilities,
        schedule,
        delta,
        deadline=deadline,
        recognition=recognition,
        probabilities=probs,
        quota=quota,
        first=start,
        rng=rng,
    )
    parties = problem.party_ids
    end = play["end"]
    path = tuple(
        RoundPlay(
            round=s["round"],
            proposer="" if s["proposer"] is None else parties[s["proposer"]],
            outcome=s["outcome"],
            reservations=tuple(float(x) for x in s["reservations"]),
        )
        for s in play["path"]
    )
    package = None
    agreed_utils = None
    proposer = None
    if end["kind"] == "agreement":
        k = end["package"]
        agreed_utils = tuple(float(x) for x in front.utilities[k])
        proposer = parties[end["proposer"]]
        package = Package(
            party_ids=parties,
            issue_ids=problem.space.issue_ids,
            positions=front.positions[k].copy(),
            labels=front.labels(k),
            utilities=front.utilities[k].copy(),
        )
    return AlternatingResult(
        party_ids=parties,
        patience=tuple(float(x) for x in delta),
        deadline=deadline,
        recognition=recognition,
        quota=quota or len(parties),
        package=package,
        agreement_round=end["round"] if end["kind"] == "agreement" else None,
        breakdown_round=None if end["kind"] == "agreement" else end["round"],
        proposer=proposer,
        utilities=agreed_utils,
        expected=tuple(float(x) for x in play["expected"]),
        path=path,
        batna_changes=tuple(batna_changes),
    )


def mediator_move(
    problem: BargainingProblem,
    mediator_ideal: FloatArray,
    mediator_salience: FloatArray,
    *,
    mediator: str,
    at_round: int,
    kind: Literal["pressure", "withdrawal"] = "pressure",
    target: str | None = None,
    batna: float | None = None,
) -> BatnaChange:
    """A mediator's move on one party's BATNA, with neutral defaults that can be overridden.

    By default, pressure targets the party whose ideal package the mediator likes least
    and a withdrawal of support the party whose ideal it likes most; either halves the
    target's BATNA. Give ``target`` and ``batna`` to say otherwise.

    Parameters
    ----------
    problem
        The bargaining problem.
    mediator_ideal, mediator_salience
        The mediator's ideal point and salience per issue of the problem.
    mediator
        The mediator's id (recorded on the change).
    at_round
        First round with the new BATNA.
    kind
        ``"pressure"`` or ``"withdrawal"``.
    target, batna
        The party whose BATNA changes, and its new value.
    """
    if target is None:
        liking = utilities(
            problem.ideals, mediator_ideal[None, :], mediator_salience[None, :], problem.form
        )[:, 0]
        target = problem.party_ids[
            int(np.argmin(liking)) if kind == "pressure" else int(np.argmax(liking))
        ]
    current = float(problem.disagreement[problem.index(target)])
    new = current / 2.0 if batna is None else batna
    return BatnaChange(round=at_round, party=target, batna=new, by=mediator, kind=kind)


__all__ = [
    "DEFAULT_DEADLINE",
    "VERSION",
    "AlternatingResult",
    "BatnaChange",
    "MoveKind",
    "Recognition",
    "RoundPlay",
    "alternating_offers",
    "alternating_offers_on",
    "batna_schedule",
    "mediator_move",
    "rubinstein_shares",
]
