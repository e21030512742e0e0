"""Phase two of the build: render every page context through the Jinja2 templates in site_src/templates.

The environment autoescapes everything, so a template that forgets a filter still prints text, never markup.
Pages come out as Markdown files whose workbook text sits only inside raw HTML blocks (see escaping.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from generator import resources
from generator.i18n import Language
from generator.site import escaping, formatting
from generator.site.blocks import write_page
from generator.site.wording import word

SITE_SRC = resources.site_sources()
TEMPLATES = SITE_SRC / "templates"


def environment(lang: Language) -> jinja2.Environment:
    """A Jinja2 environment over site_src/templates that escapes by default and knows the site's words."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        text=escaping.html_text,
        inline=escaping.html_inline,
        script_json=escaping.script_json,
        title=escaping.front_matter_string,
        money=formatting.money,
        percent=formatting.percent,
        score=formatting.score,
        day=formatting.day,
    )
    env.globals.update(lang=lang, t=lambda key: word(key, lang))
    return env


def render_page(env: jinja2.Environment, template: str, docs: Path, src_uri: str, **context: Any) -> None:
    """Render `template` with `context` as the page `src_uri` of `docs` (HTML blocks kept aside, see blocks.py)."""
    write_page(docs, blocks_folder(docs), src_uri, env.get_template(template).render(**context))


def blocks_folder(docs: Path) -> Path:
    """The folder beside `docs` that holds the generated pages' HTML blocks."""
    return docs.parent / f"{docs.name}-blocks"
