"""``python -m ontable`` runs the command line."""

from ontable.cli import main

main()
