"""Page file names for accounts and reps: safe, stable across runs, unique, readable (Chinese kept).

A slug is built from the readable name plus, for deals, the first characters of the deal_id, so renaming a
workbook file never moves a page and two customers with one name never collide. A slug never contains a path
separator, a dot-only segment, or a character that needs quoting in a URL other than the name's own letters.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from generator.site.escaping import one_line

_MAX_NAME = 40
_UNSAFE = re.compile(r"[^0-9a-z\u4e00-\u9fff\u3400-\u4dbf]+")


def readable(name: str) -> str:
    """Reduce `name` to lowercase letters, digits, CJK and single hyphens (may be empty)."""
    # Accented Latin letters lose their accents (é -> e); other scripts than Chinese become hyphens.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", one_line(name)).lower())
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-")
    return text[:_MAX_NAME].strip("-")


def deal_slug(customer_name: str, project_name: str, deal_id: str) -> str:
    """The slug of a deal's account page: readable customer and project, then a stable id suffix."""
    name = "-".join(part for part in (readable(customer_name), readable(project_name)) if part)
    ident = re.sub(r"[^0-9a-z]", "", deal_id.lower())[:8]
    if len(ident) < 6:
        ident = _digest(deal_id)
    return _with_suffix(name[:_MAX_NAME].strip("-"), ident)


def rep_slug(rep: str) -> str:
    """The slug of a rep's page."""
    return _with_suffix(readable(rep), _digest(one_line(rep)))


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def _with_suffix(name: str, ident: str) -> str:
    return f"{name}-{ident}" if name else f"x-{ident}"


class SlugRegistry:
    """Hands out unique slugs: a second owner of the same slug gets a hash-based variant."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}

    def claim(self, slug: str, owner: str) -> str:
        """Return `slug` for `owner`, or a unique variant when another owner already holds it."""
        candidate = slug
        counter = 1
        while self._owners.get(candidate, owner) != owner:
            digest = hashlib.sha256(f"{owner}\x00{counter}".encode()).hexdigest()[:6]
            candidate = f"{slug}-{digest}"
            counter += 1
        self._owners[candidate] = owner
        return candidate
