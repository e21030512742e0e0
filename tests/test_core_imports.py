"""The scoring core imports without the heavy or compiled packages (the Excel-on-the-web path needs that)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("python_calamine", "mkdocs", "material", "jieba", "plotly", "click", "openpyxl", "xlsxwriter", "olefile",
         "pyopenvba", "jinja2", "yaml")
# Every module of the core (core/wording/ too) and of the engine, plus what the Score button adds on top of them.
ENGINE = tuple(
    ".".join(path.relative_to(REPO).with_suffix("").parts)
    for package in ("core", "scoring") for path in sorted((REPO / "generator" / package).rglob("[!_]*.py"))
)
CORE = (*ENGINE, "generator.scoring", "generator.reader.parse", "generator.workbook.score_notice")

PROBE = f"""
import importlib.abc, sys
class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0].lower() in {HEAVY!r}:
            raise ImportError("blocked for the core import test: " + name)
        return None
sys.meta_path.insert(0, Blocked())
from datetime import date
for module in {CORE!r}:
    __import__(module)
print("core imported")
from generator.workbook.filler import fill_workbook  # the filler needs openpyxl: this must be refused
"""


def test_the_scoring_core_imports_with_the_heavy_packages_blocked() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, timeout=120)
    # Every core module imported; only the deliberate last import (it needs openpyxl/XlsxWriter) was refused.
    assert result.stdout.strip() == "core imported", result.stderr
    assert "ImportError: blocked for the core import test" in result.stderr


def test_the_blocker_really_blocks() -> None:
    probe = PROBE.replace('print("core imported")', "import click")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "blocked for the core import test: click" in result.stderr and "core imported" not in result.stdout
