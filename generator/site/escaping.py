"""Keep workbook text as text wherever the site puts it: HTML, YAML front matter, URLs, embedded JSON.

Every value read from a workbook is untrusted. Generated pages carry it only inside raw HTML blocks (which
Markdown leaves alone) after `html_text`, in front matter after `front_matter_string`, in links after
`safe_url`, in chart SVG after `html_inline` (generator/site/charts.py), and in JSON data after `script_json`.
No other path from a cell to a page exists.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from generator.core import strict_json

# Control characters, bidirectional overrides, lone surrogates and non-characters: none is visible text, and
# YAML (front matter) refuses several of them.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def plain(text: object) -> str:
    """Return `text` as a string without control or bidirectional-override characters."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text))


def one_line(text: object) -> str:
    """Return `text` on one line: every run of whitespace (including line separators) becomes one space."""
    return " ".join(plain(text).split())


def html_text(text: object) -> Markup:
    """HTML-escape `text` (quotes too) and keep its line breaks; the result is safe in element content."""
    escaped = html.escape(plain(text), quote=True)
    # Markdown never sees this text (it sits in a raw HTML block), but a literal backtick or brace is
    # still replaced so no later template or highlighter can read the cell text as syntax.
    escaped = escaped.replace("`", "&#96;").replace("{", "&#123;").replace("}", "&#125;")
    return Markup("<br>".join(escaped.splitlines()))


def html_inline(text: object) -> Markup:
    """HTML-escape `text` on one line, for attributes, titles and table cells."""
    return html_text(one_line(text))


def front_matter_string(text: object) -> Markup:
    """Quote `text` for a YAML front matter value that themes print without escaping (titles).

    The value is HTML-escaped first (MkDocs themes insert page titles raw), then written as a JSON string,
    which is a valid YAML double-quoted scalar that no tag or anchor can break out of.
    """
    return Markup(strict_json.dumps(str(html_inline(text))))


def safe_url(url: object) -> str | None:
    """Return `url` when it is an absolute http(s) link without credentials or whitespace tricks, else None."""
    candidate = plain(url).strip()
    if not candidate or any(ch.isspace() for ch in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
        return None
    return candidate


def script_json(value: Any) -> Markup:
    """Serialise `value` as JSON safe inside `<script type="application/json">` (no `<`, `>`, `&`)."""
    text = strict_json.dumps(value, compact=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)

