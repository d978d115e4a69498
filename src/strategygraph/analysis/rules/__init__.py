"""The rule registry and engine; the rules themselves live in one module per category."""

from strategygraph.analysis.rules.engine import (CATEGORIES, REGISTRY, SEVERITIES, Config, ConfigError, Context, Finding, Rule, all_rules,
                   exit_code, get_rule, load_config, run_rules, select_rules, summarize)

__all__ = ["CATEGORIES", "REGISTRY", "SEVERITIES", "Config", "ConfigError", "Context", "Finding", "Rule",
           "all_rules", "exit_code", "get_rule", "load_config", "run_rules", "select_rules", "summarize"]
