"""Commands of the analysis part: ledger, diff, chain, proximity, accept.

Each prints readable tables (rich) and takes ``--json`` for scripts; the engines live in
``ontable.analysis`` and are imported inside the commands to keep ``ontable --help`` fast.

The commands live in :mod:`.obligations` (ledger, sequence), :mod:`.drafts` (diff, chain)
and :mod:`.acceptance` (proximity, accept); their shared arguments and helpers in
:mod:`.shared`.
"""

from __future__ import annotations

import typer

from ontable.cli.analysis.acceptance import accept, proximity
from ontable.cli.analysis.drafts import chain, diff
from ontable.cli.analysis.obligations import ledger, sequence

__all__ = ["accept", "chain", "diff", "ledger", "proximity", "register", "sequence"]


def register(app: typer.Typer) -> None:
    """Add the analysis commands to ``app``."""
    app.command("ledger")(ledger)
    app.command("diff")(diff)
    app.command("chain")(chain)
    app.command("proximity")(proximity)
    app.command("accept")(accept)
    app.command("sequence")(sequence)
