"""Keep cell text from becoming a formula when a spreadsheet program opens an export (CSV injection)."""

from __future__ import annotations

# OWASP "CSV Injection": a cell starting with one of these may be run as a formula by Excel or LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(text: str) -> str:
    """Prefix a single quote to text a spreadsheet could read as a formula; leave other text alone.

    Leading spaces do not protect a formula (" =1+1" still computes in some programs), so they are looked past.
    """
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text
