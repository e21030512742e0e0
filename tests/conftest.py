"""Shared test fixtures.

Tests that need an outside program (LibreOffice, Chromium, npm packages) use `require_tool`: locally they skip
when the program is missing; in CI (WINPLAN_REQUIRE_TOOLS=1, set by .ci/run) they fail, so a green CI always
means they ran.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.core.i18n import LANGUAGES, Language
from generator.workbook.template import write_template

REPO = Path(__file__).resolve().parent.parent


def _require_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (.ci/run installs it)"
    if os.environ.get("WINPLAN_REQUIRE_TOOLS") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def require_tool() -> Callable[[str], str]:
    """Return a function that gives the path of a program, skipping (locally) or failing (CI) without it."""
    return _require_tool


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[Language, Path]:
    """The real blank template of each language, written once per session under the committed file's name
    (xlsx_templates/); tests read them, never change them."""
    folder = tmp_path_factory.mktemp("blank-templates")
    paths = {lang: folder / f"winplan-template-{lang}.xlsx" for lang in LANGUAGES}
    for lang, path in paths.items():
        write_template(path, lang)
    return paths
