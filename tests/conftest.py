"""Suite-wide guard: no test input may reach the CLI's "internal error" path.

``strategygraph.cli.main`` turns any unexpected exception into "internal error" (exit 2). That path is
for true bugs only, so every ``CliRunner.invoke`` in the suite is watched: a command that ends in an
exception other than ``SystemExit`` (what ``main`` would report as an internal error), or whose output
says "internal error", fails the test that ran it. A test that means to see such an exception (none
should) can mark itself ``@pytest.mark.allow_internal_error``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "allow_internal_error: the test may end a command in an unexpected exception")


_original_invoke = CliRunner.invoke


def internal_error_of(result: Any) -> str | None:
    """Why ``result`` (a CliRunner result) counts as an internal error, or None."""
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        return f"{type(exc).__name__}: {exc}"
    text = (result.stdout_bytes or b"") + (result.stderr_bytes or b"")
    if b"internal error" in text:
        return text.decode("utf-8", "replace")[-500:]
    return None


@pytest.fixture(autouse=True)
def _no_internal_error(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    seen: list[str] = []

    def invoke(self: CliRunner, *args: Any, **kwargs: Any) -> Any:
        result = _original_invoke(self, *args, **kwargs)
        why = internal_error_of(result)
        if why is not None:
            cmd = args[1] if len(args) > 1 else kwargs.get("args")
            seen.append(f"{cmd!r} -> {why}")
        return result

    monkeypatch.setattr(CliRunner, "invoke", invoke)
    yield
    if seen and request.node.get_closest_marker("allow_internal_error") is None:
        pytest.fail("a command reached the 'internal error' path (a bug, or bad input without a clear "
                    "message):\n" + "\n".join(seen), pytrace=False)
