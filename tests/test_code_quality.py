"""ruff and mypy, as configured in pyproject.toml, pass on the whole code base."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *arguments], cwd=REPO, capture_output=True, text=True,
                          timeout=600, check=False)


def test_ruff_passes() -> None:
    result = _run("ruff", "check", "generator", "worksheets", "tests", "benchmarks", "examples")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_passes() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
