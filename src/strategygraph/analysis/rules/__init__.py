"""The rule registry and engine; the rules themselves live in one module per category.

Importing this package registers every rule (the category modules register themselves with ``@rule``).
"""

from strategygraph.analysis.rules.engine import (
                   CATEGORIES,
                   REGISTRY,
                   SEVERITIES,
                   Config,
                   ConfigError,
                   Context,
                   Finding,
                   Rule,
                   all_rules,
                   exit_code,
                   get_rule,
                   load_config,
                   run_rules,
                   select_rules,
                   summarize,
)

__all__ = ["CATEGORIES", "REGISTRY", "SEVERITIES", "Config", "ConfigError", "Context", "Finding", "Rule",
           "all_rules", "exit_code", "get_rule", "load_config", "run_rules", "select_rules", "summarize"]

# registration: each category module adds its rules to REGISTRY on import
from strategygraph.analysis.rules import consistency, dependency, gap, overlap, ownership  # noqa: E402, F401, I001
from strategygraph.analysis.rules import progress  # noqa: E402, F401, I001
