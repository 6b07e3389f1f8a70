"""Sequencing: what must happen first, what waits on whom, and where demands deadlock.

The steps of a document are its obligations (and those of the documents it attaches or
endorses). A step *waits on* another when the text says so:

- ``after``: "this only after that", with the parties who demand that order (by default the
  document's drafters);
- ``timing.after``: due a number of days after another obligation;
- a condition's ``depends_on``: it holds only once another obligation is carried out.

The steps and their waits form a directed graph. Steps that wait on nothing move first
(level 0); a step's level is one more than the highest level it waits on (a longest-path
layering of the acyclic part, as in Kahn 1962's topological sort). Steps on a cycle have no
level: each waits, directly or not, on itself. Each strongly connected set of two or more
steps (Tarjan 1972) is reported as a **deadlock**, naming the steps, the orders that close
the cycle and who demanded each; it is a deadlock *between parties* when those orders were
demanded by different parties (each side's demanded order is the reverse of the other's).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from ontable.analysis._common import document_items, resolve_document
from ontable.errors import UnknownIdError
from ontable.model import SIGNING, Case, Document, Obligation, Provision

Key = str


def step_key(provision: Provision, index: int, obligation: Obligation) -> Key:
    """A step's name: the obligation's ``id``, else ``<provision>#<n>`` (n from 1)."""
    return obligation.id if obligation.id is not None else f"{provision.id}#{index + 1}"


@dataclass(frozen=True)
class Wait:
    """``then`` waits on ``first``: why (``after``, ``timing`` or ``condition``) and who says so."""

    first: Key
    then: Key
    reason: str
    demanded_by: tuple[str, ...]
    document_id: str


@dataclass(frozen=True)
class Step:
    """One obligation as a step: who moves, what, when, and its level (None on a cycle)."""

    key: Key
    provision_id: str
    on: tuple[str, ...]
    action: str
    timing: str | None
    level: int | None
    waits_on: tuple[Key, ...]
    document_id: str


@dataclass(frozen=True)
class Deadlock:
    """Steps that wait on each other in a cycle, the orders that close it and who demands them."""

    steps: tuple[Key, ...]
    waits: tuple[Wait, ...]
    bearers: tuple[str, ...]
    demanded_by: tuple[str, ...]

    @property
    def between_parties(self) -> bool:
        """Whether the cycle's orders were demanded by more than one party."""
        return len(self.demanded_by) > 1

    def describe(self) -> str:
        """One sentence per order of the cycle: 'A before B (demanded by x)'."""
        return "; ".join(
            f"{w.first} before {w.then} ({w.reason}, demanded by {', '.join(w.demanded_by) or 'nobody named'})"
            for w in self.waits
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "steps": list(self.steps),
            "waits": [asdict(w) for w in self.waits],
            "bearers": list(self.bearers),
            "demanded_by": list(self.demanded_by),
            "between_parties": self.between_parties,
            "description": self.describe(),
        }


@dataclass(frozen=True)
class Sequence:
    """A document's steps as a dependency graph (see :mod:`ontable.analysis.sequence`)."""

    document_id: str
    steps: tuple[Step, ...]
    waits: tuple[Wait, ...]
    deadlocks: tuple[Deadlock, ...]
    included_documents: tuple[str, ...] = ()

    @property
    def first_movers(self) -> tuple[str, ...]:
        """Parties bound by a level-0 step that another step waits on."""
        waited = {w.first for w in self.waits}
        out: list[str] = []
        for s in self.steps:
            if s.level == 0 and s.key in waited:
                out += [p for p in s.on if p not in out]
        return tuple(out)

    def step(self, key: str) -> Step:
        """The step with this key (``KeyError`` when none)."""
        for s in self.steps:
            if s.key == key:
                return s
        raise UnknownIdError("step", key, (s.key for s in self.steps), where=self.document_id)

    def to_frame(self) -> pd.DataFrame:
        """One row per step: key, level, who, action, timing, what it waits on."""
        rows = [
            {
                "step": s.key,
                "level": s.level,
                "point": s.provision_id,
                "on": ", ".join(s.on),
                "action": s.action,
                "timing": s.timing,
                "waits on": ", ".join(s.waits_on),
            }
            for s in self.steps
        ]
        return pd.DataFrame(
            rows, columns=["step", "level", "point", "on", "action", "timing", "waits on"]
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "included_documents": list(self.included_documents),
            "first_movers": list(self.first_movers),
            "steps": [asdict(s) for s in self.steps],
            "waits": [asdict(w) for w in self.waits],
            "deadlocks": [d.to_dict() for d in self.deadlocks],
        }


