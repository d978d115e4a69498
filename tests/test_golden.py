"""Golden outputs of the real model: `check` and `validate` as JSON.

These pin the analyzer's behaviour across refactors: a change of structure must leave them byte-for-byte
equal. When a change of behaviour is intended (a rule is fixed), regenerate them with
``strategygraph check model --format json -o tests/golden/check-model.json`` (and likewise ``validate``)
and review the diff as part of the change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("command, golden, codes", [
    (["check", str(ROOT / "model"), "--format", "json"], "check-model.json", (0, 1)),
    (["validate", str(ROOT / "model"), "--format", "json"], "validate-model.json", (0,)),
])
def test_real_model_output_is_unchanged(command: list[str], golden: str, codes: tuple[int, ...]) -> None:
    result = CliRunner().invoke(app, command)
    assert result.exit_code in codes, result.output
    expected = json.loads((GOLDEN / golden).read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == expected
