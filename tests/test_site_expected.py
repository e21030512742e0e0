"""The generated pages of the small fixed dataset (as-of date pinned) match tests/expected_site/.

After a deliberate change, refresh with `python -m tests.refresh_expected_site` and review `git diff`.
"""

from __future__ import annotations

import difflib

import pytest

from generator.core.i18n import Language
from tests.refresh_expected_site import EXPECTED, generated_pages


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_generated_pages_match_expected_output(lang: Language) -> None:
    pages = generated_pages(lang)
    expected = {p.relative_to(EXPECTED / lang).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted((EXPECTED / lang).rglob("*.md"))}
    assert sorted(pages) == sorted(expected), "pages added or removed: run python -m tests.refresh_expected_site"
    for name, text in pages.items():
        if text != expected[name]:
            diff = "".join(difflib.unified_diff(expected[name].splitlines(True), text.splitlines(True),
                                                f"expected/{name}", f"built/{name}", n=2))
            pytest.fail(f"{name} differs (refresh with python -m tests.refresh_expected_site):\n{diff[:4000]}")
