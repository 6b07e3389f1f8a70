"""Documents → text: the YAML of an ingested document, and a plain-text rendering of a coded one.

:func:`render_text` writes a coded document back as the numbered text a plan would print:
its preamble, then each point's summary under its number, sub-points lettered (or numbered
``7.1`` when their ids are). Only the summaries are written, so ingesting that text and
scoring it against the document checks the ingester end to end on prose a coder wrote, not
on sentences generated from the coding itself. With ``obligation_sentences=True`` each point
is followed by one sentence per obligation in plain modal wording (``will``, ``is expected
to``, ``aims to``, ``will … provided that …``): an easier text, for checking the splitter
and the scorer apart from the reading of prose.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ruamel.yaml.scalarstring import LiteralScalarString

from ontable.io.yamlio import dump_yaml_text
from ontable.model import Case, Document, Obligation, Provision

if TYPE_CHECKING:
    from ontable.io.ingest.draft import Draft

PREAMBLE = "preamble"

_HEADER = (
    "# First cut written by `ontable ingest`. Every line of a note that starts with\n"
    "# 'review:' is a guess for a person to check; 'quantity:' lines are numbers in the text.\n"
)


def _literal(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _literal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_literal(v) for v in value]
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def document_yaml(document: Document | Draft) -> str:
    """The YAML text of ``document`` as a case's ``documents/<id>.yaml`` file holds it.

    A :class:`~ontable.io.ingest.Draft` with missing fields is written without them, and the
    header says which ones to fill in (the case does not validate until they are).
    """
    if isinstance(document, Document):
        return _HEADER + dump_yaml_text(
            _literal(document.model_dump(mode="json", exclude_defaults=True))
        )
    data: dict[str, Any] = {}
    for key, value in document.fields.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        data[key] = value
    data["provisions"] = [
        p.model_dump(mode="json", exclude_defaults=True) for p in document.provisions
    ]
    header = _HEADER
    if document.missing:
        header += (
            f"# Unknown, to fill in before the case validates: {', '.join(document.missing)}"
            " (the text does not say; nothing was guessed).\n"
        )
    return header + dump_yaml_text(_literal(data))


_CONDITION_START = re.compile(
    r"^(?:if|unless|provided|providing|on condition|subject to|in the event|as long as|"
    r"so long as|once)\b",
    re.IGNORECASE,
)


def _names(case: Case | None, ids: tuple[str, ...]) -> str:
    names = []
    for party_id in ids:
        name = party_id
        if case is not None and party_id in case.party_ids:
            name = case.party(party_id).name
        names.append(name)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def obligation_sentence(obligation: Obligation, case: Case | None = None) -> str:
    """One plain sentence stating ``obligation`` with its modality's usual wording."""
    plural = len(obligation.on) > 1
    phrase = {
        "binding": "will",
        "conditional": "will",
        "hedged": "are expected to" if plural else "is expected to",
        "aspirational": "aim to" if plural else "aims to",
    }[obligation.modality]
    sentence = f"{_names(case, obligation.on)} {phrase} {obligation.action.rstrip('.')}"
    if obligation.benefits:
        named = _names(case, obligation.benefits)
        if named.lower() not in obligation.action.lower():
            sentence += f" for {named}"
    if obligation.condition:
        condition = obligation.condition.rstrip(".")
        if not _CONDITION_START.match(condition):
            condition = f"provided that {condition}"
        sentence += f" {condition}"
    return sentence + "."


def printed_ids(document: Document) -> dict[str, str]:
    """Each provision's id → the id its point gets when printed by :func:`render_text`.

    Numbered ids keep their form (``"10"``, ``"10a"``; ``"10.a"`` prints as ``"10a"``);
    a labelled top-level point (``"army-cap"``) is numbered one after the last printed
    number; a sub-point whose id is its parent's plus a letter (or digits) keeps that
    letter (``"7.1"``), any other sub-point is lettered in order.
    """
    out: dict[str, str] = {}
    known = {p.id for p in document.provisions}
    last = 0
    children: dict[str, int] = {}
    for prov in document.provisions:
        parent = prov.parent if prov.parent in known else None
        if parent is None:
            if prov.id == PREAMBLE:
                out[prov.id] = PREAMBLE
            elif prov.id.isdigit() and int(prov.id) > last:
                last = int(prov.id)
                out[prov.id] = prov.id
            else:
                last += 1
                out[prov.id] = str(last)
            continue
        host = out[parent]
        k = children.get(parent, 0)
        children[parent] = k + 1
        tail = prov.id[len(parent) :] if prov.id.startswith(parent) else ""
        tail = tail.lstrip(".-").strip("()")
        if re.fullmatch(r"[a-z]", tail):
            out[prov.id] = f"{host}{tail}"
        elif re.fullmatch(r"\d+", tail) and host.isdigit():
            out[prov.id] = f"{host}.{tail}"
        else:
            out[prov.id] = f"{host}{chr(ord('a') + k % 26)}"
    return out


def _marker(printed: str, parent_printed: str | None) -> str:
    if parent_printed is None:
        return f"{printed}."
    tail = printed[len(parent_printed) :]
    if tail.startswith("."):
        return printed
    return f"{tail}."


def render_text(
    document: Document, case: Case | None = None, *, obligation_sentences: bool = False
) -> str:
    """A numbered plain text of ``document``: summaries under their numbers, sub-points lettered.

    Only the summaries are written by default. With ``obligation_sentences`` each point is
    followed by one generated sentence per obligation (:func:`obligation_sentence`); ``case``
    supplies the parties' names for them (ids are used without it).
    """
    lines = [document.title, ""]
    children: dict[str | None, list[Provision]] = {}
    for prov in document.provisions:
        children.setdefault(prov.parent, []).append(prov)

    def body(prov: Provision) -> str:
        words = [prov.summary.strip()]
        if words[0] and words[0][-1] not in ".!?":
            words[0] += "."
        if obligation_sentences:
            words.extend(obligation_sentence(o, case) for o in prov.obligations)
        return " ".join(words)

    printed = printed_ids(document)

    def write(prov: Provision, depth: int) -> None:
        if prov.id == PREAMBLE and depth == 0:
            lines.extend([body(prov), ""])
            return
        parent = printed[prov.parent] if depth and prov.parent is not None else None
        lines.append(f"{'   ' * depth}{_marker(printed[prov.id], parent)} {body(prov)}")
        for child in children.get(prov.id, []):
            write(child, depth + 1)

    known = {p.id for p in document.provisions}
    for prov in document.provisions:
        if prov.parent is None or prov.parent not in known:
            write(prov, 0)
    return "\n".join(lines).rstrip() + "\n"
