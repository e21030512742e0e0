"""The rep guide (site_src/pages/*/score-button.md) matches what was built: versions, names and both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import xlwings

from generator.core.i18n import LANGUAGES, Language
from generator.workbook.vba_project import SCORE_MACRO, SCORE_MODULE
from worksheets.lite import main as lite

GUIDES = Path(__file__).resolve().parent.parent / "site_src" / "pages"


def guide(lang: Language) -> str:
    return (GUIDES / lang / "score-button.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_guide_names_what_the_templates_really_contain(lang: Language) -> None:
    text = guide(lang)
    assert f'"xlwings=={xlwings.__version__}"' in text  # the version embedded in the .xlsm and pinned
    assert f"'Version: {xlwings.__version__}" in text
    assert f"{SCORE_MODULE}.{SCORE_MACRO}" in text
    assert f"`{lite.BUTTON_SHAPE}`" in text and f"**{lite.BUTTON_CELL}**" in text
    for template in ("winplan-template-zh.xlsm", "winplan-template-en.xlsx"):
        assert template in text


def test_both_languages_have_the_same_sections() -> None:
    headings = {lang: re.findall(r"^## ", guide(lang), re.MULTILINE) for lang in LANGUAGES}
    assert len(headings["zh"]) == len(headings["en"]) >= 6


@pytest.mark.parametrize("lang", LANGUAGES)
def test_guide_gives_the_settings_files_xlwings_reads_and_the_troubleshooting(lang: Language) -> None:
    text = guide(lang)
    # xlwings/__init__.py (USER_CONFIG_FILE) and xlwings.bas (GetConfigFilePath): per platform, no other.
    assert r"%USERPROFILE%\.xlwings\xlwings.conf" in text
    assert "~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf" in text
    assert "xlwings.cli config create --force" in text and "xlwings.cli runpython install" in text
    assert "~/Library/Application Scripts/com.microsoft.Excel/" in text  # where runpython install copies to
    assert "Block all Office applications from creating child processes" in text  # Defender's rule, by name
    assert ("Unblock" if lang == "en" else "解除锁定") in text
    assert "_xlwings.conf" in text
