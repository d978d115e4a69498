"""The layer contract: core < rdf < analysis < views/interop < cli, and no import cycles.

Checked with import-linter (configured in pyproject.toml); the second test shows that the contract
really bites, also on an import written inside a function.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))


def _lint(cwd: Path, src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([LINT, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def lint_available() -> None:
    if not Path(LINT).exists():
        pytest.fail("import-linter is not installed (pip install -e '.[test]')")


def test_layers_are_kept(lint_available: None) -> None:
    res = _lint(ROOT, ROOT / "src")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "BROKEN" not in res.stdout


def test_an_upward_import_inside_a_function_breaks_the_contract(lint_available: None, tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "src" / "strategygraph", tmp_path / "src" / "strategygraph",
                    ignore=shutil.ignore_patterns("__pycache__", "_ontology"))
    model = tmp_path / "src" / "strategygraph" / "core" / "model.py"
    model.write_text(model.read_text(encoding="utf-8")
                     + "\n\ndef _upward() -> None:\n    from strategygraph.cli.app import app  # noqa: F401\n",
                     encoding="utf-8")
    res = _lint(tmp_path, tmp_path / "src")
    assert res.returncode != 0
    assert "strategygraph.core.model -> strategygraph.cli.app" in res.stdout
