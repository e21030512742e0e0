"""MkDocs hook (loaded by path from the derived mkdocs.yml): add account pages to Material's search index.

It must run after Material's search plugin has written search/search_index.json; MkDocs runs hooks after the
configured plugins, so `on_post_build` here sees the finished index.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.site.search_entries import ENTRIES_KEY, append_to_index


def on_post_build(config: Any, **_: Any) -> None:
    """Append the account entries saved by the builder to the index in the built site."""
    entries = config["extra"].get(ENTRIES_KEY)
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if entries and index.is_file():
        append_to_index(index, Path(entries))
