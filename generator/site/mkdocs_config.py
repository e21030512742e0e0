"""The MkDocs configuration of a build: the base mkdocs.yml with this build's title, language, nav and folders.

Nothing is written to disk: `site_config` loads the base file with the derived values as overrides (as
`mkdocs build` does with its command-line options) and adds the winplan plugin (plugin.py), which hands MkDocs
the generated pages. The static pages of the site language (site_src/pages/<lang>) are the docs folder itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import resources
from generator.core.i18n import Language
from generator.core.wording.site import word
from generator.site.escaping import html_inline
from generator.site.render import SITE_SRC

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import BasePlugin

BASE_CONFIG = resources.mkdocs_base()
OVERRIDES = SITE_SRC / "overrides"
PLUGIN_NAME = "winplan"  # as registered in pyproject.toml's mkdocs.plugins entry points

TOGGLE_WORDS = ("to_dark_mode", "to_light_mode")  # the palette toggle's name, per palette of the base mkdocs.yml


STATIC_ORDER = ("methodology.md", "about.md")  # other static pages follow, by file name, titled by their own


def static_folder(lang: Language) -> Path:
    """The hand-written pages of `lang` (site_src/pages/<lang>): the docs folder MkDocs reads."""
    return SITE_SRC / "pages" / lang


def static_pages(lang: Language) -> list[str]:
    """File names of the hand-written pages of `lang`."""
    return sorted(page.name for page in static_folder(lang).glob("*.md"))


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


def derived_config(site_dir: Path, lang: Language, site_title: str) -> dict[str, Any]:
    """The values of the base mkdocs.yml this build replaces: title, folders, nav, theme language and palette."""
    from mkdocs.utils.yaml import yaml_load

    base: dict[str, Any] = yaml_load(BASE_CONFIG.read_text(encoding="utf-8"))
    theme = base["theme"]
    theme["custom_dir"] = str(OVERRIDES.resolve())
    theme["language"] = lang
    for palette, key in zip(theme["palette"], TOGGLE_WORDS, strict=True):
        palette["toggle"]["name"] = word(key, lang)
    return {
        # Themes print site_name without escaping, so the team's title is escaped here.
        "site_name": str(html_inline(site_title)) or "winplan",
        "docs_dir": str(static_folder(lang).resolve()),
        "site_dir": str(site_dir.resolve()),
        "nav": navigation(lang, static_pages(lang)),
        # The overview's full lists (changes, risks, stale, overdue) grow with the team: linked from it, not in the nav.
        "not_in_nav": "/accounts/\n/reps/\n/changes.md\n/risks.md\n/stale.md\n/overdue.md\n",
        "theme": theme,
    }


def site_config(site_dir: Path, lang: Language, site_title: str, plugin: BasePlugin[Any], *,
                strict: bool) -> MkDocsConfig:
    """The loaded MkDocs configuration of a build, with `plugin` after the configured ones (Material's search)."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(BASE_CONFIG), strict=strict, **derived_config(site_dir, lang, site_title))
    config.plugins[PLUGIN_NAME] = plugin
    return config
