"""`winplan serve`: build the site into a temporary folder and serve it with MkDocs' live-reload server.

MkDocs' own server and watcher do the work: the winplan plugin (generator/site/plugin.py) watches the templates,
styles, scripts and theme overrides, the static pages are the docs folder MkDocs watches anyway, and the history
database file is watched too: a new harvest regenerates the pages, which MkDocs rebuilds and reloads.
A database that cannot be read (a harvest half-way, a damaged file) keeps the last good site and says why.
Ctrl-C, SIGTERM (a service manager stopping it) and SIGHUP (its terminal closed) all stop it the same way: the
server shuts down, the temporary site folder is removed, and the exit code is 0.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import click

from generator.cli.commands.build import load_history
from generator.core.config import Config
from generator.core.errors import WinplanError
from generator.core.i18n import Language
from generator.core.records import HarvestResult
from generator.site.builder import generated_pages, quiet_jieba
from generator.site.render import GeneratedPages


def fresh_pages(db: Path, lang: Language, config: Config) -> GeneratedPages | None:
    """The pages of the newest harvests in `db`, or None (and why, on stderr) when it cannot be read now."""
    try:
        return generated_pages(load_history(db), lang, config)
    except WinplanError as error:
        click.echo(f"could not refresh from {db}: {error.message}; still serving the last good pages", err=True)
        return None


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt, as Ctrl-C is, so every cleanup on the way out runs.

    Only the first one interrupts: a second signal must not cut the cleanup short.
    """
    names = ("SIGTERM", "SIGHUP")
    signals = [getattr(signal, name) for name in names if hasattr(signal, name)]
    stopping = False

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():  # only the main thread may handle signals
        yield
        return
    previous = {number: signal.signal(number, interrupt) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run(db: Path, lang: Language, config: Config, dev_addr: str) -> None:
    """Serve the site of `db` on `dev_addr` until stopped (Ctrl-C, SIGTERM, SIGHUP)."""
    history = load_history(db)
    try:
        with stopped_by_signals():
            _serve(history, db, lang, config, dev_addr)
    except KeyboardInterrupt:
        pass
    click.echo("Stopped; the temporary site folder is removed.")


def _serve(history: list[HarvestResult], db: Path, lang: Language, config: Config, dev_addr: str) -> None:
    from mkdocs.commands.build import build
    from mkdocs.livereload import LiveReloadServer

    from generator.site.mkdocs_config import BASE_CONFIG, site_config
    from generator.site.plugin import WinplanPlugin

    # MkDocs reports its rebuilds through logging, which only its own CLI sets up.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    quiet_jieba()
    host, port = dev_addr.rsplit(":", 1)
    url = f"http://{host}:{port}/"
    last_good = [generated_pages(history, lang, config)]

    def builder(mkdocs_config: Any = None) -> None:
        if mkdocs_config is None:  # a rebuild: the database may hold a new harvest
            pages = fresh_pages(db, lang, config)
            if pages is None:
                return
            last_good[0] = pages
            mkdocs_config = configured()
        build(mkdocs_config, serve_url=url)

    def configured() -> Any:
        plugin = WinplanPlugin(lambda: last_good[0], database=db)
        mkdocs_config = site_config(Path(site_dir), lang, config.site_title, plugin, strict=False)
        mkdocs_config.site_url = url
        return mkdocs_config

    with tempfile.TemporaryDirectory(prefix="winplan-serve-") as site_dir:
        first = configured()
        server = LiveReloadServer(builder=builder, host=host, port=int(port), root=site_dir)
        server.error_handler = lambda code: _error_page(Path(site_dir), code)
        builder(first)
        server.watch(first.docs_dir)
        server.watch(str(BASE_CONFIG), recursive=False)
        server = first.plugins.on_serve(server, config=first, builder=builder)
        try:
            server.serve()
        finally:
            server.shutdown()


def _error_page(site_dir: Path, code: int) -> bytes | None:
    """The site's own 404 page for a missing path, as `mkdocs serve` shows it."""
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
