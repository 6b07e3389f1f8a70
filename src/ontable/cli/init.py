"""``ontable init NAME``: a new case folder from a documented template, to fill in."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from ontable.cli.common import console, fail

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
