"""``python -m strategygraph`` runs the command line."""

from strategygraph.cli import main

main()
