"""``python -m strategygraph`` runs the command line."""

from .cli import main

main()
