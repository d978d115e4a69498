"""Small controlled vocabularies shared by the configuration, the rules and the command line.

Kept free of heavy imports (no pydantic) so that the command line can build its options from them
without slowing ``strategygraph --help``.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How serious a finding is."""

    error = "error"
    warning = "warning"
    info = "info"


class FailOn(StrEnum):
    """The lowest severity that makes ``check`` exit 1 (``never``: always exit 0)."""

    error = "error"
    warning = "warning"
    info = "info"
    never = "never"
