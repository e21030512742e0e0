"""The derived MkDocs configuration: the base mkdocs.yml plus this build's pages, nav, title and language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import resources
from generator import strict_json
from generator.i18n import Language
from generator.site.blocks import BLOCKS_KEY
from generator.site.escaping import html_inline
from generator.site.render import SITE_SRC
from generator.site.search_entries import ENTRIES_KEY
from generator.site.wording import word

BASE_CONFIG = resources.mkdocs_base()
OVERRIDES = SITE_SRC / "overrides"

TOGGLE_NAMES = {
    "zh": ("切换到深色模式", "切换到浅色模式"),
    "en": ("Switch to dark mode", "Switch to light mode"),
}


STATIC_ORDER = ("methodology.md", "about.md")  # other static pages follow, by file name, titled by their own


def navigation(lang: Language, static_pages: list[str] | None = None) -> list[dict[str, str] | str]:
    """The whole navigation: a handful of pages, never one entry per account (keeps every page small)."""
    extra: list[dict[str, str] | str] = [name for name in sorted(static_pages or []) if name not in STATIC_ORDER]
    return [
        {word("overview", lang): "index.md"},
        {word("accounts", lang): "accounts.md"},
        {word("reps", lang): "reps.md"},
        {word("quality", lang): "quality.md"},
        {word("methodology", lang): "methodology.md"},
        *extra,
        {word("about", lang): "about.md"},
    ]


HOOK = Path(__file__).resolve().parent / "mkdocs_hook.py"


def derived_config(docs_dir: Path, site_dir: Path, lang: Language, site_title: str,
                   static_pages: list[str] | None = None, search_entries: Path | None = None,
                   blocks: Path | None = None) -> dict[str, Any]:
    """Read the base mkdocs.yml and point it at this build's pages and output folder."""
    from mkdocs.utils.yaml import yaml_load

    config: dict[str, Any] = yaml_load(BASE_CONFIG.read_text(encoding="utf-8"))
    # Themes print site_name without escaping, so the team's title is escaped here.
    config["site_name"] = str(html_inline(site_title)) or "winplan"
    config["docs_dir"] = str(docs_dir.resolve())
    config["site_dir"] = str(site_dir.resolve())
    config["nav"] = navigation(lang, static_pages)
    # The overview's full lists (changes, risks, stale, overdue) grow with the team: linked from it, not in the nav.
    config["not_in_nav"] = "/accounts/\n/reps/\n/changes.md\n/risks.md\n/stale.md\n/overdue.md\n"
    extra = config.setdefault("extra", {})
    if search_entries is not None:
        extra[ENTRIES_KEY] = str(search_entries.resolve())
    if blocks is not None:
        extra[BLOCKS_KEY] = str(blocks.resolve())
    if search_entries is not None or blocks is not None:
        config["hooks"] = [str(HOOK)]
    theme = config["theme"]
    theme["custom_dir"] = str(OVERRIDES.resolve())
    theme["language"] = lang
    for palette, name in zip(theme["palette"], TOGGLE_NAMES[lang], strict=True):
        palette["toggle"]["name"] = name
    return config


def write_config(path: Path, config: dict[str, Any]) -> Path:
    """Write `config` to `path` as JSON (which is YAML too: no tag or anchor in a value can mean anything)."""
    path.write_text(strict_json.dumps(config, indent=2), encoding="utf-8")
    return path
