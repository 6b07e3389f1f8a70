"""Upgrading case data from format v1 to v2 (in memory; :mod:`ontable.io.migrate` writes it).

Format v1 files carry no ``format_version`` (or ``format_version: 1``). The upgrade:

- writes ``format_version: 2`` at the top of ``case.yaml`` and of every document;
- turns an obligation's ``condition: TEXT`` into ``conditions: [{text: TEXT, judged_by:
  unspecified}]`` (v1 did not say who judges a condition: the coder should review it);
- adds ``conditional`` to a modality other than ``conditional`` that had a condition
  (``hedged`` → ``hedged conditional``; ``conditional`` alone stays: a binding duty under
  conditions);
- where two provisions of a document set the same issue at different positions and neither
  governs the other, adds the earlier one to the later one's ``prevails_over`` (v1 let the
  last provision win; the upgrade writes that rule down, for the coder to review).

Nothing else changes. The functions work on ruamel's containers in place (so comments and
key order survive) as well as on plain dicts; data already at v2 is left alone.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypeGuard

from ontable.model.document import FORMAT_VERSION, UNSPECIFIED, Document

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

KNOWN_VERSIONS = (1, 2)


def format_version(data: Any) -> int | None:
    """The ``format_version`` a file's top-level mapping declares (1 when absent).

    None when the value is not a known version (the loader reports it).
    """
    if not isinstance(data, dict):
        return 1
    value = data.get("format_version", 1)
    if isinstance(value, bool) or not isinstance(value, int) or value not in KNOWN_VERSIONS:
        return None
    return value


def _commented(data: Any) -> TypeGuard[CommentedMap]:
    """Whether ``data`` is ruamel's CommentedMap (ruamel is loaded only if some data holds it)."""
    comments = sys.modules.get("ruamel.yaml.comments")
    return comments is not None and isinstance(data, comments.CommentedMap)


def _set_first(data: dict[str, Any], key: str, value: Any) -> None:
    if key in data:
        data[key] = value
    elif _commented(data):
        data.insert(0, key, value)
    else:
        items = list(data.items())
        data.clear()
        data[key] = value
        data.update(items)


def _replace_key(data: dict[str, Any], old: str, new: str, value: Any) -> None:
    """Put ``new: value`` where ``old`` was (keeping its place), dropping ``old``."""
    keys = list(data)
    pos = keys.index(old) if old in keys else len(keys)
    del data[old]
    if new in data:
        data[new] = value
    elif _commented(data):
        data.insert(pos, new, value)
    else:
        items = list(data.items())
        data.clear()
        data.update(items[:pos])
        data[new] = value
        data.update(items[pos:])


def _seq(items: list[Any], like: Any) -> Any:
    if _commented(like):
        from ruamel.yaml.comments import CommentedSeq

        out = CommentedSeq(items)
        if like.fa.flow_style():
            out.fa.set_flow_style()
        return out
    return items


def _map(items: dict[str, Any], like: Any) -> Any:
    if _commented(like):
        from ruamel.yaml.comments import CommentedMap

        out = CommentedMap(items)
        if like.fa.flow_style():
            out.fa.set_flow_style()
        return out
    return items


def upgrade_obligation(ob: dict[str, Any], where: str, notes: list[str]) -> None:
    """Upgrade one obligation's data in place (see the module docstring)."""
    condition = ob.get("condition")
    modality = ob.get("modality")
    if "condition" in ob:
        cond = _map({"text": condition, "judged_by": UNSPECIFIED}, ob)
        existing = list(ob.get("conditions") or [])
        _replace_key(ob, "condition", "conditions", _seq([cond, *existing], ob))
        notes.append(f"{where}: condition → conditions, judged_by: unspecified (review who judges)")
    if isinstance(modality, str) and condition is not None and "conditional" not in modality:
        ob["modality"] = f"{modality} conditional"
        notes.append(f"{where}: modality {modality} → {modality} conditional")


def _key(value: Any) -> str | None:
    """A provision id as a dictionary key (None stays None; odd values become text)."""
    return None if value is None else str(value)


def _ancestors(pid: Any, parents: dict[Any, Any]) -> set[Any]:
    out: set[Any] = set()
    node = parents.get(pid)
    while node is not None and node not in out:
        out.add(node)
        node = parents.get(node)
    return out


def upgrade_document(doc: Any, where: str = "document") -> list[str]:
    """Upgrade one document's data (a mapping) from v1 to v2 in place; returns the notes."""
    notes: list[str] = []
    if not isinstance(doc, dict) or format_version(doc) != 1:
        return notes
    _set_first(doc, "format_version", FORMAT_VERSION)
    provisions = doc.get("provisions")
    if not isinstance(provisions, list):
        return notes
    provs = [p for p in provisions if isinstance(p, dict)]
    for prov in provs:
        obligations = prov.get("obligations")
        if isinstance(obligations, list):
            for k, ob in enumerate(obligations):
                if isinstance(ob, dict):
                    upgrade_obligation(ob, f"{where} point {prov.get('id')} obligation {k}", notes)
    notes += _settle(provs, where)
    return notes


def _settle(provs: list[dict[str, Any]], where: str) -> list[str]:
    """Add ``prevails_over`` so that the last provision setting an issue governs."""
    notes: list[str] = []
    parents = {_key(p.get("id")): _key(p.get("parent")) for p in provs}
    setters: dict[str, list[dict[str, Any]]] = {}
    for prov in provs:
        issues = prov.get("issues")
        if not isinstance(issues, dict):
            continue
        for issue, value in issues.items():
            earlier = setters.setdefault(str(issue), [])
            ups = _ancestors(_key(prov.get("id")), parents)
            over = [
                q.get("id")
                for q in earlier
                if q["issues"].get(issue) != value and _key(q.get("id")) not in ups
            ]
            if over:
                current = list(prov.get("prevails_over") or [])
                added = [str(x) for x in over if str(x) not in current]
                if added:
                    prov["prevails_over"] = _seq([*current, *added], prov)
                    notes.append(
                        f"{where} point {prov.get('id')}: prevails_over {', '.join(added)} on "
                        f"'{issue}' (v1: the last provision won; review)"
                    )
            earlier.append(prov)
    return notes


def settle_issue_conflicts(document: Document, *, note_prefix: str = "review:") -> Document:
    """``document`` with the last provision setting an issue made to govern earlier ones.

    For producers of drafts (the ingester): where two provisions set one issue at different
    positions, the later one gets ``prevails_over`` and a note starting with ``note_prefix``.
    """
    data = document.model_dump(mode="json", exclude_defaults=True)
    provs = [p for p in data.get("provisions", []) if isinstance(p, dict)]
    before = {p["id"]: list(p.get("prevails_over", [])) for p in provs}
    if not _settle(provs, "document"):
        return document
    for p in provs:
        added = [x for x in p.get("prevails_over", []) if x not in before[p["id"]]]
        if added:
            line = f"{note_prefix} prevails over point(s) {', '.join(added)} on a shared issue"
            p["note"] = f"{p['note']}\n{line}" if p.get("note") else line
    return Document.model_validate(data)


def upgrade_case(case: Any, where: str = "case") -> list[str]:
    """Upgrade ``case.yaml``'s data from v1 to v2 in place (and inline documents)."""
    notes: list[str] = []
    if not isinstance(case, dict) or format_version(case) != 1:
        return notes
    _set_first(case, "format_version", FORMAT_VERSION)
    docs = case.get("documents")
    if isinstance(docs, list):
        for i, d in enumerate(docs):
            notes += upgrade_document(d, f"{where} documents[{i}]")
    return notes
