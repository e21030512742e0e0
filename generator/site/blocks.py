"""Keep a generated page's HTML blocks away from Markdown: MkDocs renders only the headings and prose.

A generated page is Markdown headings and paragraphs interleaved with raw HTML blocks (paragraphs that start with
`<`; all workbook text sits inside them, escaped). Before MkDocs sees the page, `split_blocks` swaps each HTML
block for a marker paragraph and saves the blocks beside the docs folder; after Markdown, `fill_blocks` (called
from the MkDocs hook) puts them back. Markdown therefore never parses workbook text at all, and a big site
builds about twice as fast because Python-Markdown's raw-HTML scanning is skipped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator import strict_json

BLOCKS_KEY = "winplan_blocks"  # config.extra key naming the blocks folder for the hook
_MARKER = "WINPLANBLOCK{:05d}"
_MARKER_PARAGRAPH = re.compile(r"<p>WINPLANBLOCK(\d{5})</p>")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def split_blocks(page: str) -> tuple[str, list[str]]:
    """Return the page with each HTML block replaced by a marker paragraph, and the blocks in order."""
    match = _FRONT_MATTER.match(page)
    head, body = (match.group(0), page[match.end():]) if match else ("", page)
    blocks: list[str] = []
    paragraphs = []
    for paragraph in re.split(r"\n[ \t]*\n", body):
        if paragraph.lstrip("\n").startswith("<"):
            paragraphs.append(_MARKER.format(len(blocks)))
            blocks.append(paragraph.strip("\n"))
        else:
            paragraphs.append(paragraph)
    return head + "\n\n".join(paragraphs), blocks


def join_blocks(markdown: str, blocks: list[str]) -> str:
    """Undo `split_blocks` (for reading and comparing pages)."""
    return re.sub(r"WINPLANBLOCK(\d{5})", lambda m: blocks[int(m.group(1))], markdown)


def fill_blocks(html: str, blocks: list[str]) -> str:
    """Put the saved blocks back into the HTML Markdown made of the page."""
    return _MARKER_PARAGRAPH.sub(lambda m: blocks[int(m.group(1))], html)


def blocks_file(folder: Path, src_uri: str) -> Path:
    """Where the blocks of the page `src_uri` (e.g. accounts/x.md) are kept."""
    return folder / f"{src_uri}.json"


def write_page(docs: Path, blocks_folder: Path, src_uri: str, page: str) -> None:
    """Write a generated page into `docs` and its HTML blocks into `blocks_folder`."""
    markdown, blocks = split_blocks(page)
    target = docs / src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown, encoding="utf-8")
    saved = blocks_file(blocks_folder, src_uri)
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(strict_json.dumps(blocks), encoding="utf-8")


def read_page(docs: Path, blocks_folder: Path, src_uri: str) -> str:
    """A generated page as its template wrote it (Markdown with its HTML blocks in place)."""
    markdown = (docs / src_uri).read_text(encoding="utf-8")
    blocks = json.loads(blocks_file(blocks_folder, src_uri).read_text(encoding="utf-8"))
    return join_blocks(markdown, blocks)
