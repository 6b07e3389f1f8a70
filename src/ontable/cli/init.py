"""A new case: ``ontable init NAME`` (a documented template) and the parties of a text.

:func:`propose_parties` serves ``ontable ingest FILE --case FOLDER --new-case``: it proposes
parties from the names the text uses, has a person confirm each, and writes them into the
case folder's ``case.yaml`` (keeping its comments).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ontable.cli.common import console, err_console, fail, report_problems

if TYPE_CHECKING:
    from ontable.io.ingest import Actor

_NAME = re.compile(r"[a-z0-9][a-z0-9_.\-]{0,79}")

TEMPLATE = """\
# A new ontable case. Fill in every field marked TODO; `ontable validate --strict {name}`
# fails while any 'review:' line is left in a note. Field reference: docs/case-format.md.
#
# To start from a published text instead of by hand:
#   ontable ingest PLAN.txt --case {name} --new-case --id DOC-ID --source URL
# proposes the parties the text names (you confirm each) and writes the first document.
id: {name}
title: TODO title of the negotiation
description: TODO one paragraph on what is negotiated, by whom, since when
# The two sides that "both sides", "the parties", "neither party" stand for in texts.
main_parties: [party-a, party-b]
note: |-
  review: template; replace the placeholder parties and issues, then delete this line
parties:
  # id: lower-case slug; name: as texts write it; aliases: every other name texts use
  # (capital, demonym, leader, abbreviation); role: party, mediator, guarantor or observer;
  # capability: clout on a 0-100 scale (a coder's estimate, cite sources).
  - id: party-a
    name: Party A
    aliases: [Party A's capital]
    capability: 50
    note: "review: placeholder party"
  - id: party-b
    name: Party B
    aliases: [Party B's capital]
    capability: 50
    note: "review: placeholder party"
issues:
  # id, name; low and high say what positions 0 and 100 mean; lexicon: words that show a
  # text point is about this issue (a party's name is never read as one).
  - id: issue-1
    name: TODO first issue
    low: TODO what position 0 means
    high: TODO what position 100 means
    lexicon: [TODO word]
# stances: each party's position and salience on each issue, with a rationale and sources.
stances: []
"""

DOCUMENTS_README = """\
Documents of this case, one YAML file each (a proposal, counter-proposal, statement or
agreement). `ontable ingest TEXT --case .. --id ID --source URL` writes a first cut here;
every line starting with 'review:' is a guess for a person to check.
"""


def register(app: typer.Typer) -> None:
    """Add the init command to ``app``."""
    app.command("init")(init)


def init(
    name: str = typer.Argument(..., help="The new case's id; also its folder's name."),
    where: Path = typer.Option(Path("."), "--in", help="Folder to create the case folder in."),
) -> None:
    """Create a case folder NAME with a documented case.yaml template and a documents folder."""
    if not _NAME.fullmatch(name):
        fail(f"init: '{name}' is not a valid case id (lower-case letters, digits, -_.)")
    if not where.is_dir():
        fail(f"init: {where} is not a folder")
    folder = where / name
    if folder.exists():
        fail(f"init: {folder} exists; choose another name or remove it")
    from ontable.io.yamlio import atomic_write_text

    (folder / "documents").mkdir(parents=True)
    atomic_write_text(folder / "case.yaml", TEMPLATE.format(name=name))
    atomic_write_text(folder / "documents" / "README.md", DOCUMENTS_README)
    console.print(
        f"created {folder}: fill in case.yaml (or run ontable ingest TEXT --case {folder} "
        "--new-case), then ontable validate --strict",
        markup=False,
        highlight=False,
    )


def propose_parties(file: Path, case: str, yes: bool) -> None:
    """Propose parties from the text's actors, have a person confirm each, write case.yaml."""
    from ontable.io import CaseError, load_case
    from ontable.io.ingest import actors, read_source_text
    from ontable.io.load import resolve_case_path
    from ontable.io.yamlio import atomic_write_text, dump_yaml_text, load_yaml

    folder = Path(case)
    if not folder.is_dir():
        fail("ingest --new-case: give the case as a folder (create one with ontable init NAME)")
    try:
        case_file = resolve_case_path(folder)
        data = load_yaml(case_file)  # ruamel's containers: the template's comments are kept
        text = read_source_text(file)
    except CaseError as exc:
        report_problems(exc)
    proposals = _group_actors(actors(text))
    if not proposals:
        fail(f"{file}: no names of actors found to propose as parties")
    chosen: list[dict[str, object]] = []
    for name, aliases, count, acting in proposals:
        said = f"'{name}'" + (f" (also {', '.join(aliases)})" if aliases else "")
        line = f"{said}: named {count} times, {acting} as the subject of a duty"
        if yes:
            console.print(f"proposed party {line}", markup=False, highlight=False)
        elif not typer.confirm(f"Add the party {line}?", default=acting > 0):
            continue
        party_id = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "party"
        chosen.append(
            {
                "id": party_id,
                "name": name,
                **({"aliases": aliases} if aliases else {}),
                "capability": 50,
                "note": "review: proposed from the text's names; set role, aliases and "
                "capability (50 is a placeholder)",
            }
        )
    if not chosen:
        fail("ingest --new-case: no party confirmed; nothing written")
    data["parties"] = chosen
    if len(chosen) >= 2:
        data["main_parties"] = [chosen[0]["id"], chosen[1]["id"]]
    else:
        data.pop("main_parties", None)
    before = case_file.read_text(encoding="utf-8")
    atomic_write_text(case_file, dump_yaml_text(data))
    try:
        load_case(folder)
    except CaseError as exc:
        # The case named the old parties elsewhere (stances, documents): put it back as it was.
        atomic_write_text(case_file, before)
        err_console.print(
            "ingest --new-case: the case does not validate with the proposed parties; "
            "case.yaml is left as it was",
            markup=False,
        )
        report_problems(exc)
    console.print(f"wrote {len(chosen)} parties to {case_file}", markup=False, highlight=False)


_MAX_PROPOSALS = 8


def _group_actors(found: list[Actor]) -> list[tuple[str, list[str], int, int]]:
    """Actors folded by a shared stem ("Israel", "Israeli"): name, aliases, counts; at most 8."""
    groups: list[tuple[str, list[str], int, int]] = []
    for actor in found:
        stem = actor.name.lower()[:5]
        for k, (name, aliases, count, acting) in enumerate(groups):
            if len(stem) >= 5 and name.lower()[:5] == stem:
                groups[k] = (
                    name,
                    [*aliases, actor.name],
                    count + actor.count,
                    acting + actor.acting,
                )
                break
        else:
            if actor.acting or actor.count >= 2:
                groups.append((actor.name, [], actor.count, actor.acting))
    return groups[:_MAX_PROPOSALS]