def sequence(case: Case, document: Document | str, *, include_endorsed: bool = True) -> Sequence:
    """The steps of ``document`` with what each waits on, their levels and any deadlock.

    Parameters
    ----------
    case
        The case (for the documents this one attaches or endorses).
    document
        A document of the case, or its id.
    include_endorsed
        Also take in the steps of documents it ``attaches`` or ``endorses`` (named in
        ``included_documents``).
    """
    doc = resolve_document(case, document)
    if include_endorsed:
        items, included = document_items(case, doc)
    else:
        items, included = tuple((doc.id, p, o) for p, o in doc.obligations), ()
    drafters = {d.id: d.drafters for d in case.documents} | {doc.id: doc.drafters}
    nodes: dict[tuple[str, Key], tuple[str, Provision, Obligation]] = {}
    counter: dict[tuple[str, str], int] = {}
    keys: list[tuple[str, Key]] = []
    for d, prov, ob in items:
        n = counter.get((d, prov.id), 0)
        counter[(d, prov.id)] = n + 1
        key = step_key(prov, n, ob)
        nodes[(d, key)] = (d, prov, ob)
        keys.append((d, key))

    def name(d: str, key: Key) -> Key:
        return key if d == doc.id else f"{d}:{key}"

    waits: list[Wait] = []
    for d, key in keys:
        _, _, ob = nodes[(d, key)]
        here = name(d, key)
        for demand in ob.after:
            if (d, demand.obligation) in nodes:
                who = demand.demanded_by or drafters.get(d, ())
                waits.append(Wait(name(d, demand.obligation), here, "after", tuple(who), d))
        timed = ob.timing.after if ob.timing is not None else None
        if timed not in (None, SIGNING) and (d, str(timed)) in nodes:
            waits.append(Wait(name(d, str(timed)), here, "timing", drafters.get(d, ()), d))
        for c in ob.conditions:
            if c.depends_on is not None and (d, c.depends_on) in nodes:
                waits.append(Wait(name(d, c.depends_on), here, "condition", drafters.get(d, ()), d))

    order = [name(d, k) for d, k in keys]
    info = {name(d, k): nodes[(d, k)] for d, k in keys}
    preds: dict[Key, list[Key]] = {k: [] for k in order}
    succs: dict[Key, list[Key]] = {k: [] for k in order}
    for w in waits:
        if w.first not in preds[w.then]:
            preds[w.then].append(w.first)
            succs[w.first].append(w.then)

    cycles = [c for c in _strongly_connected(order, succs) if len(c) > 1]
    on_cycle = {k for c in cycles for k in c}
    levels = _levels(order, preds, succs, on_cycle)
    steps = tuple(
        Step(
            k,
            info[k][1].id,
            info[k][2].on,
            info[k][2].action,
            _timing_text(info[k][2]),
            levels.get(k),
            tuple(preds[k]),
            info[k][0],
        )
        for k in order
    )
    deadlocks = []
    for cycle in cycles:
        members = set(cycle)
        inner = tuple(w for w in waits if w.first in members and w.then in members)
        bearers = tuple(dict.fromkeys(p for k in cycle for p in info[k][2].on))
        demanders = tuple(dict.fromkeys(p for w in inner for p in w.demanded_by))
        deadlocks.append(Deadlock(tuple(cycle), inner, bearers, demanders))
    return Sequence(doc.id, steps, tuple(waits), tuple(deadlocks), included)


def _timing_text(ob: Obligation) -> str | None:
    return None if ob.timing is None else ob.timing.text


def _levels(
    order: list[Key], preds: dict[Key, list[Key]], succs: dict[Key, list[Key]], skip: set[Key]
) -> dict[Key, int]:
    """Longest-path levels of the steps not on a cycle and not waiting on one (Kahn)."""
    indegree = {k: len(preds[k]) for k in order}
    level: dict[Key, int] = {}
    ready = [k for k in order if indegree[k] == 0]
    while ready:
        k = ready.pop(0)
        level[k] = max((level[p] + 1 for p in preds[k]), default=0)
        for s in succs[k]:
            indegree[s] -= 1
            if indegree[s] == 0 and s not in skip:
                ready.append(s)
    return {k: v for k, v in level.items() if k not in skip}


def _strongly_connected(order: list[Key], succs: dict[Key, list[Key]]) -> list[list[Key]]:
    """Tarjan's strongly connected components, each in document order (iterative)."""
    index: dict[Key, int] = {}
    low: dict[Key, int] = {}
    on_stack: set[Key] = set()
    stack: list[Key] = []
    out: list[list[Key]] = []
    counter = 0
    position = {k: i for i, k in enumerate(order)}
    for root in order:
        if root in index:
            continue
        work: list[tuple[Key, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            nexts = succs[node]
            while i < len(nexts):
                nxt = nexts[i]
                i += 1
                if nxt not in index:
                    work.append((node, i))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                out.append(sorted(comp, key=position.__getitem__))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


@dataclass(frozen=True)
class OrderChange:
    """An order between two steps that one draft has and the other has not (or reverses)."""

    first: str
    then: str
    status: str  # "added", "dropped" or "reversed"


def order_changes(case: Case, a: Document | str, b: Document | str) -> tuple[OrderChange, ...]:
    """Changes in the order of steps from draft ``a`` to draft ``b``.

    Steps are matched across drafts by obligation ``id``, else ``kind``, else action text.
    """

    def edges(doc: Document | str) -> set[tuple[str, str]]:
        seq = sequence(case, doc, include_endorsed=False)
        d = resolve_document(case, doc)
        label: dict[str, str] = {}
        for prov in d.provisions:
            for n, ob in enumerate(prov.obligations):
                label[step_key(prov, n, ob)] = ob.id or ob.kind or ob.action
        return {(label.get(w.first, w.first), label.get(w.then, w.then)) for w in seq.waits}

    old, new = edges(a), edges(b)
    out = []
    for first, then in sorted(new - old):
        status = "reversed" if (then, first) in old else "added"
        out.append(OrderChange(first, then, status))
    for first, then in sorted(old - new):
        if (then, first) not in new:
            out.append(OrderChange(first, then, "dropped"))
    return tuple(out)
