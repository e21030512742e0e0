"""Keep a generated page's HTML blocks away from Markdown: MkDocs renders only the headings and prose.

A generated page is Markdown headings and paragraphs interleaved with raw HTML blocks (paragraphs that start with
`<`; all workbook text sits inside them, escaped). `split_blocks` swaps each HTML block for a marker paragraph
and keeps the blocks; after Markdown, `fill_blocks` (called from the winplan MkDocs plugin) puts them back.
Markdown therefore never parses workbook text at all, and what it does see, the page's skeleton of headings and
markers, is the same for most pages of a kind, so the plugin converts each distinct skeleton once (plugin.py).
"""

from __future__ import annotations

import re

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
