"""The site's fixed words have one home, generator/core/wording/site.py: its code and templates hold none.

Every fixed word is bilingual, so a Chinese string in the site's code (docstrings and comments aside) or in its
templates is a word kept outside that home. Workbook text never is code: it arrives in the pages' contexts.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHINESE = re.compile(r"[\u3400-\u9fff]")
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
# Chinese that stays in the site's code, with the reason.
KEPT = {
    "generator/site/charts.py": "the axis units 亿 and 万 are number formatting (short_number), not words",
}


def chinese_strings(path: Path) -> list[str]:
    """The string constants of a Python module, docstrings left out, that hold Chinese."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and CHINESE.search(node.value)]


def test_the_sites_code_holds_no_chinese_word() -> None:
    found = {path.relative_to(REPO).as_posix(): words for path in sorted((REPO / "generator" / "site").rglob("*.py"))
             if (words := chinese_strings(path))}
    assert {path: words for path, words in found.items() if path not in KEPT} == {}
    assert set(KEPT) <= set(found), "a kept exception no longer holds Chinese: drop it from KEPT"


def test_the_sites_templates_hold_no_chinese_word() -> None:
    folder = REPO / "site_src"
    found = [path.relative_to(REPO).as_posix() for name in ("templates", "overrides", "assets")
             for path in sorted((folder / name).rglob("*")) if path.is_file()
             and CHINESE.search(JINJA_COMMENT.sub("", path.read_text(encoding="utf-8")))]
    assert found == []


def test_a_chinese_word_in_code_is_found(tmp_path: Path) -> None:
    module = tmp_path / "page.py"
    module.write_text('"""The 概览 page (a docstring may say so)."""\nTITLE = "概览"\nNAME = "overview"\n',
                      encoding="utf-8")
    assert chinese_strings(module) == ["概览"]
