"""Rewrite tests/expected_site/ from the small fixed dataset: `python -m tests.refresh_expected_site`.

Run it after a deliberate change to the site's pages or to scoring, then review the diff with `git diff`.
"""

from __future__ import annotations

import shutil
import sys
from fnmatch import fnmatch
from pathlib import Path

from generator.core.config import DEFAULT_CONFIG
from generator.core.i18n import Language
from generator.site import generated_pages as site_pages
from tests.site_dataset import history

EXPECTED = Path(__file__).resolve().parent / "expected_site"
LANGUAGES: tuple[Language, ...] = ("zh", "en")
# Static pages and assets are copied as they are; only generated pages are compared.
GENERATED = ("index.md", "changes.md", "risks.md", "stale.md", "overdue.md", "accounts.md", "reps.md", "quality.md",
             "accounts/*.md", "reps/*.md")


def generated_pages(lang: Language) -> dict[str, str]:
    """Every generated page of the fixed dataset in `lang`, as its template wrote it, by path."""
    docs = site_pages(history(), lang, DEFAULT_CONFIG)
    return {
        src_uri: docs.page(src_uri)
        for pattern in GENERATED for src_uri in sorted(docs.markdown) if fnmatch(src_uri, pattern)
    }


def main() -> int:
    if EXPECTED.exists():
        shutil.rmtree(EXPECTED)
    for lang in LANGUAGES:
        for name, text in generated_pages(lang).items():
            target = EXPECTED / lang / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    print(f"wrote {sum(1 for _ in EXPECTED.rglob('*.md'))} pages into {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
