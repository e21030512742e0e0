"""Phase two of the build: render every page context through the Jinja2 templates in site_src/templates.

The environment autoescapes everything, so a template that forgets a filter still prints text, never markup.
Pages come out as Markdown whose workbook text sits only inside raw HTML blocks (see escaping.py). They are kept
in memory (`GeneratedPages`) and handed to MkDocs by the winplan plugin (plugin.py): no docs folder is written.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from generator import resources
from generator.core.i18n import Language
from generator.core.wording.site import word
from generator.site import escaping, formatting
from generator.site.blocks import join_blocks, split_blocks

SITE_SRC = resources.site_sources()
TEMPLATES = SITE_SRC / "templates"

Progress = Callable[[int, int], None]  # (pages done, pages in all)


class GeneratedPages:
    """The generated pages of one build by source path (e.g. accounts/x.md), and the search entries made for them.

    `render_page` only queues a page; `render` renders the queue, so the number of pages is known while rendering
    (for the progress shown on a terminal). Each page is kept as its skeleton (Markdown with a marker for each HTML
    block) and its blocks.
    """

    def __init__(self) -> None:
        self._queue: deque[tuple[jinja2.Environment, str, str, dict[str, Any]]] = deque()
        self.markdown: dict[str, str] = {}
        self.blocks: dict[str, list[str]] = {}
        self.search_entries: list[dict[str, str]] = []
        self.assets: dict[str, Path | bytes] = {}  # e.g. assets/winplan.css -> the file MkDocs copies, or the bytes

    def queue(self, env: jinja2.Environment, template: str, src_uri: str, context: dict[str, Any]) -> None:
        self._queue.append((env, template, src_uri, context))

    def render(self, progress: Progress | None = None) -> None:
        """Render every queued page, in the order they were asked for; the contexts are let go as they are done."""
        total = len(self)
        while self._queue:
            env, template, src_uri, context = self._queue.popleft()
            self.add(src_uri, env.get_template(template).render(**context))
            if progress is not None:
                progress(len(self.markdown), total)

    def add(self, src_uri: str, page: str) -> None:
        """Keep the page `src_uri` as written by its template."""
        self.markdown[src_uri], self.blocks[src_uri] = split_blocks(page)

    def page(self, src_uri: str) -> str:
        """A generated page as its template wrote it (Markdown with its HTML blocks in place)."""
        return join_blocks(self.markdown[src_uri], self.blocks[src_uri])

    def __len__(self) -> int:
        return len(self.markdown) + len(self._queue)


def environment(lang: Language) -> jinja2.Environment:
    """A Jinja2 environment over site_src/templates that escapes by default and knows the site's words."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no check for edited templates on each page
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


def render_page(env: jinja2.Environment, template: str, docs: GeneratedPages, src_uri: str, **context: Any) -> None:
    """Queue `template` with `context` as the page `src_uri` of the site (rendered by `docs.render`)."""
    docs.queue(env, template, src_uri, context)
