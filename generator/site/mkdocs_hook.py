"""MkDocs hook, loaded by path from the derived mkdocs.yml (`hooks:`), for generated pages.

- on_page_content: put each generated page's HTML blocks back in place of their markers (see blocks.py).
- on_post_build: add the account pages' entries to Material's search index (see search_entries.py). MkDocs
  runs hooks after the configured plugins, so the index Material's search plugin wrote is already there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.site.blocks import BLOCKS_KEY, blocks_file, fill_blocks
from generator.site.search_entries import ENTRIES_KEY, append_to_index


def on_page_content(html: str, page: Any, config: Any, **_: Any) -> str:
    """Fill in the page's saved HTML blocks; pages without saved blocks (the static ones) pass unchanged."""
    folder = config["extra"].get(BLOCKS_KEY)
    if not folder:
        return html
    saved = blocks_file(Path(folder), page.file.src_uri)
    if not saved.is_file():
        return html
    return fill_blocks(html, json.loads(saved.read_text(encoding="utf-8")))


def on_post_build(config: Any, **_: Any) -> None:
    """Append the account entries saved by the builder to the index in the built site."""
    entries = config["extra"].get(ENTRIES_KEY)
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if entries and index.is_file():
        append_to_index(index, Path(entries))
