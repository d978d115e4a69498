"""The root command lists every command without importing the command groups (fast --help)."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from strategygraph.cli import app
from strategygraph.cli.app import COMMANDS, group_commands


def _first_line(help_text: str) -> str:
    return " ".join(help_text.strip().split("\n\n")[0].split())


def test_every_command_has_its_line_and_every_line_its_command() -> None:
    registered: dict[str, str] = {}
    for module in sorted({m for m, _ in COMMANDS.values()}):
        for name in group_commands(module):
            assert name not in registered, f"{name} registered by two groups"
            registered[name] = module
    assert set(registered) == set(COMMANDS)
    for name, (module, line) in COMMANDS.items():
        assert registered[name] == module
        cmd = group_commands(module)[name]
        # the line shown by `strategygraph --help` is the first sentence of the command's own help
        assert _first_line(cmd.help or "").startswith(line), (name, line, cmd.help)


def test_root_help_lists_every_command() -> None:
    res = CliRunner().invoke(app, ["--help"])
    assert res.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in res.output


def test_root_help_imports_no_command_group() -> None:
    code = ("import sys; from strategygraph.cli import main; sys.argv = ['strategygraph', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('strategygraph.cli.') and m != 'strategygraph.cli.app'"
            " or m.split('.')[0] in ('rdflib', 'pyoxigraph', 'networkx', 'graphviz', 'openpyxl', 'pydantic')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_command_of_each_group_runs() -> None:
    res = CliRunner().invoke(app, ["rules", "--format", "json"])
    assert res.exit_code == 0 and res.output.lstrip().startswith("[")
    res = CliRunner().invoke(app, ["nosuch"])
    assert res.exit_code == 2 and "No such command 'nosuch'" in res.output
