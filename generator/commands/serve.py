"""`winplan serve`: build the site into a temporary folder and serve it with MkDocs' live reload.

Templates, styles and the static pages reload when edited (MkDocs watches the build folder and site_src);
a new harvest in the database regenerates the pages, which MkDocs then rebuilds and reloads.
Ctrl-C, SIGTERM (a service manager stopping it) and SIGHUP (its terminal closed) all stop it the same way: the
server shuts down, both temporary folders (winplan's and MkDocs') are removed, and the exit code is 0.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import click

from generator.commands.build import load_history
from generator.config import Config
from generator.i18n import Language
from generator.records import HarvestResult
from generator.site.builder import quiet_jieba, search_entries_file, static_pages, write_pages
from generator.site.mkdocs_config import derived_config, write_config
from generator.site.render import SITE_SRC, blocks_folder

POLL_SECONDS = 2.0
STOP_WAIT_SECONDS = 60.0


def _regenerate(db: Path, docs: Path, lang: Language, config: Config) -> None:
    fresh = docs.with_name("docs-next")
    moves = [(search_entries_file(fresh), search_entries_file(docs)), (blocks_folder(fresh), blocks_folder(docs)),
             (fresh, docs)]
    for new, _old in moves:
        if new.is_dir():
            shutil.rmtree(new)
        elif new.exists():
            new.unlink()
    fresh.mkdir()
    write_pages(load_history(db), fresh, lang, config)
    # Blocks and search entries move first: MkDocs rebuilds once the pages change and must find them new.
    for new, old in moves:
        if old.is_dir():
            shutil.rmtree(old)
        new.replace(old)


def _watch_database(db: Path, docs: Path, lang: Language, config: Config, stop: threading.Event) -> None:
    """Regenerate the pages whenever the database file changes (a new harvest)."""
    last = db.stat().st_mtime_ns
    while not stop.wait(POLL_SECONDS):
        try:
            current = db.stat().st_mtime_ns
            if current != last:
                last = current
                _regenerate(db, docs, lang, config)
                click.echo(f"{db} changed: pages regenerated")
        except Exception as error:  # keep serving the last good pages; say why the refresh failed
            click.echo(f"could not refresh from {db}: {error}", err=True)


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
    from mkdocs.commands.serve import serve

    stop = threading.Event()
    # MkDocs reports its rebuilds through logging, which only its own CLI sets up.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    quiet_jieba()
    with tempfile.TemporaryDirectory(prefix="winplan-serve-") as scratch:
        folder = Path(scratch)
        docs = folder / "docs"
        docs.mkdir()
        write_pages(history, docs, lang, config)
        # site_dir is replaced by MkDocs' own temporary folder while serving.
        config_file = write_config(folder / "mkdocs.yml", derived_config(
            docs, folder / "site", lang, config.site_title, static_pages(lang), search_entries_file(docs),
            blocks_folder(docs)))
        watcher = threading.Thread(target=_watch_database, args=(db, docs, lang, config, stop), daemon=True)
        watcher.start()
        try:
            serve(config_file=str(config_file), livereload=True, watch=[str(SITE_SRC)], dev_addr=dev_addr)
        finally:
            stop.set()
            watcher.join(timeout=STOP_WAIT_SECONDS)  # a refresh under way finishes before its folder goes
