"""Plain-words renderings of a comparison: a text's profile as labelled lines, two profiles
side by side, a function's label.
"""

from __future__ import annotations

import math

from ontable.analysis.compare.functions import JUDGE_GROUPS
from ontable.analysis.compare.results import Comparison, DutyProfile, TextProfile
from ontable.model import MODALITIES


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _names_or(names: tuple[str, ...], empty: str) -> str:
    return ", ".join(names) if names else empty


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def _duties(duty: DutyProfile, with_role: bool) -> str:
    who = f"{duty.name} ({duty.role})" if with_role else duty.name
    n = duty.obligations
    shares = ", ".join(f"{_percent(duty.shares[m])} {m}" for m in MODALITIES)
    return f"{who}: {_count(n, 'duty', 'duties')} — {shares}"


def profile_lines(profile: TextProfile) -> tuple[tuple[str, str], ...]:
    """The profile in plain words, one ``(label, text)`` line per aspect (names, never ids).

    The labels are the same for every text, so two profiles can be shown side by side.
    """
    p = profile
    judged = (
        f"{_count(p.conditions, 'condition')}: "
        + ", ".join(f"{g} {_percent(p.judges[g])}" for g in JUDGE_GROUPS)
        if p.conditions
        else "no conditions"
    )
    measured = [d for d in p.principals if not math.isnan(d.distance)]
    distance = (
        "; ".join(f"{d.name} {d.distance:.0f}" for d in measured)
        + " (0 = the party's ideal points, 100 = the far end)"
        if measured
        else "not measured (no stances on the issues it sets)"
    )
    if p.lean_between is None:
        leaning = "not measured (the case names no main parties, or has no stances)"
    elif math.isnan(p.lean):
        leaning = (
            f"not measured: no issue it sets divides {p.lean_between[0]} and {p.lean_between[1]}"
        )
    else:
        leaning = (
            f"{p.lean:.2f} between {p.lean_between[0]} (0) and {p.lean_between[1]} (1), "
            f"range {p.lean_low:.2f}–{p.lean_high:.2f}"
        )
    return (
        ("Negotiation", p.case_title),
        ("Text", f"{p.document_title} ({p.kind}, {p.date})"),
        ("Drafted by", _names_or(p.drafters, "not stated")),
        ("Consulted", _names_or(p.consulted, "none named")),
        ("Left out", _names_or(p.excluded, "none named")),
        ("Consultation disputed", _names_or(p.consultation_disputed, "none")),
        ("Size", f"{p.provisions} points, {p.obligations} obligations"),
        (
            "Duties of the principal parties",
            "; ".join(_duties(d, False) for d in p.principals) or "none",
        ),
        ("Duties of others", "; ".join(_duties(d, True) for d in p.others) or "none"),
        ("Conditions judged by", judged),
        (
            "Exchange links",
            f"{_count(p.exchange_links, 'link')}; "
            f"{_count(p.exchanges, 'exchange')} between principals",
        ),
        (
            "Penalties",
            f"{_count(p.penalty_provisions, 'penalty point')}, enforcing "
            f"{_count(p.penalty_enforced, 'duty', 'duties')}",
        ),
        ("Distance from each principal", distance),
        ("Lean", leaning),
    )


def side_by_side(comparison: Comparison) -> tuple[tuple[str, str, str], ...]:
    """``(label, first text, second text)`` for every line of :func:`profile_lines`."""
    a, b = profile_lines(comparison.a), profile_lines(comparison.b)
    return tuple((la, ta, tb) for (la, ta), (_, tb) in zip(a, b, strict=True))


def function_label(function: str) -> str:
    """A function as plain words: ``force-limits`` → ``force limits``."""
    return function.replace("-", " ")
