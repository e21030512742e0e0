"""The benchmark scripts still run (tiny sizes): a benchmark that rots unnoticed measures nothing.

No figure is asserted — speed is measured by running the scripts at full size, not in tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", [
    ["benchmarks/harvest.py", "--count", "12", "--baseline-sample", "4", "--repeat", "1", "--workers", "1"],
    ["-m", "benchmarks.site", "--sizes", "3", "6"],
    ["benchmarks/bench_scoring.py"],
    ["benchmarks/score_button.py"],
], ids=["harvest", "site", "scoring", "score_button"])
def test_benchmark_script_runs(command: list[str]) -> None:
    result = subprocess.run([sys.executable, *command], cwd=REPO, capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert result.stdout.strip(), "a benchmark prints its figures"
