"""The winplan MkDocs plugin: hands MkDocs the generated pages and assets, and finishes what Markdown left out.

- on_files: every generated page as `File.generated` (kept in memory, see render.GeneratedPages), and the
  assets (winplan.css, winplan.js, the chart library) as generated files backed by their installed copies. The
  docs folder MkDocs reads is site_src/pages/<lang>, the hand-written pages; nothing is copied or written first.
- Pages: a generated page reaches Markdown as its skeleton (headings and block markers, see blocks.py). Most
  pages of a kind share a skeleton, so each distinct one is converted once and reused (`SkeletonPage`).
- on_env: the theme's templates are not checked for edits on every include (each build has a new environment).
- on_page_content: the page's HTML blocks are put back in place of their markers.
- on_post_page: counts pages written, for the progress shown on a terminal.
- on_post_build: the account pages' search entries are added to the index Material's search plugin wrote (this
  plugin runs after it).
- on_serve: `winplan serve` (or `mkdocs serve` with this plugin configured) also watches the templates, the
  assets and, when the plugin reads it itself, the history database.

`winplan build` and `winplan serve` add the plugin to the loaded configuration themselves (mkdocs_config.py).
Installed, it is also registered as the MkDocs plugin `winplan` (pyproject.toml), so a hand-written mkdocs.yml
can build the site of a database with `plugins: [search, winplan: {db: winplan.sqlite}]`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as option
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.site.blocks import fill_blocks
from generator.site.render import SITE_SRC, GeneratedPages, Progress
from generator.site.search_entries import append_to_index

# What a skeleton converts to: content, table of contents, title found in it, anchor ids it has, links to them.
_Converted = tuple[str, Any, str | None, set[str], dict[str, str]]


class SkeletonPage(Page):
    """A generated page whose Markdown (its skeleton) is converted once per distinct skeleton, by MkDocs itself.

    The first page with a given skeleton is rendered as any page is; the pages after it take its result, which
    is the same HTML, table of contents and anchors MkDocs would have made of the same Markdown. A skeleton with
    a link to another page is never shared (its links are resolved relative to its own page).
    """

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, converted: dict[str, _Converted]) -> None:
        super().__init__(title, file, config)
        self._converted = converted

    def render(self, config: MkDocsConfig, files: Files) -> None:
        key = self.markdown or ""
        done = self._converted.get(key)
        if done is not None:
            self.content, self.toc, self._title_from_render, anchors, own_links = done
            self.present_anchor_ids = set(anchors)
            self.links_to_anchors = {self.file: dict(own_links)} if own_links else {}
            return
        super().render(config, files)
        links = getattr(self, "links_to_anchors", {})
        # Shared only when its only links are to its own headings (the permalinks), which MkDocs still checks.
        if set(links) <= {self.file} and "<" not in key:
            self._converted[key] = (self.content or "", self.toc, self._title_from_render,
                                    set(self.present_anchor_ids or ()), dict(links.get(self.file, {})))


class WinplanConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options in a hand-written mkdocs.yml; `winplan build` and `serve` pass their pages directly."""

    db = option.Optional(option.File(exists=True))


class WinplanPlugin(BasePlugin[WinplanConfig]):  # type: ignore[no-untyped-call]
    """Generated pages into MkDocs, blocks back after Markdown, search entries into Material's index."""

    def __init__(self, pages: GeneratedPages | Callable[[], GeneratedPages] | None = None,
                 progress: Progress | None = None, database: Path | None = None) -> None:
        """`pages`: the rendered pages, or what gives them for each build (serve); None reads the `db` option.

        `database`: the history database the pages come from, watched while serving.
        """
        self.load_config({})
        self._source = pages
        self._pages: GeneratedPages | None = None
        self._progress = progress
        self._database = database
        self._built = 0
        self._total = 0

    def _pages_of_build(self, config: MkDocsConfig) -> GeneratedPages:
        if isinstance(self._source, GeneratedPages):
            return self._source
        if self._source is not None:
            return self._source()
        return _pages_from_database(self.config.db, config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        pages = self._pages = self._pages_of_build(config)
        converted: dict[str, _Converted] = {}
        titles = _nav_titles(config.nav)
        for src_uri, markdown in pages.markdown.items():
            file = File.generated(config, src_uri, content=markdown)
            files.append(file)
            SkeletonPage(titles.get(src_uri), file, config, converted)
        for src_uri, asset in pages.assets.items():
            files.append(File.generated(config, src_uri, content=asset) if isinstance(asset, bytes)
                         else File.generated(config, src_uri, abs_src_path=str(asset)))
        self._built, self._total = 0, len(files.documentation_pages())
        return files

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # Every build gets a new theme environment, so its templates need no check for edits on each include
        # (a file-system stat per include, tens of thousands on a big site).
        env.auto_reload = False
        return env

    def on_page_content(self, html: str, *, page: Page, **_: Any) -> str:
        blocks = self._pages.blocks.get(page.file.src_uri) if self._pages else None
        return fill_blocks(html, blocks) if blocks else html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self._built += 1
        if self._progress is not None:
            self._progress(self._built, self._total)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self._pages is not None and self._pages.search_entries and index.is_file():
            append_to_index(index, self._pages.search_entries)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
                 ) -> LiveReloadServer:
        for folder in ("templates", "assets", "overrides"):
            server.watch(str(SITE_SRC / folder))
        database = self._database or (Path(self.config.db) if self.config.db else None)
        if database is not None:  # the file only: anything else written beside it must not rebuild the site
            server.watch(str(database.resolve()), recursive=False)
        return server


def _nav_titles(nav: Any) -> dict[str, str]:
    """The title the nav gives each page path (the generated pages in it are created by the plugin)."""
    titles: dict[str, str] = {}
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles[value] = title
                else:
                    titles.update(_nav_titles(value))
    return titles


def _pages_from_database(db: str | None, config: MkDocsConfig) -> GeneratedPages:
    """The pages of the database named in mkdocs.yml, with the team settings `winplan build` would use."""
    from mkdocs.exceptions import PluginError

    from generator.cli.commands.build import load_history  # the same checks and messages as `winplan build`
    from generator.cli.commands.site_settings import site_settings
    from generator.core.config import SettingsLookup
    from generator.core.errors import WinplanError
    from generator.site.builder import generated_pages

    if not db:
        raise PluginError("the winplan plugin needs `db:` (the history database) in mkdocs.yml")
    lang = config.theme.get("language")
    try:
        team = site_settings(SettingsLookup(None), Path(db)).config
        return generated_pages(load_history(Path(db)), lang if lang in ("zh", "en") else team.language, team)
    except WinplanError as error:
        raise PluginError(str(error)) from error
